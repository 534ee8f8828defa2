"""Writing a file whole or not at all: a temporary file beside the target, then a rename.

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

import os
import secrets
from pathlib import Path

from stsm_graph.errors import OutputError

__all__ = ["write_text_atomically"]


def write_text_atomically(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path``: all of it, or, on any error, nothing.

    The text goes to a new temporary file in the same directory, is flushed to disk, and
    the file is renamed over ``path`` and the rename flushed too; a file it replaces keeps
    its permissions, a new one gets those the umask allows, and a symbolic link stays a
    link (the file it points to is replaced). On failure the temporary file is removed and
    an old ``path`` is left as it was.

    Raises
    ------
    OutputError
        If the file cannot be written: its directory is missing, ``path`` is a directory,
        permission is denied, the disk is full... The message names the path and the cause.
    """
    target = Path(path)
    if target.is_symlink():  # write the file the link points to, and keep the link
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
    the process's umask, as for any file the user writes.
    """
    for _ in range(100):
        tmp = str(directory / f".{name}.{secrets.token_hex(6)}.tmp")
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
