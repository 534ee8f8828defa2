r"""Reading the text of an authoring document (YAML or JSON) into plain data, safely.

The text may come from anyone, so the reader bounds what it builds: a document nests at most
:data:`MAX_DEPTH` levels, YAML aliases add at most :data:`MAX_ALIAS_VALUES` values (a
"billion laughs" document is refused before anything walks it), a number is at most
:data:`MAX_NUMBER_CHARS` characters long, and a key written twice in one mapping is an
error naming both lines. Numbers with a fraction are read as exact ``Decimal`` values
(``99.90`` stays ``99.90``); dates stay text for the model to read, so a bad date is
reported with its entry and field. Every failure is an :class:`~stsm_graph.errors.InputError`
naming the file and, when known, the entry and field or the line; a message quotes at most a
short excerpt of the input (:func:`excerpt`).

Examples
--------
>>> load_text("needs: [{id: n1, label: N, x: 99.90}]", source="p.yaml", syntax="yaml")
{'needs': [{'id': 'n1', 'label': 'N', 'x': Decimal('99.90')}]}
>>> load_text('{"a": 1, "a": 2}', source="p.json", syntax="json")
Traceback (most recent call last):
...
stsm_graph.errors.ParseError: p.json, line 1: the key 'a' is written twice in one mapping, ...
"""

from __future__ import annotations

from typing import Any

from stsm_graph.authoring.json_reader import load_json
from stsm_graph.authoring.limits import MAX_ALIAS_VALUES, MAX_DEPTH, MAX_NUMBER_CHARS, excerpt
from stsm_graph.authoring.yaml_reader import load_yaml

__all__ = ["MAX_ALIAS_VALUES", "MAX_DEPTH", "MAX_NUMBER_CHARS", "excerpt", "load_text"]


def load_text(text: str, *, source: str, syntax: str) -> Any:
    """Read YAML or JSON text into plain data (dicts, lists, text, numbers, booleans).

    Raises
    ------
    ParseError
        Malformed text, a duplicate key, nesting too deep, aliases that expand too far;
        the message names the line and says in plain words what is wrong.
    DatatypeError
        A scalar that cannot be what its tag or form says (``!!int x``, a 5,000-digit
        number); the message names the entry and field.
    """
    if syntax == "json":
        return load_json(text, source)
    return load_yaml(text, source)
