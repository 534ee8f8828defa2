"""The version of the installed distribution, for the front door, the user agent and the pictures.

Examples
--------
>>> from stsm_graph.common.version import __version__
>>> isinstance(__version__, str)
True
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

__all__ = ["__version__"]

try:
    __version__ = version("stsm-graph")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"
