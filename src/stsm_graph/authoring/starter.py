"""The starter portfolio ``stsm-graph init`` writes: a small, commented YAML document.

The document (``starter.yaml`` beside this module) holds one customer, its needs and their
level requirements, an objective, a capability, a service line, two services with service
levels, a critical attribute, a variation point, a service system and its components, an
SLA template, an agreement, a catalog and customer descriptions, each section with a
comment saying what goes in it. It validates with no violation and analyses with no finding
(``tests/test_init.py``).

Examples
--------
>>> from stsm_graph.authoring.document_text import parse_document
>>> doc = parse_document(starter_text(), source=STARTER_NAME)
>>> [s.label for s in doc.services]
['Service Desk', 'Managed Backup']
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from stsm_graph.common.files import write_text_atomically
from stsm_graph.errors import OutputError

__all__ = ["STARTER_NAME", "starter_text", "write_starter"]

#: the name of the file ``init`` writes in its folder
STARTER_NAME = "portfolio.yaml"


def starter_text() -> str:
    """Return the starter portfolio's YAML text."""
    return (resources.files("stsm_graph.authoring") / "starter.yaml").read_text("utf-8")


def write_starter(directory: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Write the starter portfolio as ``DIRECTORY/portfolio.yaml`` and return its path.

    The folder is made if it is missing. The file is written whole or not at all.

    Parameters
    ----------
    directory
        The folder to write in.
    force
        Replace a ``portfolio.yaml`` that is there already.

    Raises
    ------
    OutputError
        If the file exists and ``force`` is false (nothing is written), or if the folder or
        the file cannot be written.
    """
    folder = Path(directory)
    target = folder / STARTER_NAME
    if (target.exists() or target.is_symlink()) and not force:
        raise OutputError(
            f"{target}: a portfolio file is there already; give --force to overwrite it "
            "(or name another folder)"
        )
    if folder.exists() and not folder.is_dir():
        raise OutputError(
            f"{folder}: is a file, not a folder: name a folder to write {STARTER_NAME} in"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{folder}: cannot make the folder: {exc.strerror or exc}") from None
    write_text_atomically(target, starter_text())
    return target
