"""Embedded Oxigraph, the default store: in memory, or persisted in a directory.

Examples
--------
>>> store = OxigraphStore()
>>> store.update("INSERT DATA { <urn:a> <urn:p> 1 }")
>>> store.kind, len(store)
('oxigraph', 1)
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from stsm_graph.common.terms import from_ox, to_ox, with_iris
from stsm_graph.errors import OutputError, QueryError, StoreError, UnsupportedFormatError
from stsm_graph.stores.base import Reach, Rows, Store, _step_text
from stsm_graph.stores.staging import Staging, Triple

__all__ = ["RDF_FORMATS", "OxigraphStore", "is_store_directory"]

#: serialisation formats known to every store, by canonical name
RDF_FORMATS: dict[str, Any] = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "json-ld": ox.RdfFormat.JSON_LD,
}


def _text(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str | None:
    """Return an Oxigraph term's text: an IRI or a lexical form (``None`` when unbound)."""
    return None if term is None else term.value


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
