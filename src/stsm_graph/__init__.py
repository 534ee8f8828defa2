"""stsm-graph: a portfolio of standard services as one traceable RDF graph.

Examples
--------
>>> import stsm_graph
>>> p = stsm_graph.Portfolio()
>>> len(p)
0
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from types import ModuleType

from stsm_graph import model
from stsm_graph.errors import (
    BlankNodeError,
    DatatypeError,
    DuplicateIdError,
    InputError,
    NetworkAccessError,
    OutputError,
    ParseError,
    PortfolioFileNotFoundError,
    QueryError,
    StoreError,
    StoreKindError,
    StsmGraphError,
    UnknownNodeError,
    UnknownReferenceError,
    UnknownTermError,
    UnsupportedFormatError,
    UsageError,
    ViewTooLargeError,
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

#: the analyses and the presenters, imported when first used (the pictures bring in pyvis)
_SUBMODULES = ("analysis", "report", "viz")


def __getattr__(name: str) -> ModuleType:
    """Import ``stsm_graph.analysis``, ``report`` or ``viz`` when first named."""
    if name in _SUBMODULES:
        return importlib.import_module(f"stsm_graph.{name}")
    raise AttributeError(f"module 'stsm_graph' has no attribute {name!r}")


__all__ = [
    "STSM",
    "BlankNodeError",
    "DatatypeError",
    "DuplicateIdError",
    "InputError",
    "NetworkAccessError",
    "OutputError",
    "ParseError",
    "PortfolioFileNotFoundError",
    "StoreKindError",
    "UnknownReferenceError",
    "UnknownTermError",
    "UnsupportedFormatError",
    "UsageError",
    "ViewTooLargeError",
    "analysis",
    "report",
    "viz",
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
