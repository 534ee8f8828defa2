"""HTTP for a remote store on httpcore: queries kept alive, updates sent once, no redirect.

:class:`HttpClient` holds two sets of httpcore connection pools (a
:class:`httpcore.ConnectionPool` per origin, or an :class:`httpcore.HTTPProxy` through its
proxy if one applies): one for queries, which keeps up to ``keep`` idle connections per server
(idle at most :data:`MAX_IDLE` seconds; httpcore drops one the server closed before it is
taken again), and one for updates, which keeps none: an update always goes on a connection of
its own, so it never meets a connection the server dropped while it was idle, and it is never
sent twice. A query that fails on a kept connection before any answer came (the server closed
it just as the query went out) is sent again, on another connection, within the same deadline.

The pools are httpcore's public API (httpx is built on them); httpx itself serves only an
:class:`httpx.Auth` flow (Digest's second round), which :func:`_authenticated` runs for a
store whose credentials are not a fixed header. The pools' connections are made by
:class:`~stsm_graph.stores.deadline.WatchedBackend`, so ``timeout`` bounds each request as a
whole (:class:`~stsm_graph.stores.deadline.Deadline`); no redirect is followed (a 3xx is an
answer like any other), no cookie kept, no body decoded (none is asked to be compressed).
Proxies come from the environment (``http_proxy``, ``https_proxy``, ``all_proxy``,
``no_proxy``), read when the pools are made, as :mod:`urllib.request` reads them; nothing else
of the environment is taken (no ``.netrc``, no cookies).

Examples
--------
>>> client = HttpClient(["http://127.0.0.1:9/query"], keep=2, user_agent="doc")
>>> try:
...     client.post("http://127.0.0.1:9/query", b"", {}, 0.5, None, query=True)
... except NotSentError as err:
...     print(type(err).__name__)
NotSentError
>>> client.close()
"""

from __future__ import annotations

import functools
import os
import ssl
import threading
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Union

import httpcore

from stsm_graph.stores.deadline import Deadline, WatchedBackend
from stsm_graph.stores.http_auth import HeaderAuth, Sent
from stsm_graph.stores.server_text import origin

if TYPE_CHECKING:
    import httpx

__all__ = [
    "ERROR_BODY_LIMIT",
    "MAX_IDLE",
    "BrokenResponseError",
    "HttpClient",
    "LostError",
    "NotSentError",
    "RefusedError",
    "Response",
]

#: the most of an error response's body read (a server's message is at its head)
ERROR_BODY_LIMIT = 65_536

#: seconds a connection may wait idle and still be taken again: a firewall or a load
#: balancer may drop an idle connection without a word, and a request sent on it would
#: wait out its whole timeout
MAX_IDLE = 10.0

#: what a query sent on a connection the server had just closed fails with
_STALE = (httpcore.RemoteProtocolError, httpcore.ReadError, httpcore.WriteError)

_Pool = Union[httpcore.ConnectionPool, httpcore.HTTPProxy]  # noqa: UP007 - a runtime alias


class NotSentError(ConnectionError):
    """The request could not be sent (no connection, or it broke while sending)."""


class BrokenResponseError(ConnectionError):
    """The answer is not HTTP, or its HTTP is broken (the message: the parser's error)."""


class LostError(ConnectionError):
    """The connection broke while the answer came (or a proxy refused the way)."""


class RefusedError(Exception):
    """The server answered with a status of 300 or more: it did not do what was asked."""

    def __init__(self, status: int) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status


@dataclass(frozen=True)
class Response:
    """A response: status, headers and body (an error's body: its head only).

    Attributes
    ----------
    status, reason
        The HTTP status code and its reason phrase.
    headers
        The response's headers, their names in lower case (of a name sent twice: the last).
    body
        The body, whole for a status under 300, else at most :data:`ERROR_BODY_LIMIT` bytes.

    Examples
    --------
    >>> Response(200, "OK", {"content-type": "text/plain"}, b"").header("Content-Type")
    'text/plain'
    """

    status: int
    reason: str
    headers: Mapping[str, str]
    body: bytes

    def header(self, name: str) -> str | None:
        """Return the header ``name`` (any case), or ``None``."""
        return self.headers.get(name.lower())

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` header, or ``""``."""
        return self.headers.get("content-type") or ""


def _proxy_for(url: str) -> str | None:
    """Return the environment's proxy for ``url`` (``None``: straight to the server)."""
    parts = urllib.parse.urlsplit(url)
    proxies = urllib.request.getproxies()
    proxy = proxies.get(parts.scheme.lower()) or proxies.get("all")
    if not proxy or urllib.request.proxy_bypass(parts.netloc.rpartition("@")[2]):
        return None
    return proxy if "://" in proxy else "http://" + proxy


@functools.cache
def _system_certificates() -> ssl.SSLContext:
    """Return the system's certificates, as urllib and curl trust them (httpx's: certifi's)."""
    return ssl.create_default_context()  # a fifth of a second: made once, when needed


def _context(urls: Iterable[str]) -> ssl.SSLContext:
    """Return the TLS context for requests to and through ``urls``."""
    if any(url.lower().startswith("https:") for url in urls):
        return _system_certificates()
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # no TLS expected: trusts no certificate


def _pool(proxy: str | None, keep: int, context: ssl.SSLContext) -> _Pool:
    """Return a connection pool keeping ``keep`` idle connections, through ``proxy`` if given.

    A proxy's ``user:password@`` is sent to the proxy only (``Proxy-Authorization``).
    """
    limits: dict[str, Any] = {
        "max_connections": None,
        "max_keepalive_connections": keep,
        "keepalive_expiry": MAX_IDLE,
        "network_backend": WatchedBackend(),
    }
    if proxy is None:
        return httpcore.ConnectionPool(ssl_context=context, **limits)
    parts = urllib.parse.urlsplit(proxy)
    login = None
    if parts.username is not None:
        login = (urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or ""))
    bare = parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
    tls = context if parts.scheme.lower() == "https" else None  # to the proxy itself
    return httpcore.HTTPProxy(
        bare, proxy_auth=login, ssl_context=context, proxy_ssl_context=tls, **limits
    )


_Origin = tuple[str, str, int | None]


def _pools(urls: Iterable[str], keep: int) -> dict[_Origin, _Pool]:
    """Return a pool for each origin of ``urls``: through its proxy, if one applies."""
    proxies = {url: _proxy_for(url) for url in urls}
    context = _context([*proxies, *(proxy for proxy in proxies.values() if proxy)])
    return {origin(url): _pool(proxy, keep, context) for url, proxy in proxies.items()}


class HttpClient:
    """The HTTP connections of one remote store (see the module).

    Parameters
    ----------
    urls
        The URLs the store sends to (its query and update URLs).
    keep
        Idle connections kept per server for queries.
    user_agent
        The ``User-Agent`` header.
    """

    def __init__(self, urls: Iterable[str], keep: int, user_agent: str) -> None:
        self._urls, self._keep, self._agent = list(urls), keep, user_agent
        self._lock = threading.Lock()
        self._pools: tuple[dict[_Origin, _Pool], ...] | None = None
        self._pid = os.getpid()

    def _pair(self) -> tuple[dict[_Origin, _Pool], ...]:
        with self._lock:
            if self._pid != os.getpid():  # forked: the kept sockets are the parent's
                self._pools, self._pid = None, os.getpid()
            if self._pools is None:
                self._pools = (_pools(self._urls, self._keep), _pools(self._urls, 0))
            return self._pools

    def post(
        self,
        url: str,
        body: bytes,
        headers: Mapping[str, str],
        timeout: float | None,
        auth: Sent | None,
        *,
        query: bool,
    ) -> Response:
        """POST ``body`` to ``url``; return the response (any status: redirects not followed).

        Parameters
        ----------
        url, body, headers
            The request.
        timeout
            Seconds for the whole request, an authentication's second round included
            (``None``: no limit).
        auth
            The authentication for ``url``'s origin, if any.
        query
            True for a request that may be sent twice (a query): it goes on a kept
            connection, and again on another if that one turns out closed.

        Raises
        ------
        TimeoutError
            If the request was not done within ``timeout``; its ``answered`` attribute tells
            whether the status line had come (the server began its answer).
        NotSentError
            If the server cannot be reached or the request not sent.
        BrokenResponseError
            If the response is not HTTP or is broken.
        LostError
            If the connection broke while the response came, or a proxy refused the way.
        """
        pool = self._pair()[0 if query else 1][origin(url)]
        sent = {"User-Agent": self._agent, **headers}
        if isinstance(auth, HeaderAuth):  # a fixed header: no flow to run
            sent["Authorization"], auth = auth.header, None
        deadline = Deadline(timeout)
        with deadline.running():
            while True:
                fresh: list[bool] = []
                try:
                    return _errors_mapped(pool, url, body, sent, auth, deadline, fresh)
                except (NotSentError, BrokenResponseError, LostError) as exc:
                    stale = isinstance(exc.__cause__, _STALE) and not fresh
                    if query and stale and not deadline.answered:
                        continue  # a kept connection the server had closed: once more
                    raise

    def close(self) -> None:
        """Close every idle connection (a later request opens new ones)."""
        with self._lock:
            pools, self._pools = self._pools, None
        for each in pools or ():
            for pool in each.values():
                pool.close()


def _errors_mapped(
    pool: _Pool,
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    auth: httpx.Auth | None,
    deadline: Deadline,
    fresh: list[bool],
) -> Response:
    """Send one request within ``deadline``, httpcore's errors as :meth:`HttpClient.post`'s."""
    try:
        if auth is None:
            return _exchange(pool, url, body, headers, deadline, fresh)
        return _authenticated(pool, url, body, headers, auth, deadline, fresh)
    except httpcore.TimeoutException as exc:
        error = TimeoutError(f"the request took more than {deadline.seconds:g} s")
        error.answered = deadline.answered  # type: ignore[attr-defined]
        raise error from exc
    except (httpcore.ConnectError, httpcore.WriteError, httpcore.UnsupportedProtocol) as exc:
        raise NotSentError(str(exc) or type(exc).__name__) from exc
    except httpcore.ProtocolError as exc:  # not HTTP, or broken
        raise BrokenResponseError(repr(exc)) from exc
    except (httpcore.NetworkError, httpcore.ProxyError) as exc:
        raise LostError(str(exc) or type(exc).__name__) from exc


def _exchange(
    pool: _Pool,
    url: str,
    body: bytes,
    headers: Mapping[str, str] | Iterable[tuple[bytes, bytes]],
    deadline: Deadline,
    fresh: list[bool],
) -> Response:
    """Send one request and read its response (an error's: its head only)."""

    def trace(event: str, info: Any) -> None:
        if event == "connection.connect_tcp.started":
            fresh.append(True)  # on a new connection: not one the server may have closed
        elif event == "http11.receive_response_headers.started":
            deadline.awaiting = True

    deadline.awaiting = False
    sent = list(headers.items()) if isinstance(headers, Mapping) else list(headers)
    with pool.stream(
        "POST", url, headers=sent, content=body, extensions={"trace": trace}
    ) as response:
        deadline.answered = True
        status = response.status
        data = response.read() if status < 300 else _head_of(response.iter_stream())
    reason = response.extensions.get("reason_phrase", b"")
    names = {
        name.decode("latin-1").lower(): value.decode("latin-1") for name, value in response.headers
    }
    return Response(status, reason.decode("latin-1"), names, data)


def _authenticated(
    pool: _Pool,
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    auth: httpx.Auth,
    deadline: Deadline,
    fresh: list[bool],
) -> Response:
    """Send the request and those ``auth`` makes of the answers (Digest's second round)."""
    import httpx  # only a flow (Digest, or an httpx.Auth given) needs it

    flow = auth.sync_auth_flow(httpx.Request("POST", url, content=body, headers=headers))
    try:
        request = next(flow)
        while True:
            answer = _exchange(
                pool, str(request.url), request.content, request.headers.raw, deadline, fresh
            )
            # the body only to a flow that reads it (Digest does not): httpx would decode it
            body_read = answer.body if auth.requires_response_body else b""
            seen = httpx.Response(
                answer.status, headers=list(answer.headers.items()), content=body_read
            )
            seen.request = request  # what Digest's flow reads its challenge against
            try:
                request = flow.send(seen)
            except StopIteration:
                return answer
    finally:
        flow.close()


def _head_of(chunks: Iterator[bytes]) -> bytes:
    """Read at most :data:`ERROR_BODY_LIMIT` bytes of an error's body."""
    data = b""
    try:
        for chunk in chunks:
            data += chunk
            if len(data) >= ERROR_BODY_LIMIT:
                break
    except (httpcore.ReadError, httpcore.RemoteProtocolError):
        pass  # a body cut short: its head is what was read
    return data[:ERROR_BODY_LIMIT]
