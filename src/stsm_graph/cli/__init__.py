"""The ``stsm-graph`` command."""

from __future__ import annotations

from stsm_graph.cli.main import main

__all__ = ["main"]
