"""The authoring format: typed models and YAML/JSON documents <-> RDF triples."""

from __future__ import annotations

from stsm_graph.authoring.documents import (
    BUILTIN_PREFIXES,
    document_from_triples,
    document_triples,
    dump_document,
    parse_document,
)

__all__ = [
    "BUILTIN_PREFIXES",
    "document_from_triples",
    "document_triples",
    "dump_document",
    "parse_document",
]
