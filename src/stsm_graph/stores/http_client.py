"""HTTP for a remote store, on httpx: queries kept alive, updates sent once, no redirect followed.

:class:`HttpClient` holds two sets of httpx transports (an :class:`httpx.HTTPTransport`
per origin, through its proxy if one applies): one for queries, which keeps up to ``keep``
idle connections per server (idle at most :data:`MAX_IDLE` seconds; httpcore drops one the
server closed before it is taken again), and one for updates, which keeps none: an update
always goes on a connection of its own, so it never meets a connection the server dropped
while it was idle, and it is never sent twice. A query that fails on a kept connection before
any answer came (the server closed it just as the query went out) is sent again, on another
connection, within the same deadline.

Requests go straight to the transports, without :class:`httpx.Client`: a third of httpx's
cost per request is the client's (cookies, hooks, redirects, default headers), and none of
it is wanted here; an :class:`httpx.Auth` flow (Digest's second round) is run by
:func:`_send`. The transports' connections are made by
:class:`~stsm_graph.stores.deadline.WatchedBackend`, so ``timeout`` bounds each request as a
whole (:class:`~stsm_graph.stores.deadline.Deadline`); no redirect is followed (a 3xx is an
answer like any other). Proxies come from the environment (``http_proxy``, ``https_proxy``,
``all_proxy``, ``no_proxy``), read when the transports are made, as :mod:`urllib.request`
reads them; nothing else of the environment is taken (no ``.netrc``, no cookies).

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
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from stsm_graph.stores.deadline import Deadline, WatchedBackend
from stsm_graph.stores.server_text import origin

__all__ = ["ERROR_BODY_LIMIT", "MAX_IDLE", "HttpClient", "NotSentError", "RefusedError", "Response"]

#: the most of an error response's body read (a server's message is at its head)
ERROR_BODY_LIMIT = 65_536

#: seconds a connection may wait idle and still be taken again: a firewall or a load
#: balancer may drop an idle connection without a word, and a request sent on it would
#: wait out its whole timeout
MAX_IDLE = 10.0

#: what a query sent on a connection the server had just closed fails with
_STALE = (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)


class NotSentError(ConnectionError):
    """The request could not be sent (no connection, or it broke while sending)."""


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
        The response's headers.
    body
        The body, whole for a status under 300, else at most :data:`ERROR_BODY_LIMIT` bytes.
    """

    status: int
    reason: str
    headers: httpx.Headers
    body: bytes

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` header, or ``""``."""
        return str(self.headers.get("Content-Type") or "")


class _Transport(httpx.HTTPTransport):
    """httpx's transport, its connections made by :class:`WatchedBackend`."""

    def __init__(self, proxy: str | None, keep: int, context: ssl.SSLContext) -> None:
        limits = httpx.Limits(
            max_connections=None, max_keepalive_connections=keep, keepalive_expiry=MAX_IDLE
        )
        super().__init__(verify=context, proxy=proxy, limits=limits)
        # httpx takes no network backend; its connection pool (httpcore's) does, and makes
        # each connection with the one it holds when the connection is made
        self._pool._network_backend = WatchedBackend()


def _proxy_for(url: str) -> str | None:
    """Return the environment's proxy for ``url`` (``None``: straight to the server)."""
    parts = httpx.URL(url)
    proxies = urllib.request.getproxies()
    proxy = proxies.get(parts.scheme) or proxies.get("all")
    netloc = parts.host + (f":{parts.port}" if parts.port else "")
    if not proxy or urllib.request.proxy_bypass(netloc):
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


_Origin = tuple[str, str, int | None]


def _transports(urls: Iterable[str], keep: int) -> dict[_Origin, _Transport]:
    """Return a transport for each origin of ``urls``: through its proxy, if one applies."""
    proxies = {url: _proxy_for(url) for url in urls}
    context = _context([*proxies, *(proxy for proxy in proxies.values() if proxy)])
    return {origin(url): _Transport(proxy, keep, context) for url, proxy in proxies.items()}


class HttpClient:
    """The HTTP clients of one remote store (see the module).

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
        self._clients: tuple[dict[_Origin, _Transport], ...] | None = None
        self._pid = os.getpid()

    def _pair(self) -> tuple[dict[_Origin, _Transport], ...]:
        with self._lock:
            if self._pid != os.getpid():  # forked: the kept sockets are the parent's
                self._clients, self._pid = None, os.getpid()
            if self._clients is None:
                self._clients = (
                    _transports(self._urls, self._keep),
                    _transports(self._urls, 0),
                )
            return self._clients

    def post(
        self,
        url: str,
        body: bytes,
        headers: Mapping[str, str],
        timeout: float | None,
        auth: httpx.Auth | None,
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
        httpx.HTTPError
            If the response is not HTTP or is cut short.
        """
        transport = self._pair()[0 if query else 1][origin(url)]
        headers = {"User-Agent": self._agent, **headers}
        deadline = Deadline(timeout)
        with deadline.running():
            while True:
                fresh: list[bool] = []
                try:
                    return _exchange(transport, url, body, headers, auth, deadline, fresh)
                except _STALE:
                    if query and not fresh and not deadline.answered:
                        continue  # a kept connection the server had closed: once more
                    raise

    def close(self) -> None:
        """Close every idle connection (a later request opens new ones)."""
        with self._lock:
            clients, self._clients = self._clients, None
        for transports in clients or ():
            for transport in transports.values():
                transport.close()


def _exchange(
    transport: httpx.BaseTransport,
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    auth: httpx.Auth | None,
    deadline: Deadline,
    fresh: list[bool],
) -> Response:
    """Send one request and read its response, within ``deadline``; errors as :meth:`post`."""

    def trace(event: str, info: Any) -> None:
        if event == "connection.connect_tcp.started":
            fresh.append(True)  # on a new connection: not one the server may have closed
        elif event == "http11.receive_response_headers.started":
            deadline.awaiting = True

    deadline.awaiting = False
    request = httpx.Request("POST", url, content=body, headers=headers, extensions={"trace": trace})
    try:
        response = _send(transport, request, auth)
        try:
            deadline.answered = True
            data = response.read() if response.status_code < 300 else _head_of(response)
        finally:
            response.close()
    except httpx.TimeoutException as exc:
        error = TimeoutError(f"the request took more than {deadline.seconds:g} s")
        error.answered = deadline.answered  # type: ignore[attr-defined]
        raise error from exc
    except (httpx.ConnectError, httpx.WriteError, httpx.UnsupportedProtocol) as exc:
        if isinstance(exc, httpx.WriteError) and not deadline.answered and not fresh:
            raise  # perhaps a kept connection the server closed: the caller may send again
        raise NotSentError(str(exc) or type(exc).__name__) from exc
    return Response(response.status_code, response.reason_phrase, response.headers, data)


def _send(
    transport: httpx.BaseTransport, request: httpx.Request, auth: httpx.Auth | None
) -> httpx.Response:
    """Send ``request``, and those ``auth`` makes of the answers (Digest's second round).

    The response is not read (but an answer the authentication took, which is read and
    closed); no redirect is followed, no cookie kept.
    """
    if auth is None:
        return transport.handle_request(request)
    flow = auth.sync_auth_flow(request)
    try:
        request = next(flow)
        while True:
            response = transport.handle_request(request)
            response.request = request  # what Digest's flow reads its challenge against
            try:
                request = flow.send(response)
            except StopIteration:
                return response
            except BaseException:
                response.close()
                raise
            try:  # a challenge answered: its connection is free again
                response.read()
            finally:
                response.close()
    finally:
        flow.close()


def _head_of(response: httpx.Response) -> bytes:
    """Read at most :data:`ERROR_BODY_LIMIT` bytes of an error's body."""
    data = b""
    try:
        for chunk in response.iter_bytes():
            data += chunk
            if len(data) >= ERROR_BODY_LIMIT:
                break
    except (httpx.ReadError, httpx.RemoteProtocolError, httpx.DecodingError):
        pass  # a body cut short: its head is what was read
    return data[:ERROR_BODY_LIMIT]
