r"""Where an entry, or one of its fields, is written in a document's text: its line.

An error about an entry of an authoring document (YAML or JSON) names the file, the entry
and the field; :func:`locate` adds the line, so that an editor can jump to it. The text is
read again only on this error path (nothing is kept from a load that succeeds), by PyYAML's
composer, which keeps each node's position; JSON is read the same way (JSON text is YAML
once its tabs, which JSON allows only between tokens, are spaces). An entry is found by its
section and index, or by its ``id``; the line is that of the field's key when the entry
writes the field, else the entry's first line.

Examples
--------
>>> text = "needs:\n  - id: n1\n    label: N\n    priority: high\n"
>>> entry_line(text, "yaml", section="needs", index=0, field="priority")
4
>>> entry_line(text, "yaml", ident="n1"), entry_line(text, "yaml", ident="n2")
(2, None)
>>> from stsm_graph.errors import InputError
>>> str(locate(InputError("bad", file="p.yaml", entry="n1", field="label"), text, "yaml"))
"p.yaml, line 3: entry 'n1', field 'label': bad"
"""

from __future__ import annotations

import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from stsm_graph.errors import InputError

__all__ = ["entry_line", "key_line", "locate"]


def entry_line(
    text: str,
    syntax: str,
    *,
    section: str | None = None,
    index: int | None = None,
    ident: str | None = None,
    field: str | None = None,
) -> int | None:
    """Return the line (from 1) of an entry's ``field``, or of the entry; ``None`` if not found.

    The entry is the ``index``-th of ``section``, or the one whose ``id`` is ``ident`` (in
    ``section``, or in any section). Text that does not read is ``None``, never an error:
    this only adds to an error already found.
    """
    root = _compose(text, syntax)
    if not isinstance(root, MappingNode):
        return None
    entry = None
    for key, value in root.value:
        if not isinstance(value, SequenceNode) or (section is not None and _text(key) != section):
            continue
        if index is not None:
            entry = value.value[index] if 0 <= index < len(value.value) else None
        else:
            entry = next((e for e in value.value if _field(e, "id") == ident), None)
        if entry is not None:
            break
    if entry is None:
        return None
    where = _key(entry, field) if field is not None else None
    return (where or entry).start_mark.line + 1


def key_line(text: str, syntax: str, key: str) -> int | None:
    r"""Return the line (from 1) of a top-level key (a section, ``base``); ``None`` if not found.

    Examples
    --------
    >>> key_line("stsm_graph: 1\nbase: x\n", "yaml", "base"), key_line("a: 1", "yaml", "b")
    (2, None)
    """
    root = _compose(text, syntax)
    if not isinstance(root, MappingNode):
        return None
    return next((k.start_mark.line + 1 for k, _v in root.value if _text(k) == key), None)


def locate(err: InputError, text: str, syntax: str) -> InputError:
    """Return ``err`` with the line of its entry and field, found by its position or its id.

    An entry is found by the section and index the error gives (``err.position``), else
    as the entry whose ``id`` is written as the error names it; a field of no entry is a
    top-level key (``base``). An error that already says
    its line, names no entry, or names one no entry's ``id`` is written as (an excerpt of a
    long id, a node no entry declares) is returned as it is.
    """
    if err.line is not None:
        return err
    if err.position is not None:
        section, index = err.position
        return err.at_line(entry_line(text, syntax, section=section, index=index, field=err.field))
    if err.entry is not None:
        err.at_line(entry_line(text, syntax, ident=err.entry, field=err.field))
    elif err.field is not None:  # a field of no entry: a top-level key (``base``)
        err.at_line(key_line(text, syntax, err.field))
    return err


#: what YAML reads as a line break, or refuses, and JSON does not: JSON counts lines by
#: ``\n`` only (a lone ``\r`` is spacing there; U+0085, U+2028 and U+2029 may stand raw in
#: its strings), and a JSON string may hold characters YAML will not read raw
_NOT_JSON_LINES = re.compile(
    "\r(?!\n)|[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]"
)


def _compose(text: str, syntax: str) -> Node | None:
    if syntax == "json":  # the same length, the same lines as JSON counts them
        text = _NOT_JSON_LINES.sub(" ", text)
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        return None


def _text(node: Node) -> str | None:
    return node.value if isinstance(node, ScalarNode) else None


def _key(entry: Node, name: str) -> Node | None:
    if not isinstance(entry, MappingNode):
        return None
    return next((k for k, _v in entry.value if _text(k) == name), None)


def _field(entry: Node, name: str) -> str | None:
    if not isinstance(entry, MappingNode):
        return None
    return next((_text(v) for k, v in entry.value if _text(k) == name), None)
