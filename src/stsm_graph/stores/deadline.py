"""One deadline over a whole HTTP request: connecting, a proxy's tunnel, TLS, sending, reading.

httpcore's timeouts bound each wait for bytes, not the request: a server that sends one byte
a second never lets them fire, and a request of a 3-second timeout runs for as long as the
server likes. A :class:`Deadline` is the time by which a request must be done.
:class:`WatchedBackend` is an httpcore network backend whose every connect, TLS handshake,
read and write waits at most the time left to the deadline of the request the thread is
sending (:meth:`Deadline.running`); past it, the next of them fails at once with httpcore's
own timeout error (:class:`httpcore.TimeoutException`). So a trickling
server is cut off when the deadline passes, a byte or two later at most.

Examples
--------
>>> deadline = Deadline(30.0)
>>> 0 < deadline.clip(60.0) <= 30.0, deadline.clip(1.0)
(True, 1.0)
>>> Deadline(None).clip(None) is None
True
"""

from __future__ import annotations

import contextlib
import threading
import time
import typing
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import httpcore

__all__ = ["Deadline", "WatchedBackend"]

#: bytes written under one clip of the deadline
_PIECE = 65_536

_CURRENT = threading.local()  # the deadline of the request this thread is sending


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
        #: set once the response's status line is in: the server began its answer
        self.answered = False
        #: set when the response is awaited (the request sent): what comes next is the answer
        self.awaiting = False

    @property
    def expired(self) -> bool:
        """Whether the deadline has passed."""
        return self.at is not None and time.monotonic() >= self.at

    def clip(self, timeout: float | None, error: type[Exception] = TimeoutError) -> float | None:
        """Return ``timeout`` cut to the time left.

        Raises
        ------
        Exception
            ``error`` if no time is left.
        """
        if self.at is None:
            return timeout
        left = self.at - time.monotonic()
        if left <= 0:
            raise error(f"timed out after {self.seconds:g} s")
        return left if timeout is None else min(timeout, left)

    @contextmanager
    def running(self) -> Iterator[Deadline]:
        """Within the block, this thread's network waits are clipped to this deadline."""
        outer = getattr(_CURRENT, "deadline", None)
        _CURRENT.deadline = self
        try:
            yield self
        finally:
            _CURRENT.deadline = outer


def _clip(timeout: float | None, error: type[Exception]) -> float | None:
    deadline: Deadline | None = getattr(_CURRENT, "deadline", None)
    return timeout if deadline is None else deadline.clip(timeout, error)


class _WatchedStream(httpcore.NetworkStream):
    """A network stream whose waits end at the running deadline.

    Writes are held until the next read (or until :data:`_PIECE` bytes wait): httpcore
    writes a request's head and its body apart, and a small query then leaves in one packet
    instead of two (the server wakes once).
    """

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream
        self._pending = bytearray()

    def _flush(self, timeout: float | None) -> None:
        pending, self._pending = self._pending, bytearray()
        # in pieces: one write of a large body to a server that reads slowly would wait
        # its timeout for each send, not once
        for at in range(0, len(pending), _PIECE):
            self._stream.write(
                bytes(pending[at : at + _PIECE]), _clip(timeout, httpcore.WriteTimeout)
            )

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        if self._pending:
            # as httpcore does with a failed write: the server may have answered already (a 413)
            with contextlib.suppress(httpcore.WriteError):
                self._flush(timeout)
        data = self._stream.read(max_bytes, _clip(timeout, httpcore.ReadTimeout))
        deadline: Deadline | None = getattr(_CURRENT, "deadline", None)
        if deadline is not None and deadline.awaiting and b"\n" in data:
            deadline.answered = True  # the status line is in
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._pending += buffer
        if len(self._pending) >= _PIECE:
            self._flush(timeout)

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: typing.Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        self._flush(timeout)
        wait = _clip(timeout, httpcore.ConnectTimeout)
        return _WatchedStream(self._stream.start_tls(ssl_context, server_hostname, wait))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._stream.get_extra_info(info)


class WatchedBackend(httpcore.NetworkBackend):
    """httpcore's own (blocking) network backend, each wait clipped to the running deadline."""

    def __init__(self) -> None:
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        """Connect, within the timeout and the deadline."""
        wait = _clip(timeout, httpcore.ConnectTimeout)
        stream = self._backend.connect_tcp(host, port, wait, local_address, socket_options)
        return _WatchedStream(stream)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        """Connect to a Unix socket, within the timeout and the deadline."""
        wait = _clip(timeout, httpcore.ConnectTimeout)
        return _WatchedStream(self._backend.connect_unix_socket(path, wait, socket_options))

    def sleep(self, seconds: float) -> None:
        """Sleep (httpcore's retries of a connection)."""
        self._backend.sleep(seconds)
