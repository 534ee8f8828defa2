"""stsm-graph: a portfolio of standard services as one traceable RDF graph.

Examples
--------
>>> import stsm_graph
>>> p = stsm_graph.Portfolio()
>>> len(p)
0
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from stsm_graph import model
from stsm_graph.errors import (
    InputError,
    QueryError,
    StoreError,
    StsmGraphError,
    UnknownNodeError,
)
from stsm_graph.namespace import STSM
from stsm_graph.portfolio import Portfolio
from stsm_graph.remote import RemoteStore
from stsm_graph.stores import MemoryStore, OxigraphStore, Rows, Store
from stsm_graph.validation import ValidationReport, ValidationResult

try:
    __version__ = version("stsm-graph")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "STSM",
    "InputError",
    "MemoryStore",
    "OxigraphStore",
    "Portfolio",
    "QueryError",
    "RemoteStore",
    "Rows",
    "Store",
    "StoreError",
    "StsmGraphError",
    "UnknownNodeError",
    "ValidationReport",
    "ValidationResult",
    "__version__",
    "model",
]
