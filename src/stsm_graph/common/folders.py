"""Folders written whole or not at all, and binary files written atomically.

:func:`write_folder_atomically` builds the folder's files in a new temporary folder beside
it, then renames that folder into place: a reader sees the old folder or the new one, never
half of one, and a failure leaves no trace. :func:`write_bytes_atomically` is
:func:`~stsm_graph.common.files.write_text_atomically` for bytes.

Examples
--------
>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> write_folder_atomically(root / "site", {"index.html": "<p>hi</p>", "a/b.bin": b"1"})
>>> sorted(p.name for p in (root / "site").rglob("*"))
['a', 'b.bin', 'index.html']
>>> sorted(p.name for p in root.iterdir())  # nothing left beside it
['site']
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from stsm_graph.errors import OutputError

__all__ = ["write_bytes_atomically", "write_folder_atomically"]


def write_folder_atomically(
    path: str | os.PathLike[str],
    files: Mapping[str, str | bytes],
    *,
    replaceable: Callable[[Path], bool] = lambda _p: False,
    force: bool = False,
) -> None:
    """Write ``files`` (relative name -> UTF-8 text or bytes) as the folder ``path``.

    Parameters
    ----------
    path
        The folder to write. When it exists it is replaced whole, but only if it is empty,
        if ``replaceable(path)`` says so (e.g. it holds an earlier output of the same
        command), or with ``force``.
    files
        The folder's files by relative name (``/`` separates subfolders).
    replaceable
        Tells whether an existing, non-empty folder may be replaced.
    force
        Replace an existing non-empty folder whatever it holds.

    Raises
    ------
    OutputError
        If the folder cannot be written (its parent is missing or read-only, ``path`` is a
        file, a non-empty folder that may not be replaced, the disk is full...); nothing is
        written and an existing folder is left as it was.
    """
    target = Path(path)
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"cannot write {target}: the folder {parent} does not exist")
    if target.exists() or target.is_symlink():
        if not target.is_dir() or target.is_symlink():
            raise OutputError(f"cannot write {target}: it exists and is not a folder")
        if any(target.iterdir()) and not force and not replaceable(target):
            raise OutputError(
                f"cannot write {target}: the folder is not empty and holds no earlier report; "
                "name a new folder, or give --force to replace it"
            )
    try:
        build = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=parent))
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc
    try:
        for name, content in files.items():
            _write(build, name, content)
        os.chmod(build, 0o777 & ~_umask())
        _swap(build, target)
    except BaseException as exc:
        shutil.rmtree(build, ignore_errors=True)
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc
        raise


def _write(folder: Path, name: str, content: str | bytes) -> None:
    file = folder.joinpath(*name.split("/"))
    if folder.resolve() not in file.resolve().parents:
        raise ValueError(f"{name!r} is not a file inside the folder")
    file.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    file.write_bytes(data)


def _swap(build: Path, target: Path) -> None:
    """Rename ``build`` to ``target``; an old ``target`` goes only once the new one is there."""
    if not target.exists():
        os.rename(build, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    os.rmdir(old)
    os.rename(target, old)
    try:
        os.rename(build, target)
    except BaseException:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_bytes_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to the file ``path``: all of it, or, on any error, nothing.

    Raises
    ------
    OutputError
        If the file cannot be written; an old file is left as it was.
    """
    target = Path(path)
    parent = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise OutputError(f"cannot write {target}: it is a folder; name a file in it")
    if not parent.is_dir():
        raise OutputError(f"cannot write {target}: the folder {parent} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=parent)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc
        raise
