"""Positions in a SPARQL error, counted in the text the caller wrote.

:class:`~stsm_graph.portfolio.Portfolio` puts a prologue of ``PREFIX`` lines before every
query it is given, so an engine's syntax error points that many lines too far down (and, on
rdflib's engine, that many characters too far on). :func:`in_callers_text` moves the
positions back, in the forms the engines write them: Oxigraph's ``error at 9:1``,
pyparsing's ``(at char 356), (line:8, col:19)``, and a server's ``line 9, column 1``.
Each becomes ``line L, column C`` of the caller's text.

Examples
--------
>>> in_callers_text("SPARQL syntax error: error at 9:1: expected OPTIONAL", lines=7)
'SPARQL syntax error at line 2, column 1: expected OPTIONAL'
>>> in_callers_text("Expected SelectQuery, found '?'  (at char 356), (line:8, col:19)", lines=7)
"Expected SelectQuery, found '?' (line 1, column 19)"
>>> in_callers_text("Encountered ' ?p' at line 8, column 22.", lines=7)
"Encountered ' ?p' at line 1, column 22."
"""

from __future__ import annotations

import re

__all__ = ["in_callers_text"]

_FORMS = (
    # Oxigraph: "error at 9:1: ..." or a span "error at 8:3-8:7: ..."
    re.compile(r":? error at (?P<line>\d+):(?P<col>\d+)(?:-\d+:\d+)?"),
    # pyparsing (rdflib): "  (at char 356), (line:8, col:19)"
    re.compile(r"\s*\(at char \d+\), \(line:(?P<line>\d+), col:(?P<col>\d+)\)"),
    # Jena and others: "line 9, column 1"
    re.compile(r"(?P<lead>\b)line (?P<line>\d+), column (?P<col>\d+)"),
)


def in_callers_text(message: str, *, lines: int) -> str:
    """Return ``message`` with its positions moved up by the ``lines`` put before the text.

    A position inside those lines (none of the caller's) is left as it is.
    """
    for form in _FORMS:

        def moved(m: re.Match[str], form: re.Pattern[str] = form) -> str:
            line = int(m.group("line"))
            if line <= lines:
                return m.group(0)
            where = f"line {line - lines}, column {m.group('col')}"
            if form is _FORMS[0]:
                return f" at {where}"
            if form is _FORMS[1]:
                return f" ({where})"
            return where

        message = form.sub(moved, message)
    return message
