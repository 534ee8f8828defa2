"""A portfolio on a SPARQL 1.1 server: Oxigraph server, Fuseki, GraphDB, Virtuoso, Neptune.

Queries go over the SPARQL 1.1 Protocol (a form-encoded ``POST``) on kept-alive
connections (:mod:`stsm_graph.stores.http_client`, on httpcore), results come back as TSV (or
SPARQL JSON or XML, whichever the server sends) and are parsed by pyoxigraph; writes go as
SPARQL Update (``INSERT DATA`` in batches; a load replaces the graph through a temporary one, see
:meth:`RemoteStore.replace_from`), each request on a connection of its own, never following a
redirect. With ``graph`` set, the
portfolio is that named graph: queries name it as their default graph
(``default-graph-uri``), writes go into it. Bound variables
travel as ``VALUES`` blocks placed to give the embedded stores' answer
(:func:`inject_values`), each term checked by :func:`stsm_graph.common.terms.sparql_term`. Every
analysis runs on the server; only ``serialize``, ``to_rdflib`` (SHACL validation) and ``copy``
bring the graph over.

The timeout bounds each request as a whole; a redirect is refused, not followed; a password
(``auth``, or ``user:password@`` in a URL, which is taken out of it) goes only to the origin
it was given for, and is never shown. Whatever the server says reaches a message on one line,
without control characters; an answer of the wrong shape is a :class:`StoreError`.

Examples
--------
>>> store = RemoteStore("http://127.0.0.1:9/query", graph="urn:stsm:demo", timeout=0.5)
>>> store.kind, store.graph
('remote', 'urn:stsm:demo')
>>> try:
...     len(store)
... except StoreError as err:
...     print(str(err).split(":")[0])
cannot reach the SPARQL endpoint http
"""

from __future__ import annotations

import os
import threading
from collections.abc import Hashable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from stsm_graph.errors import QueryError, StoreError
from stsm_graph.stores.base import Rows, Store
from stsm_graph.stores.endpoint import Endpoint
from stsm_graph.stores.http_auth import Auth
from stsm_graph.stores.oxigraph import OxigraphStore
from stsm_graph.stores.remote_writes import Progress, RemoteWrites, WriteError
from stsm_graph.stores.server_text import one_line
from stsm_graph.stores.sparql_values import inject_values
from stsm_graph.stores.update_graphs import default_graph_writes, how_to_name, reads_unnamed

__all__ = ["Progress", "RemoteStore", "WriteError", "inject_values"]


def _prefetch_key(sparql: str, bindings: Mapping[str, Node] | None) -> Hashable:
    return sparql, frozenset((bindings or {}).items())


class RemoteStore(RemoteWrites, Endpoint, Store):
    """A SPARQL 1.1 endpoint (query URL, optional update URL, named graph, auth, timeout).

    Parameters
    ----------
    query_url
        The SPARQL query endpoint.
    update_url
        The SPARQL update endpoint; ``None`` makes the store read-only.
    graph
        A named graph holding the portfolio; ``None`` means the default graph.
    auth
        ``(user, password)`` (sent by ``auth_scheme``), a bearer token (a string), or an
        :class:`httpx.Auth`, sent to the origins (scheme, host, port) of ``query_url`` and
        ``update_url``. A ``user:password@`` in a URL is taken out of it and sent to that
        URL's origin only; it must agree with ``auth`` if both are given. With neither, the
        token in ``STSM_GRAPH_TOKEN`` is sent, if set (:mod:`stsm_graph.stores.http_auth`).
    auth_scheme
        How a user and password go: ``"basic"`` or ``"digest"`` (Virtuoso's ``/sparql-auth``).
    timeout
        Seconds each request may take as a whole (connecting, sending, the whole answer).
    batch_size
        Triples per ``INSERT DATA`` request when loading.
    """

    kind = "remote"
    to_rdflib_copies = True

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        *,
        graph: str | None = None,
        auth: Auth | None = None,
        auth_scheme: str = "basic",
        timeout: float | None = 60.0,
        batch_size: int = 20_000,
    ) -> None:
        super().__init__(
            query_url, update_url, graph=graph, auth=auth, auth_scheme=auth_scheme, timeout=timeout
        )
        self.batch_size = batch_size
        self._local = threading.local()  # per thread: the answers asked ahead
        #: the threads that send prefetched queries, with the process and size they are for
        self._workers: tuple[ThreadPoolExecutor, tuple[int, int]] | None = None
        self._workers_lock = threading.Lock()
        #: called after each loading batch with (triples written, total)
        self.progress: Progress | None = None

    # ------------------------------------------------------------------ queries
    def select(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Rows:
        """Run a ``SELECT`` query on the server."""
        variables, solutions = self._select_results(sparql, bindings)
        names = tuple(v.value for v in variables)
        return Rows(names, [tuple(map(self._term, sol)) for sol in solutions])

    def select_text(
        self, sparql: str, bindings: Mapping[str, Node] | None = None
    ) -> list[tuple[str | None, ...]]:
        """Run a ``SELECT`` query on the server; each term as its text."""
        waiting: dict[Hashable, Future[list[tuple[str | None, ...]]]] = getattr(
            self._local, "ahead", {}
        )
        ahead = waiting.get(_prefetch_key(sparql, bindings))
        if ahead is not None:
            return ahead.result()
        return self._select_text_now(sparql, bindings)

    def _select_text_now(
        self, sparql: str, bindings: Mapping[str, Node] | None
    ) -> list[tuple[str | None, ...]]:
        _variables, solutions = self._select_results(sparql, bindings)
        try:  # an IRI's, a blank node's and a literal's text is their value
            return [tuple([None if t is None else t.value for t in sol]) for sol in solutions]
        except AttributeError:  # a term of another kind (a triple term): its error
            return [tuple(_text(t, self.query_url) for t in sol) for sol in solutions]

    def _select_results(self, sparql: str, bindings: Mapping[str, Node] | None) -> Any:
        """Ask a ``SELECT``; if the server's TSV cannot be read, ask again for JSON.

        Some servers write TSV that is not the standard's; JSON is asked from then on.
        """
        response = self._query(sparql, bindings, self._accept)
        try:
            return self._results(response, "solutions")
        except StoreError:
            if not response.content_type.lower().startswith("text/tab-separated-values"):
                raise
            self._accept = "application/sparql-results+json"
            return self._results(self._query(sparql, bindings, self._accept), "solutions")

    @contextmanager
    def prefetching(
        self, queries: Iterable[tuple[str, Mapping[str, Node] | None]]
    ) -> Iterator[None]:
        """Send the queries to the server at once, ``parallel`` at a time, before they are asked.

        Inside the block, :meth:`select_text` of one of these queries (same text, same
        bindings) waits for its answer instead of asking again; a failed query raises its
        error there. The server works on several questions while the client reads answers.
        Only the thread that opened the block takes these answers; other threads, and the
        same thread after the block, ask the server as usual.
        """
        pool = self._prefetchers()
        outer: dict[Hashable, Future[list[tuple[str | None, ...]]]] = getattr(
            self._local, "ahead", {}
        )
        ahead = dict(outer)  # a block inside another keeps the outer block's answers
        for sparql, bindings in queries:
            key = _prefetch_key(sparql, bindings)
            if key not in ahead:
                ahead[key] = pool.submit(self._select_text_now, sparql, bindings)
        self._local.ahead = ahead
        try:
            yield
        finally:
            self._local.ahead = outer
            # answers nobody read are dropped; queries still running finish on their own
            for key, future in ahead.items():
                if key not in outer:
                    future.cancel()

    def _prefetchers(self) -> ThreadPoolExecutor:
        """Return the store's ``parallel`` threads for prefetched queries, made when first needed.

        They are kept for the next block (starting threads for each ``analyze`` cost more
        than a small portfolio's queries); a forked child, or a new ``parallel``, makes new ones.
        """
        wanted = (os.getpid(), self.parallel)
        with self._workers_lock:
            if self._workers is not None and self._workers[1] != wanted:
                if self._workers[1][0] == wanted[0]:  # (a forked child has none of its threads)
                    self._workers[0].shutdown(wait=False)
                self._workers = None
            if self._workers is None:
                pool = ThreadPoolExecutor(
                    max_workers=self.parallel, thread_name_prefix="stsm-prefetch"
                )
                self._workers = (pool, wanted)
            return self._workers[0]

    def close(self) -> None:
        """Close the kept connections, stop the prefetching threads (made again when needed)."""
        super().close()
        with self._workers_lock:
            workers, self._workers = self._workers, None
        if workers is not None and workers[1][0] == os.getpid():
            workers[0].shutdown(wait=False, cancel_futures=True)

    def ask(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> bool:
        """Run an ``ASK`` query on the server."""
        # TSV has no form for a boolean: ask for JSON
        response = self._query(sparql, bindings, "application/sparql-results+json")
        return bool(self._results(response, "boolean"))

    def construct(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        """Run a ``CONSTRUCT`` or ``DESCRIBE`` query on the server."""
        response = self._query(sparql, bindings, "application/n-triples")
        g = Graph()
        triples = self._answer_triples(response.body)
        self._whole(response, len(triples), "triples")
        for triple in triples:
            s, p, o = (self._term(t) for t in (triple.subject, triple.predicate, triple.object))
            assert s is not None and p is not None and o is not None  # N-Triples binds all
            g.add((s, p, o))
        return g

    def _answer_triples(self, data: bytes) -> list[ox.Triple]:
        """Parse the server's N-Triples; bad ones are a :class:`StoreError`."""
        try:
            return [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
        except (SyntaxError, ValueError) as exc:
            raise StoreError(
                f"the SPARQL endpoint {self.query_url} sent bad N-Triples where a graph was "
                f"expected: {one_line(str(exc))}"
            ) from exc

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update on the server, as written (the update URL is required).

        With ``graph`` set, an update that would write to the server's default graph
        without naming it is refused before anything is sent: triples outside any
        ``GRAPH`` block in ``INSERT DATA``/``DELETE DATA``/``DELETE WHERE``, a
        ``DELETE/INSERT ... WHERE`` without ``WITH``, a ``LOAD`` without ``INTO GRAPH``. An
        update that names its graphs runs as written, whichever they are (``GRAPH <other>``,
        ``DROP ALL``, ``COPY <g> TO DEFAULT``). With ``graph`` set, a ``WHERE`` reads the
        portfolio's graph (sent as ``using-graph-uri``) unless the update names what it
        reads with ``WITH`` or ``USING``; without ``graph``, which graph it reads is the
        server's rule (its default graph, or on some servers the union of all graphs).

        Raises
        ------
        QueryError
            With ``graph`` set: if rdflib's SPARQL 1.1 parser refuses the update (without
            ``graph``, the server judges it), or it would write to the default graph.
        StoreError
            If the store has no update URL, or the server fails.

        Examples
        --------
        >>> store = RemoteStore("http://127.0.0.1:9/query", "http://127.0.0.1:9/update",
        ...                     graph="urn:stsm:demo")
        >>> try:
        ...     store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
        ... except QueryError as err:
        ...     print(str(err)[:60])
        this portfolio is the named graph <urn:stsm:demo>, but INSER
        """
        self._writable()  # before the update is looked at
        if self.graph:
            outside = default_graph_writes(sparql)
            if outside:
                raise QueryError(
                    f"this portfolio is the named graph <{self.graph}>, but {outside[0]} "
                    "would write to the server's default graph: "
                    + how_to_name(outside[0], self.graph)
                )
        using = {"using-graph-uri": self.graph} if self.graph and reads_unnamed(sparql) else {}
        self._send_update(sparql, using)

    def _writable(self) -> str:
        """Return the update URL; a store without one is read-only."""
        if self.update_url is None:
            raise StoreError("this remote store is read-only: give an update URL to write")
        return self.update_url

    def _send_update(self, sparql: str, params: Mapping[str, str] | None = None) -> None:
        # an update is acknowledged only by a 2xx from the server asked: a redirect is not
        # followed (a 302 followed as a GET without its body could reach a server that
        # answers 200 for an update it never saw)
        self._post(
            self._writable(),
            sparql,
            "application/sparql-update; charset=UTF-8",
            None,
            params or {},
        )

    # ------------------------------------------------------------------ whole graph
    def _download(self) -> OxigraphStore:
        response = self._query(
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", None, "application/n-triples"
        )
        local = OxigraphStore()
        try:
            local.store.load(input=response.body, format=ox.RdfFormat.N_TRIPLES)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(
                f"the SPARQL endpoint {self.query_url} sent bad N-Triples where the graph was "
                f"expected: {one_line(str(exc))}"
            ) from exc
        self._whole(response, len(local), "triples")
        self._all_sent(len(local))
        return local

    def _all_sent(self, received: int) -> None:
        """Refuse a copy of the graph with fewer triples than the server counts in it.

        A server may cut a ``CONSTRUCT`` at its limit of rows without saying so (Virtuoso 7
        sends no ``X-SPARQL-MaxRows`` with one), so the copy is checked against a count of
        the distinct triples the same pattern matches.
        """
        rows = self.select_text(
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
        )
        count = rows[0][0] if rows and rows[0] else None
        if count is not None and count.isdigit() and received < int(count):
            raise StoreError(
                f"the SPARQL endpoint {self.query_url} sent {received:,} of the "
                f"{int(count):,} triples it holds, so the copy is not whole: it cut its "
                "answer without saying so; raise the server's limit on result rows "
                "(Virtuoso: ResultSetMaxRows in the [SPARQL] section of virtuoso.ini) above "
                "the size of the graph, then ask again"
            )

    def serialize(self, fmt: str, prefixes: Mapping[str, str]) -> bytes:
        """Download the graph and serialise it."""
        return self._download().serialize(fmt, prefixes)

    def to_rdflib(self) -> Graph:
        """Download the graph into an rdflib ``Graph`` (used by SHACL validation)."""
        return self._download().to_rdflib()

    def copy(self) -> Store:
        """Download the graph into an in-memory Oxigraph store."""
        return self._download()

    def __len__(self) -> int:
        rows = self.select_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        count = rows[0][0] if rows and rows[0] else "0"
        if count is None or not count.isdigit():
            raise StoreError(
                f"the SPARQL endpoint {self.query_url} sent {one_line(repr(count), 60)} where "
                "a count of triples was expected"
            )
        return int(count)


def _text(term: Any, url: str) -> str | None:
    """Return a term of the server's results as its text (``None`` if unbound)."""
    if term is None or isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
        return None if term is None else str(term.value)
    raise StoreError(
        f"the SPARQL endpoint {url} sent a term stsm-graph cannot use "
        f"({one_line(str(term), 100)}): expected an IRI, a blank node or a literal"
    )
