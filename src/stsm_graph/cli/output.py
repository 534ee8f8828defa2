r"""How the command writes JSON, Turtle and tables: control characters escaped.

Text written for a terminal shows the control characters of what it quotes as escapes
(:func:`stsm_graph.common.escaping.for_terminal`); JSON and Turtle write them as ``\uXXXX``
escapes instead, which read back as the same characters.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from stsm_graph.common.escaping import for_terminal

__all__ = ["as_json", "failing", "table", "unicode_escaped"]

#: control characters JSON and Turtle may carry raw in a string, which a terminal obeys
_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def unicode_escaped(text: str) -> str:
    r"""Write the control characters of JSON or Turtle text as ``\uXXXX`` escapes.

    They can only stand inside strings there, where both formats read the escape back as
    the same character; line breaks and tabs, which the layout uses, are left.

    Examples
    --------
    >>> unicode_escaped('"a\x1bb"\n')
    '"a\\u001Bb"\n'
    """
    return _RAW_CONTROL.sub(lambda m: f"\\u{ord(m.group(0)):04X}", text)


def as_json(data: Any) -> str:
    """Dump ``data`` as indented JSON, non-ASCII text as it is, control characters escaped.

    Examples
    --------
    >>> print(as_json({"label": "Café"}), end="")
    {
      "label": "Café"
    }
    """
    return unicode_escaped(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def failing(err: TextIO, found: Iterable[str]) -> int:
    r"""Return the exit status of a ``--fail-on`` check, saying on ``err`` what made it fail.

    Examples
    --------
    >>> import io
    >>> err = io.StringIO()
    >>> failing(err, ["unmet", "orphans"]), err.getvalue()
    (1, 'stsm-graph: exit 1: --fail-on found unmet, orphans\n')
    >>> failing(err, [])
    0
    """
    kinds = list(found)
    if not kinds:
        return 0
    err.write(f"stsm-graph: exit 1: --fail-on found {', '.join(kinds)}\n")
    return 1


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    r"""Lay rows out in columns for a terminal: a header, a rule, two spaces between columns.

    Each cell's control characters are escaped first (a line break or a tab in a value
    would break the layout); a column is as wide as its widest cell, counting a wide
    (East Asian) character as two columns and a combining mark as none. The last column
    is not padded.

    Examples
    --------
    >>> print(table(["need", "label"], [["n1", "Backups"], ["need-dr", "Tested\nrecovery"]]))
    need     label
    -------  ----------------
    n1       Backups
    need-dr  Tested\nrecovery
    """
    lines = [[for_terminal(c) for c in header]] + [[for_terminal(c) for c in r] for r in rows]
    widths = [max(_width(line[i]) for line in lines) for i in range(len(header))]
    lines.insert(1, ["-" * w for w in widths])
    return "\n".join(
        "  ".join(
            c + " " * (w - _width(c)) if i < len(widths) - 1 else c
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in lines
    )


def _width(text: str) -> int:
    """Count the columns ``text`` takes in a terminal.

    A wide character takes two; a mark or a format character (a zero-width space, a joiner,
    a variation selector) none.
    """
    return sum(
        0
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Cf", "Mn", "Me")
        else 2
        if unicodedata.east_asian_width(ch) in "WF"
        else 1
        for ch in text
    )
