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
from types import ModuleType
from typing import TYPE_CHECKING

from stsm_graph.authoring import model
from stsm_graph.common.version import __version__
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
    WriteError,
)
from stsm_graph.ingest.validation import ValidationReport, ValidationResult
from stsm_graph.portfolio import Portfolio
from stsm_graph.stores.base import Rows, Store
from stsm_graph.stores.memory import MemoryStore
from stsm_graph.stores.oxigraph import OxigraphStore
from stsm_graph.vocabulary.namespace import STSM

#: the analyses and the presenters, imported when first used (the pictures bring in pyvis)
_SUBMODULES = ("analysis", "report", "viz")


if TYPE_CHECKING:
    from stsm_graph.stores.remote import RemoteStore


def __getattr__(name: str) -> ModuleType | type:
    """Import ``stsm_graph.analysis``, ``report`` or ``viz``, or ``RemoteStore``, when first named.

    ``RemoteStore`` brings in the HTTP client (httpcore), which only a server needs.
    """
    if name in _SUBMODULES:
        return importlib.import_module(f"stsm_graph.{name}")
    if name == "RemoteStore":
        return importlib.import_module("stsm_graph.stores.remote").RemoteStore  # type: ignore[no-any-return]
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
    "WriteError",
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
