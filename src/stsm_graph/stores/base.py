"""The store port: what every store does, and the helpers every store shares.

A store holds the triples of one portfolio and answers SPARQL over them (:class:`Store`).
Every store returns the same Python values: rows of rdflib terms (:class:`Rows`), so an
analysis gives the same answer wherever the data is. The stores themselves are
:mod:`stsm_graph.stores.oxigraph` (embedded Oxigraph, the default),
:mod:`stsm_graph.stores.memory` (rdflib's memory store) and :mod:`stsm_graph.stores.remote`
(a SPARQL server).

Examples
--------
>>> query_form("ASK { ?s ?p ?o }")
'ASK'
>>> Store.kind
'abstract'
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from rdflib import Graph, URIRef
from rdflib.term import Node

from stsm_graph.common.terms import with_list, with_values
from stsm_graph.errors import QueryError
from stsm_graph.stores.staging import Staging, Triple
from stsm_graph.vocabulary.resources import query_text

__all__ = ["Reach", "Rows", "Store", "mask_sparql", "query_form"]


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
        >>> from stsm_graph.stores.oxigraph import OxigraphStore
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
