"""A package's modules imported when first named, as ``import`` would (PEP 562).

``from stsm_graph import interop`` then ``interop.archimate.write(...)`` works without an
``import stsm_graph.interop.archimate`` first, and a package imports nothing it is not asked
for (the interop readers bring in their XML parser, the report its templates).

Examples
--------
>>> from stsm_graph import interop
>>> interop.archimate.__name__
'stsm_graph.interop.archimate'
>>> interop.nothing_of_the_kind
Traceback (most recent call last):
...
AttributeError: module 'stsm_graph.interop' has no attribute 'nothing_of_the_kind'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import ModuleType

__all__ = ["submodules"]


def submodules(package: str) -> Callable[[str], ModuleType]:
    """Return a ``__getattr__`` for ``package`` that imports its public modules when named."""

    def module(name: str) -> ModuleType:
        if name.isidentifier() and not name.startswith("_"):
            try:
                return importlib.import_module(f"{package}.{name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{package}.{name}":  # the module exists; something it needs not
                    raise
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return module
