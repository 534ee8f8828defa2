"""A portfolio on a SPARQL 1.1 server: Oxigraph server, Fuseki, GraphDB, Virtuoso, Neptune.

Queries go over the SPARQL 1.1 Protocol (``POST application/sparql-query``) on kept-alive
connections (:mod:`stsm_graph._connections`), results come back as TSV (or SPARQL JSON or
XML, whichever the server sends) and are parsed by pyoxigraph; writes go as SPARQL Update
(``INSERT DATA`` in batches; a load replaces the graph through a temporary one, see
:meth:`RemoteStore.replace_from`), each request on a connection of its own, never following a
redirect. With ``graph`` set, the
portfolio is that named graph: queries name it as their default graph
(``default-graph-uri``), writes go into it. Bound variables
travel as a ``VALUES`` block at the head of the query's ``WHERE`` group, each term checked
by :func:`stsm_graph.terms.sparql_term`. Every analysis runs on the server; only
``serialize``, ``to_rdflib`` (SHACL validation) and ``copy`` bring the graph over.

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

import base64
import html
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
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from stsm_graph._connections import ConnectionPool
from stsm_graph._remote_writes import Progress, RemoteWrites, WriteError
from stsm_graph.errors import QueryError, StoreError
from stsm_graph.stores import OxigraphStore, Rows, Store, mask_sparql
from stsm_graph.terms import from_ox, sparql_term, valid_iri

__all__ = ["Progress", "RemoteStore", "WriteError", "inject_values"]

_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def inject_values(query: str, bindings: Mapping[str, Node]) -> str:
    """Pre-bind variables by a ``VALUES`` block at the head of the outermost ``WHERE`` group.

    Examples
    --------
    >>> from rdflib import URIRef
    >>> inject_values("SELECT ?s ?p WHERE { ?s ?p ?o }", {"p": URIRef("urn:p")})
    'SELECT ?s ?p WHERE { VALUES (?p) { (<urn:p>) } ?s ?p ?o }'
    >>> inject_values("ASK { ?s ?p ?o }", {"s": URIRef("urn:s")})
    'ASK { VALUES (?s) { (<urn:s>) } ?s ?p ?o }'
    """
    if not bindings:
        return query
    masked = mask_sparql(query)
    match = _WHERE.search(masked)
    # without WHERE (ASK { }), the first brace: the prologue has none once masked
    brace = match.end() - 1 if match is not None else masked.find("{")
    if brace < 0:
        raise QueryError("cannot bind variables: the query has no WHERE group")
    names = sorted(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
    block = (
        " VALUES ("
        + " ".join(f"?{n}" for n in names)
        + ") { ("
        + " ".join(sparql_term(bindings[n]) for n in names)
        + ") }"
    )
    return query[: brace + 1] + block + query[brace + 1 :]


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


def _detail(body: bytes, content_type: str = "") -> str:
    """Return a server's error body as one short line: an HTML page as its text.

    The body is decoded by its charset (UTF-8 if none), control characters become spaces,
    an HTML page (by its Content-Type) is reduced to its text, and a long text keeps its
    head and its tail, where a parser's message usually is.

    Examples
    --------
    >>> _detail(b"<html><head><title>Oops</title></head><body><h1>Error 501</h1> <p>No &amp; no"
    ...         b"</p></body></html>", "text/html; charset=utf-8")
    'Oops Error 501 No & no'
    >>> _detail(b"Parse error: SELECT ?s WHERE { ?s <p> ?o }", "text/plain")
    'Parse error: SELECT ?s WHERE { ?s <p> ?o }'
    >>> text = _detail(b"head " + b"x" * 1000 + b" the message")
    >>> len(text), text[:6], text[-11:]
    (300, 'head x', 'the message')
    """
    charset = re.search(r"charset=([\w.:-]+)", content_type, re.IGNORECASE)
    try:
        text = body.decode(charset.group(1) if charset else "utf-8", "replace")
    except LookupError:  # a charset Python does not know
        text = body.decode("utf-8", "replace")
    if content_type.split(";")[0].strip().lower() in ("text/html", "application/xhtml+xml"):
        text = re.sub(r"<!--.*?-->", " ", text, flags=re.DOTALL)
        text = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", text, flags=re.IGNORECASE | re.DOTALL)
        text = html.unescape(re.sub(r"<[^>]*>", " ", text))
    text = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return text if len(text) <= 300 else text[:100] + " … " + text[-197:]


def _version() -> str:
    from stsm_graph import __version__

    return __version__


def _prefetch_key(sparql: str, bindings: Mapping[str, Node] | None) -> Hashable:
    return sparql, frozenset((bindings or {}).items())


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect handler that follows nothing: a 3xx reaches the caller as an ``HTTPError``."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@lru_cache(maxsize=1)
def _no_redirects() -> urllib.request.OpenerDirector:
    """Return an opener like ``urlopen``'s (proxies from the environment) but no redirect."""
    return urllib.request.build_opener(_RefuseRedirects)


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
        ``(user, password)`` for HTTP basic authentication.
    timeout
        Seconds to wait for each request.
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
        for name, url in (("query URL", query_url), ("update URL", update_url)):
            if url is None:
                continue
            if not re.match(r"https?://", url):
                raise StoreError(f"the {name} {url!r} is not an http(s) URL")
            try:
                urllib.parse.urlsplit(url).port  # noqa: B018 - raises for a bad port
            except ValueError as exc:
                raise StoreError(
                    f"the {name} {url!r} has a bad port ({exc}): give a number from 1 to 65535"
                ) from exc
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
        if auth is not None:
            token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
            self._headers["Authorization"] = f"Basic {token}"
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
        follow_redirects: bool = True,
    ) -> tuple[bytes, str]:
        """POST ``body``; return the response's bytes and its Content-Type.

        With ``reuse`` (a query: safe to send twice), the request goes on a kept-alive
        connection where :meth:`ConnectionPool.usable` allows it; a redirect is then asked
        again through ``urllib``, which handles it as it always has. Without
        ``follow_redirects`` (an update) a redirect is an error: only a 2xx is an answer.
        """
        full = url + ("?" + urllib.parse.urlencode(params) if params else "")
        headers = {**self._headers, "Content-Type": content_type}
        if accept:
            headers["Accept"] = accept
        data = body.encode("utf-8")
        try:
            if reuse and self._pool.usable(full):
                kept = self._pool.post(full, data, headers, self.timeout)
                if not 300 <= kept.status < 400:
                    return kept.body, kept.content_type
            request = urllib.request.Request(full, data=data, headers=headers)
            opener = urllib.request.urlopen if follow_redirects else _no_redirects().open
            with opener(request, timeout=self.timeout) as response:
                return bytes(response.read()), str(response.headers.get("Content-Type") or "")
        except urllib.error.HTTPError as exc:
            body = _detail(exc.read(65_536), str(exc.headers.get("Content-Type") or ""))
            detail = body or "(no message)"
            if not follow_redirects and 300 <= exc.code < 400:
                location = _detail(str(exc.headers.get("Location") or "").encode())
                raise StoreError(
                    f"the SPARQL endpoint {url} answered the update with a redirect (HTTP "
                    f"{exc.code}{' to ' + location if location else ''}), which is not "
                    "followed: nothing was written; give the update URL the server expects"
                ) from exc
            if exc.code == 400:
                raise QueryError(
                    f"the SPARQL endpoint {url} refused the request: {detail}"
                ) from exc
            if exc.code in (401, 403):
                raise StoreError(
                    f"the SPARQL endpoint {url} refused access (HTTP {exc.code}); check the "
                    "user and password"
                ) from exc
            raise StoreError(
                f"the SPARQL endpoint {url} failed (HTTP {exc.code}): {detail}"
            ) from exc
        except TimeoutError as exc:
            raise StoreError(
                f"the SPARQL endpoint {url} did not answer within {self.timeout:g} s; "
                "raise the timeout or ask a smaller question"
            ) from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):  # timed out while connecting or sending
                raise StoreError(
                    f"the SPARQL endpoint {url} did not answer within {self.timeout:g} s; "
                    "raise the timeout or ask a smaller question"
                ) from exc
            raise StoreError(
                f"cannot reach the SPARQL endpoint {url}: {exc.reason}; is the server running?"
            ) from exc
        except http.client.HTTPException as exc:  # not HTTP, or a body cut short
            raise StoreError(
                f"the SPARQL endpoint {url} sent a broken HTTP response: {exc!r}"
            ) from exc
        except OSError as exc:
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {exc}") from exc

    def _query(
        self, sparql: str, bindings: Mapping[str, Node] | None, accept: str
    ) -> tuple[bytes, str]:
        params = {"default-graph-uri": self.graph} if self.graph else {}
        text = inject_values(sparql, bindings or {})
        return self._post(
            self.query_url, text, "application/sparql-query", accept, params, reuse=True
        )

    def _results(self, response: tuple[bytes, str]) -> Any:
        """Parse results: a boolean, or ``(variables, solutions)`` read to the end."""
        data, content_type = response
        kind = content_type.split(";")[0].strip().lower()
        fmt = _RESULT_FORMATS.get(kind, ox.QueryResultsFormat.JSON)
        parsed: Any = None
        try:
            parsed = ox.parse_query_results(data, format=fmt)
            if isinstance(parsed, ox.QuerySolutions):  # rows are parsed lazily: read them here
                return parsed.variables, list(parsed)
            return parsed
        except (SyntaxError, ValueError) as exc:
            # drop the parser now: the traceback would keep it alive, and a pyoxigraph object
            # must not be freed on another thread
            parsed = None
            raise StoreError(
                f"the SPARQL endpoint {self.query_url} sent bad results: {exc}"
            ) from exc

    # ------------------------------------------------------------------ queries
    def select(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Rows:
        """Run a ``SELECT`` query on the server."""
        variables, solutions = self._select_results(sparql, bindings)
        names = tuple(v.value for v in variables)
        return Rows(names, [tuple(map(from_ox, sol)) for sol in solutions])

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
        return [tuple(None if t is None else t.value for t in sol) for sol in solutions]

    def _select_results(self, sparql: str, bindings: Mapping[str, Node] | None) -> Any:
        """Ask a ``SELECT``; if the server's TSV cannot be read, ask again for JSON.

        Some servers write TSV that is not the standard's; JSON is asked from then on.
        """
        response = self._query(sparql, bindings, self._accept)
        try:
            return self._results(response)
        except StoreError:
            if not response[1].lower().startswith("text/tab-separated-values"):
                raise
            self._accept = "application/sparql-results+json"
            return self._results(self._query(sparql, bindings, self._accept))

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
        return bool(self._results(self._query(sparql, bindings, "application/sparql-results+json")))

    def construct(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        """Run a ``CONSTRUCT`` or ``DESCRIBE`` query on the server."""
        data, _type = self._query(sparql, bindings, "application/n-triples")
        g = Graph()
        g.parse(data=data.decode("utf-8"), format="nt")
        return g

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
            follow_redirects=False,
        )

    # ------------------------------------------------------------------ whole graph
    def _download(self) -> OxigraphStore:
        data, _type = self._query(
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", None, "application/n-triples"
        )
        local = OxigraphStore()
        try:
            local.store.load(input=data, format=ox.RdfFormat.N_TRIPLES)
        except SyntaxError as exc:
            raise StoreError(f"the SPARQL endpoint sent bad N-Triples: {exc}") from exc
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
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(str(rows.rows[0][0])) if rows.rows else 0
