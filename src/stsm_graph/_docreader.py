r"""Reading the text of an authoring document (YAML or JSON) into plain data, safely.

The text may come from anyone, so the reader bounds what it builds: a document nests at most
:data:`MAX_DEPTH` levels, YAML aliases expand to at most :data:`MAX_VALUES` values (a
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

import json
import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from stsm_graph.errors import DatatypeError, InputError, ParseError

__all__ = ["MAX_DEPTH", "MAX_NUMBER_CHARS", "MAX_VALUES", "excerpt", "load_text"]

#: deepest nesting of lists and mappings a document may have (a portfolio needs 4)
MAX_DEPTH = 32
#: most values a YAML document may expand to, each use of an alias counted again
MAX_VALUES = 1_000_000
#: longest number, in characters, that a document may write
MAX_NUMBER_CHARS = 100
#: longest excerpt of an input that a message quotes
EXCERPT_CHARS = 60

_MERGE = "tag:yaml.org,2002:merge"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


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
        return _load_json(text, source)
    return _load_yaml(text, source)


# --------------------------------------------------------------------------- YAML


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
            if size[key] > MAX_VALUES or depth[key] > MAX_DEPTH:
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


def _load_yaml(text: str, source: str) -> Any:
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
            else f"the aliases (*name) expand to more than {MAX_VALUES:,} values or more "
            f"than {MAX_DEPTH} levels"
        )
        raise ParseError(what, line=exc.line, file=source, hint="Write the values out") from None
    except _DuplicateKeyError as exc:
        raise _duplicate(exc, source) from None
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


def _duplicate(exc: _DuplicateKeyError, source: str) -> ParseError:
    return ParseError(
        f"the key {excerpt(exc.key)} is written twice in one mapping, at lines {exc.first} "
        f"and {exc.second}; the second would silently replace the first",
        line=exc.second,
        file=source,
        hint="Keep one of them (the entries of a section written twice go in one list)",
    )


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
    where = f" (line {line})" if line is not None else ""
    return DatatypeError(
        exc.message + where, file=source, entry=entry, field=field, expected=exc.expected
    )


# --------------------------------------------------------------------------- JSON


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


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}:,]', re.DOTALL)


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


def _load_json(text: str, source: str) -> Any:
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
        raise _duplicate(_DuplicateKeyError(exc.key, *lines), source) from None
    except RecursionError:  # pragma: no cover - the depth bound comes first
        raise ParseError("the document nests too deeply", file=source) from None
    _refuse_bad_numbers(data, source)
    return data


def _refuse_bad_numbers(data: Any, source: str) -> None:
    stack: list[tuple[Any, list[str | int]]] = [(data, [])]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            stack.extend((v, [*path, k]) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, [*path, i]) for i, v in enumerate(value))
        elif isinstance(value, _BadNumber):
            entry = field = None
            if len(path) >= 2 and isinstance(path[1], int):
                entry = f"{path[0]}[{path[1]}]"
                item = data[path[0]][path[1]]
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    entry += f" (id {excerpt(item['id'])})"
                field = ".".join(str(p) for p in path[2:3]) or None
            else:
                field = ".".join(str(p) for p in path) or None
            raise DatatypeError(
                f"a number of {len(value.text)} characters is out of range",
                file=source,
                entry=entry,
                field=field,
                expected=f"a number of at most {MAX_NUMBER_CHARS} characters",
            )
