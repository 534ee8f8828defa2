"""The JSON half of the authoring reader: ``json`` with exact numbers and bounds.

See :mod:`stsm_graph.authoring.reader`. Nesting is measured before parsing, a key written twice in
one object is refused naming both lines, numbers with a fraction become exact ``Decimal``
values, and a number too long to read is reported with its entry and field.

Examples
--------
>>> load_json('{"a": 1.50, "b": [1]}', source="p.json")
{'a': Decimal('1.50'), 'b': [1]}
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from stsm_graph.authoring.limits import MAX_DEPTH, MAX_NUMBER_CHARS, duplicate_key_error, excerpt
from stsm_graph.authoring.positions import entry_line
from stsm_graph.errors import DatatypeError, ParseError

__all__ = ["load_json"]


class _BadNumber:
    """A JSON number too long to read; reported with its entry and field after parsing."""

    def __init__(self, text: str) -> None:
        self.text = text


def _json_int(text: str) -> int | _BadNumber:
    return _BadNumber(text) if len(text) > MAX_NUMBER_CHARS else int(text)


def _json_float(text: str) -> Decimal | _BadNumber:
    return _BadNumber(text) if len(text) > MAX_NUMBER_CHARS else Decimal(text)


def _json_constant(text: str) -> Decimal:
    return Decimal({"NaN": "NaN", "Infinity": "Infinity", "-Infinity": "-Infinity"}[text])


class _JsonDuplicateError(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _JsonDuplicateError(key)
        out[key] = value
    return out


# a string, or what is left of its line when it is not closed: the match never fails, so one
# pass over the text is linear (a pattern that must find the closing quote would rescan the rest
# of the text from every quote of an unclosed string: quadratic)
_JSON_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"?')
_JSON_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"?|[\[\]{}:,]')


def _json_depth(text: str) -> tuple[int, int] | None:
    """Return ``(depth, line)`` where the nesting first passes :data:`MAX_DEPTH`, else None."""
    depth = 0
    bare = _JSON_STRING.sub('""', text)  # JSON strings hold no raw newline: lines are kept
    for m in re.finditer(r"[\[\]{}]", bare):
        depth += 1 if m.group() in "[{" else -1
        if depth > MAX_DEPTH:
            return depth, bare.count("\n", 0, m.start()) + 1
    return None


def _json_key_lines(text: str, key: str) -> tuple[int, int] | None:
    """Find the lines of the first key written twice in one object (only on the error path)."""
    stack: list[dict[str, int] | None] = []
    tokens = list(_JSON_TOKEN.finditer(text))
    for i, m in enumerate(tokens):
        tok = m.group()
        if tok in "{[":
            stack.append({} if tok == "{" else None)
        elif tok in "]}":
            if stack:
                stack.pop()
        elif (
            tok.startswith('"')
            and stack
            and stack[-1] is not None
            and i + 1 < len(tokens)
            and tokens[i + 1].group() == ":"
        ):
            try:
                name = json.loads(tok)
            except ValueError:
                continue
            line = text.count("\n", 0, m.start()) + 1
            if name == key and name in stack[-1]:
                return stack[-1][name], line
            stack[-1].setdefault(name, line)
    return None


def load_json(text: str, source: str) -> Any:
    """Read JSON text into plain data (see the module docstring)."""
    deep = _json_depth(text)
    if deep is not None:
        raise ParseError(
            f"the document nests lists and mappings more than {MAX_DEPTH} levels deep",
            line=deep[1],
            file=source,
            expected="a mapping of sections, each a list of entries",
        )
    try:
        data = json.loads(
            text,
            object_pairs_hook=_json_pairs,
            parse_int=_json_int,
            parse_float=_json_float,
            parse_constant=_json_constant,
        )
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"not valid JSON, column {exc.colno}: {exc.msg}", line=exc.lineno, file=source
        ) from None
    except _JsonDuplicateError as exc:
        lines = _json_key_lines(text, exc.key) or (0, 0)
        raise duplicate_key_error(exc.key, *lines, source) from None
    except RecursionError:  # pragma: no cover - the depth bound comes first
        raise ParseError("the document nests too deeply", file=source) from None
    _refuse_bad_numbers(data, source, text)
    return data


def _refuse_bad_numbers(data: Any, source: str, text: str) -> None:
    stack: list[tuple[Any, list[str | int]]] = [(data, [])]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            stack.extend((v, [*path, k]) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, [*path, i]) for i, v in enumerate(value))
        elif isinstance(value, _BadNumber):
            entry = field = None
            line = None
            if len(path) >= 2 and isinstance(path[1], int):
                entry = f"{path[0]}[{path[1]}]"
                field = str(path[2]) if len(path) > 2 else None
                line = entry_line(text, "json", section=str(path[0]), index=path[1], field=field)
                item = data[path[0]][path[1]]
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    entry += f" (id {excerpt(item['id'])})"
            else:
                field = ".".join(str(p) for p in path) or None
            raise DatatypeError(
                f"a number of {len(value.text)} characters is out of range",
                file=source,
                entry=entry,
                field=field,
                expected=f"a number of at most {MAX_NUMBER_CHARS} characters",
                line=line,
            )
