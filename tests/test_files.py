"""Files in and out: only regular files are read, and only they are replaced by a rename."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from stsm_graph.common.files import input_file, write_text_atomically
from stsm_graph.errors import InputError, OutputError, PortfolioFileNotFoundError

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


@needs_fifo
def test_a_fifo_with_a_reader_is_written_to_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "out.nt"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    try:
        for _ in range(200):  # the reader opens the FIFO: then it may be written
            try:
                write_text_atomically(fifo, "all of it\n")
                break
            except OutputError:
                threading.Event().wait(0.01)
    finally:
        reader.join(timeout=5)
    assert got == [b"all of it\n"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.nt"]


@needs_fifo
def test_a_fifo_nobody_reads_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "out.nt"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match=r"a FIFO .* that no process is reading"):
        write_text_atomically(fifo, "x")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.fixture
def mynull(tmp_path: Path) -> Path:
    """A character device of the test's own, like ``/dev/null`` (``mknod mynull c 1 3``).

    Never the system's ``/dev/null``: a write that replaced it would break the machine.
    """
    node = tmp_path / "mynull"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (OSError, AttributeError):
        pytest.skip("making a device node needs root")
    return node


def test_a_character_device_is_written_to_not_replaced(mynull: Path) -> None:
    before = mynull.stat()
    write_text_atomically(mynull, "gone\n")
    after = mynull.stat()
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino
    assert sorted(p.name for p in mynull.parent.iterdir()) == ["mynull"]


def test_a_link_to_a_character_device_stays_a_link(mynull: Path) -> None:
    link = mynull.parent / "link"
    link.symlink_to(mynull)
    write_text_atomically(link, "gone\n")
    assert link.is_symlink() and stat.S_ISCHR(mynull.stat().st_mode)
    assert sorted(p.name for p in mynull.parent.iterdir()) == ["link", "mynull"]


def test_a_symbolic_link_loop_is_named(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(OutputError, match="symbolic link loop"):
        write_text_atomically(tmp_path / "a", "x")
    with pytest.raises(InputError, match="symbolic link loop"):
        input_file(tmp_path / "a")


def test_a_name_as_long_as_the_system_takes_is_written(tmp_path: Path) -> None:
    limit = os.pathconf(tmp_path, "PC_NAME_MAX")
    target = tmp_path / ("a" * (limit - 3) + ".nt")
    write_text_atomically(target, "all of it")
    assert target.read_text(encoding="utf-8") == "all of it"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_a_name_too_long_says_so_in_words(tmp_path: Path) -> None:
    limit = os.pathconf(tmp_path, "PC_NAME_MAX")
    target = tmp_path / ("a" * (limit + 5) + ".nt")
    with pytest.raises(OutputError, match=f"its name is too long: {limit + 8} bytes"):
        write_text_atomically(target, "x")
    with pytest.raises(InputError, match="its name is too long"):
        input_file(target)
    assert list(tmp_path.iterdir()) == []


@needs_fifo
def test_an_input_that_is_a_fifo_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "in.ttl"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file: it is a FIFO"):
        input_file(fifo)


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_a_device_as_input_is_named(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    with pytest.raises(InputError, match="not a regular file: it is a character device"):
        input_file(device)


def test_a_dangling_link_and_a_missing_file_are_told_apart(tmp_path: Path) -> None:
    (tmp_path / "link.ttl").symlink_to(tmp_path / "gone.ttl")
    with pytest.raises(InputError, match=r"a symbolic link to .*gone\.ttl, which does not exist"):
        input_file(tmp_path / "link.ttl")
    with pytest.raises(PortfolioFileNotFoundError):
        input_file(tmp_path / "missing.ttl")
    (tmp_path / "real.ttl").write_text("x", encoding="utf-8")
    assert input_file(tmp_path / "real.ttl") == tmp_path / "real.ttl"
