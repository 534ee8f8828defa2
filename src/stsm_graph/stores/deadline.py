"""One deadline over a whole HTTP request: connecting, sending and the whole read.

A socket's timeout bounds each wait for bytes, not the request: a server that sends one
byte a second never lets it fire, and a request of a 3-second timeout runs for as long as the
server likes. A :class:`Deadline` is the time by which a request must be done. One thread,
shared by every request, watches the deadlines; when one passes, it shuts down the socket
the request is using, so whatever the request waits for (a connection through a proxy, a TLS
handshake, a send, a header, a byte of the body) fails at once, and the caller, seeing
:attr:`Deadline.expired`, reports a timeout. A request's own socket is never touched after
:meth:`Deadline.finish`.

:class:`WatchedHTTPConnection` and :class:`WatchedHTTPSConnection` are :mod:`http.client`'s
connections that show each socket they open to their :attr:`deadline` before using it; the
kept-alive connections and ``urllib``'s both use them.

Examples
--------
>>> deadline = Deadline(30.0)
>>> 0 < deadline.clip(60.0) <= 30.0, deadline.clip(1.0)
(True, 1.0)
>>> deadline.finish()  # done in time: False
False
>>> Deadline(None).clip(None) is None
True
"""

from __future__ import annotations

import contextlib
import heapq
import http.client
import itertools
import os
import socket
import threading
import time
from typing import Any

__all__ = ["Deadline", "WatchedHTTPConnection", "WatchedHTTPSConnection"]


class Deadline:
    """The time by which one request must be done (``None``: no limit).

    Parameters
    ----------
    seconds
        Seconds from now; ``None`` waits as long as the server takes.
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.at = None if seconds is None else time.monotonic() + seconds
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self._expired = False
        self.finished = False
        #: set once the response's status line and headers are in: the server answered
        self.answered = False
        if self.at is not None:
            _WATCHDOG.add(self)

    @property
    def expired(self) -> bool:
        """Whether the deadline passed before :meth:`finish`."""
        return self._expired

    def clip(self, timeout: float | None) -> float | None:
        """Return ``timeout`` cut to the time left.

        Raises
        ------
        TimeoutError
            If no time is left.
        """
        if self.at is None:
            return timeout
        left = self.at - time.monotonic()
        if left <= 0 or self._expired:
            self._fire()
            raise TimeoutError(f"timed out after {self.seconds:g} s")
        return min(timeout, left) if isinstance(timeout, int | float) else left

    def watch(self, sock: socket.socket | None) -> None:
        """Shut ``sock`` down when the deadline passes (at once if it has passed)."""
        with self._lock:
            if self.finished:
                return
            self._sock = sock
            if self._expired and sock is not None:
                _shut(sock)

    def finish(self) -> bool:
        """Stop watching (the socket is the caller's again); return whether it had expired."""
        with self._lock:
            self.finished = True
            self._sock = None
            return self._expired

    def _fire(self) -> None:
        # under the lock: once finish() has returned, the socket is never shut from here
        with self._lock:
            if self.finished:
                return
            self._expired = True
            if self._sock is not None:
                _shut(self._sock)


def _shut(sock: socket.socket) -> None:
    """Shut a socket down both ways; a blocked read or write in another thread then ends."""
    with contextlib.suppress(OSError):  # closed already, or never connected
        # the plain socket's method: on a TLS socket, without touching its TLS state
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _Watchdog:
    """One daemon thread firing deadlines as they pass."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, Deadline]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None
        self._pid = os.getpid()
        self._compact_at = 1024

    def add(self, deadline: Deadline) -> None:
        assert deadline.at is not None
        with self._cond:
            if self._pid != os.getpid():  # forked: the parent's thread is not running here
                self._heap, self._thread, self._pid = [], None, os.getpid()
            if len(self._heap) >= self._compact_at:  # drop the finished: amortised O(1)
                self._heap = [entry for entry in self._heap if not entry[2].finished]
                heapq.heapify(self._heap)
                self._compact_at = max(1024, 2 * len(self._heap))
            heapq.heappush(self._heap, (deadline.at, next(self._order), deadline))
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="stsm-deadlines", daemon=True
                )
                self._thread.start()
            elif self._heap[0][2] is deadline:  # sooner than the one the thread waits for
                self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while True:
                    now = time.monotonic()
                    if self._heap and self._heap[0][0] <= now:
                        _at, _n, due = heapq.heappop(self._heap)
                        break
                    self._cond.wait(self._heap[0][0] - now if self._heap else None)
            due._fire()


_WATCHDOG = _Watchdog()


class WatchedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection whose sockets are watched by :attr:`deadline`.

    Set :attr:`deadline` before each request; a connection made without one has no limit
    beyond its timeout.
    """

    def __init__(self, *args: Any, deadline: Deadline | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadline = deadline if deadline is not None else Deadline(None)
        self._create_connection = self._open_socket

    def _open_socket(
        self, address: tuple[str, int], timeout: float | None = None, *rest: Any
    ) -> socket.socket:
        sock = socket.create_connection(address, self.deadline.clip(timeout), *rest)
        self.deadline.watch(sock)
        return sock


class WatchedHTTPSConnection(WatchedHTTPConnection, http.client.HTTPSConnection):
    """An HTTPS connection whose sockets, TLS handshake included, are watched."""

    def connect(self) -> None:
        """Connect (through a proxy's tunnel, if set), then shake hands under the deadline."""
        http.client.HTTPConnection.connect(self)
        server_hostname = self._tunnel_host or self.host  # type: ignore[attr-defined]
        context = self._context  # type: ignore[attr-defined]
        self.sock = context.wrap_socket(
            self.sock, server_hostname=server_hostname, do_handshake_on_connect=False
        )
        self.deadline.watch(self.sock)
        self.sock.do_handshake()
