"""One deadline over a whole request: the watchdog ends what waits past it, and only that."""

from __future__ import annotations

import socket
import time

import pytest

from stsm_graph.stores import deadline as _deadline
from stsm_graph.stores.deadline import Deadline


def test_a_deadline_ends_a_read_that_waits_past_it() -> None:
    mine, theirs = socket.socketpair()
    with mine, theirs:
        mine.settimeout(30)  # a timeout per read would wait 30 s: the deadline ends it
        deadline = Deadline(0.2)
        deadline.watch(mine)
        began = time.monotonic()
        assert mine.recv(10) == b""  # shut down under the read
        assert 0.15 < time.monotonic() - began < 2.0
        assert deadline.expired
        assert deadline.finish() is True


def test_a_finished_deadline_leaves_its_socket_alone() -> None:
    mine, theirs = socket.socketpair()
    with mine, theirs:
        deadline = Deadline(0.05)
        deadline.watch(mine)
        assert deadline.finish() is False
        time.sleep(0.3)  # past the deadline: the connection may be kept for the next request
        theirs.sendall(b"x")
        assert mine.recv(1) == b"x"


def test_a_socket_watched_after_the_deadline_is_shut_at_once() -> None:
    mine, theirs = socket.socketpair()
    with mine, theirs:
        deadline = Deadline(0.01)
        time.sleep(0.05)
        with pytest.raises(TimeoutError):
            deadline.clip(5.0)
        deadline.watch(mine)
        assert mine.recv(1) == b""


def test_no_deadline_clips_nothing_and_watches_nothing() -> None:
    deadline = Deadline(None)
    assert deadline.clip(3.0) == 3.0 and deadline.clip(None) is None
    assert deadline.finish() is False


def test_finished_deadlines_do_not_pile_up() -> None:
    for _ in range(5000):
        Deadline(600).finish()
    assert len(_deadline._WATCHDOG._heap) < 2500
