"""HTTP through ``urllib``, for what the connection pool does not send: one deadline, no redirects.

An update (not safe to send twice), and a request to a URL the pool cannot take (another
scheme, a user name in it, a host an environment proxy applies to; see
:meth:`stsm_graph.stores.connections.ConnectionPool.usable`) goes on a connection of its own:
:func:`post_once`, through the opener :func:`build_opener` makes (the environment's proxies,
read when it is made; redirects refused, not followed). ``timeout`` bounds the whole request,
by a :class:`~stsm_graph.stores.deadline.Deadline`, and errors are ``urllib``'s, as on the
pool's path (:mod:`stsm_graph.stores.connections`).

Examples
--------
>>> import urllib.error
>>> try:
...     post_once(build_opener(), "http://127.0.0.1:9/q", b"", {}, 0.5)
... except urllib.error.URLError as err:
...     print(type(err).__name__)
URLError
"""

from __future__ import annotations

import http.client
import io
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import IO, Any

from stsm_graph.stores.connections import ERROR_BODY_LIMIT, Response, timed_out
from stsm_graph.stores.deadline import Deadline, WatchedHTTPConnection, WatchedHTTPSConnection

__all__ = ["build_opener", "post_once"]


class _Request(urllib.request.Request):
    """A request that carries its deadline to the handlers below."""

    def __init__(self, url: str, data: bytes, headers: Mapping[str, str], deadline: Deadline):
        super().__init__(url, data=data, headers=dict(headers), method="POST")
        self.deadline = deadline


def _deadline_of(req: urllib.request.Request) -> Deadline:
    return req.deadline if isinstance(req, _Request) else Deadline(None)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Follow no redirect: a 3xx reaches the caller as an :class:`urllib.error.HTTPError`."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class _HTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        deadline = _deadline_of(req)

        def connection(*args: Any, **kwargs: Any) -> WatchedHTTPConnection:
            return WatchedHTTPConnection(*args, deadline=deadline, **kwargs)

        return self.do_open(connection, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        deadline = _deadline_of(req)

        def connection(*args: Any, **kwargs: Any) -> WatchedHTTPSConnection:
            return WatchedHTTPSConnection(*args, deadline=deadline, **kwargs)

        context = self._context  # type: ignore[attr-defined]
        return self.do_open(connection, req, context=context)


def build_opener() -> urllib.request.OpenerDirector:
    """Return an opener for :func:`post_once`: the environment's proxies, no redirects."""
    return urllib.request.build_opener(_NoRedirects, _HTTPHandler, _HTTPSHandler)


def post_once(
    opener: urllib.request.OpenerDirector,
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    timeout: float | None,
) -> Response:
    """POST through ``urllib`` on a connection of its own; return the whole response.

    Parameters
    ----------
    opener
        An opener from :func:`build_opener`.
    url, body, headers
        The request.
    timeout
        Seconds for the whole request (``None``: no limit).

    Returns
    -------
    Response
        A response with a status under 300.

    Raises
    ------
    TimeoutError, urllib.error.URLError, urllib.error.HTTPError, http.client.HTTPException
        As :meth:`ConnectionPool.post`.
    """
    deadline = Deadline(timeout)
    try:
        with opener.open(_Request(url, body, headers, deadline), timeout=timeout) as answer:
            deadline.answered = True
            data = answer.read()
            status, reason, msg = answer.status, answer.reason, answer.headers
    except urllib.error.HTTPError as exc:
        error = _read_error(exc)
        if deadline.finish():
            raise timed_out(deadline) from exc
        raise error from None
    except BaseException as exc:
        if deadline.finish():
            raise timed_out(deadline) from exc
        raise
    if deadline.finish():
        raise timed_out(deadline)
    return Response(status, reason, msg, data)


def _read_error(exc: urllib.error.HTTPError) -> urllib.error.HTTPError:
    """Read an error's body (its head) now, within the deadline, and close its connection."""
    fp: IO[bytes] | None = exc.fp
    try:
        data = fp.read(ERROR_BODY_LIMIT) if fp is not None else b""
    except (OSError, http.client.HTTPException):
        data = b""
    finally:
        exc.close()
    return urllib.error.HTTPError(exc.url, exc.code, exc.reason, exc.headers, io.BytesIO(data))
