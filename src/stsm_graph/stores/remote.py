"""A portfolio on a SPARQL 1.1 server: Oxigraph server, Fuseki, GraphDB, Virtuoso, Neptune.

Queries go over the SPARQL 1.1 Protocol (``POST application/sparql-query``) on kept-alive
connections (:mod:`stsm_graph.stores.connections`), results come back as TSV (or SPARQL JSON or
XML, whichever the server sends) and are parsed by pyoxigraph; writes go as SPARQL Update
(``INSERT DATA`` in batches; a load replaces the graph through a temporary one, see
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

import http.client
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
import weakref
from collections.abc import Hashable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from stsm_graph.common.terms import from_ox, valid_iri
from stsm_graph.errors import QueryError, StoreError, StsmGraphError
from stsm_graph.stores.base import OxigraphStore, Rows, Store
from stsm_graph.stores.connections import ConnectionPool, build_opener, post_once
from stsm_graph.stores.remote_writes import Progress, RemoteWrites, WriteError
from stsm_graph.stores.server_text import (
    basic_authorization,
    credentials,
    detail,
    one_line,
    origin,
    without_credentials,
)
from stsm_graph.stores.sparql_values import inject_values

__all__ = ["Progress", "RemoteStore", "WriteError", "inject_values"]

#: results asked for: TSV first (the least to write, send and parse), then JSON and XML
_RESULTS = (
    "text/tab-separated-values, application/sparql-results+json;q=0.9, "
    "application/sparql-results+xml;q=0.8"
)
_RESULT_FORMATS = {
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
}


_OPERATIONS = {
    "InsertData": "INSERT DATA",
    "DeleteData": "DELETE DATA",
    "DeleteWhere": "DELETE WHERE",
    "Modify": "DELETE/INSERT ... WHERE",
    "Load": "LOAD",
}
#: how to make each operation write into the portfolio's graph ``{g}``
_FIXES = {
    "INSERT DATA": "put its triples in GRAPH <{g}> {{ ... }}",
    "DELETE DATA": "put its triples in GRAPH <{g}> {{ ... }}",
    "DELETE WHERE": "put its triples in GRAPH <{g}> {{ ... }}",
    "DELETE/INSERT ... WHERE": "start it with WITH <{g}>, or put its template's triples in "
    "GRAPH <{g}> {{ ... }}",
    "LOAD": "end it with INTO GRAPH <{g}>",
}


def _default_graph_writes(sparql: str) -> list[str]:
    """Return the operations of a SPARQL Update that write to the default graph unasked.

    That is, triples outside any ``GRAPH`` block in ``INSERT DATA``, ``DELETE DATA`` and
    ``DELETE WHERE``, and in the templates of a ``DELETE/INSERT ... WHERE`` without
    ``WITH``; and ``LOAD`` without ``INTO GRAPH``. Nothing else is listed: an operation that
    names its graphs (``GRAPH <other>``, ``WITH <other>``, ``CLEAR DEFAULT``,
    ``COPY <g> TO DEFAULT``, ``DROP ALL``) says where it writes. The update is parsed, not
    evaluated, by rdflib's SPARQL 1.1 parser.

    Raises
    ------
    QueryError
        If rdflib's parser refuses the text.

    Examples
    --------
    >>> _default_graph_writes("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")
    []
    >>> _default_graph_writes("DELETE WHERE { ?s <urn:p> ?o } ; WITH <urn:g> DELETE "
    ...                       "{ ?s <urn:p> ?o } WHERE { ?s <urn:p> ?o } ; LOAD <urn:x>")
    ['DELETE WHERE', 'LOAD']
    """
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parsed = parseUpdate(sparql)
    except Exception as exc:  # rdflib raises pyparsing errors and others
        raise QueryError(
            "cannot tell which graphs this update writes: rdflib's SPARQL 1.1 parser refuses "
            f"it ({exc})"
        ) from exc
    found = []
    # a CompValue's own get() answers a missing key with the key's name: ask the dict
    for op in dict.get(parsed, "request") or []:
        if op.name == "Load":
            unnamed = dict.get(op, "graphiri") is None
        elif op.name == "Modify":
            clauses = [dict.get(op, "delete"), dict.get(op, "insert")]
            unnamed = dict.get(op, "withClause") is None and any(
                _has_default_triples(dict.get(c, "quads")) for c in clauses if c is not None
            )
        else:
            unnamed = _has_default_triples(dict.get(op, "quads"))
        if unnamed:
            found.append(_OPERATIONS.get(op.name, op.name))
    return found


def _has_default_triples(quads: Any) -> bool:
    """Tell whether a parsed ``Quads`` block holds triples outside any ``GRAPH`` block."""
    return quads is not None and bool(dict.get(quads, "triples"))


#: the longest timeout taken, in seconds (a week): sockets refuse much larger ones
_MAX_TIMEOUT = 604_800


def _version() -> str:
    from stsm_graph.common.version import __version__

    return __version__


def _prefetch_key(sparql: str, bindings: Mapping[str, Node] | None) -> Hashable:
    return sparql, frozenset((bindings or {}).items())


class RemoteStore(RemoteWrites, Store):
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
        ``(user, password)`` for HTTP basic authentication, sent to the origins (scheme, host,
        port) of ``query_url`` and ``update_url``. A ``user:password@`` in a URL is taken out
        of it and sent to that URL's origin only; it must agree with ``auth`` if both are given.
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
        auth: tuple[str, str] | None = None,
        timeout: float | None = 60.0,
        batch_size: int = 20_000,
    ) -> None:
        #: the Authorization header for each origin credentials were given for
        self._authorization: dict[tuple[str, str, int | None], str] = {}
        urls: list[str | None] = []
        for name, given in (("query URL", query_url), ("update URL", update_url)):
            if given is None:
                urls.append(None)
                continue
            url = without_credentials(given)  # the password is never shown, nor sent in a URL
            if not re.match(r"https?://", url):
                raise StoreError(f"the {name} {url!r} is not an http(s) URL")
            try:
                urllib.parse.urlsplit(url).port  # noqa: B018 - raises for a bad port
            except ValueError as exc:
                raise StoreError(
                    f"the {name} {url!r} has a bad port ({exc}): give a number from 1 to 65535"
                ) from exc
            in_url = credentials(given)
            if in_url is not None and auth is not None and in_url != tuple(auth):
                raise StoreError(
                    f"the {name} {url!r} carries a user and password, and other ones were "
                    "given too: give them one way"
                )
            if in_url is not None or auth is not None:
                self._authorization[origin(url)] = basic_authorization(in_url or auth)  # type: ignore[arg-type]
            urls.append(url)
        query_url, update_url = str(urls[0]), urls[1]
        if graph is not None and not valid_iri(graph):
            raise StoreError(f"the graph name {graph!r} is not an absolute IRI")
        if timeout is not None and not (
            isinstance(timeout, int | float)
            and not isinstance(timeout, bool)
            and 0 < timeout <= _MAX_TIMEOUT
        ):
            raise StoreError(
                f"the timeout {timeout!r} is not a number of seconds above 0 and at most "
                f"{_MAX_TIMEOUT:,} (or None, to wait as long as the server takes)"
            )
        self.query_url = query_url
        self.update_url = update_url
        self.graph = graph
        self.timeout = timeout
        self.batch_size = batch_size
        self._headers: dict[str, str] = {"User-Agent": f"stsm-graph/{_version()}"}
        self._opener: urllib.request.OpenerDirector | None = None  # made at its first use
        #: queries sent at once by :meth:`prefetching`
        self.parallel = 4
        #: idle connections kept for queries; closed by :meth:`close` or when the store goes
        self._pool = ConnectionPool(size=self.parallel)
        weakref.finalize(self, self._pool.close)
        self._local = threading.local()  # per thread: the answers asked ahead
        self._accept = _RESULTS  # JSON only once this server's TSV failed to parse
        #: called after each loading batch with (triples written, total)
        self.progress: Progress | None = None

    # ------------------------------------------------------------------ transport
    def _post(
        self,
        url: str,
        body: str,
        content_type: str,
        accept: str | None,
        params: Mapping[str, str],
        *,
        reuse: bool = False,
    ) -> tuple[bytes, str]:
        """POST ``body``; return the response's bytes and its Content-Type.

        With ``reuse`` (a query: safe to send twice), the request goes on a kept-alive
        connection where :meth:`ConnectionPool.usable` allows it; otherwise on a connection of
        its own through ``urllib``. On both, :attr:`timeout` bounds the whole request, and a
        redirect is refused, not followed: the request, and the password given for this URL's
        origin, go nowhere else.
        """
        full = url + ("?" + urllib.parse.urlencode(params) if params else "")
        headers = {**self._headers, "Content-Type": content_type}
        if accept:
            headers["Accept"] = accept
        authorization = self._authorization.get(origin(url))
        if authorization is not None:
            headers["Authorization"] = authorization
        data = body.encode("utf-8")
        try:
            if reuse and self._pool.usable(full):
                answer = self._pool.post(full, data, headers, self.timeout)
            else:
                if self._opener is None:
                    self._opener = build_opener()
                answer = post_once(self._opener, full, data, headers, self.timeout)
            return answer.body, answer.content_type
        except urllib.error.HTTPError as exc:
            raise self._refused(url, exc) from exc
        except TimeoutError as exc:
            raise self._too_slow(url) from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):  # timed out while connecting or sending
                raise self._too_slow(url) from exc
            raise StoreError(
                f"cannot reach the SPARQL endpoint {url}: {one_line(str(exc.reason))}; "
                "is the server running?"
            ) from exc
        except http.client.HTTPException as exc:  # not HTTP, or a body cut short
            raise StoreError(
                f"the SPARQL endpoint {url} sent a broken HTTP response: {one_line(repr(exc))}"
            ) from exc
        except OSError as exc:
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {exc}") from exc

    def _too_slow(self, url: str) -> StoreError:
        return StoreError(
            f"the SPARQL endpoint {url} did not answer within {self.timeout:g} s; "
            "raise the timeout or ask a smaller question"
        )

    @staticmethod
    def _refused(url: str, exc: urllib.error.HTTPError) -> StsmGraphError:
        """Return the error for an HTTP status of 300 or more."""
        headers = exc.headers
        said = detail(exc.read(65_536), str(headers.get("Content-Type") or "")) or "(no message)"
        if 300 <= exc.code < 400:
            location = headers.get("Location")
            where = f"to {one_line(without_credentials(location))} " if location else ""
            return StoreError(
                f"the SPARQL endpoint {url} redirects {where}(HTTP {exc.code}); redirects are "
                "not followed, so that no query, update or password goes where it was not "
                "sent: give the URL it redirects to, if that is the endpoint you mean"
            )
        if exc.code == 400:
            return QueryError(f"the SPARQL endpoint {url} refused the request: {said}")
        if exc.code in (401, 403):
            return StoreError(
                f"the SPARQL endpoint {url} refused access (HTTP {exc.code}); check the "
                "user and password"
            )
        return StoreError(f"the SPARQL endpoint {url} failed (HTTP {exc.code}): {said}")

    def _query(
        self, sparql: str, bindings: Mapping[str, Node] | None, accept: str
    ) -> tuple[bytes, str]:
        params = {"default-graph-uri": self.graph} if self.graph else {}
        text = inject_values(sparql, bindings or {})
        return self._post(
            self.query_url, text, "application/sparql-query", accept, params, reuse=True
        )

    def _results(self, response: tuple[bytes, str], expected: str) -> Any:
        """Parse results of the ``expected`` shape, ``"solutions"`` or ``"boolean"``.

        Solutions come as ``(variables, solutions)`` read to the end, a boolean as a bool;
        anything else the server sends (another shape, bad syntax) is a :class:`StoreError`.
        """
        data, content_type = response
        kind = content_type.split(";")[0].strip().lower()
        fmt = _RESULT_FORMATS.get(kind, ox.QueryResultsFormat.JSON)
        parsed: Any = None
        try:
            parsed = ox.parse_query_results(data, format=fmt)
            if isinstance(parsed, ox.QuerySolutions):  # rows are parsed lazily: read them here
                found: Any = parsed.variables, list(parsed)
            else:
                found = bool(parsed)
        except (SyntaxError, ValueError) as exc:
            # drop the parser now: the traceback would keep it alive, and a pyoxigraph object
            # must not be freed on another thread
            parsed = None
            raise StoreError(
                f"the SPARQL endpoint {self.query_url} sent bad results: {one_line(str(exc))}"
            ) from exc
        parsed = None
        if isinstance(found, bool) != (expected == "boolean"):
            raise StoreError(
                f"the SPARQL endpoint {self.query_url} sent "
                + ("a boolean (an ASK query's answer)" if isinstance(found, bool) else "a table")
                + f" where {'a boolean' if expected == 'boolean' else 'a table of solutions'} "
                "was expected"
            )
        return found

    def _term(self, term: Any) -> Node | None:
        """Return a term of the server's results as rdflib's (one it cannot use: an error)."""
        try:
            return from_ox(term)
        except (TypeError, ValueError, StoreError) as exc:  # a triple term: StoreError
            raise StoreError(
                f"the SPARQL endpoint {self.query_url} sent a term stsm-graph cannot use "
                f"({one_line(str(term), 100)}): expected an IRI, a blank node or a literal"
            ) from exc

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
        return [tuple(_text(t, self.query_url) for t in sol) for sol in solutions]

    def _select_results(self, sparql: str, bindings: Mapping[str, Node] | None) -> Any:
        """Ask a ``SELECT``; if the server's TSV cannot be read, ask again for JSON.

        Some servers write TSV that is not the standard's; JSON is asked from then on.
        """
        response = self._query(sparql, bindings, self._accept)
        try:
            return self._results(response, "solutions")
        except StoreError:
            if not response[1].lower().startswith("text/tab-separated-values"):
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
        self._pool.size = max(self._pool.size, self.parallel)
        pool = ThreadPoolExecutor(max_workers=self.parallel, thread_name_prefix="stsm-prefetch")
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
            pool.shutdown(wait=False, cancel_futures=True)

    def ask(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> bool:
        """Run an ``ASK`` query on the server."""
        # TSV has no form for a boolean: ask for JSON
        response = self._query(sparql, bindings, "application/sparql-results+json")
        return bool(self._results(response, "boolean"))

    def construct(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        """Run a ``CONSTRUCT`` or ``DESCRIBE`` query on the server."""
        data, _type = self._query(sparql, bindings, "application/n-triples")
        g = Graph()
        for triple in self._answer_triples(data):
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
        ``DROP ALL``, ``COPY <g> TO DEFAULT``). Which graph a ``WHERE`` reads is the
        server's rule (its default graph, or on some servers the union of all graphs);
        ``WITH <g>`` or ``USING <g>`` makes it the portfolio's.

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
            outside = _default_graph_writes(sparql)
            if outside:
                raise QueryError(
                    f"this portfolio is the named graph <{self.graph}>, but {outside[0]} "
                    "would write to the server's default graph: "
                    + _FIXES[outside[0]].format(g=self.graph)
                )
        self._send_update(sparql)

    def _writable(self) -> str:
        """Return the update URL; a store without one is read-only."""
        if self.update_url is None:
            raise StoreError("this remote store is read-only: give an update URL to write")
        return self.update_url

    def _send_update(self, sparql: str) -> None:
        # an update is acknowledged only by a 2xx from the server asked: a redirect is not
        # followed (urllib would follow a 302 with a GET that has no body, and the server it
        # reaches would answer 200 for an update it never saw)
        self._post(
            self._writable(),
            sparql,
            "application/sparql-update; charset=UTF-8",
            None,
            {},
        )

    # ------------------------------------------------------------------ whole graph
    def _download(self) -> OxigraphStore:
        data, _type = self._query(
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", None, "application/n-triples"
        )
        local = OxigraphStore()
        try:
            local.store.load(input=data, format=ox.RdfFormat.N_TRIPLES)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(
                f"the SPARQL endpoint {self.query_url} sent bad N-Triples where the graph was "
                f"expected: {one_line(str(exc))}"
            ) from exc
        return local

    def serialize(self, fmt: str, prefixes: Mapping[str, str]) -> bytes:
        """Download the graph and serialise it."""
        return self._download().serialize(fmt, prefixes)

    def to_rdflib(self) -> Graph:
        """Download the graph into an rdflib ``Graph`` (used by SHACL validation)."""
        return self._download().to_rdflib()

    def copy(self) -> Store:
        """Download the graph into an in-memory Oxigraph store."""
        return self._download()

    def close(self) -> None:
        """Close the connections kept open for queries (a later query opens one again)."""
        self._pool.close()

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
