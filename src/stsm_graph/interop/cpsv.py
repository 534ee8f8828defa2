"""Public-service catalogues in CPSV-AP (2.x and 3.x) in, as portfolios.

:func:`read` turns a catalogue (Turtle, RDF/XML, JSON-LD or N-Triples) into a
:class:`~stsm_graph.Portfolio` by the table of ``ontology/alignments/cpsv.csv`` (see
docs/interop.md): public services become standard services (named by ``dct:title``), the
events that group them needs they address, channels, competent authorities and
participations (service providers) the service system around each service, a required
service a dependency, a sector a service line. The catalogue's IRIs are kept. A blank node
gets a stable IRI under ``base``: a digest of what it says and of what points at it, so the
same catalogue gives the same IRIs however it is written.

Examples
--------
>>> import tempfile, pathlib
>>> ttl = '''@prefix cpsv: <http://purl.org/vocab/cpsv#> .
... @prefix cv: <http://data.europa.eu/m8g/> . @prefix dct: <http://purl.org/dc/terms/> .
... <https://ex.org/ps/1> a cpsv:PublicService ; dct:title "Register a birth"@en ;
...     cv:isGroupedBy [ dct:title "Having a baby"@en ] ; cv:hasChannel [ dct:type "online" ] .
... '''
>>> with tempfile.TemporaryDirectory() as d:
...     f = pathlib.Path(d, "c.ttl")
...     _ = f.write_text(ttl, encoding="utf-8")
...     result = read_with_report(f, base="https://ex.org/genid/")
>>> result.mapped
{'Need': 1, 'ServiceSystem': 1, 'ServiceSystemComponent': 1, 'StandardService': 1}
>>> q = "SELECT ?l WHERE { ?s stsm:addresses/rdfs:label ?l }"
>>> [str(r[0]) for r in result.portfolio.query(q)]
['Having a baby']
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from stsm_graph.common.files import input_file
from stsm_graph.common.terms import valid_iri
from stsm_graph.errors import InputError, NetworkAccessError, ParseError
from stsm_graph.interop.mapping import alignment_rows
from stsm_graph.interop.staging import Triple, stage
from stsm_graph.portfolio import Portfolio
from stsm_graph.stores.base import Store
from stsm_graph.vocabulary.namespace import STSM

__all__ = ["CatalogueResult", "read", "read_with_report"]

_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
}
_EXPECTED = "a CPSV-AP catalogue in Turtle (.ttl), RDF/XML (.rdf), JSON-LD (.jsonld) or N-Triples"
_GRAPH = ox.DefaultGraph()
_TYPE = ox.NamedNode(str(RDF.type))
_DESCRIPTION = ox.NamedNode(str(DCTERMS.description))
_IDENTIFIER = ox.NamedNode(str(DCTERMS.identifier))
_DCT_TYPE = ox.NamedNode(str(DCTERMS.type))
#: how deep a blank node's description follows the blank nodes it holds
_DEPTH = 4
#: a subject of the catalogue
_Node = ox.NamedNode | ox.BlankNode


@dataclass(frozen=True)
class CatalogueResult:
    """A portfolio read from a CPSV-AP catalogue, and what the import made.

    Attributes
    ----------
    portfolio
        The portfolio, in a new store.
    mapped
        How many nodes of each ``stsm:`` class (local name) the import made.
    links
        How many links of each ``stsm:`` property the import made.
    blank_nodes
        How many blank nodes of the catalogue were given IRIs.
    """

    portfolio: Portfolio
    mapped: Mapping[str, int]
    links: Mapping[str, int]
    blank_nodes: int


@lru_cache(maxsize=1)
def _table() -> dict[str, list[tuple[ox.NamedNode, URIRef]]]:
    """Return the rules of ``cpsv.csv`` by kind: ``(cpsv IRI, stsm term)`` each."""
    rules: dict[str, list[tuple[ox.NamedNode, URIRef]]] = {}
    for row in alignment_rows("alignments/cpsv.csv"):
        term = RDFS.label if row["stsm"] == "label" else URIRef(getattr(STSM, row["stsm"]))
        rules.setdefault(row["rule"], []).append((ox.NamedNode(row["cpsv"]), term))
    return rules


def _parse(path: str | os.PathLike[str], source: str, fmt: ox.RdfFormat | None) -> ox.Store:
    data = input_file(path, what=_EXPECTED).read_bytes()
    chosen = fmt or _FORMATS.get(os.path.splitext(source)[1].lower())
    if chosen is None:
        raise InputError(
            "cannot tell the format from the file's suffix", file=source, expected=_EXPECTED
        )
    if chosen == ox.RdfFormat.RDF_XML and b"<!DOCTYPE" in data:
        raise InputError(
            "the file has a document type declaration (<!DOCTYPE), whose entities can expand "
            "without end; it is refused",
            file=source,
            expected=_EXPECTED,
        )
    store = ox.Store()
    try:
        store.load(input=data, format=chosen)
    except SyntaxError as exc:
        msg = str(getattr(exc, "msg", exc))
        if "LoadDocumentCallback" in msg:
            raise NetworkAccessError(
                "the JSON-LD document needs a remote @context, and loading never uses the network",
                file=source,
                hint="Inline the context in the document",
            ) from exc
        line = exc.lineno if isinstance(exc.lineno, int) else None
        raise ParseError(f"not valid {chosen.name}: {msg}", line=line, file=source) from exc
    return store


class _Names:
    """IRIs for the catalogue's nodes: an IRI as it is, a blank node by a digest of itself."""

    def __init__(self, store: ox.Store, base: str) -> None:
        self.store = store
        self.base = base
        self.blank: dict[str, URIRef] = {}

    def __call__(self, term: object) -> URIRef:
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        assert isinstance(term, ox.BlankNode)
        if term.value not in self.blank:
            digest = hashlib.sha256(self._describe(term, 0).encode("utf-8")).hexdigest()
            self.blank[term.value] = URIRef(f"{self.base}genid-{digest[:24]}")
        return self.blank[term.value]

    def _describe(self, node: ox.BlankNode, depth: int) -> str:
        """Say what a blank node says and what names it, blank nodes inside it in turn."""
        parts = []
        for q in self.store.quads_for_pattern(node, None, None, _GRAPH):
            o = q.object
            if isinstance(o, ox.BlankNode):
                text = self._describe(o, depth + 1) if depth < _DEPTH else "[]"
            else:
                text = str(o)
            parts.append(f"{q.predicate} {text}")
        for q in self.store.quads_for_pattern(None, None, node, _GRAPH):
            if not isinstance(q.subject, ox.BlankNode):
                parts.append(f"^{q.predicate} {q.subject}")
        return "[" + " ; ".join(sorted(parts)) + "]"


def _texts(store: ox.Store, node: _Node, to: URIRef) -> Iterator[Triple]:
    """Yield the node's labels (the first label property it has) and descriptions."""
    for prop, _ in _table()["label"]:
        found = [q.object for q in store.quads_for_pattern(node, prop, None, _GRAPH)]
        labels = [o for o in found if isinstance(o, ox.Literal)]
        if labels:
            yield from ((to, RDFS.label, _literal(o)) for o in labels)
            break
    else:  # every node needs a name (the shapes say so): what else says what it is
        yield to, RDFS.label, Literal(_fallback(store, node))
    for q in store.quads_for_pattern(node, _DESCRIPTION, None, _GRAPH):
        if isinstance(q.object, ox.Literal):
            yield to, DCTERMS.description, _literal(q.object)


def _fallback(store: ox.Store, node: _Node) -> str:
    """Name a node without a title: its identifier, else its type, else its IRI's last part.

    Channels and participations have no title in CPSV-AP: a channel is named by its
    ``dct:type`` (``online``), a participation by its class.
    """
    for prop in (_IDENTIFIER, _DCT_TYPE, _TYPE):
        for q in store.quads_for_pattern(node, prop, None, _GRAPH):
            o = q.object
            if isinstance(o, ox.Literal | ox.NamedNode):
                return o.value.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return node.value.rstrip("/#").rsplit("/", 1)[-1] if isinstance(node, ox.NamedNode) else "?"


def _literal(o: ox.Literal) -> Literal:
    return Literal(o.value, lang=o.language) if o.language else Literal(o.value)


def _system_labels(store: ox.Store, service: _Node, s: URIRef, system: URIRef) -> Iterator[Triple]:
    for _, p, o in _texts(store, service, s):
        if p == RDFS.label and isinstance(o, Literal):
            yield system, RDFS.label, Literal(f"{o} (service system)", lang=o.language)


def _around(store: ox.Store, service: _Node, name: _Names) -> Iterator[Triple]:
    """Yield a service's needs, system and components, service lines and dependencies."""
    s = name(service)
    system = URIRef(f"{name.base}system-{hashlib.sha256(s.encode()).hexdigest()[:24]}")
    for kind, cls in (
        ("need", STSM.Need),
        ("system", STSM.ServiceSystemComponent),
        ("line", STSM.ServiceLine),
    ):
        for prop, link in _table()[kind]:
            for q in store.quads_for_pattern(service, prop, None, _GRAPH):
                if not isinstance(q.object, ox.NamedNode | ox.BlankNode):
                    continue  # a sector written as text names no node
                node = name(q.object)
                yield node, RDF.type, cls
                yield from _texts(store, q.object, node)
                if kind == "system":
                    yield s, STSM.deliveredBy, system
                    yield system, RDF.type, STSM.ServiceSystem
                    yield from _system_labels(store, service, s, system)
                    yield system, link, node
                else:
                    yield s, link, node


def read_with_report(
    path: str | os.PathLike[str],
    *,
    base: str = "urn:cpsv:genid:",
    store: str | Store = "oxigraph",
    format: ox.RdfFormat | None = None,
) -> CatalogueResult:
    """Read a CPSV-AP catalogue as a portfolio; say how many of each kind it made.

    Parameters
    ----------
    path
        The catalogue: ``.ttl``, ``.rdf`` or ``.xml`` (RDF/XML), ``.jsonld`` or ``.json``,
        ``.nt``.
    base
        The IRI blank nodes' digests and service systems' names are appended to.
    store
        Where the portfolio lives (as for :class:`~stsm_graph.Portfolio`).
    format
        The format, when the suffix does not say it.

    Raises
    ------
    PortfolioFileNotFoundError
        If there is no such file.
    ParseError
        If the file is not valid in its format.
    InputError
        If it holds no ``cpsv:PublicService``, is RDF/XML with a ``<!DOCTYPE``, or needs the
        network (a remote JSON-LD context); the file is named.
    """
    source = os.fspath(path)
    catalogue = _parse(path, source, format)
    if not valid_iri(base + "x"):
        raise InputError(f"the base {base!r} is not an IRI", file=source, field="base")
    ((kind, cls),) = _table()["service"]
    found = catalogue.quads_for_pattern(None, _TYPE, kind, _GRAPH)
    services: list[_Node] = sorted(
        {q.subject for q in found if isinstance(q.subject, ox.NamedNode | ox.BlankNode)}, key=str
    )
    if not services:
        raise InputError(
            f"the catalogue describes no public service (nothing is a {kind})",
            file=source,
            expected=_EXPECTED,
        )
    name = _Names(catalogue, base)
    triples = list(_triples(catalogue, services, name, cls))
    portfolio = Portfolio(store)
    portfolio.store.replace_from(stage(iter(triples), source))
    portfolio.base = base
    made = Counter(str(o).rsplit("#", 1)[1] for s, p, o in set(triples) if p == RDF.type)
    links = Counter(str(p).rsplit("#", 1)[1] for s, p, o in set(triples) if p in _LINKS)
    return CatalogueResult(
        portfolio, dict(sorted(made.items())), dict(sorted(links.items())), len(name.blank)
    )


_LINKS = {STSM.addresses, STSM.deliveredBy, STSM.hasComponent, STSM.dependsOn, STSM.inServiceLine}


def _triples(
    catalogue: ox.Store, services: list[_Node], name: _Names, cls: URIRef
) -> Iterator[Triple]:
    known = set(services)
    for service in services:
        s = name(service)
        yield s, RDF.type, cls
        yield from _texts(catalogue, service, s)
        yield from _around(catalogue, service, name)
        for prop, link in _table()["link"]:
            for q in catalogue.quads_for_pattern(service, prop, None, _GRAPH):
                if q.object in known and q.object != service:
                    yield s, link, name(q.object)


def read(
    path: str | os.PathLike[str],
    *,
    base: str = "urn:cpsv:genid:",
    store: str | Store = "oxigraph",
) -> Portfolio:
    """Read a CPSV-AP catalogue as a portfolio (see :func:`read_with_report`)."""
    return read_with_report(path, base=base, store=store).portfolio
