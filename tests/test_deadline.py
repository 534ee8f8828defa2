"""One deadline over a whole request: every network wait of the thread's request ends at it."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import httpcore
import pytest

from stsm_graph.stores.deadline import Deadline, WatchedBackend


@contextlib.contextmanager
def _listening(talk: str) -> Iterator[int]:
    """A loopback server that accepts one connection and then is ``silent`` or ``trickles``."""
    server = socket.create_server(("127.0.0.1", 0))
    done = threading.Event()

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            while not done.wait(0.05):
                if talk == "trickles":
                    conn.sendall(b"x")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield int(server.getsockname()[1])
    finally:
        done.set()
        thread.join(timeout=5)
        server.close()


@pytest.mark.parametrize("talk", ["silent", "trickles"])
def test_reads_end_at_the_deadline_not_at_each_reads_timeout(talk: str) -> None:
    with _listening(talk) as port:
        stream = WatchedBackend().connect_tcp("127.0.0.1", port, timeout=5)
        began = time.monotonic()
        got = b""
        with pytest.raises(httpcore.ReadTimeout), Deadline(0.4).running():
            while True:  # a timeout of 30 s for each read: the deadline ends them all
                got += stream.read(10, timeout=30)
        assert 0.3 < time.monotonic() - began < 2.0
        assert (len(got) > 2) == (talk == "trickles")
        stream.close()


def test_a_long_write_to_a_server_that_does_not_read_ends_at_the_deadline() -> None:
    with _listening("silent") as port:
        stream = WatchedBackend().connect_tcp("127.0.0.1", port, timeout=5)
        began = time.monotonic()
        with pytest.raises(httpcore.WriteTimeout), Deadline(0.4).running():
            stream.write(b"x" * 50_000_000, timeout=30)
        assert time.monotonic() - began < 3.0
        stream.close()


def test_past_the_deadline_nothing_is_connected() -> None:
    deadline = Deadline(0.01)
    time.sleep(0.05)
    assert deadline.expired
    with pytest.raises(httpcore.ConnectTimeout), deadline.running():
        WatchedBackend().connect_tcp("127.0.0.1", 9, timeout=5)


def test_outside_a_deadline_waits_are_the_callers() -> None:
    with _listening("trickles") as port:
        stream = WatchedBackend().connect_tcp("127.0.0.1", port, timeout=5)
        with Deadline(0.01).running():
            pass
        time.sleep(0.05)  # the deadline has passed, but this read is not under it
        assert stream.read(1, timeout=5) == b"x"
        stream.close()


def test_no_deadline_clips_nothing() -> None:
    deadline = Deadline(None)
    assert deadline.clip(3.0) == 3.0 and deadline.clip(None) is None
    assert not deadline.expired
    with pytest.raises(TimeoutError):
        Deadline(-1).clip(3.0)
