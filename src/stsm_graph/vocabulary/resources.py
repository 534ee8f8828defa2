"""Files shipped with the package: the ontology, the shapes and the named queries.

The top-level ``ontology/`` folder of the repository is installed inside the package as
``stsm_graph/ontology`` and always read through :mod:`importlib.resources`.

Examples
--------
>>> ontology_text("stsm.ttl").startswith("@prefix") or "owl:Ontology" in ontology_text("stsm.ttl")
True
>>> "unmet_needs" in query_names()
True
>>> [(q.name, q.is_list, q.required) for q in query_parameters(query_text("node_info"))]
[('node', True, True)]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from rdflib.term import Node

from stsm_graph.common.terms import with_values
from stsm_graph.errors import QueryError

__all__ = [
    "QueryParameter",
    "fill_lists",
    "ontology_file",
    "ontology_text",
    "query_header",
    "query_names",
    "query_parameters",
    "query_text",
]

#: the fields a query's header comment may hold, in this order
HEADER_FIELDS = ("Purpose", "Practice", "Parameters", "Returns")


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


def query_header(text: str) -> dict[str, str]:
    r"""Return the fields of a query's header comment (``# Purpose: ...``), each on one line.

    The header is the comment lines of the query; a field runs on over the comment lines
    that follow it until the next field.

    Examples
    --------
    >>> query_header("# Purpose: one\n#   two\n# Parameters: none\nASK {}")
    {'Purpose': 'one two', 'Parameters': 'none'}
    """
    fields: dict[str, str] = {}
    last: str | None = None
    for line in text.splitlines():
        if not line.startswith("#"):
            continue
        key, sep, rest = line[1:].strip().partition(":")
        if sep and key in HEADER_FIELDS:
            fields[key] = rest.strip()
            last = key
        elif last is not None and line[1:].strip():
            fields[last] = f"{fields[last]} {line[1:].strip()}"
    return fields


@dataclass(frozen=True)
class QueryParameter:
    """One parameter a query's header names under ``Parameters``.

    Attributes
    ----------
    name
        The variable, without its ``?``.
    is_list
        ``True`` for a ``VALUES ?name { ... }`` block, which takes a list of terms;
        ``False`` for a variable that may be pre-bound to one value.
    required
        ``True`` for a ``VALUES`` block the query leaves empty: the query answers nothing
        until the caller fills it. A block with terms in it runs with those unless given
        others; an unbound variable matches everything.
    about
        The header's words on the parameters.
    """

    name: str
    is_list: bool
    required: bool
    about: str


_LIST_PARAMETER = re.compile(r"\bVALUES\s+\?(\w+)")
#: a pre-bound variable opens the field or an item after "; " (and is not an ``IN`` list)
_BOUND_PARAMETER = re.compile(r"(?:^|;\s+)\?(\w+)\b(?!\s+IN\b)")


def query_parameters(text: str) -> tuple[QueryParameter, ...]:
    r"""Return the parameters a query's header names, in the order it names them.

    The ``Parameters`` field names a list as ``VALUES ?name`` and a value to pre-bind as
    ``?name`` at the start of the field or of an item after ``;``; ``none`` names none.
    A list is required when the query's ``VALUES ?name { }`` block is empty.

    Examples
    --------
    >>> q = "# Parameters: VALUES ?node (the nodes)\nSELECT * { VALUES ?node { } ?node ?p ?o }"
    >>> query_parameters(q)
    (QueryParameter(name='node', is_list=True, required=True, about='VALUES ?node (the nodes)'),)
    >>> [p.name for p in query_parameters("# Parameters: ?plan, the plan's IRI\nSELECT ...")]
    ['plan']
    """
    about = query_header(text).get("Parameters", "")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    found: dict[str, QueryParameter] = {}
    for m in _LIST_PARAMETER.finditer(about):
        block = re.search(rf"\bVALUES\s+\?{m.group(1)}\s*\{{([^{{}}]*)\}}", body, re.ASCII)
        empty = block is not None and not block.group(1).strip()
        found.setdefault(m.group(1), QueryParameter(m.group(1), True, empty, about))
    for m in _BOUND_PARAMETER.finditer(about):
        found.setdefault(m.group(1), QueryParameter(m.group(1), False, False, about))
    order = sorted(found.values(), key=lambda q: about.find("?" + q.name))
    return tuple(order)


def fill_lists(
    text: str, given: Mapping[str, Any], term: Callable[[Any], Node]
) -> tuple[str, dict[str, Any]]:
    r"""Fill the ``VALUES`` lists a query's header names from ``given``; return the rest.

    A list takes one value or a list or tuple of them, each made a term by ``term`` and
    written by :func:`stsm_graph.common.terms.with_values` (IRIs checked, literals escaped). The
    values of other names are returned, to be bound as usual.

    Raises
    ------
    QueryError
        If a required list (an empty ``VALUES`` block) is not given, or a value cannot go
        into a query; the message names the parameter.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> q = "# Parameters: VALUES ?n (the nodes)\nSELECT * WHERE { VALUES ?n { } ?n ?p ?l }"
    >>> text, rest = fill_lists(q, {"n": ["urn:a", "urn:b"], "l": "x"}, URIRef)
    >>> text.splitlines()[1], rest
    ('SELECT * WHERE { VALUES ?n { <urn:a> <urn:b> } ?n ?p ?l }', {'l': 'x'})
    >>> try:
    ...     fill_lists(q, {}, URIRef)
    ... except QueryError as exc:
    ...     print(exc)
    the query needs ?n, the list of nodes it asks about: give n=NODE, or n= a list of nodes
    """
    if "Parameters:" not in text:  # no header names a list: nothing to read
        return text, dict(given)
    rest = dict(given)
    for q in query_parameters(text):
        if not q.is_list:
            continue
        if q.name not in rest:
            if q.required:
                raise QueryError(
                    f"the query needs ?{q.name}, the list of nodes it asks about: "
                    f"give {q.name}=NODE, or {q.name}= a list of nodes"
                )
            continue
        value = rest.pop(q.name)
        items = list(value) if isinstance(value, list | tuple) else [value]
        try:
            text = with_values(text, q.name, [term(v) for v in items])
        except ValueError as exc:
            raise QueryError(f"?{q.name}: {exc}") from exc
    return text, rest
