"""Kept-alive HTTP connections for the questions a remote store asks.

A SPARQL query over HTTP on a fresh connection pays for a TCP handshake and for
``urllib``'s machinery each time: about 0.15 ms of the client's time per request, and the
server's accept, on the loopback. ``analyze`` asks a dozen questions, so on a small portfolio
that is a tenth of its time. :class:`ConnectionPool` keeps a few idle connections per store
and sends each query on one of them.

Only what ``urllib`` would send straight to the server goes through the pool: a URL whose
scheme is not http(s), that carries a user name, or that an environment proxy applies to
(``http_proxy``, ``https_proxy``, ``no_proxy``) is left to ``urllib``
(:meth:`ConnectionPool.usable` is false). Errors are those ``urllib`` raises, so the caller
handles both paths alike: a failure to connect or send is a :class:`urllib.error.URLError`,
an HTTP status of 400 or more an :class:`urllib.error.HTTPError`; a broken response raises
:mod:`http.client`'s own errors. A connection that was idle and turns out closed by the
server is replaced and the request sent again, once: use the pool only for requests that
may be sent twice (queries, not updates).

Examples
--------
>>> pool = ConnectionPool(size=2)
>>> pool.usable("http://127.0.0.1:7878/query"), pool.usable("ftp://example.org/query")
(True, False)
>>> pool.usable("http://user@127.0.0.1:7878/query")
False
>>> pool.close()
"""

from __future__ import annotations

import http.client
import io
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["ConnectionPool", "Response"]

#: what a connection the server closed while it was idle raises on the next request
_STALE = (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)


@dataclass(frozen=True)
class Response:
    """A response read to its end: status, headers and body."""

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
        Idle connections kept per server (scheme, host and port); one more in use at once
        is opened and then closed.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._idle: dict[tuple[str, str, int], list[http.client.HTTPConnection]] = {}
        self._lock = threading.Lock()
        self._proxies: dict[str, str] | None = None

    def usable(self, url: str) -> bool:
        """Tell whether a request to ``url`` may go through the pool (see the module).

        The environment's proxies are read once, at the first call.
        """
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return False
        if parts.username is not None or parts.password is not None:
            return False
        if self._proxies is None:
            self._proxies = urllib.request.getproxies()
        proxied = bool(self._proxies.get(parts.scheme))
        return not proxied or bool(urllib.request.proxy_bypass(parts.netloc))

    def post(self, url: str, body: bytes, headers: Mapping[str, str], timeout: float) -> Response:
        """POST ``body`` to ``url`` on a kept-alive connection; the response read whole.

        Raises
        ------
        urllib.error.URLError
            If the server cannot be reached or the request not sent.
        urllib.error.HTTPError
            If the server answers with a status of 400 or more.
        http.client.HTTPException
            If the response is not HTTP or is cut short.
        """
        parts = urllib.parse.urlsplit(url)
        key = (parts.scheme, parts.hostname or "", parts.port or _default_port(parts.scheme))
        target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        fresh = False
        while True:
            conn, reused = self._take(key, timeout, fresh=fresh)
            try:
                response, data = _send(conn, target, body, headers)
            except BaseException as exc:
                conn.close()
                cause = exc.error if isinstance(exc, _NotSentError) else exc
                if reused and isinstance(cause, _STALE):
                    fresh = True  # the server closed it while it was idle: once more, afresh
                    continue
                if isinstance(exc, _NotSentError):  # as urllib: failing to connect or send
                    raise urllib.error.URLError(exc.error) from exc.error
                raise
            break
        if response.will_close:
            conn.close()
        else:
            self._give_back(key, conn)
        if response.status >= 400:
            raise urllib.error.HTTPError(
                url, response.status, response.reason, response.msg, io.BytesIO(data)
            )
        return Response(response.status, response.reason, response.msg, data)

    def close(self) -> None:
        """Close every idle connection."""
        with self._lock:
            idle, self._idle = self._idle, {}
        for conns in idle.values():
            for conn in conns:
                conn.close()

    # ------------------------------------------------------------------ inside
    def _take(
        self, key: tuple[str, str, int], timeout: float, *, fresh: bool = False
    ) -> tuple[http.client.HTTPConnection, bool]:
        """Return an idle connection to ``key`` and ``True``, or a new one and ``False``."""
        if not fresh:
            with self._lock:
                conns = self._idle.get(key)
                conn = conns.pop() if conns else None
            if conn is not None:
                if conn.timeout != timeout:
                    conn.timeout = timeout
                    if conn.sock is not None:
                        conn.sock.settimeout(timeout)
                return conn, True
        scheme, host, port = key
        made: http.client.HTTPConnection
        if scheme == "https":
            made = http.client.HTTPSConnection(host, port, timeout=timeout)
        else:
            made = http.client.HTTPConnection(host, port, timeout=timeout)
        return made, False

    def _give_back(self, key: tuple[str, str, int], conn: http.client.HTTPConnection) -> None:
        with self._lock:
            conns = self._idle.setdefault(key, [])
            if len(conns) < self.size:
                conns.append(conn)
                return
        conn.close()


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
    return response, response.read()


def _default_port(scheme: str) -> int:
    return http.client.HTTPS_PORT if scheme == "https" else http.client.HTTP_PORT
