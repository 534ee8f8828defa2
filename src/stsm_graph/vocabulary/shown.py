"""Terms written short for messages: prefixed names, cut texts, control characters escaped.

Examples
--------
>>> field_name("http://www.w3.org/2000/01/rdf-schema#label")
'rdfs:label'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox

from stsm_graph.vocabulary.namespace import STSM

__all__ = [
    "BUILTIN_PREFIXES",
    "compact",
    "field_name",
    "in_sentence",
    "kind_words",
    "known_prefixes",
    "shown",
    "shown_datatype",
]

_NS = str(STSM)
_XSD = "http://www.w3.org/2001/XMLSchema#"
#: prefixes every document and query may use without declaring them, and messages use
BUILTIN_PREFIXES: dict[str, str] = {
    "stsm": _NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": _XSD,
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
}


def field_name(iri: str) -> str:
    """Write a property's IRI short, with the prefix the docs use for it.

    Examples
    --------
    >>> field_name("https://w3id.org/stsm#status"), field_name("urn:x:p")
    ('stsm:status', 'urn:x:p')
    """
    for prefix, ns in BUILTIN_PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


#: what may follow a prefix in a name written short (the local part of a Turtle prefixed
#: name, without the escapes): a name with anything else stays a whole IRI
_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(?<!\.)")
#: what may follow the base in a bare id: anything an IRI holds but a colon (which would
#: read as a prefix)
_BARE = re.compile(r"[^\s:<>\"{}|^`\\]+")


def known_prefixes(prefixes: Mapping[str, str] | None) -> dict[str, str]:
    """Return the prefixes a name is read with: a file's, then the built-in ones over them.

    A built-in prefix means what it always means, whatever a file declares: so a short name
    written by :func:`compact` reads back as the same IRI.

    Examples
    --------
    >>> known_prefixes({"ex": "urn:x:", "rdfs": "urn:other:"})["rdfs"]
    'http://www.w3.org/2000/01/rdf-schema#'
    """
    return {**(prefixes or {}), **BUILTIN_PREFIXES}


def compact(iri: str, prefixes: Mapping[str, str]) -> str:
    """Write an IRI short for a person: ``prefix:local``, or the bare id under the base.

    ``prefixes`` are those a portfolio's files declared (``Portfolio.prefixes``; ``""`` is
    the base of a YAML document, whose ids are written bare, as in the file). The longest
    namespace that fits is used, the vocabularies' usual prefixes (``stsm:``, ``rdfs:``...)
    among them, meaning what they always mean. An IRI whose rest is not a plain name (a
    ``/``, a ``#``, a space...; under the base only a colon or a space) stays whole, so
    that every short name reads back as the same IRI (``Portfolio.resolve``, ``--node``).

    Examples
    --------
    >>> ns = {"": "https://example.org/p/", "ex": "https://example.org/"}
    >>> compact("https://example.org/p/svc-desk", ns), compact("https://example.org/x", ns)
    ('svc-desk', 'ex:x')
    >>> compact("https://w3id.org/stsm#Need", ns), compact("https://example.org/x/y", ns)
    ('stsm:Need', 'https://example.org/x/y')
    >>> compact("https://example.org/p/team/a", ns)  # an id under the base, as YAML writes it
    'team/a'
    """
    known = known_prefixes(prefixes)
    best, shown_as = "", iri
    for prefix, ns in known.items():
        rest = iri[len(ns) :]
        plain = (_BARE if prefix == "" else _LOCAL).fullmatch(rest)
        if ns and len(ns) > len(best) and iri.startswith(ns) and plain:
            best, shown_as = ns, (f"{prefix}:" if prefix else "") + rest
    if not best and iri.partition(":")[0] in known:  # it would read as a prefixed name
        return f"<{iri}>"
    return shown_as


def in_sentence(words: str) -> str:
    """Write words as they stand inside a sentence: small letters, an acronym kept.

    Examples
    --------
    >>> in_sentence("Service system component"), in_sentence("SLA template")
    ('service system component', 'SLA template')
    """
    return " ".join(w if w[1:2].isupper() else w.lower() for w in words.split())


def kind_words(name: str) -> str:
    """Write a class (its IRI or local name) as words a person reads.

    Examples
    --------
    >>> kind_words("https://w3id.org/stsm#ServiceSystemComponent"), kind_words("SLATemplate")
    ('Service system component', 'SLA template')
    """
    local = name
    for sep in ("#", "/"):
        if sep in name.rstrip(sep):
            local = name.rstrip(sep).rsplit(sep, 1)[1]
            break
    words = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", local).split()
    if not words:
        return local
    return " ".join([words[0], *(w if w.isupper() else w.lower() for w in words[1:])])


_SHOWN_MAX = 80


def shown(term: Any) -> str:
    r"""Write a term as in Turtle, short: long texts cut, control characters escaped.

    Examples
    --------
    >>> shown(ox.Literal("a\x1bb" + "x" * 100))
    '"a\\u001bbxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..."'
    >>> shown(ox.Literal("9", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    '"9"^^xsd:integer'
    """
    if isinstance(term, ox.NamedNode):
        return (
            "<" + _cut(term.value) + ">"
            if not term.value.startswith(_NS)
            else field_name(term.value)
        )
    if isinstance(term, ox.Literal):
        text = '"' + _cut(term.value).replace('"', '\\"') + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype.value != _XSD + "string":
            return f"{text}^^{shown_datatype(term.datatype.value)}"
        return text
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return _cut(str(term))


def shown_datatype(iri: str) -> str:
    """Write a datatype's IRI as ``xsd:name`` or ``<iri>``."""
    short = field_name(iri)
    return short if short != iri else f"<{_cut(iri)}>"


def _cut(text: str) -> str:
    """Cut ``text`` to a short excerpt and escape every control character."""
    cut = text if len(text) <= _SHOWN_MAX else text[: _SHOWN_MAX - 3] + "..."
    return re.sub(
        r"[\x00-\x1f\x7f-\x9f]",
        lambda m: {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(m[0], f"\\u{ord(m[0]):04x}"),
        cut,
    )
