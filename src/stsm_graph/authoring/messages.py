"""Pydantic's validation errors, told as errors naming the file, the entry and the field.

Examples
--------
>>> from pydantic import ValidationError
>>> data = {"needs": [{"id": "n1", "label": "N", "priority": "first"}]}
>>> try:
...     PortfolioDocument.model_validate(data)
... except ValidationError as exc:
...     print(input_error(exc, data, "p.yaml"))
p.yaml: entry "needs[0] (id 'n1')", field 'priority': cannot read 'first' (expected a whole number)
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from decimal import Decimal
from enum import Enum
from typing import Any

from pydantic import ValidationError

from stsm_graph.authoring.limits import excerpt
from stsm_graph.authoring.model import SECTIONS, Entity, PortfolioDocument
from stsm_graph.authoring.positions import entry_line, key_line
from stsm_graph.errors import DatatypeError, InputError

__all__ = ["input_error"]

_DATATYPE_ERRORS = ("decimal", "int", "date", "float", "finite", "bool")


def input_error(
    exc: ValidationError,
    data: Mapping[str, Any],
    source: str,
    *,
    text: str | None = None,
    syntax: str = "yaml",
) -> InputError:
    """Turn the first pydantic error into an error naming file, entry and field.

    With the document's ``text`` (and its ``syntax``, ``yaml`` or ``json``), the error also
    names the line of the entry's field, or of the entry.
    """
    err = _first_error(exc, data, source)
    loc = exc.errors()[0]["loc"]
    if text is not None and len(loc) > 1 and isinstance(loc[0], str) and isinstance(loc[1], int):
        field = str(loc[2]) if len(loc) > 2 else None
        err.at_line(entry_line(text, syntax, section=loc[0], index=loc[1], field=field))
    elif text is not None and len(loc) == 1 and isinstance(loc[0], str):  # a top-level key
        err.at_line(key_line(text, syntax, loc[0]))
    return err


def _first_error(exc: ValidationError, data: Mapping[str, Any], source: str) -> InputError:
    errors = exc.errors()
    err = errors[0]
    loc = list(err["loc"])
    extra = len(errors) - 1
    more = f" (and {extra} more problem{'s' if extra > 1 else ''})" if extra else ""
    entry: str | None = None
    field: str | None = None
    model: type[Entity] | None = None
    if loc and isinstance(loc[0], str) and loc[0] in SECTIONS:
        section = loc[0]
        model = SECTIONS[section]
        items = data.get(section)
        if len(loc) > 1 and isinstance(loc[1], int) and isinstance(items, list):
            item = items[loc[1]] if loc[1] < len(items) else None
            ident = item.get("id") if isinstance(item, dict) else None
            entry = f"{section}[{loc[1]}]" + (f" (id {excerpt(ident)})" if ident else "")
        field = ".".join(str(x) for x in loc[2:3]) or None
    else:
        field = ".".join(str(x) for x in loc) or None
    kind = err["type"]
    message = err["msg"].removeprefix("Value error, ")
    value = err.get("input")
    got = str(value) if isinstance(value, Decimal) else excerpt(value)
    hint = None
    if kind == "extra_forbidden":
        field = str(loc[-1])
        message, hint = _unknown(field, model)
        if not model:  # a key at the top of the document: a section, not an entry's field
            return InputError(message + more, file=source, hint=hint)
    elif kind in ("enum", "literal_error", "string_too_short", "string_type"):
        message, hint = _in_words(kind, err, value, got)
    elif kind == "missing":
        message = f"the field {field!r} is required"
    elif kind == "list_type" and model and len(loc) == 1:
        message = f"the {loc[0]} section is a list of entries (- id: ..., label: ...), got {got}"
        return InputError(message + more, file=source, field=str(loc[0]))
    elif kind in ("model_type", "dict_type", "model_attributes_type") and model and len(loc) == 2:
        fields = ", ".join(f"{name}: ..." for name in list(model.model_fields)[:2])
        message = f"each entry of {loc[0]} is a mapping of its fields ({fields}), got {got}"
        return InputError(message + more, file=source, entry=entry)
    expected = None
    if model is not None and field in model.model_fields:
        expected = _describe(model, field)
    if any(k in kind for k in _DATATYPE_ERRORS) and kind != "missing":
        return DatatypeError(
            f"cannot read {got}{more}",
            file=source,
            entry=entry,
            field=field,
            expected=expected,
        )
    return InputError(
        message + more, file=source, entry=entry, field=field, expected=expected, hint=hint
    )


def _in_words(kind: str, err: Mapping[str, Any], value: object, got: str) -> tuple[str, str | None]:
    """Say a value the field does not take in our words, with a hint when one helps.

    A value not among the allowed ones (a near one suggested), empty text, and a number or
    a list where text is written.
    """
    if kind == "string_too_short" or value is None:
        return "it is empty", None
    if kind == "string_type":
        quote = isinstance(value, int | float | Decimal | bool)
        return f"{got} is {_kind_of(value)}, not text", "Write it in quotes" if quote else None
    allowed = str((err.get("ctx") or {}).get("expected", "")).split("'")[1::2]
    message = f"{got} is not an allowed value"
    if isinstance(value, list):
        return message + ": a list, where one value is written", None
    if not isinstance(value, str):
        return message, None
    near = [a for a in allowed if a.lower() == value.strip().lower()]
    near = near or difflib.get_close_matches(value.strip(), allowed, n=1, cutoff=0.75)
    case = " (case matters)" if near and near[0].lower() == value.strip().lower() else ""
    return message, f"Did you mean {near[0]!r}?{case}" if near else None


def _kind_of(value: object) -> str:
    """Say what a value read from YAML or JSON is: ``a number``, ``a list``..."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float | Decimal):
        return "a number"
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "a mapping"
    return "not text"


def _unknown(name: str, model: type[Entity] | None) -> tuple[str, str]:
    """Say that ``name`` is no field of ``model`` (no section, without one), and what is near."""
    known = list(model.model_fields) if model else list(PortfolioDocument.model_fields)
    near = difflib.get_close_matches(name, known, n=3)
    what = "field" if model else "section"
    hint = (
        ("Did you mean " + ", ".join(map(repr, near)) + "?")
        if near
        else (f"Known {what}s: " + ", ".join(known))
    )
    return f"unknown {what} {excerpt(name)}", hint


def _describe(model: type[Entity], field: str) -> str:
    ann = model.model_fields[field].annotation
    text = getattr(ann, "__name__", None) or str(ann)
    mapping = {
        "Decimal": "a decimal number such as 99.9",
        "int": "a whole number",
        "date": "a date such as 2026-01-31",
        "str": "text",
    }
    for key, desc in mapping.items():
        if key in str(ann):
            return desc
    if isinstance(ann, type) and issubclass(ann, Enum):
        return "one of " + ", ".join(m.value for m in ann)
    for arg in getattr(ann, "__args__", ()):
        if isinstance(arg, type) and issubclass(arg, Enum):
            return "one of " + ", ".join(str(m.value) for m in arg)
    return text
