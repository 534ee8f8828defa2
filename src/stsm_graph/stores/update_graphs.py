"""Which graphs a SPARQL Update writes: the check a remote store makes before it sends one.

A remote store whose portfolio is a named graph refuses an update that would write to the
server's default graph without naming it (:meth:`stsm_graph.stores.remote.RemoteStore.update`);
:func:`default_graph_writes` finds those operations by rdflib's SPARQL 1.1 parser, and
:func:`how_to_name` says how to make each one write into the portfolio's graph.

Examples
--------
>>> how_to_name("LOAD", "urn:g")
'end it with INTO GRAPH <urn:g>'
"""

from __future__ import annotations

from typing import Any

from stsm_graph.errors import QueryError

__all__ = ["default_graph_writes", "how_to_name", "reads_unnamed"]

_OPERATIONS = {
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT ... WHERE",
    "Load": "LOAD",
}
#: how to make each operation write into the portfolio's graph ``{g}``
_FIXES = {
    "INSERT DATA": "put its triples in GRAPH <{g}> {{ ... }}",
    "DELETE DATA": "put its triples in GRAPH <{g}> {{ ... }}",
    "DELETE WHERE": "put its triples in GRAPH <{g}> {{ ... }}",
    "DELETE/INSERT ... WHERE": "start it with WITH <{g}>, or put its template's triples in "
    "GRAPH <{g}> {{ ... }}",
    "LOAD": "end it with INTO GRAPH <{g}>",
}


def default_graph_writes(sparql: str) -> list[str]:
    """Return the operations of a SPARQL Update that write to the default graph unasked.

    That is, triples outside any ``GRAPH`` block in ``INSERT DATA``, ``DELETE DATA`` and
    ``DELETE WHERE``, and in the templates of a ``DELETE/INSERT ... WHERE`` without
    ``WITH``; and ``LOAD`` without ``INTO GRAPH``. Nothing else is listed: an operation that
    names its graphs (``GRAPH <other>``, ``WITH <other>``, ``CLEAR DEFAULT``,
    ``COPY <g> TO DEFAULT``, ``DROP ALL``) says where it writes. The update is parsed, not
    evaluated, by rdflib's SPARQL 1.1 parser.

    Raises
    ------
    QueryError
        If rdflib's parser refuses the text.

    Examples
    --------
    >>> default_graph_writes("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")
    []
    >>> default_graph_writes("DELETE WHERE { ?s <urn:p> ?o } ; WITH <urn:g> DELETE "
    ...                       "{ ?s <urn:p> ?o } WHERE { ?s <urn:p> ?o } ; LOAD <urn:x>")
    ['DELETE WHERE', 'LOAD']
    """
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parsed = parseUpdate(sparql)
    except Exception as exc:  # rdflib raises pyparsing errors and others
        raise QueryError(
            "cannot tell which graphs this update writes: rdflib's SPARQL 1.1 parser refuses "
            f"it ({exc})"
        ) from exc
    found = []
    # a CompValue's own get() answers a missing key with the key's name: ask the dict
    for op in dict.get(parsed, "request") or []:
        if op.name == "Load":
            unnamed = dict.get(op, "graphiri") is None
        elif op.name == "Modify":
            clauses = [dict.get(op, "delete"), dict.get(op, "insert")]
            unnamed = dict.get(op, "withClause") is None and any(
                _has_default_triples(dict.get(c, "quads")) for c in clauses if c is not None
            )
        else:
            unnamed = _has_default_triples(dict.get(op, "quads"))
        if unnamed:
            found.append(_OPERATIONS.get(op.name, op.name))
    return found


def reads_unnamed(sparql: str) -> bool:
    """Tell whether an update has a ``WHERE`` that does not say which graphs it reads.

    That is a ``DELETE/INSERT ... WHERE`` without ``WITH`` or ``USING``, in an update where
    no operation names its dataset: such an update may be sent with ``using-graph-uri``
    (the SPARQL 1.1 Protocol forbids both), which makes its ``WHERE`` read that graph. Text
    rdflib's parser refuses gives False (nothing is added to it).

    Examples
    --------
    >>> reads_unnamed("DELETE { GRAPH <urn:g> { ?s ?p ?o } } WHERE { ?s ?p ?o }")
    True
    >>> reads_unnamed("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
    False
    >>> reads_unnamed("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")
    False
    """
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parsed = parseUpdate(sparql)
    except Exception:  # rdflib raises pyparsing errors and others
        return False
    ops = dict.get(parsed, "request") or []
    if any(dict.get(op, "withClause") is not None or dict.get(op, "using") for op in ops):
        return False
    return any(op.name == "Modify" for op in ops)


def _has_default_triples(quads: Any) -> bool:
    """Tell whether a parsed ``Quads`` block holds triples outside any ``GRAPH`` block."""
    return quads is not None and bool(dict.get(quads, "triples"))


def how_to_name(operation: str, graph: str) -> str:
    """Say how to make ``operation`` (named by :func:`default_graph_writes`) write to ``graph``."""
    return _FIXES[operation].format(g=graph)
