"""The authoring format: typed models and YAML/JSON documents <-> RDF triples.

A document lists entities by section (see :class:`~stsm_graph.authoring.model.PortfolioDocument`);
links name other entities by id. Reading checks every reference, every id and every
value, and names the file, the entry and the field of the first problem. Writing turns any
graph back into a document: what the sections cannot express exactly goes to
``extra_triples``, so a graph survives the round trip unchanged (isomorphic).

The modules: :mod:`~stsm_graph.authoring.document_text` (text <-> document),
:mod:`~stsm_graph.authoring.to_triples` (document -> triples),
:mod:`~stsm_graph.authoring.from_triples` (triples -> document) and
:mod:`~stsm_graph.authoring.terms` (the terms and literals both directions share).

Examples
--------
>>> doc = parse_document('''
... base: https://example.org/p/
... customers: [{id: acme, label: ACME, has_need: [n1]}]
... needs: [{id: n1, label: Restores that work}]
... ''', source="demo.yaml")
>>> for t in sorted(document_triples(doc, source="demo.yaml")):
...     print(*[x.n3() for x in t])
<https://example.org/p/acme> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/stsm#Customer>
<https://example.org/p/acme> <http://www.w3.org/2000/01/rdf-schema#label> "ACME"
<https://example.org/p/acme> <https://w3id.org/stsm#hasNeed> <https://example.org/p/n1>
<https://example.org/p/n1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/stsm#Need>
<https://example.org/p/n1> <http://www.w3.org/2000/01/rdf-schema#label> "Restores that work"
"""

from __future__ import annotations

from stsm_graph.authoring.document_text import dump_document, parse_document
from stsm_graph.authoring.from_triples import document_from_triples
from stsm_graph.authoring.terms import BUILTIN_PREFIXES
from stsm_graph.authoring.to_triples import document_triples
from stsm_graph.common.lazy import submodules

__all__ = [
    "BUILTIN_PREFIXES",
    "document_from_triples",
    "document_triples",
    "dump_document",
    "parse_document",
]

#: its other modules (``authoring.X``) are imported when first named
__getattr__ = submodules(__name__)
