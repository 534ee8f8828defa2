"""HTTP for the questions a remote store asks: kept-alive connections, one deadline, no redirects.

A SPARQL query over HTTP on a fresh connection pays for a TCP handshake and for
``urllib``'s machinery each time: about 0.15 ms of the client's time per request, and the
server's accept, on the loopback. ``analyze`` asks a dozen questions, so on a small portfolio
that is a tenth of its time. :class:`ConnectionPool` keeps a few idle connections per store
and sends each query on one of them.

Only what ``urllib`` would send straight to the server goes through the pool: a URL whose
scheme is not http(s), that carries a user name, or that an environment proxy applies to
(``http_proxy``, ``https_proxy``, ``no_proxy``) is left to ``urllib``
(:meth:`ConnectionPool.usable` is false), through
:func:`~stsm_graph.stores.urllib_post.post_once` and the opener
:func:`~stsm_graph.stores.urllib_post.build_opener` makes (the environment's proxies, read
when it is made). An opener installed with :func:`urllib.request.install_opener` is not
used: HTTPS is checked with the default context, as ``urllib`` does by default.

On both paths, ``timeout`` bounds the whole request (connecting, a proxy's tunnel, the TLS
handshake, sending, and reading the whole response),
by a :class:`~stsm_graph.stores.deadline.Deadline`:
a server that trickles its answer a byte at a time is cut off when it passes, and the call
raises :class:`TimeoutError`. Redirects are never followed: a request goes only to the URL it
was given, with the headers (a password among them) it was given for that URL. Errors are
those ``urllib`` raises, so the caller handles both paths alike: a failure to connect or send
is a :class:`urllib.error.URLError`, an HTTP status of 300 or more an
:class:`urllib.error.HTTPError` (whose body is read, at most 64 KiB, within the deadline); a
broken response raises :mod:`http.client`'s own errors.

An idle connection is taken again only if it has been idle less than :data:`MAX_IDLE`
seconds and its socket has nothing to read (a server that closed it, or sent stray bytes,
makes it readable). One closed between that check and the request is replaced and the
request sent again, once, within the same deadline: use the pool only for requests that may
be sent twice (queries, not updates).

Examples
--------
>>> pool = ConnectionPool(size=2)
>>> pool.usable("ftp://example.org/query"), pool.usable("http://user@127.0.0.1:7878/query")
(False, False)
>>> pool.close()
"""

from __future__ import annotations

import http.client
import io
import os
import select
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass

from stsm_graph.stores.deadline import Deadline, WatchedHTTPConnection, WatchedHTTPSConnection

__all__ = ["ERROR_BODY_LIMIT", "MAX_IDLE", "ConnectionPool", "Response", "timed_out"]

#: the most of an error response's body read (a server's message is at its head)
ERROR_BODY_LIMIT = 65_536

#: what a connection the server closed while it was idle raises on the next request
_STALE = (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)

#: seconds a connection may wait idle and still be taken again: a firewall or a load
#: balancer may drop an idle connection without a word, and a request sent on it would
#: wait out its whole timeout
MAX_IDLE = 10.0

_Key = tuple[str, str, int]


@dataclass(frozen=True)
class Response:
    """A response read to its end.

    Attributes
    ----------
    status, reason
        The HTTP status code and its reason phrase.
    headers
        The response's headers.
    body
        The whole body.
    """

    status: int
    reason: str
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` header, or ``""``."""
        return str(self.headers.get("Content-Type") or "")


class ConnectionPool:
    """Idle HTTP(S) connections, at most ``size`` kept per server, shared by threads.

    Parameters
    ----------
    size
        Idle connections kept per server (scheme, host and port); more in use at once are
        opened, and closed when they are done.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        #: per server: the idle connections, each with the time it was given back
        self._idle: dict[_Key, list[tuple[WatchedHTTPConnection, float]]] = {}
        self._lock = threading.Lock()
        self._proxies: dict[str, str] | None = None
        self._generation = 0  # raised by close(): a connection taken before is not kept
        self._pid = os.getpid()  # a forked child must not share its parent's sockets

    def usable(self, url: str) -> bool:
        """Tell whether a request to ``url`` may go through the pool (see the module).

        Parameters
        ----------
        url
            The request's URL.

        Returns
        -------
        bool
            False for a scheme other than http(s), a user name in the URL, a port that is
            not a number from 0 to 65535, or a host an environment proxy applies to (the
            environment is read once, at the first call).
        """
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return False
        if parts.username is not None or parts.password is not None:
            return False
        try:
            parts.port  # noqa: B018 - raises for a bad port, which urllib then reports
        except ValueError:
            return False
        if self._proxies is None:
            self._proxies = urllib.request.getproxies()
        proxied = bool(self._proxies.get(parts.scheme))
        return not proxied or bool(urllib.request.proxy_bypass(parts.netloc))

    def post(
        self, url: str, body: bytes, headers: Mapping[str, str], timeout: float | None
    ) -> Response:
        """POST ``body`` to ``url`` on a kept-alive connection; return the whole response.

        Parameters
        ----------
        url
            A URL :meth:`usable` accepts.
        body, headers
            The request's body and headers.
        timeout
            Seconds for the whole request (``None``: no limit).

        Returns
        -------
        Response
            A response with a status under 300.

        Raises
        ------
        TimeoutError
            If the request was not done within ``timeout``.
        urllib.error.URLError
            If the server cannot be reached or the request not sent.
        urllib.error.HTTPError
            If the server answers with a status of 300 or more (a redirect is not followed).
        http.client.HTTPException
            If the response is not HTTP or is cut short.
        """
        parts = urllib.parse.urlsplit(url)
        key = (parts.scheme, parts.hostname or "", parts.port or _default_port(parts.scheme))
        target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        deadline = Deadline(timeout)
        fresh = False
        while True:
            conn, reused, generation = self._take(key, timeout, deadline, fresh=fresh)
            try:
                response, data = _send(conn, target, body, headers)
            except BaseException as exc:
                conn.close()
                if deadline.expired:
                    deadline.finish()
                    raise timed_out(deadline) from exc
                cause = exc.error if isinstance(exc, _NotSentError) else exc
                if reused and isinstance(cause, _STALE):
                    fresh = True  # closed after the check: once more, afresh
                    continue
                deadline.finish()
                if isinstance(exc, _NotSentError):  # as urllib: failing to connect or send
                    raise urllib.error.URLError(exc.error) from exc.error
                raise
            break
        if deadline.finish():  # a body ended by our shutting the socket is not whole
            conn.close()
            raise timed_out(deadline)
        if response.will_close:
            conn.close()
        else:
            self._give_back(key, conn, generation)
        if response.status >= 300:
            raise urllib.error.HTTPError(
                url, response.status, response.reason, response.msg, io.BytesIO(data)
            )
        return Response(response.status, response.reason, response.msg, data)

    def close(self) -> None:
        """Close every idle connection; those in use are closed when they are done."""
        with self._lock:
            idle, self._idle = self._idle, {}
            self._generation += 1
        for conns in idle.values():
            for conn, _since in conns:
                conn.close()

    # ------------------------------------------------------------------ inside
    def _take(
        self, key: _Key, timeout: float | None, deadline: Deadline, *, fresh: bool = False
    ) -> tuple[WatchedHTTPConnection, bool, int]:
        """Return a connection to ``key``, whether it was idle, and the pool's generation."""
        stale: list[WatchedHTTPConnection] = []
        conn = None
        with self._lock:
            if self._pid != os.getpid():  # forked: the sockets are the parent's; forget them
                self._idle, self._pid = {}, os.getpid()
            generation = self._generation
            conns = self._idle.get(key, [])
            now = time.monotonic()
            while conns and not fresh:
                candidate, since = conns.pop()
                if now - since < MAX_IDLE and _looks_alive(candidate):
                    conn = candidate
                    break
                stale.append(candidate)
        for old in stale:
            old.close()
        if conn is not None:
            if conn.timeout != timeout:
                conn.timeout = timeout
                if conn.sock is not None:
                    conn.sock.settimeout(timeout)
            conn.deadline = deadline
            deadline.watch(conn.sock)
            return conn, True, generation
        scheme, host, port = key
        kind = WatchedHTTPSConnection if scheme == "https" else WatchedHTTPConnection
        return kind(host, port, timeout=timeout, deadline=deadline), False, generation

    def _give_back(self, key: _Key, conn: WatchedHTTPConnection, generation: int) -> None:
        with self._lock:
            conns = self._idle.setdefault(key, [])
            if generation == self._generation and len(conns) < self.size:
                conns.append((conn, time.monotonic()))
                return
        conn.close()


def _looks_alive(conn: http.client.HTTPConnection) -> bool:
    """Tell whether an idle connection's socket is open and has nothing waiting to be read."""
    if conn.sock is None:
        return False
    try:
        if hasattr(select, "poll"):  # any file number; select() only takes those under 1024
            poller = select.poll()
            poller.register(conn.sock, select.POLLIN)
            return not poller.poll(0)
        readable, _, _ = select.select([conn.sock], [], [], 0)
    except (OSError, ValueError):  # closed underneath
        return False
    return not readable


class _NotSentError(Exception):
    """The request could not be sent: ``error`` says why."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error


def _send(
    conn: http.client.HTTPConnection, target: str, body: bytes, headers: Mapping[str, str]
) -> tuple[http.client.HTTPResponse, bytes]:
    """Send the request and read the whole response (so the connection can take another)."""
    try:
        conn.request("POST", target, body=body, headers=dict(headers))
    except OSError as exc:
        raise _NotSentError(exc) from exc
    response = conn.getresponse()
    deadline = getattr(conn, "deadline", None)
    if deadline is not None:
        deadline.answered = True
    return response, response.read()


def _default_port(scheme: str) -> int:
    return http.client.HTTPS_PORT if scheme == "https" else http.client.HTTP_PORT


def timed_out(deadline: Deadline) -> TimeoutError:
    """Return the error a request raises when its ``deadline`` passed, on either path.

    Its ``answered`` attribute tells whether the server's status line and headers had come.
    """
    error = TimeoutError(f"the request took more than {deadline.seconds:g} s")
    error.answered = deadline.answered  # type: ignore[attr-defined]
    return error
