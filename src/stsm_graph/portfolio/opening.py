"""The folder of an on-disk store: checked before a store is made or opened in it.

A folder may hold a store made before, be empty, or be missing (it is made); a folder that
holds anything else is left as it is, and the error says so.

Examples
--------
>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as d:
...     folder = pathlib.Path(d, "store")
...     check_store_folder(folder) == folder, folder.exists()  # checked, not made
(True, False)
"""

from __future__ import annotations

import os
from pathlib import Path

from stsm_graph.errors import InputError, OutputError
from stsm_graph.stores.oxigraph import OxigraphStore, is_store_directory

__all__ = ["check_store_folder", "make_store", "open_store_folder"]


def check_store_folder(directory: str | os.PathLike[str]) -> Path:
    """Check that an on-disk store may be made or opened in ``directory``; change nothing.

    It may be missing, an empty folder, or a store made before.

    Raises
    ------
    OutputError
        If ``directory`` is a file, a folder holding other things than a store, or a path
        that cannot be used (no permission, a name too long for the file system).
    """
    path = Path(directory)
    try:
        if not path.exists() or is_store_directory(path):
            return path
        if not path.is_dir():
            raise OutputError(f"{path}: a file, not a directory; give a folder for the store")
        if any(path.iterdir()):
            raise OutputError(
                f"{path}: this folder holds files but no stsm-graph store; give a new or "
                "empty folder (nothing was written)"
            )
    except OutputError:  # an OSError too: already says what is wrong
        raise
    except OSError as exc:  # no permission, a name too long, a link loop...
        raise OutputError(f"{path}: cannot use the folder ({exc.strerror or exc})") from exc
    return path


def make_store(directory: str | os.PathLike[str]) -> OxigraphStore:
    """Create (or open) an on-disk Oxigraph store in ``directory`` (see :meth:`Portfolio.create`).

    Raises
    ------
    OutputError
        If the folder cannot hold a store (:func:`check_store_folder`) or cannot be made.
    """
    path = check_store_folder(directory)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{path}: cannot make the store's folder ({exc.strerror})") from exc
    return OxigraphStore(directory)


def open_store_folder(source: str | os.PathLike[str]) -> OxigraphStore:
    """Open the on-disk store a directory holds (see :meth:`Portfolio.open`).

    Raises
    ------
    InputError
        If the directory holds no store; it is left as it is.
    """
    if not is_store_directory(source):
        raise InputError(
            "a directory that holds no stsm-graph store",
            file=os.fspath(source),
            expected="a portfolio file (Turtle, N-Triples, JSON-LD, YAML or JSON) or a "
            "store directory made by `stsm-graph load --store` or Portfolio.create",
            hint="Nothing was written to it",
        )
    return OxigraphStore(source)
