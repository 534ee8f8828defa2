"""Resolving a name to a node of a portfolio, and telling the near matches when none fits.

See :meth:`stsm_graph.portfolio.Portfolio.resolve` for the order in which a name is tried.

Examples
--------
>>> from stsm_graph import Portfolio
>>> p = Portfolio()
>>> p.parse('<https://example.org/p/n1> <http://www.w3.org/2000/01/rdf-schema#label> '
...         '"Backups" .', format="nt")
>>> resolve(p.store, "Backups", p.prefixes), resolve(p.store, "n1", p.prefixes)
(rdflib.term.URIRef('https://example.org/p/n1'), rdflib.term.URIRef('https://example.org/p/n1'))
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from rdflib import Literal, URIRef

from stsm_graph.errors import UnknownNodeError
from stsm_graph.portfolio.querying import PROLOGUE, expand_name, run_select
from stsm_graph.stores.base import Store

__all__ = ["local_name", "node_exists", "resolve"]


def resolve(store: Store, name: str, prefixes: Mapping[str, str]) -> URIRef:
    """Turn a name into a node of the portfolio in ``store`` (see :meth:`Portfolio.resolve`).

    Raises
    ------
    UnknownNodeError
        If nothing matches, or the name is the label of several nodes.
    """
    iri = expand_name(name, prefixes)
    if iri is not None and node_exists(store, iri):
        return iri
    rows = run_select(
        store,
        "SELECT ?n ?l ?name WHERE { ?n rdfs:label ?l FILTER(STR(?l) = ?name) }",
        {"name": Literal(name)},
    )
    labelled = sorted({str(n) for n, _l, _name in rows.rows if isinstance(n, URIRef)})
    if len(labelled) == 1:
        return URIRef(labelled[0])
    if len(labelled) > 1:
        raise UnknownNodeError(
            name,
            [f"{n} ({name})" for n in labelled],
            reason=f"is the label of {len(labelled)} nodes: name one by its IRI",
        )
    return _by_local_name(store, name, prefixes)


def _by_local_name(store: Store, name: str, prefixes: Mapping[str, str]) -> URIRef:
    """Return the one node whose local name is ``name``, else raise with the near matches."""
    candidates = run_select(store, "SELECT ?n ?l WHERE { ?n rdfs:label ?l }", {})
    # every way of naming a node (label, IRI, local name) -> the nodes it names
    keys: dict[str, set[str]] = {}
    by_local: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    for n, lbl in candidates.rows:
        node, text = str(n), str(lbl)
        keys.setdefault(text, set()).add(node)
        keys.setdefault(node, set()).add(node)
        keys.setdefault(local_name(node), set()).add(node)
        by_local.setdefault(local_name(node), set()).add(node)
        labels[node] = min(labels.get(node, text), text)
    local = {node for node in keys.get(name, ()) if local_name(node) == name}
    if len(local) == 1:
        return URIRef(local.pop())

    all_labels = {str(lbl) for _n, lbl in candidates.rows}

    def shown_as(node: str) -> str:
        # the shortest name resolve takes back to this very node: its local name when no
        # other node has it, no label is it, and it does not name a node as an IRI,
        # prefixed name or id; else the IRI itself
        short = local_name(node)
        iri = expand_name(short, prefixes) if short else None
        if (
            not short
            or len(by_local.get(short, ())) != 1
            or short in all_labels
            or (iri is not None and str(iri) != node and node_exists(store, iri))
        ):
            short = node
        return f"{short} ({labels[node]})" if node in labels else short

    shown: dict[str, str] = {}
    for key in difflib.get_close_matches(name, list(keys), n=10, cutoff=0.5):
        for node in sorted(keys[key]):
            shown.setdefault(node, shown_as(node))  # each node once, nearest first
    raise UnknownNodeError(name, list(shown.values())[:5])


def node_exists(store: Store, node: URIRef) -> bool:
    """Tell whether ``node`` appears in any triple held by ``store``."""
    return bool(store.ask(PROLOGUE + "ASK { { ?n ?p ?o } UNION { ?s ?p ?n } }", {"n": node}))


def local_name(iri: str) -> str:
    """Return the last segment of an IRI, after its last ``/`` or ``#``.

    Examples
    --------
    >>> local_name("https://w3id.org/stsm#Need"), local_name("https://example.org/p/n1")
    ('Need', 'n1')
    """
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
