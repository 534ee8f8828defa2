"""Where the graph lives: embedded Oxigraph (default), rdflib's memory store.

A store holds the triples of one portfolio and answers SPARQL over them. Every store
returns the same Python values: rows of rdflib terms, so an analysis gives the same
answer wherever the data is.

Examples
--------
>>> store = MemoryStore()
>>> store.kind
'memory'
>>> len(store)
0
"""

from __future__ import annotations

import os
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.plugins.sparql import prepareQuery, prepareUpdate
from rdflib.plugins.sparql.sparql import Query as RdflibQuery
from rdflib.term import Node

from stsm_graph.common.terms import from_ox, to_ox, with_iris, with_list, with_values
from stsm_graph.errors import OutputError, QueryError, StoreError, UnsupportedFormatError
from stsm_graph.stores.rdflib_eval import use_for
from stsm_graph.stores.staging import Staging, Triple
from stsm_graph.vocabulary.resources import query_text

__all__ = [
    "MemoryStore",
    "OxigraphStore",
    "Reach",
    "Rows",
    "Store",
    "is_store_directory",
]


#: serialisation formats known to every store, by canonical name
RDF_FORMATS: dict[str, Any] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "json-ld": ox.RdfFormat.JSON_LD,
}


class Reach(NamedTuple):
    """What one level of a walk read (:meth:`Store.step`): links, and the nodes' classes and labels.

    ``edges`` are ``(from, p, to)``: a change to ``from`` affects ``to``; ``info`` are
    ``(node, class, label)`` rows, one per class and one per label (the other ``None``), for
    the start nodes and every node reached.
    """

    edges: list[tuple[str, str, str]]
    info: list[tuple[str, str | None, str | None]]


@dataclass(frozen=True)
class Rows:
    """The rows of a ``SELECT`` query: variable names and tuples of rdflib terms.

    Examples
    --------
    >>> from rdflib import Literal
    >>> r = Rows(("a",), [(Literal(1),)])
    >>> [row["a"].toPython() for row in r.dicts()], len(r)
    ([1], 1)
    """

    variables: tuple[str, ...]
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)

    def __iter__(self) -> Iterator[tuple[Node | None, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def dicts(self) -> list[dict[str, Node | None]]:
        """Return each row as a mapping from variable name to term."""
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]


#: the tokens that may hide a keyword or a brace: IRIs, strings (long and short) and
#: comments, in one pass, so a ``#`` inside an IRI is no comment and a quote inside a comment
#: opens no string
_TOKEN = re.compile(
    r"<[^<>\"{}|^`\\\s]*>"
    r"|\"\"\".*?\"\"\"|'''.*?'''"
    r"|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'"
    r"|#[^\n]*",
    re.DOTALL,
)
#: the form keyword, right after the prologue
_HEAD = re.compile(
    r"\s*(?:(?:BASE\s*<\s*>|PREFIX\s+[^\s:]*:\s*<\s*>)\s*)*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b",
    re.IGNORECASE,
)


#: a grouping or an aggregate, which rdflib's engine runs slowly over a join
_GROUPS = re.compile(r"\bGROUP\s+BY\b|\bHAVING\b", re.IGNORECASE)


def _blank(match: re.Match[str]) -> str:
    token = match.group(0)
    if token[0] == "#":
        return " " * len(token)
    # an IRI or a string keeps its delimiters, so the text keeps its shape
    width = 3 if token[:3] in ('"""', "'''") else 1
    return token[:width] + " " * (len(token) - 2 * width) + token[-width:]


def mask_sparql(sparql: str) -> str:
    r"""Blank the insides of a query's IRIs and strings, and its comments, keeping every offset.

    What is left is the query's own syntax: a keyword or a brace found in the result is one
    of the query's, at the same position in the original.

    Examples
    --------
    >>> masked = mask_sparql("PREFIX x: <http://x/#a> # a { comment\nASK { ?s ?p 'a}' }")
    >>> masked.split()
    ['PREFIX', 'x:', '<', '>', 'ASK', '{', '?s', '?p', "'", "'", '}']
    >>> len(masked) == len("PREFIX x: <http://x/#a> # a { comment\nASK { ?s ?p 'a}' }")
    True
    """
    return _TOKEN.sub(_blank, sparql)


def query_form(sparql: str) -> str:
    r"""Return the form of a SPARQL query: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``.

    The form is the keyword that follows the prologue (``BASE`` and ``PREFIX``
    declarations); a keyword in a comment, an IRI, a string or a prefix name is not taken.

    Raises
    ------
    QueryError
        If no form keyword follows the prologue.

    Examples
    --------
    >>> query_form("PREFIX x: <http://x/select#> # a comment\nASK { ?s ?p ?o }")
    'ASK'
    >>> query_form("PREFIX describe: <urn:d#> # Bob's, to ask\nSELECT * { ?s ?p 'x' }")
    'SELECT'
    """
    m = _HEAD.match(mask_sparql(sparql))
    if m is None:
        raise QueryError(
            "not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE after its prologue"
        )
    return m.group(1).upper()


class Store(ABC):
    """A place that holds one portfolio's triples and answers SPARQL over them."""

    #: short name of the store kind ("oxigraph", "memory", "remote")
    kind: str = "abstract"

    @abstractmethod
    def select(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Rows:
        """Run a ``SELECT`` query with the variables in ``bindings`` pre-bound."""

    @abstractmethod
    def ask(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> bool:
        """Run an ``ASK`` query."""

    @abstractmethod
    def construct(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        """Run a ``CONSTRUCT`` or ``DESCRIBE`` query into a new rdflib graph."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL Update."""

    @abstractmethod
    def add_from(self, staging: Staging) -> None:
        """Add every triple of a parsed, checked staging area."""

    @abstractmethod
    def replace_from(self, staging: Staging) -> None:
        """Replace every triple with those of a parsed, checked staging area.

        All or nothing where the store allows it: if the write fails, the old triples stay
        (see each store for what it promises).
        """

    @abstractmethod
    def add_triples(self, triples: Iterable[Triple]) -> None:
        """Add rdflib triples."""

    @abstractmethod
    def remove_triples(self, triples: Iterable[Triple]) -> None:
        """Remove rdflib triples (absent ones are ignored)."""

    @abstractmethod
    def serialize(self, fmt: str, prefixes: Mapping[str, str]) -> bytes:
        """Serialise the whole graph in ``turtle``, ``nt`` or ``json-ld``."""

    @abstractmethod
    def to_rdflib(self) -> Graph:
        """Return the graph as an rdflib ``Graph`` (a copy for non-rdflib stores)."""

    @abstractmethod
    def copy(self) -> Store:
        """Return an independent in-memory copy of the same kind where possible."""

    @abstractmethod
    def __len__(self) -> int:
        """Return the number of triples."""

    def select_text(
        self, sparql: str, bindings: Mapping[str, Node] | None = None
    ) -> list[tuple[str | None, ...]]:
        """Run a ``SELECT`` query and return each term as its text (IRI or lexical form).

        For the library's own bulk questions, where the kind of each column is known from
        the query: it skips building rdflib terms, which costs more than the query itself.
        """
        return [
            tuple(str(t) if t is not None else None for t in row)
            for row in self.select(sparql, bindings)
        ]

    def narrow(self, sparql: str, wider: str) -> list[tuple[str | None, ...]]:
        """Answer a query that narrows what to read next, or a wider one where that is cheaper.

        ``wider``'s rows must hold ``sparql``'s (the same columns): the caller reads the rest
        about the rows it gets and decides by its own rules, so either answer gives it the same
        result, and which one costs less is the store's to know. Each term as its text, as
        :meth:`select_text`. The default runs ``sparql``.

        Examples
        --------
        >>> store = OxigraphStore()
        >>> store.update("INSERT DATA { <urn:a> <urn:p> 1 . <urn:b> <urn:p> 2 }")
        >>> store.narrow("SELECT ?s { ?s <urn:p> 2 }", "SELECT ?s { ?s <urn:p> ?o }")
        [('urn:b',)]
        """
        return self.select_text(sparql)

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Rows | bool | Graph:
        """Run any query, dispatching on its form."""
        form = query_form(sparql)
        if form == "SELECT":
            return self.select(sparql, bindings)
        if form == "ASK":
            return self.ask(sparql, bindings)
        return self.construct(sparql, bindings)

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources; the default does nothing."""

    @contextmanager
    def prefetching(
        self, queries: Iterable[tuple[str, Mapping[str, Node] | None]]
    ) -> Iterator[None]:
        """Within the block, the given ``SELECT`` queries may be answered ahead of time.

        A hint for a batch of questions about an unchanging graph: a store that pays a round
        trip per query (a SPARQL server) starts them all at once and :meth:`select_text` of
        the same query and bindings then takes the answer. The default does nothing; don't
        write to the store inside the block.
        """
        yield

    #: whether :meth:`to_rdflib` hands out a new graph (else possibly the store's live one)
    to_rdflib_copies = False

    # -------------------------------------------------------------- graph walks
    #: nodes per query when a list goes into a VALUES block
    batch = 2000

    def select_values(
        self, text: str, variable: str, nodes: Sequence[URIRef]
    ) -> list[tuple[str | None, ...]]:
        """Run ``text`` with ``nodes`` in its ``VALUES ?variable`` block, a batch at a time.

        Each term as its text, as :meth:`select_text`; :attr:`batch` nodes per query, each
        checked and written by :func:`stsm_graph.common.terms.with_values`. No nodes, no rows.
        """
        rows: list[tuple[str | None, ...]] = []
        for i in range(0, len(nodes), self.batch):
            rows.extend(self.select_text(with_values(text, variable, nodes[i : i + self.batch])))
        return rows

    def step(
        self, nodes: Sequence[str], backward: Sequence[URIRef], forward: Sequence[URIRef]
    ) -> Reach:
        """One level of the walk: the links leaving ``nodes``, and their classes and labels.

        The walk itself (level after level, each node once) is
        :func:`stsm_graph.analysis.walk.links_from`; a store only answers one level.

        The default runs ``impact_step.rq`` with the nodes in its ``VALUES`` block, a batch at
        a time, and the properties in its ``?p IN (...)`` lists. One query per level does what
        a property path over every link does in one query, a quarter faster on Oxigraph: the
        path tries every property at every node it reaches, where the level's query reads
        each node's links once.
        """
        edges: list[tuple[str, str, str]] = []
        info: list[tuple[str, str | None, str | None]] = []
        text = _step_text(tuple(backward), tuple(forward))
        for a, p, b, cls, label in self.select_values(text, "from", [URIRef(n) for n in nodes]):
            if p is not None:
                edges.append((a, p, b))  # type: ignore[arg-type]
            else:
                info.append((a, cls, label))  # type: ignore[arg-type]
        return Reach(edges, info)

    def describe(self, nodes: Sequence[str]) -> list[tuple[str, str | None, str | None]]:
        """Return ``(node, class, label)`` rows for ``nodes`` (``node_info.rq``)."""
        rows = self.select_values(query_text("node_info"), "node", [URIRef(n) for n in nodes])
        return [(str(n), c, lbl) for n, c, lbl in rows]


@lru_cache(maxsize=16)
def _step_text(backward: tuple[URIRef, ...], forward: tuple[URIRef, ...]) -> str:
    """``impact_step.rq`` with its two ``?p IN (...)`` lists filled."""
    text = with_list(query_text("impact_step"), "p", backward)
    return with_list(text, "p", forward, occurrence=1)


def _text(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str | None:
    """Return an Oxigraph term's text: an IRI or a lexical form (``None`` when unbound)."""
    return None if term is None else term.value


@lru_cache(maxsize=256)
def _prepared(sparql: str) -> RdflibQuery:
    try:
        return prepareQuery(sparql)
    except Exception as exc:  # rdflib raises pyparsing errors and others
        raise QueryError(f"SPARQL syntax error: {exc}") from exc


class MemoryStore(Store):
    """rdflib's own in-memory store, evaluated by rdflib's SPARQL engine.

    Slower than Oxigraph on large portfolios, but pure Python and shared with pyshacl.
    """

    kind = "memory"

    def __init__(self, graph: Graph | None = None) -> None:
        self.graph = graph if graph is not None else Graph()

    def _run(self, sparql: str, bindings: Mapping[str, Node] | None) -> Any:
        query = _prepared(sparql)
        use_for(self.graph)  # MINUS by hash lookups, patterns ordered as they bind (see there)
        try:
            init: dict[str, Any] = dict(bindings or {})
            return self.graph.query(query, initBindings=init)
        except QueryError:
            raise
        except Exception as exc:
            raise QueryError(f"SPARQL evaluation failed: {exc}") from exc

    def select(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Rows:
        """Run a ``SELECT`` query."""
        result = self._run(sparql, bindings)
        names = tuple(str(v) for v in (result.vars or []))
        missing = [k for k in (bindings or {}) if k not in names]
        if missing:  # Oxigraph's substitution rule, kept here so both stores agree
            raise QueryError(
                f"the SPARQL query does not contain variable ?{missing[0]} in its SELECT "
                "projection; a bound variable must also appear in the SELECT clause"
            )
        return Rows(names, [tuple(row) for row in result])

    def ask(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> bool:
        """Run an ``ASK`` query."""
        return bool(self._run(sparql, bindings).askAnswer)

    def construct(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        """Run a ``CONSTRUCT`` query."""
        out = Graph()
        for triple in self._run(sparql, bindings):
            out.add(triple)
        return out

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update."""
        use_for(self.graph)
        try:
            self.graph.update(prepareUpdate(sparql))
        except Exception as exc:
            raise QueryError(f"SPARQL update failed: {exc}") from exc

    def narrow(self, sparql: str, wider: str) -> list[tuple[str | None, ...]]:
        """Answer ``wider`` where ``sparql`` groups or aggregates (see :meth:`Store.narrow`).

        rdflib's engine runs a ``GROUP BY`` over joins slowly: ``gap_candidates.rq`` takes
        49 s at 100k triples, where its wider ``addressed_needs_with_levels.rq`` takes 1 s.

        Examples
        --------
        >>> store = MemoryStore()
        >>> store.update("INSERT DATA { <urn:a> <urn:p> 1 . <urn:b> <urn:p> 2 }")
        >>> sorted(store.narrow("SELECT ?s { ?s <urn:p> ?o } GROUP BY ?s HAVING (MAX(?o) > 1)",
        ...                     "SELECT ?s { ?s <urn:p> ?o }"))
        [('urn:a',), ('urn:b',)]
        """
        return self.select_text(wider if _GROUPS.search(mask_sparql(sparql)) else sparql)

    def add_from(self, staging: Staging) -> None:
        """Add the triples of a staging area."""
        g = self.graph
        g.addN((s, p, o, g) for s, p, o in staging.triples())

    def replace_from(self, staging: Staging) -> None:
        """Replace the graph's triples (the same ``Graph`` object) with a staging area's.

        The new triples are read in full before the old ones are removed, so a failure to
        read them leaves the graph as it was.
        """
        g = self.graph
        new = [(s, p, o, g) for s, p, o in staging.triples()]
        g.remove((None, None, None))
        g.addN(new)

    def add_triples(self, triples: Iterable[Triple]) -> None:
        """Add rdflib triples."""
        g = self.graph
        g.addN((s, p, o, g) for s, p, o in triples)

    def remove_triples(self, triples: Iterable[Triple]) -> None:
        """Remove rdflib triples."""
        for t in list(triples):
            self.graph.remove(t)

    def serialize(self, fmt: str, prefixes: Mapping[str, str]) -> bytes:
        """Serialise the graph."""
        for prefix, ns in prefixes.items():
            self.graph.bind(prefix, ns, override=True)
        name = {"turtle": "turtle", "nt": "nt", "json-ld": "json-ld"}.get(fmt)
        if name is None:
            raise UnsupportedFormatError(f"cannot write format {fmt!r}")
        data = self.graph.serialize(format=name, encoding="utf-8")
        return data if isinstance(data, bytes) else data.encode()

    def to_rdflib(self) -> Graph:
        """Return the live rdflib graph (not a copy)."""
        return self.graph

    def step(
        self, nodes: Sequence[str], backward: Sequence[URIRef], forward: Sequence[URIRef]
    ) -> Reach:
        """One level of the walk (:meth:`Store.step`) by rdflib's own indexes.

        rdflib's SPARQL engine joins a ``VALUES`` block with a triple pattern by scanning the
        whole pattern first, so the walk would cost the size of the graph at every step; an
        index lookup per frontier node costs only what the walk touches.
        """
        g = self.graph
        back, fwd = set(backward), set(forward)
        found: list[tuple[str, str, str]] = []
        for node in map(URIRef, nodes):
            if back:
                found.extend(
                    (str(node), str(p), str(s))
                    for s, p in g.subject_predicates(node)
                    if p in back and isinstance(s, URIRef)
                )
            if fwd:
                found.extend(
                    (str(node), str(p), str(o))
                    for p, o in g.predicate_objects(node)
                    if p in fwd and isinstance(o, URIRef)
                )
        return Reach(found, self.describe(nodes))

    def describe(self, nodes: Sequence[str]) -> list[tuple[str, str | None, str | None]]:
        """Return ``(node, class, label)`` rows for ``nodes`` by rdflib's indexes."""
        g = self.graph
        out: list[tuple[str, str | None, str | None]] = []
        for node in map(URIRef, nodes):
            types = [str(t) for t in g.objects(node, RDF.type) if isinstance(t, URIRef)]
            labels = [str(lbl) for lbl in g.objects(node, RDFS.label)]
            out.append((str(node), None, None))
            out.extend((str(node), t, None) for t in types)
            out.extend((str(node), None, lbl) for lbl in labels)
        return out

    def copy(self) -> MemoryStore:
        """Return an independent copy."""
        g = Graph()
        g.addN((s, p, o, g) for s, p, o in self.graph)
        return MemoryStore(g)

    def __len__(self) -> int:
        return len(self.graph)


class OxigraphStore(Store):
    """Embedded Oxigraph: in memory, or persisted in a directory when ``path`` is given."""

    kind = "oxigraph"
    to_rdflib_copies = True

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = os.fspath(path) if path is not None else None
        self._store: ox.Store | None
        try:
            self._store = ox.Store(self.path) if self.path is not None else ox.Store()
        except OSError as exc:
            hint = ""
            if "lock" in str(exc).lower():
                hint = "; it is in use by another process or an open Portfolio: close that first"
            raise StoreError(f"{self.path}: cannot open the Oxigraph store{hint} ({exc})") from exc

    @property
    def store(self) -> ox.Store:
        """The pyoxigraph store (``StoreError`` once closed)."""
        if self._store is None:
            raise StoreError(f"the Oxigraph store {self.path or '(in memory)'} is closed")
        return self._store

    @store.setter
    def store(self, value: ox.Store) -> None:
        self._store = value

    def _run(self, sparql: str, bindings: Mapping[str, Node] | None) -> Any:
        subs = {ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()}
        try:
            return self.store.query(sparql, substitutions=subs or None)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"the Oxigraph store failed: {exc}") from exc
        except RuntimeError as exc:
            # "The SPARQL query does not contains variable ?x in its SELECT projection"
            found = re.search(r"does not contains? variable \?(\w+)", str(exc))
            if found is None:
                raise QueryError(f"the Oxigraph store failed: {exc}") from exc
            raise QueryError(
                f"the SPARQL query does not contain variable ?{found.group(1)} in its SELECT "
                "projection; a bound variable must also appear in the SELECT clause"
            ) from exc

    def select(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Rows:
        """Run a ``SELECT`` query."""
        result = self._run(sparql, bindings)
        names = tuple(v.value for v in result.variables)
        n = len(names)
        rows = [tuple(from_ox(sol[i]) for i in range(n)) for sol in result]
        return Rows(names, rows)

    def ask(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> bool:
        """Run an ``ASK`` query."""
        return bool(self._run(sparql, bindings))

    def select_text(
        self, sparql: str, bindings: Mapping[str, Node] | None = None
    ) -> list[tuple[str | None, ...]]:
        """Run a ``SELECT`` query; each term as its text, straight from Oxigraph."""
        return [tuple(map(_text, sol)) for sol in self._run(sparql, bindings)]

    def step(
        self, nodes: Sequence[str], backward: Sequence[URIRef], forward: Sequence[URIRef]
    ) -> Reach:
        """:meth:`Store.step`, reading each row's terms straight from Oxigraph.

        The rows come by the ten thousand; reading only the columns a row binds saves a
        tenth of the impact analysis.
        """
        edges: list[tuple[str, str, str]] = []
        info: list[tuple[str, str | None, str | None]] = []
        add_edge, add_info = edges.append, info.append
        text = _step_text(tuple(backward), tuple(forward))
        for i in range(0, len(nodes), self.batch):
            for sol in self._run(with_iris(text, "from", nodes[i : i + self.batch]), None):
                p = sol[1]
                if p is not None:
                    add_edge((sol[0].value, p.value, sol[2].value))
                elif (cls := sol[3]) is not None:
                    add_info((sol[0].value, cls.value, None))
                else:
                    add_info((sol[0].value, None, sol[4].value))
        return Reach(edges, info)

    def construct(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        """Run a ``CONSTRUCT`` query."""
        out = Graph()
        out.addN(
            (from_ox(t.subject), from_ox(t.predicate), from_ox(t.object), out)  # type: ignore[misc]
            for t in self._run(sparql, bindings)
        )
        return out

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update."""
        try:
            self.store.update(sparql)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL update syntax error: {exc}") from exc

    def add_from(self, staging: Staging) -> None:
        """Add the triples of a staging area, in one transaction."""
        staged = staging.oxigraph_store()
        if self.path is None and len(self.store) == 0:
            self.store = staged  # a fresh staging area is adopted as it is: no copy
            return
        quads = staged.quads_for_pattern(None, None, None, ox.DefaultGraph())
        with self._writing():
            self.store.extend(quads)  # one transaction: all or nothing

    def replace_from(self, staging: Staging) -> None:
        """Replace the default graph's triples with a staging area's, in one transaction.

        In memory, the staging area's pyoxigraph store is adopted as it is. On disk, into an
        empty store the triples go as :meth:`add_from` writes them; else one SPARQL update drops
        the default graph and inserts the new triples (``DROP DEFAULT ; INSERT DATA { ... }``),
        which Oxigraph runs as one transaction: if it fails (a full disk), the old triples stay.

        Raises
        ------
        OutputError
            If the on-disk store cannot be written (the message names the folder and why).
        """
        if self.path is None:
            self.store = staging.oxigraph_store()  # nothing to keep: the old store is dropped
            return
        if len(self.store) == 0:
            self.add_from(staging)
            return
        triples = staging.ntriples()
        with self._writing():
            self.store.update("DROP DEFAULT ;\nINSERT DATA {\n" + triples.decode() + "\n}")

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Turn an operating system's failure to write the store into an ``OutputError``."""
        try:
            yield
        except OSError as exc:
            where = self.path or "the in-memory Oxigraph store"
            raise OutputError(
                f"{where}: cannot write the store ({_os_cause(exc)}); nothing of this load "
                "was written"
            ) from exc

    def add_triples(self, triples: Iterable[Triple]) -> None:
        """Add rdflib triples."""
        self.store.extend(
            ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph()) for s, p, o in triples
        )

    def remove_triples(self, triples: Iterable[Triple]) -> None:
        """Remove rdflib triples."""
        for s, p, o in list(triples):
            self.store.remove(ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph()))

    def serialize(self, fmt: str, prefixes: Mapping[str, str]) -> bytes:
        """Serialise the default graph."""
        rdf_format = RDF_FORMATS.get(fmt)
        if rdf_format is None:
            raise UnsupportedFormatError(f"cannot write format {fmt!r}")
        data = self.store.dump(
            format=rdf_format,
            from_graph=ox.DefaultGraph(),
            prefixes=dict(prefixes) if fmt == "turtle" else None,
        )
        assert data is not None
        return bytes(data)

    def to_rdflib(self) -> Graph:
        """Return a copy of the graph as an rdflib ``Graph``."""
        g = Graph()
        g.addN(
            (from_ox(q.subject), from_ox(q.predicate), from_ox(q.object), g)  # type: ignore[misc]
            for q in self.store.quads_for_pattern(None, None, None, ox.DefaultGraph())
        )
        return g

    def copy(self) -> OxigraphStore:
        """Return an independent in-memory copy."""
        new = OxigraphStore()
        new.store.bulk_extend(self.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        return new

    def __len__(self) -> int:
        return len(self.store)

    def close(self) -> None:
        """Flush a persistent store to disk and release it (in-memory stores stay usable).

        The store is released even if the flush fails (``OutputError``), so its folder is
        no longer locked.
        """
        if self.path is not None and self._store is not None:
            store, self._store = self._store, None
            try:
                store.flush()
                failed = None
            except OSError as exc:
                failed = exc
            del store  # the folder's lock goes with the last reference
            if failed is not None:
                raise OutputError(
                    f"{self.path}: cannot write the store ({_os_cause(failed)})"
                ) from failed


def _os_cause(exc: OSError) -> str:
    """Say why the operating system failed, in one line (RocksDB's text repeats itself).

    Examples
    --------
    >>> _os_cause(OSError(28, "No space left on device"))
    'No space left on device'
    >>> _os_cause(OSError("IO error: No space left on device: While appending to file: "
    ...                   "/s/000008.log: No space left on device"))
    'IO error: No space left on device: While appending to file: /s/000008.log'
    """
    if exc.strerror:
        return exc.strerror
    text = " ".join(str(exc).split())
    head, sep, tail = text.rpartition(": ")
    return head if sep and tail and tail in head else text


def is_store_directory(path: str | os.PathLike[str]) -> bool:
    """Tell whether ``path`` is a directory holding an on-disk Oxigraph store.

    Oxigraph keeps its data in RocksDB, which always writes a ``CURRENT`` file naming its
    manifest, and the manifest; a folder without both was not made by Oxigraph (nor is it
    whole), and is not opened, which would write RocksDB's lock and log files into it.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     before = is_store_directory(d)
    ...     OxigraphStore(d).close()
    ...     (before, is_store_directory(d))
    (False, True)
    """
    folder = os.fspath(path)
    try:
        with open(os.path.join(folder, "CURRENT"), "rb") as f:
            manifest = f.read(200).strip()
    except OSError:
        return False
    if not re.fullmatch(rb"MANIFEST-[0-9]+", manifest):
        return False
    return os.path.isfile(os.path.join(folder, manifest.decode("ascii")))
