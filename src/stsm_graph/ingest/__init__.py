"""Reading files into a checked staging store, and SHACL validation."""

from __future__ import annotations

from stsm_graph.ingest.reading import (
    FORMATS,
    check,
    format_for,
    parse_file,
    parse_text,
    parse_triples,
)

__all__ = ["FORMATS", "check", "format_for", "parse_file", "parse_text", "parse_triples"]
