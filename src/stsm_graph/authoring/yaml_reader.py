r"""The YAML half of the authoring reader: PyYAML's safe loader, bounded and exact.

See :mod:`stsm_graph.authoring.reader`. Aliases are measured before anything is built, nesting is
counted while composing, a key written twice is refused, numbers with a fraction become
exact ``Decimal`` values, dates stay text, and a scalar that cannot be what its tag says is
reported with its entry and field.

Examples
--------
>>> load_yaml("a: 1.50\nb: 2026-01-31\n", source="p.yaml")
{'a': Decimal('1.50'), 'b': '2026-01-31'}
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from stsm_graph.authoring.limits import (
    MAX_ALIAS_VALUES,
    MAX_DEPTH,
    MAX_NUMBER_CHARS,
    duplicate_key_error,
    excerpt,
)
from stsm_graph.errors import DatatypeError, InputError, ParseError

__all__ = ["load_yaml"]

_MERGE = "tag:yaml.org,2002:merge"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _ValueProblemError(Exception):
    """A scalar node that cannot be constructed; carries the node for the error."""

    def __init__(self, node: Node, message: str, expected: str) -> None:
        super().__init__(message)
        self.node = node
        self.message = message
        self.expected = expected


def _number_text(node: Node, text: str, what: str) -> str:
    clean = text.replace("_", "")
    if len(clean) > MAX_NUMBER_CHARS:
        raise _ValueProblemError(
            node,
            f"a number of {len(clean)} characters is out of range",
            f"{what} of at most {MAX_NUMBER_CHARS} characters",
        )
    return clean


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader with bounds, exact decimals, no implicit dates, no duplicate keys."""

    yaml_implicit_resolvers = {  # noqa: RUF012 - PyYAML reads it as a class attribute
        first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise _TooDeepError(mark.line + 1 if mark else None)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def compose_mapping_node(self, anchor: Any) -> MappingNode:
        node: MappingNode = super().compose_mapping_node(anchor)
        seen: dict[tuple[str, str], ScalarNode] = {}
        for key, _ in node.value:
            if not isinstance(key, ScalarNode) or key.tag == _MERGE:
                continue
            first = seen.setdefault((key.tag, key.value), key)
            if first is not key:
                raise _DuplicateKeyError(
                    key.value, first.start_mark.line + 1, key.start_mark.line + 1
                )
        return node

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (_ValueProblemError, yaml.YAMLError):
            raise
        except (ValueError, KeyError, TypeError, AttributeError, ArithmeticError) as exc:
            raise _ValueProblemError(
                node,
                f"{excerpt(getattr(node, 'value', ''))} cannot be read as {node.tag}",
                "a value of the kind its tag names",
            ) from exc

    def construct_yaml_int(self, node: ScalarNode) -> int:
        _number_text(node, str(node.value), "a whole number")
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            raise _ValueProblemError(
                node, f"{excerpt(node.value)} is not a whole number", "a whole number"
            ) from None

    def construct_yaml_float(self, node: ScalarNode) -> Decimal:  # type: ignore[override]
        text = _number_text(node, str(node.value), "a number").lower()
        special = {".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity", ".nan": "NaN"}
        try:
            if text in special:
                return Decimal(special[text])
            if ":" in text:  # YAML 1.1 base 60, as PyYAML reads it
                return Decimal(repr(super().construct_yaml_float(node)))
            return Decimal(text)
        except (ValueError, InvalidOperation):
            raise _ValueProblemError(
                node, f"{excerpt(node.value)} is not a number", "a number such as 99.9"
            ) from None

    def construct_yaml_bool(self, node: ScalarNode) -> bool:
        try:
            return super().construct_yaml_bool(node)
        except KeyError:
            raise _ValueProblemError(
                node, f"{excerpt(node.value)} is not true or false", "true or false"
            ) from None

    def construct_yaml_timestamp(self, node: ScalarNode) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, TypeError, AttributeError, OverflowError):
            raise _ValueProblemError(
                node, f"{excerpt(node.value)} is not a date", "a date such as 2026-01-31"
            ) from None


for _tag, _method in (
    ("int", _Loader.construct_yaml_int),
    ("float", _Loader.construct_yaml_float),
    ("bool", _Loader.construct_yaml_bool),
    ("timestamp", _Loader.construct_yaml_timestamp),
):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _method)


class _TooDeepError(Exception):
    def __init__(self, line: int | None) -> None:
        self.line = line


class _DuplicateKeyError(Exception):
    def __init__(self, key: str, first: int, second: int) -> None:
        self.key, self.first, self.second = key, first, second


class _TooManyError(Exception):
    def __init__(self, line: int | None, recursive: bool = False) -> None:
        self.line, self.recursive = line, recursive


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


def _measure(root: Node) -> None:
    """Refuse a node tree whose aliases expand too far or too deep, or refer to themselves.

    Each node is measured once (a walk over the text, not over the expansion), so a small
    document cannot make this slow.
    """
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    open_: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        kids = _children(node)
        if done:
            open_.discard(key)
            size[key] = 1 + sum(size[id(k)] for k in kids)
            depth[key] = 1 + max((depth[id(k)] for k in kids), default=0)
            # every node below this one is measured by now: what its size has beyond their
            # number, the aliases added
            if size[key] > MAX_ALIAS_VALUES + len(size) or depth[key] > MAX_DEPTH:
                raise _TooManyError(node.start_mark.line + 1 if node.start_mark else None)
            continue
        if key in size:
            continue
        if key in open_:
            raise _TooManyError(node.start_mark.line + 1 if node.start_mark else None, True)
        open_.add(key)
        stack.append((node, True))
        stack.extend((k, False) for k in kids if id(k) not in size)


_PLAIN_WORDS = [
    (
        "expected <block end>",
        "the indentation does not line up: a line is indented more or less than the lines "
        "around it, or a '- ' or 'key:' is missing",
    ),
    (
        "mapping values are not allowed",
        "a ': ' where a value was expected: put text that holds ': ' in quotes, or check the "
        "indentation",
    ),
    (
        "cannot start any token",
        "tabs and some characters cannot start a value; indent with "
        "spaces and put such text in quotes",
    ),
    (
        "could not find expected ':'",
        "a line is not 'key: value': a ':' is missing or a quote is not closed",
    ),
    ("found unexpected end of stream", "the file ends inside quotes or brackets: close them"),
    ("expected ',' or ']'", "a [ ... ] list is not closed, or lacks a comma"),
    ("expected ',' or '}'", "a { ... } mapping is not closed, or lacks a comma"),
    ("found undefined alias", "an alias (*name) names no anchor (&name) written before it"),
    ("found duplicate anchor", "two anchors (&name) have the same name"),
    (
        "unacceptable character",
        "the file holds a character YAML does not allow (a control character)",
    ),
    (
        "found unknown escape character",
        "a backslash in double quotes starts no known escape; write \\\\ or use single quotes",
    ),
    ("could not determine a constructor", "a tag (!name) this reader does not accept"),
]


def _plain_words(problem: str) -> str:
    for needle, sentence in _PLAIN_WORDS:
        if needle in problem:
            return sentence
    return "the text is not well-formed YAML"


def load_yaml(text: str, source: str) -> Any:
    """Read YAML text into plain data (see the module docstring)."""
    root: Node | None = None
    loader: _Loader | None = None
    try:
        loader = _Loader(text)
        root = loader.get_single_node()
        if root is None:
            return None
        _measure(root)
        return loader.construct_document(root)
    except _ValueProblemError as exc:
        raise _value_error(exc, root or exc.node, source) from None
    except _TooDeepError as exc:
        raise ParseError(
            f"the document nests lists and mappings more than {MAX_DEPTH} levels deep",
            line=exc.line,
            file=source,
            expected="a mapping of sections, each a list of entries",
        ) from None
    except _TooManyError as exc:
        what = (
            "an alias (*name) is used inside the very value its anchor names"
            if exc.recursive
            else f"the aliases (*name) add more than {MAX_ALIAS_VALUES:,} values or nest more "
            f"than {MAX_DEPTH} levels"
        )
        raise ParseError(what, line=exc.line, file=source, hint="Write the values out") from None
    except _DuplicateKeyError as exc:
        raise duplicate_key_error(exc.key, exc.first, exc.second, source) from None
    except yaml.reader.ReaderError as exc:
        raise ParseError(
            f"not valid YAML: the file holds the character U+{exc.character:04X}, which YAML "
            "does not allow (a control character)",
            line=text.count("\n", 0, exc.position) + 1,
            file=source,
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = mark.line + 1 if mark is not None else None
        column = f", column {mark.column + 1}" if mark is not None else ""
        problem = str(getattr(exc, "problem", None) or exc)
        raise ParseError(
            f"not valid YAML{column}: {_plain_words(problem)} (the parser says: {problem[:120]})",
            line=where,
            file=source,
        ) from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. an escape "\U001e4000"
        mark = loader.get_mark() if loader is not None else None
        raise ParseError(
            f"not valid YAML: {str(exc)[:120]}",
            line=mark.line + 1 if mark is not None else None,
            file=source,
        ) from None
    except RecursionError:  # pragma: no cover - the depth bound comes first
        raise ParseError("the document nests too deeply", file=source) from None
    finally:
        if loader is not None:
            loader.dispose()


def _path_to(root: Node, target: Node) -> tuple[list[str | int], list[Node]]:
    """Return the keys and indexes leading from ``root`` to ``target``, and the nodes on the way."""
    stack: list[tuple[Node, list[str | int], list[Node]]] = [(root, [], [root])]
    seen: set[int] = set()
    while stack:
        node, path, nodes = stack.pop()
        if node is target:
            return path, nodes
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for k, v in node.value:
                name = k.value if isinstance(k, ScalarNode) else "?"
                stack.append((v, [*path, name], [*nodes, v]))
        elif isinstance(node, SequenceNode):
            for i, v in enumerate(node.value):
                stack.append((v, [*path, i], [*nodes, v]))
    return [], []


def _value_error(exc: _ValueProblemError, root: Node, source: str) -> InputError:
    path, nodes = _path_to(root, exc.node)
    line = exc.node.start_mark.line + 1 if exc.node.start_mark else None
    entry: str | None = None
    field: str | None = None
    if len(path) >= 2 and isinstance(path[0], str) and isinstance(path[1], int):
        entry = f"{path[0]}[{path[1]}]"
        item = nodes[2]
        if isinstance(item, MappingNode):
            ident = next(
                (
                    v.value
                    for k, v in item.value
                    if getattr(k, "value", None) == "id" and isinstance(v, ScalarNode)
                ),
                None,
            )
            if ident:
                entry += f" (id {excerpt(ident)})"
        field = ".".join(str(p) for p in path[2:3]) or None
    elif path:
        field = ".".join(str(p) for p in path)
    return DatatypeError(
        exc.message, file=source, entry=entry, field=field, expected=exc.expected, line=line
    )
