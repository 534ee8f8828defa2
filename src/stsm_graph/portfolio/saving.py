"""A portfolio written out: as text in an RDF format, or as an authoring document.

Turtle and JSON-LD declare the vocabulary's prefixes, those the loaded files declared and
the base of a loaded YAML document; YAML and JSON go through the authoring document, which
keeps what its sections cannot express in ``extra_triples``.

Examples
--------
>>> from stsm_graph import Portfolio
>>> p = Portfolio()
>>> p.parse('<https://example.org/p/n1> a <https://w3id.org/stsm#Need> ; '
...         '<http://www.w3.org/2000/01/rdf-schema#label> "N" .', format="turtle")
>>> print(serialize(p.store, "yaml", {}, None), end="")
stsm_graph: 1
base: https://example.org/p/
needs:
- id: n1
  label: N
"""

from __future__ import annotations

from collections.abc import Mapping

from stsm_graph.authoring.document_text import dump_document
from stsm_graph.authoring.from_triples import document_from_triples
from stsm_graph.authoring.model import PortfolioDocument
from stsm_graph.common.terms import valid_iri
from stsm_graph.portfolio.querying import PREFIXES
from stsm_graph.stores.base import Store

__all__ = ["serialize", "to_document"]


def serialize(store: Store, fmt: str, prefixes: Mapping[str, str], base: str | None) -> str:
    """Return what ``store`` holds as text in the format ``fmt`` (a name of ``format_for``).

    ``prefixes`` and ``base`` are those the loaded files declared; a prefix is written only
    when its namespace is a valid IRI and not one of :data:`PREFIXES`.
    """
    if fmt in ("yaml", "json"):
        return dump_document(to_document(store, base), fmt=fmt)
    declared = {k: v for k, v in prefixes.items() if v not in PREFIXES.values() and valid_iri(v)}
    if base:
        declared[""] = base
    return store.serialize(fmt, {**PREFIXES, **declared}).decode("utf-8")


def to_document(store: Store, base: str | None) -> PortfolioDocument:
    """Return what ``store`` holds as an authoring document; ``base`` as the document's base."""
    rows = store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    return document_from_triples(
        ((s, p, o) for s, p, o in rows.rows),  # type: ignore[misc]
        base=base,
    )
