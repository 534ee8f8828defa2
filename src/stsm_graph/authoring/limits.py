"""Bounds on what an authoring document may make the reader build, and message excerpts.

Examples
--------
>>> excerpt("short"), MAX_DEPTH
("'short'", 32)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stsm_graph.errors import ParseError

__all__ = [
    "EXCERPT_CHARS",
    "MAX_DEPTH",
    "MAX_NUMBER_CHARS",
    "MAX_ALIAS_VALUES",
    "duplicate_key_error",
    "excerpt",
]

#: deepest nesting of lists and mappings a document may have (a portfolio needs 4)
MAX_DEPTH = 32
#: most values YAML aliases may add to a document (each use of an alias counts all it names)
MAX_ALIAS_VALUES = 100_000
#: longest number, in characters, that a document may write
MAX_NUMBER_CHARS = 100
#: longest excerpt of an input that a message quotes
EXCERPT_CHARS = 60


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """Return ``repr(value)``, cut to about ``limit`` characters (the length said when cut).

    Examples
    --------
    >>> excerpt("short")
    "'short'"
    >>> excerpt("x" * 1000, limit=12)
    "'xxxxxxxxxxx... (more than 48 characters)"
    """
    if isinstance(value, str) and len(value) > 4 * limit:
        value = value[: 4 * limit]  # repr of a huge text is never built
        text = repr(value)
        return f"{text[:limit]}... (more than {4 * limit} characters)"
    text = _shallow_repr(value, limit) if isinstance(value, (dict, list)) else repr(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


def _shallow_repr(value: dict[Any, Any] | list[Any], limit: int) -> str:
    """Return a repr of a container that stops once it is long enough (never walks all of it)."""
    parts: list[str] = []
    size = 0
    items: Iterator[str] = (
        (f"{excerpt(k, limit)}: {excerpt(v, limit)}" for k, v in value.items())
        if isinstance(value, dict)
        else (excerpt(v, limit) for v in value)
    )
    for part in items:
        parts.append(part)
        size += len(part) + 2
        if size > limit:
            parts.append("...")
            break
    inner = ", ".join(parts)
    return "{" + inner + "}" if isinstance(value, dict) else "[" + inner + "]"


def duplicate_key_error(key: str, first: int, second: int, source: str) -> ParseError:
    """Return the error for a key written twice in one mapping, naming both lines."""
    return ParseError(
        f"the key {excerpt(key)} is written twice in one mapping, "
        + (f"at lines {first} and {second}" if first != second else f"both on line {first}")
        + "; the second would silently replace the first",
        line=second,
        file=source,
        hint="Keep one of them (the entries of a section written twice go in one list)",
    )
