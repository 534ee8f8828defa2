"""A document's text: YAML or JSON read into a validated document, and written back exactly.

Reading names the file, the entry, the field and the line of the first problem. Writing leaves out
empty fields and writes every number digit for digit, so the text reads back as the same
document.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from enum import Enum
from typing import Any

import yaml
from pydantic import ValidationError

from stsm_graph.authoring.messages import input_error
from stsm_graph.authoring.model import PortfolioDocument
from stsm_graph.authoring.reader import load_text
from stsm_graph.authoring.terms import decimal_text
from stsm_graph.errors import InputError

__all__ = ["dump_document", "parse_document"]


def parse_document(
    text: str, *, source: str = "<document>", syntax: str | None = None
) -> PortfolioDocument:
    """Parse YAML (or JSON, which is YAML) text into a validated document.

    ``syntax`` is ``"yaml"`` or ``"json"``; by default JSON when ``source`` ends in ``.json``.

    Raises
    ------
    ParseError
        The text is not YAML; the message names the line.
    InputError
        An unknown section or field, a missing label, or a value of the wrong kind.
    DatatypeError
        A value of the wrong datatype, e.g. a target value that is not a number.
    """
    if not text.strip():
        raise InputError("the file is empty", file=source, expected="a portfolio document")
    as_json = syntax == "json" if syntax is not None else source.endswith(".json")
    syntax = "json" if as_json else "yaml"
    data = load_text(text, source=source, syntax=syntax)
    if not isinstance(data, dict):
        raise InputError(
            "the document must be a mapping of sections",
            file=source,
            expected="keys such as base, customers, needs, services",
        )
    try:
        return PortfolioDocument.model_validate(data)
    except ValidationError as exc:
        raise input_error(exc, data, source, text=text, syntax=syntax) from None


def dump_document(doc: PortfolioDocument, *, fmt: str = "yaml") -> str:
    """Write a document as YAML (default) or JSON, leaving out empty fields.

    Examples
    --------
    >>> print(dump_document(PortfolioDocument(needs=[{"id": "n1", "label": "N"}])), end="")
    stsm_graph: 1
    base: https://example.org/portfolio/
    needs:
    - id: n1
      label: N
    """
    data = doc.model_dump(mode="python", exclude_defaults=True)
    data = {"stsm_graph": doc.stsm_graph, "base": doc.base, **data}
    data = _plainify(data)
    if fmt == "json":
        return _json_text(data) + "\n"
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, with numbers written exactly and NEL double-quoted.

    PyYAML writes NEL raw inside a single-quoted scalar, where reading folds it to a space.
    A ``Decimal`` is written as a plain number, digit for digit (``99.90``), which the
    reader takes back as the same ``Decimal``.
    """


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = '"' if "\x85" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _number_text(d: Decimal) -> str | None:
    """Return ``d`` as a YAML or JSON number that reads back as the very same ``Decimal``.

    Examples
    --------
    >>> _number_text(Decimal("99.90")), _number_text(Decimal("24")), _number_text(Decimal("-0"))
    ('99.90', '24', None)
    """
    text = decimal_text(d)
    if "." not in text and Decimal(int(text)).as_tuple() != d.as_tuple():
        return None  # -0 reads back as 0
    return text


def _represent_decimal(dumper: yaml.SafeDumper, data: Decimal) -> yaml.ScalarNode:
    text = _number_text(data)
    if text is None:
        return dumper.represent_scalar("tag:yaml.org,2002:str", decimal_text(data))
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(Decimal, _represent_decimal)


def _json_text(v: Any, indent: int = 0) -> str:
    """JSON as ``json.dumps(indent=2)`` writes it, except that a ``Decimal`` is an exact number."""
    pad, inner = "  " * indent, "  " * (indent + 1)
    if isinstance(v, dict) and v:
        items = (
            f"{inner}{json.dumps(k, ensure_ascii=False)}: {_json_text(x, indent + 1)}"
            for k, x in v.items()
        )
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(v, list) and v:
        return "[\n" + ",\n".join(inner + _json_text(x, indent + 1) for x in v) + "\n" + pad + "]"
    if isinstance(v, Decimal):
        text = _number_text(v)
        return text if text is not None else json.dumps(decimal_text(v))
    return json.dumps(v, ensure_ascii=False)


def _plainify(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _plainify(x) for k, x in v.items() if x not in (None, [])}
    if isinstance(v, list):
        return [_plainify(x) for x in v]
    if isinstance(v, Enum):
        return v.value
    if isinstance(v, dt.date):
        return v.isoformat()
    return v
