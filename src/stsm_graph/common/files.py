"""Files in and out: reading only regular files, writing a file whole or not at all.

A file is written to a temporary file beside the target, then renamed over it. A target that
is a FIFO or a character device (``/dev/null``, ``/dev/stdout`` in a pipe) is written to
directly, as the shell would, never replaced by a regular file; an input must be a regular
file, so nothing waits on a FIFO or reads ``/dev/zero`` for ever.

Examples
--------
>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as d:
...     target = pathlib.Path(d) / "out.txt"
...     write_text_atomically(target, "all of it")
...     target.read_text(encoding="utf-8"), sorted(p.name for p in pathlib.Path(d).iterdir())
('all of it', ['out.txt'])
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

from stsm_graph.errors import InputError, OutputError, PortfolioFileNotFoundError

__all__ = ["input_file", "write_text_atomically"]

#: the longest file name most file systems take, in bytes, where the system does not say
_NAME_MAX = 255
#: what the temporary name adds to the target's: ".", then ".0123456789ab.tmp"
_TMP_EXTRA = 1 + 1 + 12 + 4


def _kind(mode: int) -> str:
    """Name the kind of a file that is not a regular one."""
    for test, kind in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return kind
    return "not a regular file"


def _name_max(directory: Path) -> int:
    """Return the longest file name, in bytes, the file system of ``directory`` takes."""
    try:
        return os.pathconf(directory, "PC_NAME_MAX")
    except (OSError, ValueError):
        return _NAME_MAX


def _stat_problem(path: Path, exc: OSError) -> str:
    """Say in words why ``path`` cannot be looked at."""
    if exc.errno == errno.ELOOP:
        return "it is a symbolic link loop (a link that leads back to itself)"
    if exc.errno == errno.ENAMETOOLONG:
        size = len(os.fsencode(path.name))
        limit = _name_max(path.parent if str(path.parent) else Path("."))
        if size > limit:
            return f"its name is too long: {size} bytes, where the file system takes {limit}"
        return "its path is too long for the system"
    if exc.errno == errno.EACCES:
        return "permission denied"
    return exc.strerror or str(exc)


def input_file(path: str | os.PathLike[str], *, what: str = "a portfolio file") -> Path:
    """Return ``path`` once it is known to be a regular file (a link to one will do).

    Parameters
    ----------
    path
        The file to read.
    what
        What the file should be, for the message.

    Raises
    ------
    PortfolioFileNotFoundError
        If nothing is there.
    InputError
        If it is something else: a directory, a FIFO, a device, a socket, a symbolic link
        loop, or a name too long; the message says which.

    Examples
    --------
    >>> try:
    ...     input_file("/dev/null")
    ... except InputError as exc:
    ...     print(exc)
    /dev/null: not a regular file: it is a character device (expected a portfolio file)
    """
    p = Path(path)
    try:
        mode = os.stat(p).st_mode
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            if os.path.islink(p):
                raise InputError(
                    f"a symbolic link to {os.readlink(p)}, which does not exist",
                    file=os.fspath(path),
                    expected=what,
                ) from exc
            raise PortfolioFileNotFoundError(os.fspath(path)) from exc
        raise InputError(_stat_problem(p, exc), file=os.fspath(path), expected=what) from exc
    if not stat.S_ISREG(mode):
        raise InputError(
            f"not a regular file: it is {_kind(mode)}", file=os.fspath(path), expected=what
        )
    return p


def write_text_atomically(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path``: all of it, or, on any error, nothing.

    The text goes to a new temporary file in the same directory, is flushed to disk, and
    the file is renamed over ``path`` and the rename flushed too; a file it replaces keeps
    its permissions, a new one gets those the umask allows, and a symbolic link stays a
    link (the file it points to is replaced). On failure the temporary file is removed and
    an old ``path`` is left as it was. A FIFO or a character device is written to directly
    (a FIFO only while a process reads it, so this never waits for a reader).

    Raises
    ------
    OutputError
        If the file cannot be written: its directory is missing, ``path`` is a directory, a
        block device, a socket or a FIFO no process reads, a symbolic link loop, its name is
        too long, permission is denied, the disk is full... The message names the path and
        the cause.
    """
    target = Path(path)
    try:
        mode: int | None = os.stat(target).st_mode
    except OSError as exc:
        if exc.errno not in (errno.ENOENT, errno.ENOTDIR):  # else: said of the directory below
            raise OutputError(f"cannot write {target}: {_stat_problem(target, exc)}") from exc
        mode = None
    if mode is not None and (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        _write_through(target, text, fifo=stat.S_ISFIFO(mode))
        return
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise OutputError(f"cannot write {target}: it is {_kind(mode)}; name a regular file")
    if os.path.islink(target):  # write the file the link points to, and keep the link
        target = Path(os.path.realpath(target))
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        what = "is not a directory" if directory.exists() else "does not exist"
        raise OutputError(f"cannot write {target}: the directory {directory} {what}")
    if target.is_dir():
        raise OutputError(f"cannot write {target}: it is a directory; name a file in it")
    try:
        fd, tmp = _new_file(directory, target.name)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        mode = _old_mode(target)
        if mode is not None:  # replacing a file: keep its permissions
            os.chmod(tmp, mode)
        os.replace(tmp, target)
        _sync_directory(directory)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc
        raise


def _write_through(target: Path, text: str, *, fifo: bool) -> None:
    """Write ``text`` straight into a FIFO or a character device."""
    try:
        # a FIFO opened without blocking fails at once when no process reads it
        fd = os.open(target, os.O_WRONLY | (os.O_NONBLOCK if fifo else 0))
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OutputError(
                f"cannot write {target}: it is a FIFO (named pipe) that no process is reading; "
                "start the reader first"
            ) from exc
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc
    try:
        os.set_blocking(fd, True)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
    except BrokenPipeError:
        raise  # the reader went away: the caller stops as for its own output
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc


def _sync_directory(directory: Path) -> None:
    """Flush the rename to disk, where the system allows opening a directory (POSIX)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a directory; the rename itself is done
    finally:
        os.close(fd)


def _new_file(directory: Path, name: str) -> tuple[int, str]:
    """Create a fresh temporary file next to ``name``, with the mode the umask allows.

    Unlike ``tempfile.mkstemp`` (always 0600) the file is created 0666 and the kernel applies
    the process's umask, as for any file the user writes. The temporary name is the target's,
    shortened where needed so that it is no longer than the file system allows.
    """
    room = max(_name_max(directory) - _TMP_EXTRA, 1)
    short = os.fsdecode(os.fsencode(name)[:room])
    for _ in range(100):
        tmp = str(directory / f".{short}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"{directory}: cannot create a temporary file for {name}")


def _old_mode(target: Path) -> int | None:
    """Return the permission bits of the file ``target`` replaces (``None``: no such file)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        return None
