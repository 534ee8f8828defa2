r"""The ``stsm-graph`` command: a thin adapter over the library.

Exit codes: 0 success; 1 the portfolio has the findings asked about (violations, or
``--fail-on`` findings); 2 bad input or usage (the error goes to stderr); 130 interrupted
(Ctrl-C); 141 the reader of the output went away (``stsm-graph ... | head``), as for a
program a broken pipe stops.

Text written for a terminal shows the control characters of what it quotes (labels, IRIs,
file names, messages) as escapes (:func:`stsm_graph.common.escaping.for_terminal`); JSON and
Turtle write them as ``\uXXXX`` escapes, which read back as the same characters
(:mod:`stsm_graph.cli.output`).

This module is the entry point: it parses the command line (:mod:`stsm_graph.cli.parser`,
which also tells how to add a command), runs the command, and turns what goes wrong into a
message and an exit code. The commands live in the modules of their groups:
:mod:`~stsm_graph.cli.analyses` (validate, analyze, impact), :mod:`~stsm_graph.cli.pictures`
(view), :mod:`~stsm_graph.cli.storage` (load, convert) and :mod:`~stsm_graph.cli.queries`
(query).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from stsm_graph.cli.parser import Parser, build_parser, parse
from stsm_graph.common.escaping import for_terminal
from stsm_graph.errors import StsmGraphError

__all__ = ["main"]


def main(
    argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the command line; return the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    Parser.out, Parser.err = out, err
    parser = build_parser()
    lines = _Lines(err)
    try:
        return _run(parser, list(sys.argv[1:] if argv is None else argv), out, lines)
    except KeyboardInterrupt:
        lines.end_line()
        err.write("stsm-graph: interrupted\n")
        return 130
    except BrokenPipeError:
        # the reader went away (stsm-graph ... | head): stop quietly, as other tools do; what
        # is left in the buffer goes nowhere rather than into a second error at exit
        for stream in (sys.stdout, sys.stderr):
            if out is stream or err is stream:
                with contextlib.suppress(OSError, ValueError):
                    os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
        return 141


class _Lines:
    """The error stream, which knows whether its last line is unfinished (a progress line).

    An error or a warning then starts on a line of its own.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.open = False

    def write(self, text: str) -> int:
        if text:
            self.open = not text.endswith("\n")
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()

    def end_line(self) -> None:
        """End an unfinished line."""
        if self.open:
            self.write("\n")


def _run(parser: argparse.ArgumentParser, argv: list[str], out: TextIO, err: _Lines) -> int:
    try:
        args = parse(parser, argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    args.err = err
    try:
        return int(args.func(args, out))
    except (StsmGraphError, KeyError) as exc:
        plain_key_error = isinstance(exc, KeyError) and not isinstance(exc, StsmGraphError)
        text = str(exc.args[0] if plain_key_error and exc.args else exc)
        err.end_line()
        err.write(f"stsm-graph: error: {for_terminal(text)}\n")
        return 2
