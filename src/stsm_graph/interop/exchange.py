"""Streaming reader of the ArchiMate Model Exchange File Format (2.1, 3.0, 3.1).

The file is read in chunks by expat, never as a tree, so that memory follows what is kept
(element types, the relationships a rule can use), not the size of the file: views and
organizations are skipped as they stream by. Two passes: :func:`scan_model` reads the types
and the relationships; :func:`scan_elements` reads again, up to the end of ``<elements>``,
the names, documentation and properties of the elements asked for.

XML from elsewhere is refused when it has a document type declaration (``<!DOCTYPE``): that
is where internal entities (the "billion laughs") and external ones (files, URLs) are
declared, and an exchange file needs none. No entity is ever fetched.

Examples
--------
>>> import tempfile, pathlib
>>> xml = ('<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" '
...        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m">'
...        '<elements><element identifier="s" xsi:type="BusinessService">'
...        '<name xml:lang="en">Claims</name></element></elements></model>')
>>> with tempfile.TemporaryDirectory() as d:
...     f = pathlib.Path(d, "m.xml")
...     _ = f.write_text(xml, encoding="utf-8")
...     facts = scan_model(f, frozenset())
...     texts = dict(scan_elements(f, {"s"}))
>>> facts.version, facts.identifier, dict(facts.element_types)
('3.x', 'm', {'s': 'BusinessService'})
>>> texts["s"].names
[('Claims', 'en')]
"""

from __future__ import annotations

import difflib
import os
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

from stsm_graph.errors import DuplicateIdError, InputError, ParseError, UnknownReferenceError
from stsm_graph.interop.mapping import NAMESPACES, archimate_types

__all__ = ["ElementText", "ModelFacts", "Relationship", "scan_elements", "scan_model"]

_XSI_TYPE = "http://www.w3.org/2001/XMLSchema-instance type"
_XML_LANG = "http://www.w3.org/XML/1998/namespace lang"
_CHUNK = 1 << 20
#: what an exchange file's root is, for the message when it is something else
_EXPECTED = "an ArchiMate Model Exchange File (a <model> in the 2.1, 3.0 or 3.1 namespace)"
_ARCHI = "http://www.archimatetool.com/archimate"


@dataclass(frozen=True)
class Relationship:
    """A relationship a rule may use: its identifier, type as written and as read, ends."""

    identifier: str
    written: str
    type: str
    source: str
    target: str


@dataclass
class ModelFacts:
    """What the first pass keeps of a model."""

    version: str = ""
    identifier: str = ""
    #: element identifier -> its type
    element_types: dict[str, str] = field(default_factory=dict)
    #: the relationships of the types a rule uses
    relationships: list[Relationship] = field(default_factory=list)
    #: relationships of the other types, counted by type as written
    other_relationships: Counter[str] = field(default_factory=Counter)
    #: property definition identifier -> its name
    property_names: dict[str, str] = field(default_factory=dict)


@dataclass
class ElementText:
    """The texts of one element: names and documentation with their language, properties."""

    names: list[tuple[str, str | None]] = field(default_factory=list)
    documentation: list[tuple[str, str | None]] = field(default_factory=list)
    #: (property definition identifier, value, language)
    properties: list[tuple[str, str, str | None]] = field(default_factory=list)


class _StopError(Exception):
    """Raised by a handler to end a pass early."""


def _local(name: str) -> tuple[str, str]:
    ns, _, local = name.rpartition(" ")
    return ns, local


def _text(text: str) -> str:
    r"""Return a text with line ends as XML reads them (``\r\n`` and ``\r`` as ``\n``)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _chunks(path: os.PathLike[str], source: str, handlers: _Handlers) -> Iterator[None]:
    """Feed the file to expat in chunks, with ``handlers``, yielding after each; no DOCTYPE."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse_doctype(name: str, *_: object) -> None:
        raise InputError(
            f"the file has a document type declaration (<!DOCTYPE {name}>), which can declare "
            "entities that expand without end or read other files; it is refused",
            file=source,
            expected=_EXPECTED + ", without <!DOCTYPE>",
        )

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.StartElementHandler = handlers.start
    parser.EndElementHandler = handlers.end
    parser.CharacterDataHandler = handlers.chars
    handlers.line = lambda: parser.CurrentLineNumber
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                parser.Parse(chunk, False)
                yield
            parser.Parse(b"", True)
        if not handlers.depth_seen:
            raise InputError("the file holds no XML element", file=source, expected=_EXPECTED)
    except _StopError:
        return
    except expat.ExpatError as exc:
        raise ParseError(
            f"not well-formed XML: {expat.ErrorString(exc.code)}",
            line=exc.lineno,
            file=source,
            expected=_EXPECTED,
        ) from None


class _Handlers:
    """Element start and end, text: the state both passes share (the path of open tags)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.path: list[str] = []
        self.text: list[str] | None = None
        self.depth_seen = False
        self.line: Callable[[], int] = lambda: 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        ns, local = _local(name)
        if not self.path:
            self.depth_seen = True
            self.root(ns, local)
        self.path.append(local)
        self.opened(local, attrs)

    def end(self, name: str) -> None:
        self.closed(self.path[-1])
        self.path.pop()

    def chars(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)

    def root(self, ns: str, local: str) -> None:
        if local == "model" and ns in NAMESPACES:
            return
        hint = None
        if ns == _ARCHI:
            hint = (
                "This is Archi's own file format: in Archi, use File > Export > "
                "Model to Open Exchange File"
            )
        found = f"<{local}>" + (f" in namespace {ns}" if ns else " with no namespace")
        raise InputError(
            f"not an ArchiMate exchange model: its root element is {found}",
            file=self.source,
            expected=_EXPECTED,
            hint=hint,
        )

    def error(self, message: str, entry: str, field: str, expected: str) -> InputError:
        return InputError(
            message,
            file=self.source,
            line=self.line(),
            entry=entry,
            field=field,
            expected=expected,
        )

    def opened(self, local: str, attrs: dict[str, str]) -> None:
        """Take each element opened, after it joined the path."""

    def closed(self, local: str) -> None:
        """Take each element closed, before it leaves the path."""


def _xsi_type(attrs: dict[str, str]) -> str:
    value = attrs.get(_XSI_TYPE, "")
    return value.rpartition(":")[2]  # a QName: the prefix names the exchange namespace


class _ModelPass(_Handlers):
    """The first pass: the model's version and identifier, types, relationships, properties."""

    def __init__(self, source: str, rule_types: Collection[str]) -> None:
        super().__init__(source)
        self.facts = ModelFacts()
        self.rule_types = rule_types
        self.relationship_ids: set[str] = set()
        #: (relationship, end, identifier, line) of ends not known when read
        self.pending: list[tuple[str, str, str, int]] = []
        self.definition: str | None = None

    def root(self, ns: str, local: str) -> None:
        super().root(ns, local)
        self.facts.version = NAMESPACES[ns]
        self.types = archimate_types(self.facts.version)

    def opened(self, local: str, attrs: dict[str, str]) -> None:
        depth = len(self.path)
        if depth == 1:
            self.facts.identifier = attrs.get("identifier", "")
        elif depth == 3 and self.path[1] == "elements" and local == "element":
            self.element(attrs)
        elif depth == 3 and self.path[1] == "relationships" and local == "relationship":
            self.relationship(attrs)
        elif depth == 3 and local in ("propertyDefinition", "propertydef"):
            self.definition = attrs.get("identifier", "")
            if "name" in attrs:  # 2.1: <propertydef identifier="p" name="Owner"/>
                self.facts.property_names[self.definition] = attrs["name"]
        elif depth == 4 and self.definition is not None and local == "name":
            self.text = []

    def closed(self, local: str) -> None:
        if len(self.path) == 4 and self.text is not None and self.definition is not None:
            self.facts.property_names[self.definition] = _text("".join(self.text))
            self.text = None
        elif len(self.path) == 3:
            self.definition = None

    def identifier(self, attrs: dict[str, str], what: str) -> str:
        ident = attrs.get("identifier", "")
        if not ident:
            raise self.error(f"{what} without an identifier", "?", "identifier", "an xs:ID")
        if ident in self.facts.element_types or ident in self.relationship_ids:
            raise DuplicateIdError(
                "the identifier is declared twice",
                file=self.source,
                line=self.line(),
                entry=ident,
                field="identifier",
            )
        return ident

    def element(self, attrs: dict[str, str]) -> None:
        ident = self.identifier(attrs, "an element")
        kind = _xsi_type(attrs)
        if kind not in self.types.elements:
            near = difflib.get_close_matches(kind, sorted(self.types.elements), n=3)
            raise self.error(
                f"unknown ArchiMate element type {kind!r}"
                + (f"; did you mean {', '.join(near)}?" if near else ""),
                ident,
                "xsi:type",
                f"an element type of the ArchiMate {self.facts.version} exchange format",
            )
        self.facts.element_types[ident] = kind

    def relationship(self, attrs: dict[str, str]) -> None:
        ident = self.identifier(attrs, "a relationship")
        written = _xsi_type(attrs)
        kind = self.types.relationships.get(written)
        if kind is None:
            raise self.error(
                f"unknown ArchiMate relationship type {written!r}",
                ident,
                "xsi:type",
                f"one of {', '.join(sorted(self.types.relationships))}",
            )
        self.relationship_ids.add(ident)
        ends = {}
        for end in ("source", "target"):
            ends[end] = attrs.get(end, "")
            if ends[end] not in self.facts.element_types:  # maybe a relationship, maybe later
                self.pending.append((ident, end, ends[end], self.line()))
        if kind in self.rule_types:
            rel = Relationship(ident, written, kind, ends["source"], ends["target"])
            self.facts.relationships.append(rel)
        else:
            self.facts.other_relationships[written] += 1

    def check_ends(self) -> None:
        for ident, end, ref, line in self.pending:
            if ref in self.facts.element_types or ref in self.relationship_ids:
                continue
            near = difflib.get_close_matches(ref, list(self.facts.element_types), n=3)
            raise UnknownReferenceError(
                f"the relationship's {end} {ref!r} is no element nor relationship of the model",
                near=near,
                file=self.source,
                line=line,
                entry=ident,
                field=end,
                expected="the identifier of an element or relationship of the model",
            )


def scan_model(path: os.PathLike[str], rule_types: Collection[str]) -> ModelFacts:
    """Read a model's version, identifier, element types, relationships and property names.

    Relationships of a type in ``rule_types`` (3.x names) are kept; others are counted.

    Raises
    ------
    ParseError
        If the file is not well-formed XML (the line is named).
    InputError
        If it is not an exchange model, has a ``<!DOCTYPE``, an element or relationship of a
        type the format does not know (the identifier is named), or an identifier twice.
    UnknownReferenceError
        If a relationship's source or target is in the model neither as an element nor as a
        relationship.
    """
    handlers = _ModelPass(os.fspath(path), frozenset(rule_types))
    for _ in _chunks(path, os.fspath(path), handlers):
        pass
    handlers.check_ends()
    return handlers.facts


class _ElementPass(_Handlers):
    """The second pass: the texts of the elements asked for; it stops after ``<elements>``."""

    def __init__(self, source: str, wanted: Collection[str]) -> None:
        super().__init__(source)
        self.wanted = wanted
        self.found: list[tuple[str, ElementText]] = []
        self.current: ElementText | None = None
        self.lang: str | None = None
        self.property: str | None = None
        self.ident = ""

    def opened(self, local: str, attrs: dict[str, str]) -> None:
        depth = len(self.path)
        if depth == 3 and self.path[1] == "elements" and local == "element":
            self.ident = attrs.get("identifier", "")
            self.current = ElementText() if self.ident in self.wanted else None
        elif self.current is None or depth < 4:
            return
        elif depth == 4 and local in ("name", "label", "documentation"):
            self.text, self.lang = [], attrs.get(_XML_LANG)
        elif depth == 5 and local == "property":
            self.property = attrs.get("propertyDefinitionRef") or attrs.get("identifierref")
        elif depth == 6 and local == "value" and self.property is not None:
            self.text, self.lang = [], attrs.get(_XML_LANG)

    def closed(self, local: str) -> None:
        depth = len(self.path)
        if depth == 2 and local == "elements":
            raise _StopError
        if self.current is None:
            return
        if self.text is not None and depth in (4, 6):
            value = (_text("".join(self.text)), self.lang)
            if local == "documentation":
                self.current.documentation.append(value)
            elif local in ("name", "label"):
                self.current.names.append(value)
            elif self.property is not None:
                self.current.properties.append((self.property, *value))
            self.text = None
        elif depth == 3:
            self.found.append((self.ident, self.current))
            self.current = None

    def take(self) -> list[tuple[str, ElementText]]:
        """Return the elements read since last asked, and forget them."""
        found, self.found = self.found, []
        return found


def scan_elements(
    path: os.PathLike[str], wanted: Collection[str]
) -> Iterator[tuple[str, ElementText]]:
    """Yield ``(identifier, texts)`` of the elements ``wanted``, as the file streams by.

    The texts are names, documentation and properties; the file is one :func:`scan_model`
    read and checked. Only the elements of one chunk of the file are held at a time.
    """
    handlers = _ElementPass(os.fspath(path), wanted)
    for _ in _chunks(path, os.fspath(path), handlers):
        yield from handlers.take()
    yield from handlers.take()
