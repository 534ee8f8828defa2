"""The ``stsm:`` vocabulary: its namespace, its tables, its graph, the packaged files."""

from __future__ import annotations

from stsm_graph.vocabulary.graph import (
    known_terms,
    link_directions,
    most_specific_class,
    ontology_graph,
    portfolio_classes,
    shapes_graph,
    subclass_graph,
    superclasses,
)

__all__ = [
    "known_terms",
    "link_directions",
    "most_specific_class",
    "ontology_graph",
    "portfolio_classes",
    "shapes_graph",
    "subclass_graph",
    "superclasses",
]
