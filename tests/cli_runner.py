"""Run the ``stsm-graph`` command in-process, as the command-line tests do."""

from __future__ import annotations

import io

from stsm_graph.cli.main import main


def run(*argv: str) -> tuple[int, str, str]:
    """Run ``stsm-graph ARGV...``; return the exit code, the standard output and error."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()
