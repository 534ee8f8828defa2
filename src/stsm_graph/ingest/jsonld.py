"""What JSON-LD would lose without a word, found before it is loaded.

A JSON-LD processor drops, by the standard, what it cannot read as RDF: a node whose
``@id`` is not a valid IRI (a space in it, or a relative IRI with no base), a key that maps
to no IRI. It also reads named graphs and remote contexts. These checks run on the document
before the strict parse, so that a portfolio loads whole or not at all.

Examples
--------
>>> doc = b'{"@id": "https://ex.org/a b", "https://ex.org/p": "x"}'
>>> refuse_lost_content(doc, "a.jsonld")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
stsm_graph.errors.InputError: a.jsonld: entry 'https://ex.org/a b': ...is not a valid IRI...
"""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox

from stsm_graph.errors import InputError, NetworkAccessError, ParseError
from stsm_graph.vocabulary.shown import field_name, shown

__all__ = ["MAX_DEPTH", "has_content", "load_json", "refuse_lost_content", "refuse_remote_context"]

#: how deeply a JSON document may nest arrays and objects; a portfolio needs a handful
MAX_DEPTH = 100


def load_json(text: str, source: str) -> Any:
    """Parse JSON text, refusing syntax errors and nesting deeper than :data:`MAX_DEPTH`.

    Examples
    --------
    >>> load_json("[" * 101 + "]" * 101, "deep.jsonld")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    stsm_graph.errors.ParseError: deep.jsonld: the JSON nests arrays and objects 101 deep...
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"not valid JSON: {exc.msg}", line=exc.lineno, file=source) from exc
    except RecursionError:
        data = None
        depth = MAX_DEPTH + 1
    else:
        depth = nesting(data)
    if depth > MAX_DEPTH:
        raise ParseError(
            "the JSON nests arrays and objects "
            + (f"more than {MAX_DEPTH}" if data is None else str(depth))
            + " deep",
            file=source,
            expected=f"at most {MAX_DEPTH} levels",
        )
    return data


def nesting(data: Any) -> int:
    """Return how deeply ``data`` nests lists and dicts (a scalar is 0), without recursion.

    Examples
    --------
    >>> nesting([1, {"a": [2]}]), nesting("x")
    (3, 0)
    """
    deepest, stack = 0, [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            stack.extend(
                (x, depth + 1) for x in (item.values() if isinstance(item, dict) else item)
            )
    return deepest


def _nodes(data: Any) -> list[Any]:
    """Every list and dict in ``data``, without recursion (the depth is bounded before)."""
    found, stack = [], [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict | list):
            found.append(item)
            stack.extend(item.values() if isinstance(item, dict) else item)
    return found


def has_content(data: Any) -> bool:
    """Tell whether a JSON value states anything: a value other than ``null``, ``[]``, ``{}``.

    A node's ``@id`` alone and the ``@context`` state nothing; a key, ``@type`` or ``@value``
    with a value does, as does a bare value in a list.

    Examples
    --------
    >>> has_content([1, 2, 3]), has_content({"@graph": [{"@id": "urn:x:a", "p": []}]})
    (True, False)
    """
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(v for k, v in item.items() if k not in ("@context", "@id"))
        elif item is not None:
            return True
    return False


def refuse_remote_context(data: Any, source: str) -> None:
    """Refuse a remote ``@context`` or ``@import``: loading never uses the network."""
    for node in _nodes(data):
        if not isinstance(node, dict):
            continue
        for key in ("@context", "@import"):
            value = node.get(key)
            for ctx in value if isinstance(value, list) else [value]:
                if isinstance(ctx, str):
                    raise NetworkAccessError(
                        f"the JSON-LD {key} {ctx[:200]!r} is remote, and loading never "
                        "uses the network",
                        file=source,
                        field=key,
                        hint="Inline the context as a JSON object",
                    )


def refuse_lost_content(text: bytes, source: str) -> None:
    """Refuse what the strict JSON-LD parse would drop: invalid IRIs and named graphs.

    The document is read once leniently, which keeps what the strict parse drops; every IRI
    it holds is then checked as the strict parse would.

    Raises
    ------
    InputError
        A node, property, type or value whose IRI is not valid (with the node and the
        property), or a named graph.
    """
    try:
        quads = ox.parse(text, format=ox.RdfFormat.JSON_LD, lenient=True)
        for quad in quads:
            _check_iris(quad, source)
            if not isinstance(quad.graph_name, ox.DefaultGraph):
                graph = quad.graph_name
                raise InputError(
                    f"the named graph {shown(graph)} holds triples (such as "
                    f"{shown(quad.subject)} {shown(quad.predicate)} {shown(quad.object)}); "
                    "a portfolio is one graph",
                    file=source,
                    entry=getattr(graph, "value", str(graph)),
                    field="@graph",
                    expected="every node in the document's default graph",
                    hint="Move the nodes of the named graph into the top-level @graph and "
                    "drop its @id",
                )
    except SyntaxError:
        return  # the strict parse says what is wrong, with the line


def _check_iris(quad: ox.Quad, source: str) -> None:
    subject = quad.subject
    entry = subject.value if isinstance(subject, ox.NamedNode) else None
    value = quad.object
    if isinstance(value, ox.Literal) and value.language:
        try:
            ox.Literal(value.value, language=value.language)  # the strict check of BCP 47
        except ValueError as exc:
            raise InputError(
                f"{value.language[:50]!r} is not a language tag ({exc}); JSON-LD would drop "
                "the value",
                file=source,
                entry=entry,
                field=field_name(quad.predicate.value),
                expected="a language tag such as en or de-CH",
            ) from None
    for term, role in (
        (subject, "@id"),
        (quad.predicate, "property"),
        (quad.object, "value"),
        (quad.graph_name, "@graph"),
    ):
        if not isinstance(term, ox.NamedNode):
            continue
        try:
            ox.NamedNode(term.value)  # the strict check of RFC 3987, as the strict parse does
        except ValueError as exc:
            if role == "property" and ":" not in term.value:
                raise InputError(
                    f"the key {term.value[:200]!r} is neither a term of the @context nor an "
                    "IRI, and JSON-LD would drop it without a word",
                    file=source,
                    entry=entry,
                    field=term.value[:200],
                    expected="keys named in the @context, or full IRIs",
                    hint='Define the key in the @context (such as "label": '
                    '"http://www.w3.org/2000/01/rdf-schema#label"), or use the authoring '
                    "format (a mapping of sections, as in YAML)",
                ) from None
            field = {
                "@id": None,
                "property": term.value[:200],
                "value": field_name(quad.predicate.value),
                "@graph": "@graph",
            }[role]
            raise InputError(
                f"{term.value[:200]!r} is not a valid IRI ({exc}); JSON-LD would drop "
                f"{'the node' if role == '@id' else 'the ' + role}",
                file=source,
                entry=entry,
                field=field,
                expected="an absolute IRI, without spaces, such as https://example.org/p/a",
                hint="Percent-encode the character (a space is %20), or give the document an "
                "@base if the IRI is meant to be relative",
            ) from None
