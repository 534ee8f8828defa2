"""The ``stsm-graph`` command.

:mod:`~stsm_graph.cli.main` is the entry point (parse, dispatch, errors and exit codes);
:mod:`~stsm_graph.cli.parser` the grammar, one small function per command (its docstring tells
how to add one); the commands live by group in :mod:`~stsm_graph.cli.analyses`,
:mod:`~stsm_graph.cli.pictures`, :mod:`~stsm_graph.cli.storage` and
:mod:`~stsm_graph.cli.queries`, over :mod:`~stsm_graph.cli.opening` (what a command reads)
and :mod:`~stsm_graph.cli.output` (JSON and Turtle as a terminal may show them).
"""

from __future__ import annotations

from stsm_graph.cli.main import main

__all__ = ["main"]
