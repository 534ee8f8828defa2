"""``RemoteStore`` against a fake SPARQL server: negotiation, errors, auth, graphs, batches.

The fake is a standard-library HTTP server on a free loopback port; each test tells it how to
answer and reads back the requests it received. No real triple store is involved. Each test
of the fake runs twice: against a server that closes each connection after one answer
(HTTP/1.0) and against one that keeps it open for the next (HTTP/1.1), since queries go on
kept-alive connections where they can.
"""

from __future__ import annotations

import contextlib
import io
import os
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.term import Node
from stores_under_test import STORES, make_portfolio

from stsm_graph import Portfolio
from stsm_graph.cli import main
from stsm_graph.errors import QueryError, StoreError
from stsm_graph.stores import http_client as _http_client
from stsm_graph.stores.remote import RemoteStore, WriteError

TSV = "text/tab-separated-values"
JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
XSD = "http://www.w3.org/2001/XMLSchema#"
SELECT = "SELECT ?s ?o ?x WHERE { ?s <urn:p> ?o OPTIONAL { ?s <urn:q> ?x } } ORDER BY ?s"


# --------------------------------------------------------------------------- the fake server


@dataclass(frozen=True)
class Seen:
    """One request the fake server received."""

    method: str
    path: str
    params: dict[str, list[str]]
    headers: Message
    body: str
    #: the client's (host, port): requests on one kept-alive connection share it
    client: tuple[str, int] = ("", 0)

    @property
    def form(self) -> dict[str, list[str]]:
        """The fields of a form-encoded body (a query's ``query=...``)."""
        assert self.headers["Content-Type"] == "application/x-www-form-urlencoded"
        return urllib.parse.parse_qs(self.body, keep_blank_values=True)


@dataclass(frozen=True)
class Reply:
    """How the fake server answers: status, Content-Type, body, and a delay before answering."""

    status: int = 200
    content_type: str = JSON
    body: bytes = b'{"head":{},"boolean":true}'
    delay: float = 0.0
    #: bytes sent as they are, in place of an HTTP response (a server that is not HTTP)
    raw: bytes | None = None
    #: close the connection after answering without saying so (an idle connection dropped)
    drop: bool = False
    #: more headers, such as a redirect's Location
    headers: tuple[tuple[str, str], ...] = ()
    #: read the request, then close the connection without a word
    hang_up: bool = False
    #: send ``raw`` one byte every ``trickle`` seconds (a server that never stops talking),
    #: after its first ``trickle_from`` bytes at once
    trickle: float = 0.0
    trickle_from: int = 0


Responder = Callable[[Seen], Reply]


@dataclass
class FakeSparql:
    """The state shared by the test and the server thread."""

    port: int = 0
    responder: Responder = field(default=lambda seen: Reply())
    requests: list[Seen] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    #: "HTTP/1.1": the server keeps each connection open for the next request
    protocol: str = "HTTP/1.0"

    @property
    def keeps_alive(self) -> bool:
        return self.protocol == "HTTP/1.1"

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    @property
    def update_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/update"

    def answer(self, reply: Reply) -> None:
        self.responder = lambda seen: reply


class _Server(ThreadingHTTPServer):
    # join every handler thread on server_close, so nothing outlives the test
    daemon_threads = False
    block_on_close = True
    fake: FakeSparql
    #: every connection accepted: shut down on teardown, so no handler waits for a request
    accepted: list[socket.socket]

    def process_request(self, request: Any, client_address: Any) -> None:
        self.accepted.append(request)
        super().process_request(request, client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # the client gave up first (the timeout test): writing the late answer fails; fine
        pass


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        fake = self.server.fake
        url = urllib.parse.urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        seen = Seen(
            method="POST",
            path=url.path,
            params=urllib.parse.parse_qs(url.query),
            headers=self.headers,
            body=self.rfile.read(length).decode("utf-8"),
            client=(str(self.client_address[0]), int(self.client_address[1])),
        )
        fake.requests.append(seen)
        reply = fake.responder(seen)
        if reply.hang_up:
            self.close_connection = True
            return
        if reply.delay:
            fake.release.wait(reply.delay)  # set on teardown: never outlives the test
        if reply.raw is not None:
            self._write(reply)
            return
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        for name, value in reply.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)
        if reply.drop:
            self.close_connection = True

    def do_GET(self) -> None:
        # a redirected POST arrives as a GET: record it, answer as the test says
        url = urllib.parse.urlsplit(self.path)
        client = (str(self.client_address[0]), int(self.client_address[1]))
        seen = Seen("GET", url.path, urllib.parse.parse_qs(url.query), self.headers, "", client)
        self.server.fake.requests.append(seen)
        reply = self.server.fake.responder(seen)
        self.send_response(reply.status)
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        self.wfile.write(reply.body)

    def _write(self, reply: Reply) -> None:
        """Send ``reply.raw`` as it is: at once, or a byte at a time after its head."""
        assert reply.raw is not None
        fake = self.server.fake
        if not reply.trickle:
            self.wfile.write(reply.raw)
        else:
            self.wfile.write(reply.raw[: reply.trickle_from])
            for at in range(reply.trickle_from, len(reply.raw)):
                if fake.release.wait(reply.trickle):
                    break  # the test is over
                self.wfile.write(reply.raw[at : at + 1])
        self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _KeepAliveHandler(_Handler):
    protocol_version = "HTTP/1.1"


@contextlib.contextmanager
def _serving(protocol: str) -> Iterator[FakeSparql]:
    """Run a fake SPARQL server on a free loopback port until the block ends."""
    state = FakeSparql(protocol=protocol)
    handler = _KeepAliveHandler if state.keeps_alive else _Handler
    server = _Server(("127.0.0.1", 0), handler)
    server.fake = state
    server.accepted = []
    state.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        server.shutdown()
        for sock in server.accepted:
            with contextlib.suppress(OSError):  # already closed by the handler
                sock.shutdown(socket.SHUT_RDWR)
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(params=["HTTP/1.0", "HTTP/1.1"])
def fake(request: pytest.FixtureRequest) -> Iterator[FakeSparql]:
    with _serving(request.param) as state:
        yield state


@pytest.fixture
def elsewhere() -> Iterator[FakeSparql]:
    """A second fake server, on another port: another origin."""
    with _serving("HTTP/1.1") as state:
        yield state


@pytest.fixture
def refused_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    return f"http://127.0.0.1:{port}/query"


# --------------------------------------------------------------------------- result bodies


def _results(fmt: Any) -> bytes:
    """The results of ``SELECT`` on a small store, serialised by pyoxigraph."""
    store = ox.Store()
    store.update(
        "INSERT DATA {"
        f' <urn:a> <urn:p> "1.5"^^<{XSD}decimal> . <urn:a> <urn:q> "plain" .'
        ' <urn:b> <urn:p> "chat"@fr .'
        ' <urn:c> <urn:p> "x"^^<urn:dt> . }'
    )
    data = store.query(SELECT).serialize(format=fmt)
    assert isinstance(data, bytes)
    return data


BODIES = {
    TSV: _results(ox.QueryResultsFormat.TSV),
    JSON: _results(ox.QueryResultsFormat.JSON),
    XML: _results(ox.QueryResultsFormat.XML),
}

EXPECTED_ROWS: list[tuple[Node | None, ...]] = [
    (URIRef("urn:a"), Literal("1.5", datatype=URIRef(XSD + "decimal")), Literal("plain")),
    (URIRef("urn:b"), Literal("chat", lang="fr"), None),
    (URIRef("urn:c"), Literal("x", datatype=URIRef("urn:dt")), None),
]
EXPECTED_TEXT = [("urn:a", "1.5", "plain"), ("urn:b", "chat", None), ("urn:c", "x", None)]


def _accepted(header: str) -> dict[str, float]:
    """The media types of an Accept header, with their q values."""
    found: dict[str, float] = {}
    for part in header.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                q = float(value)
        found[media.lower()] = q
    return found


def _raises_exactly(kind: type[Exception], call: Callable[[], object]) -> str:
    """Run ``call``; it must raise exactly ``kind`` (not a subclass, not httpx's); the text."""
    with pytest.raises(Exception) as info:
        call()
    assert type(info.value) is kind, repr(info.value)
    return str(info.value)


# --------------------------------------------------------------------------- negotiation


def test_select_prefers_tab_separated_values(fake: FakeSparql) -> None:
    fake.answer(Reply(content_type=TSV, body=BODIES[TSV]))
    store = RemoteStore(fake.query_url)
    store.select(SELECT)
    store.select_text(SELECT)
    for seen in fake.requests:
        accepted = _accepted(seen.headers["Accept"])
        assert max(accepted, key=lambda media: accepted[media]) == TSV
        assert accepted[TSV] > accepted[JSON] > 0
        assert accepted[XML] > 0
        assert seen.form == {"query": [SELECT]}
    assert len(fake.requests) == 2


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        (TSV, BODIES[TSV]),
        (TSV + "; charset=utf-8", BODIES[TSV]),
        (JSON, BODIES[JSON]),
        (XML, BODIES[XML]),
    ],
    ids=["tsv", "tsv-charset", "json", "xml"],
)
def test_select_reads_the_format_the_server_chose(
    fake: FakeSparql, content_type: str, body: bytes
) -> None:
    fake.answer(Reply(content_type=content_type, body=body))
    store = RemoteStore(fake.query_url)
    rows = store.select(SELECT)
    assert rows.variables == ("s", "o", "x")
    assert rows.rows == EXPECTED_ROWS
    # rdflib's Literal equality ignores nothing here, but say it outright
    assert rows.rows[0][1].datatype == URIRef(XSD + "decimal")  # type: ignore[union-attr]
    assert rows.rows[1][1].language == "fr"  # type: ignore[union-attr]
    assert store.select_text(SELECT) == EXPECTED_TEXT


def test_ask_asks_for_json(fake: FakeSparql) -> None:
    store = RemoteStore(fake.query_url)
    fake.answer(Reply(content_type=JSON, body=b'{"head":{},"boolean":true}'))
    assert store.ask("ASK { ?s ?p ?o }") is True
    fake.answer(Reply(content_type=JSON, body=b'{"head":{},"boolean":false}'))
    assert store.ask("ASK { ?s ?p ?o }") is False
    assert [seen.headers["Accept"] for seen in fake.requests] == [JSON, JSON]


# --------------------------------------------------------------------------- HTTP errors


def test_http_400_is_a_query_error_with_the_servers_message(fake: FakeSparql) -> None:
    fake.answer(Reply(400, "text/plain", b"Parser error: unexpected token at line 1"))
    store = RemoteStore(fake.query_url)
    message = _raises_exactly(QueryError, lambda: store.select("SELECT nonsense"))
    assert fake.query_url in message
    assert "Parser error: unexpected token at line 1" in message


@pytest.mark.parametrize("status", [401, 403])
def test_http_401_and_403_ask_to_check_user_and_password(fake: FakeSparql, status: int) -> None:
    fake.answer(Reply(status, "text/plain", b"go away"))
    store = RemoteStore(fake.query_url, auth=("u", "wrong"))
    message = _raises_exactly(StoreError, lambda: store.select(SELECT))
    assert fake.query_url in message
    assert f"HTTP {status}" in message
    assert "user and password" in message


def test_http_500_is_a_store_error_with_the_status(fake: FakeSparql) -> None:
    fake.answer(Reply(500, "text/plain", b"out of memory"))
    store = RemoteStore(fake.query_url)
    message = _raises_exactly(StoreError, lambda: store.select(SELECT))
    assert "HTTP 500" in message
    assert "out of memory" in message
    assert fake.query_url in message


def test_a_slow_server_times_out_quickly(fake: FakeSparql) -> None:
    fake.answer(Reply(content_type=TSV, body=BODIES[TSV], delay=5.0))
    store = RemoteStore(fake.query_url, timeout=0.3)
    start = time.monotonic()
    message = _raises_exactly(StoreError, lambda: store.select(SELECT))
    elapsed = time.monotonic() - start
    assert elapsed < 2.0
    assert "did not answer within 0.3 s" in message
    assert "timeout" in message
    # nothing came back: not told to ask a smaller question (a server may just never answer)
    assert "not even the head of an answer" in message and "smaller question" not in message


def test_a_refused_connection_cannot_reach_the_endpoint(refused_url: str) -> None:
    store = RemoteStore(refused_url, timeout=2.0)
    message = _raises_exactly(StoreError, lambda: store.select(SELECT))
    assert message.startswith(f"cannot reach the SPARQL endpoint {refused_url}")
    assert "is the server running?" in message


def test_garbage_results_are_bad_results(fake: FakeSparql) -> None:
    fake.answer(Reply(content_type=JSON, body=b"not json"))
    store = RemoteStore(fake.query_url)
    message = _raises_exactly(StoreError, lambda: store.select(SELECT))
    assert f"the SPARQL endpoint {fake.query_url} sent bad results" in message
    message = _raises_exactly(StoreError, lambda: store.ask("ASK { ?s ?p ?o }"))
    assert "sent bad results" in message


def test_results_broken_after_the_head_are_bad_results(fake: FakeSparql) -> None:
    fake.answer(Reply(content_type=JSON, body=BODIES[JSON][:120]))
    store = RemoteStore(fake.query_url)
    message = _raises_exactly(StoreError, lambda: store.select(SELECT))
    assert "sent bad results" in message


def test_a_server_that_does_not_speak_http_is_a_store_error(fake: FakeSparql) -> None:
    fake.answer(Reply(raw=b"garbage\r\n\r\n"))
    store = RemoteStore(fake.query_url)
    message = _raises_exactly(StoreError, lambda: store.select(SELECT))
    assert fake.query_url in message
    assert "broken HTTP response" in message


# --------------------------------------------------------------------------- auth and graph


def test_basic_auth_sends_the_authorization_header(fake: FakeSparql) -> None:
    RemoteStore(fake.query_url, auth=("u", "p")).ask("ASK { ?s ?p ?o }")
    RemoteStore(fake.query_url).ask("ASK { ?s ?p ?o }")
    with_auth, without = fake.requests
    assert with_auth.headers["Authorization"] == "Basic dTpw"
    assert without.headers["Authorization"] is None


def test_a_named_graph_is_the_default_graph_of_every_query(fake: FakeSparql) -> None:
    graph = "https://example.org/g"
    store = RemoteStore(fake.query_url, fake.update_url, graph=graph)
    store.ask("ASK { ?s ?p ?o }")
    fake.answer(Reply(content_type=TSV, body=BODIES[TSV]))
    store.select(SELECT)
    store.select_text(SELECT)
    fake.answer(Reply(204, "text/plain", b""))
    store.add_triples([(URIRef("urn:s"), URIRef("urn:p"), Literal("o"))])
    *queries, insert = fake.requests
    assert len(queries) == 3
    for seen in queries:
        assert seen.path == "/query"
        assert seen.params == {}
        assert seen.form["default-graph-uri"] == seen.form["named-graph-uri"] == [graph]
    assert insert.path == "/update"
    assert insert.params == {}
    assert f"GRAPH <{graph}>" in insert.body


G = "https://example.org/g"
DATA_FIX = f"put its triples in GRAPH <{G}> {{ ... }}"


@pytest.mark.parametrize(
    ("update", "operation", "fix"),
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT DATA", DATA_FIX),
        ("DELETE DATA { <urn:a> <urn:b> <urn:c> }", "DELETE DATA", DATA_FIX),
        ("DELETE WHERE { ?s <urn:b> ?o }", "DELETE WHERE", DATA_FIX),
        # a triple after a GRAPH block is in the default graph again
        (
            f"INSERT DATA {{ GRAPH <{G}> {{ <urn:a> <urn:b> <urn:c> }} <urn:x> <urn:y> <urn:z> }}",
            "INSERT DATA",
            DATA_FIX,
        ),
        (
            "DELETE { ?s <urn:b> ?o } WHERE { ?s <urn:b> ?o }",
            "DELETE/INSERT ... WHERE",
            f"start it with WITH <{G}>, or put its template's triples in GRAPH <{G}> {{ ... }}",
        ),
        (  # USING says what the WHERE reads, not where the template writes
            f"DELETE {{ GRAPH <{G}> {{ ?s <urn:b> ?o }} }} INSERT {{ ?s <urn:d> 2 }} "
            f"USING <{G}> WHERE {{ ?s <urn:b> ?o }}",
            "DELETE/INSERT ... WHERE",
            f"start it with WITH <{G}>",
        ),
        ("LOAD <https://example.org/data.ttl>", "LOAD", f"end it with INTO GRAPH <{G}>"),
        # the first offending operation is named, after one that names the graph
        (
            f"INSERT DATA {{ GRAPH <{G}> {{ <urn:a> <urn:b> <urn:c> }} }} ; "
            "DELETE DATA { <urn:a> <urn:b> <urn:c> }",
            "DELETE DATA",
            DATA_FIX,
        ),
    ],
)
def test_an_update_writing_outside_the_named_graph_is_refused_unsent(
    fake: FakeSparql, update: str, operation: str, fix: str
) -> None:
    store = RemoteStore(fake.query_url, fake.update_url, graph=G)
    message = _raises_exactly(QueryError, lambda: store.update(update))
    assert message.startswith(
        f"this portfolio is the named graph <{G}>, but {operation} would write to the "
        f"server's default graph: {fix}"
    )
    assert fake.requests == []


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { GRAPH <https://example.org/g> { <urn:a> <urn:b> <urn:c> } }",
        "DELETE WHERE { GRAPH <https://example.org/g> { ?s <urn:b> ?o } }",
        "WITH <https://example.org/g> DELETE { ?s <urn:b> ?o } WHERE { ?s <urn:b> ?o }",
        "DELETE { GRAPH <https://example.org/g> { ?s <urn:b> ?o } } "
        "USING <https://example.org/g> WHERE { ?s <urn:b> ?o }",
        "LOAD <https://example.org/data.ttl> INTO GRAPH <https://example.org/g>",
        "CLEAR DEFAULT",  # names the default graph itself
        "DROP ALL ; COPY <https://example.org/g> TO DEFAULT",  # say where they write
        "INSERT DATA { GRAPH <https://example.org/other> { <urn:a> <urn:b> <urn:c> } }",
        "",  # an empty update is valid SPARQL
        "PREFIX ex: <urn:x:>",
        # a prefix only the server knows: the update is parsed, not resolved
        "INSERT DATA { GRAPH <https://example.org/g> { <urn:a> stsm:status stsm:Retired } }",
    ],
)
def test_an_update_naming_its_graphs_is_sent_as_written(fake: FakeSparql, update: str) -> None:
    fake.answer(Reply(204, "text/plain", b""))
    RemoteStore(fake.query_url, fake.update_url, graph="https://example.org/g").update(update)
    (seen,) = fake.requests
    assert (seen.path, seen.body, seen.params) == ("/update", update, {})


def test_an_update_is_parsed_only_when_a_graph_is_named(fake: FakeSparql) -> None:
    with_graph = RemoteStore(fake.query_url, fake.update_url, graph="https://example.org/g")
    message = _raises_exactly(QueryError, lambda: with_graph.update("INSERT DATA { <urn:a> }"))
    assert message.startswith(
        "cannot tell which graphs this update writes: rdflib's SPARQL 1.1 parser refuses it"
    )
    assert fake.requests == []
    fake.answer(Reply(400, "text/plain", b"Parser error"))
    plain = RemoteStore(fake.query_url, fake.update_url)
    message = _raises_exactly(QueryError, lambda: plain.update("INSERT DATA { <urn:a> }"))
    assert message.endswith("refused the request: Parser error")
    (seen,) = fake.requests
    assert seen.body == "INSERT DATA { <urn:a> }"


def test_without_a_graph_queries_name_no_default_graph(fake: FakeSparql) -> None:
    RemoteStore(fake.query_url).ask("ASK { ?s ?p ?o }")
    (seen,) = fake.requests
    assert seen.params == {}
    assert seen.form == {"query": ["ASK { ?s ?p ?o }"]}


@pytest.mark.parametrize(
    ("update", "using"),
    [
        ("DELETE { GRAPH <https://example.org/g> { ?s <urn:b> ?o } } WHERE { ?s <urn:b> ?o }", 1),
        ("WITH <https://example.org/g> DELETE { ?s <urn:b> ?o } WHERE { ?s <urn:b> ?o }", 0),
        (
            "DELETE { GRAPH <https://example.org/g> { ?s <urn:b> ?o } } "
            "USING <https://example.org/o> WHERE { ?s <urn:b> ?o }",
            0,
        ),
        ("CLEAR DEFAULT", 0),
    ],
)
def test_a_where_that_names_no_graph_reads_the_portfolio(
    fake: FakeSparql, update: str, using: int
) -> None:
    fake.answer(Reply(204, "text/plain", b""))
    RemoteStore(fake.query_url, fake.update_url, graph="https://example.org/g").update(update)
    RemoteStore(fake.query_url, fake.update_url).update(update)
    with_graph, without = fake.requests
    assert with_graph.params == ({"using-graph-uri": ["https://example.org/g"]} if using else {})
    assert without.params == {} and without.body == with_graph.body == update


# --------------------------------------------------------------------------- loading


def _five_triples() -> list[tuple[Node, Node, Node]]:
    return [(URIRef(f"urn:s{i}"), URIRef("urn:p"), Literal(i)) for i in range(5)]


def test_add_triples_posts_batches_and_reports_progress(fake: FakeSparql) -> None:
    fake.answer(Reply(204, "text/plain", b""))
    store = RemoteStore(fake.query_url, fake.update_url, batch_size=2)
    progress: list[tuple[int, int]] = []
    store.progress = lambda done, total: progress.append((done, total))
    store.add_triples(_five_triples())
    assert len(fake.requests) == 3
    for seen in fake.requests:
        assert seen.path == "/update"
        assert seen.headers["Content-Type"].startswith("application/sparql-update")
        assert seen.body.startswith("INSERT DATA {")
    assert [seen.body.count("<urn:p>") for seen in fake.requests] == [2, 2, 1]
    assert progress == [(2, 5), (4, 5), (5, 5)]


def test_connect_passes_the_batch_size_and_progress_to_load(
    fake: FakeSparql, tmp_path: Path
) -> None:
    fake.responder = _updates_done
    progress: list[tuple[int, int]] = []
    p = Portfolio.connect(
        fake.query_url,
        fake.update_url,
        batch_size=2,
        progress=lambda done, total: progress.append((done, total)),
    )
    source = tmp_path / "five.nt"
    source.write_text("".join(f"<urn:s{i}> <urn:p> <urn:o{i}> .\n" for i in range(5)))
    p.load(source, append=True)  # replacing sends more (tests/test_remote_writes.py)
    *updates, landed = fake.requests
    assert [seen.body.count("<urn:p>") for seen in updates] == [2, 2, 1]
    assert progress == [(2, 5), (4, 5), (5, 5)]
    # into the default graph: then asked whether the first triple landed there
    assert landed.path == "/query" and landed.form["query"][0].startswith("ASK { <urn:s")


def _updates_done(seen: Seen) -> Reply:
    """Answer an update with 204, a query with ``true``."""
    return Reply(204, "text/plain", b"") if seen.path == "/update" else Reply()


def test_a_failed_batch_says_how_many_triples_were_written(fake: FakeSparql) -> None:
    def second_fails(seen: Seen) -> Reply:
        if len(fake.requests) == 2:
            return Reply(500, "text/plain", b"disk full")
        return Reply(204, "text/plain", b"")

    fake.responder = second_fails
    store = RemoteStore(fake.query_url, fake.update_url, batch_size=2)
    progress: list[tuple[int, int]] = []
    store.progress = lambda done, total: progress.append((done, total))
    message = _raises_exactly(WriteError, lambda: store.add_triples(_five_triples()))
    assert f"the SPARQL endpoint {fake.update_url} failed (HTTP 500): disk full" in message
    assert message.endswith(
        ". The server acknowledged 2 of 5 triples before this request; the 2 in it were not written"
    )
    assert len(fake.requests) == 2  # the third batch was never sent
    assert progress == [(2, 5)]


# --------------------------------------------------------------------------- the CLI


def test_cli_with_an_unreachable_endpoint_is_a_one_line_error(refused_url: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = main(["analyze", "--endpoint", refused_url, "--timeout", "2"], out=out, err=err)
    assert code == 2
    assert out.getvalue() == ""
    text = err.getvalue()
    assert text.startswith(f"stsm-graph: error: cannot reach the SPARQL endpoint {refused_url}")
    assert text.count("\n") == 1 and text.endswith("\n")
    assert "Traceback" not in text


EXAMPLE = str(Path(__file__).resolve().parent.parent / "examples" / "northwind-it-services.ttl")


@pytest.mark.parametrize("timeout", [-1, 0, float("nan"), float("inf"), 1e400, 10**7])
def test_a_timeout_that_is_no_time_is_refused_at_once(timeout: float) -> None:
    message = _raises_exactly(
        StoreError, lambda: RemoteStore("http://127.0.0.1:9/query", timeout=timeout)
    )
    assert message.startswith(f"the timeout {timeout!r} is not a number of seconds above 0")


@pytest.mark.parametrize("verb", ["analyze", "load"])
def test_cli_with_a_negative_timeout_is_a_one_line_error(verb: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    args = [verb, *([EXAMPLE] if verb == "load" else [])]
    args += ["--endpoint", "http://127.0.0.1:9/query", "--update-endpoint"]
    args += ["http://127.0.0.1:9/update", "--timeout", "-1"]
    assert main(args, out=out, err=err) == 2
    assert err.getvalue() == (
        "stsm-graph: error: the timeout -1.0 is not a number of seconds above 0 and at most "
        "604,800 (or None, to wait as long as the server takes)\n"
    )


def test_an_html_error_page_becomes_one_line_of_its_text(fake: FakeSparql) -> None:
    page = (
        b'<!DOCTYPE HTML>\n<html lang="en">\n<head><title>Error response</title>'
        b"<style>body { color: red }</style></head>\n<body>\n<h1>Error response</h1>\n"
        b"<p>Error code: 501</p>\n<p>Message: Unsupported method (&#x27;POST&#x27;).</p>\n"
        b"</body>\n</html>\n"
    )
    fake.answer(Reply(501, "text/html;charset=utf-8", page))
    message = _raises_exactly(StoreError, lambda: RemoteStore(fake.query_url).select(SELECT))
    assert message == (
        f"the SPARQL endpoint {fake.query_url} failed (HTTP 501): Error response Error response "
        "Error code: 501 Message: Unsupported method ('POST')."
    )
    fake.answer(Reply(500, "text/plain", b"a < b\n  and  more" + b"x" * 400))
    message = _raises_exactly(StoreError, lambda: RemoteStore(fake.query_url).select(SELECT))
    assert "(HTTP 500): a < b and more" in message  # plain text kept, on one line, cut short
    assert " … " in message and message.endswith("x") and "\n" not in message
    fake.answer(Reply(500, "text/plain", b""))
    message = _raises_exactly(StoreError, lambda: RemoteStore(fake.query_url).select(SELECT))
    assert message.endswith("failed (HTTP 500): (no message)")


def test_no_timeout_waits_as_long_as_the_server_takes(fake: FakeSparql) -> None:
    fake.answer(Reply(content_type=TSV, body=BODIES[TSV]))
    assert RemoteStore(fake.query_url, timeout=None).select_text(SELECT) == EXPECTED_TEXT


def test_load_into_a_server_sends_the_user_and_password(
    fake: FakeSparql, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STSM_GRAPH_PASSWORD", "p")
    fake.responder = _updates_done
    out, err = io.StringIO(), io.StringIO()
    args = ["load", EXAMPLE, "--endpoint", fake.query_url, "--update-endpoint", fake.update_url]
    assert main([*args, "--user", "u"], out=out, err=err) == 0, err.getvalue()
    assert fake.requests
    assert all(seen.headers["Authorization"] == "Basic dTpw" for seen in fake.requests)


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        (["--graph", "urn:g"], "--graph is"),
        (["--timeout", "5"], "--timeout is"),
        (["--user", "u"], "--user is"),
        (["--update-endpoint", "http://127.0.0.1:9/update"], "--update-endpoint is"),
        (["--graph", "urn:g", "--timeout", "60"], "--graph, --timeout are"),
    ],
)
@pytest.mark.parametrize("verb", ["analyze", "validate", "load"])
def test_server_options_without_an_endpoint_are_refused(
    extra: list[str], named: str, verb: str, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    out, err = io.StringIO(), io.StringIO()
    args = [verb, EXAMPLE, *extra, *(["--store", str(store)] if verb == "load" else [])]
    assert main(args, out=out, err=err) == 2
    assert err.getvalue().startswith(f"stsm-graph: error: {named} for a SPARQL server: give ")
    assert out.getvalue() == ""
    assert not store.exists()  # nothing was made


# --------------------------------------------------------------------------- prefetching


def test_prefetched_queries_go_out_together_and_are_not_asked_twice(fake: FakeSparql) -> None:
    in_flight, most = 0, 0
    lock = threading.Lock()
    arrived = threading.Barrier(3, timeout=5)

    def answer(seen: Seen) -> Reply:
        nonlocal in_flight, most
        with lock:
            in_flight += 1
            most = max(most, in_flight)
        arrived.wait()  # all three are at the server before any is answered
        with lock:
            in_flight -= 1
        return Reply(content_type=TSV, body=BODIES[TSV])

    fake.responder = answer
    store = RemoteStore(fake.query_url)
    queries = [(SELECT, None), (SELECT + " LIMIT 5", None), (SELECT, {"o": Literal("x")})]
    with store.prefetching(queries):
        rows = [store.select_text(q, b) for q, b in queries]
        again = store.select_text(SELECT)  # asked before: the same answer, no new request
    assert most == 3
    assert len(fake.requests) == 3
    assert rows[0] == again and len(rows[0]) == 3
    fake.answer(Reply(content_type=TSV, body=BODIES[TSV]))
    store.select_text(SELECT)  # outside the block: asked again
    assert len(fake.requests) == 4


def test_a_prefetched_query_that_fails_raises_where_it_is_read(fake: FakeSparql) -> None:
    fake.answer(Reply(status=500, content_type="text/plain", body=b"boom"))
    store = RemoteStore(fake.query_url)
    with store.prefetching([(SELECT, None)]):
        message = _raises_exactly(StoreError, lambda: store.select_text(SELECT))
    assert "HTTP 500" in message


def test_a_triple_term_in_a_table_is_refused_by_name(fake: FakeSparql) -> None:
    iri = '{"type":"uri","value":"urn:%s"}'
    triple = f'{{"subject":{iri % "a"},"predicate":{iri % "p"},"object":{iri % "b"}}}'
    body = (
        '{"head":{"vars":["s","t"]},"results":{"bindings":['
        f'{{"s":{iri % "s"},"t":{{"type":"triple","value":{triple}}}}}]}}}}'
    )
    fake.answer(Reply(content_type=JSON, body=body.encode()))
    message = _raises_exactly(StoreError, lambda: RemoteStore(fake.query_url).select_text(SELECT))
    assert message.startswith(f"the SPARQL endpoint {fake.query_url} sent a term stsm-graph ")
    assert "expected an IRI, a blank node or a literal" in message


def _prefetchers() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name.startswith("stsm-prefetch")}


def test_prefetching_threads_serve_the_next_block_until_close(fake: FakeSparql) -> None:
    fake.answer(Reply(content_type=TSV, body=BODIES[TSV]))
    store = RemoteStore(fake.query_url)
    before = _prefetchers()
    with store.prefetching([(SELECT, None)]):
        assert store.select_text(SELECT) == EXPECTED_TEXT
    made = _prefetchers() - before
    assert len(made) == 1
    next(iter(made)).join(0.3)  # threads of their own block would be gone by now
    assert all(thread.is_alive() for thread in made)  # kept for the next block
    with store.prefetching([(SELECT + " LIMIT 5", None)]):
        assert store.select_text(SELECT + " LIMIT 5") == EXPECTED_TEXT
    assert len(fake.requests) == 2
    store.close()
    for thread in made:
        thread.join(5)
    assert not any(thread.is_alive() for thread in made)  # close stops them
    with store.prefetching([(SELECT, None)]):  # and a later block makes them again
        assert store.select_text(SELECT) == EXPECTED_TEXT
    assert len(fake.requests) == 3
    store.close()


# --------------------------------------------------------------------------- connections


def test_queries_take_turns_on_one_kept_alive_connection(fake: FakeSparql) -> None:
    fake.answer(Reply(content_type=TSV, body=BODIES[TSV]))
    store = RemoteStore(fake.query_url, graph="urn:stsm:g", auth=("u", "p"))
    for _ in range(3):
        assert store.select_text(SELECT) == EXPECTED_TEXT
    clients = {seen.client for seen in fake.requests}
    # one connection for the three queries where the server keeps it open; else one each
    assert len(clients) == (1 if fake.keeps_alive else 3)
    for seen in fake.requests:  # the same request on either path
        assert seen.path == "/query"
        assert seen.headers["User-Agent"].startswith("stsm-graph/")
        assert seen.params == {}
        assert seen.form == {
            "query": [SELECT],
            "default-graph-uri": ["urn:stsm:g"],
            "named-graph-uri": ["urn:stsm:g"],
        }
        assert seen.headers["Authorization"] == "Basic dTpw"
    store.close()
    assert store.select_text(SELECT) == EXPECTED_TEXT  # closed: a new connection next time
    assert fake.requests[-1].client not in clients


def test_a_connection_the_server_dropped_while_idle_is_replaced(fake: FakeSparql) -> None:
    store = RemoteStore(fake.query_url)
    fake.answer(Reply(content_type=TSV, body=BODIES[TSV], drop=True))
    assert store.select_text(SELECT) == EXPECTED_TEXT
    fake.answer(Reply(content_type=TSV, body=BODIES[TSV]))
    assert store.select_text(SELECT) == EXPECTED_TEXT  # sent again on a new connection
    first, second = fake.requests
    assert first.client != second.client
    assert len(fake.requests) == 2  # the dropped connection delivered nothing


def test_updates_are_never_sent_on_a_kept_alive_connection(fake: FakeSparql) -> None:
    # an update sent twice could write twice: it gets a connection of its own each time
    store = RemoteStore(fake.query_url, fake.update_url)
    fake.answer(Reply(status=204, content_type="text/plain", body=b""))
    store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    store.update("INSERT DATA { <urn:a> <urn:b> <urn:d> }")
    first, second = fake.requests
    assert first.client != second.client


def test_an_environment_proxy_carries_the_queries(
    fake: FakeSparql, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the fake stands in for the proxy: the endpoint's own host does not exist
    for name in ("no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{fake.port}")
    fake.answer(Reply(content_type=TSV, body=BODIES[TSV]))
    store = RemoteStore("http://sparql.invalid/query")
    assert store.select_text(SELECT) == EXPECTED_TEXT
    (seen,) = fake.requests
    assert seen.path == "/query"
    assert seen.headers["Host"] == "sparql.invalid"


def test_a_proxys_user_and_password_go_to_the_proxy_only(
    fake: FakeSparql, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("http_proxy", f"http://pr%40xy:s3cret@127.0.0.1:{fake.port}")
    fake.answer(Reply(content_type=TSV, body=BODIES[TSV]))
    store = RemoteStore("http://sparql.invalid/query", auth=("u", "p"))
    assert store.select_text(SELECT) == EXPECTED_TEXT
    (seen,) = fake.requests
    assert seen.headers["Host"] == "sparql.invalid"
    assert seen.headers["Proxy-Authorization"] == "Basic cHJAeHk6czNjcmV0"  # pr@xy:s3cret
    assert seen.headers["Authorization"] == "Basic dTpw"  # the endpoint's own, forwarded


def test_a_connection_closed_as_the_query_came_is_replaced_once(fake: FakeSparql) -> None:
    # the check before reuse sees it open; the server closes it on reading the query (a race):
    # the query is sent again, once, on a new connection; on a new connection, never again
    fake.answer(Reply(content_type=TSV, body=BODIES[TSV]))
    store = RemoteStore(fake.query_url)
    assert store.select_text(SELECT) == EXPECTED_TEXT
    replies = iter([Reply(hang_up=True), Reply(content_type=TSV, body=BODIES[TSV])])
    fake.responder = lambda seen: next(replies)
    if fake.keeps_alive:
        assert store.select_text(SELECT) == EXPECTED_TEXT
        first, dropped, again = (seen.client for seen in fake.requests)
        assert first == dropped != again
    else:  # the query met the hang-up on a new connection: an error, not sent twice
        message = _raises_exactly(StoreError, lambda: store.select_text(SELECT))
        assert message.startswith(f"the SPARQL endpoint {fake.query_url} sent a broken HTTP")
        assert len(fake.requests) == 2


def test_a_connection_idle_too_long_is_not_reused(
    fake: FakeSparql, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_http_client, "MAX_IDLE", 0.0)
    fake.answer(Reply(content_type=TSV, body=BODIES[TSV]))
    store = RemoteStore(fake.query_url)
    store.select_text(SELECT)
    store.select_text(SELECT)
    assert fake.requests[0].client != fake.requests[1].client


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")
def test_a_forked_child_opens_connections_of_its_own(fake: FakeSparql) -> None:
    fake.answer(Reply(content_type=TSV, body=BODIES[TSV]))
    store = RemoteStore(fake.query_url)
    store.select_text(SELECT)
    pid = os.fork()
    if pid == 0:  # the child: its parent's kept socket is not its to use
        code = 1
        try:
            code = 0 if store.select_text(SELECT) == EXPECTED_TEXT else 1
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert store.select_text(SELECT) == EXPECTED_TEXT
    parent, child, parent_again = (seen.client for seen in fake.requests)
    assert child != parent
    assert (parent_again == parent) == fake.keeps_alive


def test_a_connection_that_carried_an_error_serves_the_next_query(fake: FakeSparql) -> None:
    store = RemoteStore(fake.query_url)
    fake.answer(Reply(status=500, content_type="text/plain", body=b"boom"))
    assert "HTTP 500" in _raises_exactly(StoreError, lambda: store.select_text(SELECT))
    fake.answer(Reply(content_type=TSV, body=BODIES[TSV]))
    assert store.select_text(SELECT) == EXPECTED_TEXT
    first, second = fake.requests
    assert (first.client == second.client) == fake.keeps_alive


def test_a_new_timeout_holds_on_a_kept_connection(fake: FakeSparql) -> None:
    store = RemoteStore(fake.query_url, timeout=30)
    fake.answer(Reply(content_type=TSV, body=BODIES[TSV]))
    store.select_text(SELECT)
    store.timeout = 0.3
    fake.answer(Reply(content_type=TSV, body=BODIES[TSV], delay=5.0))
    start = time.monotonic()
    message = _raises_exactly(StoreError, lambda: store.select_text(SELECT))
    assert time.monotonic() - start < 2.0
    assert "did not answer within 0.3 s" in message
    first, second = fake.requests
    assert (first.client == second.client) == fake.keeps_alive


def test_a_redirect_is_refused_and_not_asked_again(fake: FakeSparql) -> None:
    # a 307 would keep the POST: not followed either, the status is named
    fake.answer(Reply(status=307, content_type="text/plain", body=b"moved"))
    store = RemoteStore(fake.query_url)
    message = _raises_exactly(StoreError, lambda: store.select_text(SELECT))
    assert "HTTP 307" in message
    assert len(fake.requests) == 1  # not asked again


def test_a_host_no_proxy_names_goes_straight_to_the_server(
    fake: FakeSparql, monkeypatch: pytest.MonkeyPatch, refused_url: str
) -> None:
    for name in ("NO_PROXY", "all_proxy", "ALL_PROXY", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("http_proxy", refused_url.rsplit("/", 1)[0])  # nothing listens there
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    fake.answer(Reply(content_type=TSV, body=BODIES[TSV]))
    store = RemoteStore(fake.query_url)
    assert store.select_text(SELECT) == EXPECTED_TEXT
    assert store.select_text(SELECT) == EXPECTED_TEXT
    first, second = fake.requests
    assert (first.client == second.client) == fake.keeps_alive


@pytest.mark.parametrize("port", ["abc", "99999"])
def test_a_url_with_a_bad_port_is_refused_at_once(port: str) -> None:
    message = _raises_exactly(StoreError, lambda: RemoteStore(f"http://127.0.0.1:{port}/query"))
    assert "port" in message
    assert f"127.0.0.1:{port}" in message


# --------------------------------------------------------------------------- hostile servers


def _proxied(monkeypatch: pytest.MonkeyPatch, proxy: FakeSparql) -> str:
    """Send requests through ``proxy`` (from the environment); return an endpoint only it knows."""
    for name in ("no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY", "HTTP_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{proxy.port}")
    return "http://sparql.invalid/query"


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("given", ["auth", "url"])
def test_a_redirect_to_another_origin_is_refused_and_gets_no_password(
    fake: FakeSparql, elsewhere: FakeSparql, status: int, given: str
) -> None:
    steal = f"http://127.0.0.1:{elsewhere.port}/steal"
    fake.answer(Reply(status, "text/plain", b"moved", headers=(("Location", steal),)))
    if given == "auth":
        store = RemoteStore(fake.query_url, auth=("bob", "s3cret"))
    else:
        store = RemoteStore(fake.query_url.replace("//", "//bob:s3cret@"))
    message = _raises_exactly(StoreError, lambda: store.select_text(SELECT))
    assert message.startswith(
        f"the SPARQL endpoint {fake.query_url} redirects to {steal} (HTTP {status}); "
        "redirects are not followed"
    )
    assert "s3cret" not in message
    assert elsewhere.requests == []  # nothing went there, no password above all
    (seen,) = fake.requests
    assert seen.headers["Authorization"] == "Basic Ym9iOnMzY3JldA=="  # to the origin it was for


def test_a_redirect_through_a_proxy_is_refused_too(
    fake: FakeSparql, elsewhere: FakeSparql, monkeypatch: pytest.MonkeyPatch
) -> None:
    steal = f"http://127.0.0.1:{elsewhere.port}/steal"
    fake.answer(Reply(302, "text/plain", b"", headers=(("Location", steal),)))
    store = RemoteStore(_proxied(monkeypatch, fake), auth=("bob", "s3cret"))
    message = _raises_exactly(StoreError, lambda: store.select_text(SELECT))
    assert f"redirects to {steal} (HTTP 302)" in message
    assert len(fake.requests) == 1  # the proxy saw one request, and forwarded nothing
    assert elsewhere.requests == []


def test_an_update_that_is_redirected_is_not_sent_elsewhere(
    fake: FakeSparql, elsewhere: FakeSparql
) -> None:
    steal = f"http://127.0.0.1:{elsewhere.port}/steal"
    fake.answer(Reply(302, "text/plain", b"", headers=(("Location", steal),)))
    store = RemoteStore(fake.query_url, fake.update_url, auth=("bob", "s3cret"))
    message = _raises_exactly(
        StoreError, lambda: store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    )
    assert f"the SPARQL endpoint {fake.update_url} redirects to {steal}" in message
    assert elsewhere.requests == []


def test_credentials_go_only_to_the_origin_they_were_given_for(
    fake: FakeSparql, elsewhere: FakeSparql
) -> None:
    fake.answer(Reply(content_type=TSV, body=BODIES[TSV]))
    elsewhere.answer(Reply(204, "text/plain", b""))
    store = RemoteStore(fake.query_url.replace("//", "//bob:s3cret@"), elsewhere.update_url)
    assert store.query_url == fake.query_url  # the URL without the password
    store.select_text(SELECT)
    store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert fake.requests[0].headers["Authorization"] == "Basic Ym9iOnMzY3JldA=="
    assert elsewhere.requests[0].headers["Authorization"] is None
    # given as auth, the user and password are for both of the store's URLs
    RemoteStore(fake.query_url, elsewhere.update_url, auth=("u", "p")).update("CLEAR DEFAULT")
    assert elsewhere.requests[1].headers["Authorization"] == "Basic dTpw"


def test_a_password_in_a_url_and_another_one_are_refused_unsaid() -> None:
    message = _raises_exactly(
        StoreError,
        lambda: RemoteStore("http://bob:s3cret@127.0.0.1:9/query", auth=("bob", "pw2")),
    )
    assert message.startswith("the query URL 'http://127.0.0.1:9/query' carries a user")
    assert "s3cret" not in message and "pw2" not in message


def test_a_password_in_the_url_is_never_shown(refused_url: str, fake: FakeSparql) -> None:
    with_password = refused_url.replace("//", "//bob:s3cret@")
    message = _raises_exactly(StoreError, lambda: RemoteStore(with_password).select(SELECT))
    assert message.startswith(f"cannot reach the SPARQL endpoint {refused_url}: ")
    assert "s3cret" not in message
    # the command line: its warning ("holds no triples") and its error name the URL bare
    fake.answer(Reply(content_type=JSON, body=b'{"head":{},"boolean":false}'))
    out, err = io.StringIO(), io.StringIO()
    url = fake.query_url.replace("//", "//bob:s3cret@")
    assert main(["analyze", "--endpoint", url], out=out, err=err) == 2
    assert f"warning: {fake.query_url} holds no triples" in err.getvalue()
    assert "s3cret" not in out.getvalue() + err.getvalue()
    assert fake.requests[0].headers["Authorization"] == "Basic Ym9iOnMzY3JldA=="


def _head(body: bytes, content_type: str = TSV) -> bytes:
    return (
        f"HTTP/1.0 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body


@pytest.mark.parametrize("phase", ["head", "body"])
@pytest.mark.parametrize("path", ["direct", "proxied"])
def test_a_server_that_trickles_is_cut_off_at_the_timeout(
    fake: FakeSparql, monkeypatch: pytest.MonkeyPatch, phase: str, path: str
) -> None:
    # a byte every 50 ms: each read is quick, the whole answer would take 20 s
    raw = _head(BODIES[TSV] + b"\n" * 400)
    start = len(raw) - 400 if phase == "body" else 0
    fake.answer(Reply(raw=raw, trickle=0.05, trickle_from=start))
    url = fake.query_url if path == "direct" else _proxied(monkeypatch, fake)
    store = RemoteStore(url, timeout=0.5)
    began = time.monotonic()
    message = _raises_exactly(StoreError, lambda: store.select_text(SELECT))
    assert time.monotonic() - began < 2.5
    assert message == (
        f"the SPARQL endpoint {url} did not answer within 0.5 s; raise the timeout or ask a "
        "smaller question"
        if phase == "body"
        else f"the SPARQL endpoint {url} did not answer within 0.5 s, not even the head of an "
        "answer: check that the server is up and that this is its SPARQL URL, or raise the "
        "timeout if it is busy"
    )


def test_an_update_to_a_server_that_trickles_is_cut_off(fake: FakeSparql) -> None:
    fake.answer(Reply(raw=b"HTTP/1.0 204 No Content\r\n" + b"X: y\r\n" * 100, trickle=0.05))
    store = RemoteStore(fake.query_url, fake.update_url, timeout=0.5)
    began = time.monotonic()
    message = _raises_exactly(StoreError, lambda: store.update("CLEAR DEFAULT"))
    assert time.monotonic() - began < 2.5
    assert fake.update_url in message and "0.5 s" in message


def test_analyze_with_a_timeout_stops_a_server_that_trickles(fake: FakeSparql) -> None:
    fake.answer(Reply(raw=_head(b" " * 400, JSON), trickle=0.05))
    out, err = io.StringIO(), io.StringIO()
    began = time.monotonic()
    code = main(["analyze", "--endpoint", fake.query_url, "--timeout", "1"], out=out, err=err)
    assert time.monotonic() - began < 3.5
    assert code == 2
    assert err.getvalue() == (
        f"stsm-graph: error: the SPARQL endpoint {fake.query_url} did not answer within 1 s; "
        "raise the timeout or ask a smaller question\n"
    )


TRIPLE_TERM = (
    b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"triple","value":{'
    b'"subject":{"type":"uri","value":"urn:a"},"predicate":{"type":"uri","value":"urn:b"},'
    b'"object":{"type":"uri","value":"urn:c"}}}}]}}'
)


@pytest.mark.parametrize(
    ("call", "body", "expected"),
    [
        ("select", b'{"boolean": true}', "a table of solutions"),
        ("select_text", b'{"head":{},"boolean":false}', "a table of solutions"),
        ("len", b'{"boolean": true}', "a table of solutions"),
        ("ask", BODIES[JSON], "a boolean"),
        ("construct", BODIES[JSON], "a graph"),
        ("copy", BODIES[JSON], "the graph"),
        ("select", TRIPLE_TERM, "an IRI, a blank node or a literal"),
        ("select_text", TRIPLE_TERM, "an IRI, a blank node or a literal"),
        (
            "len",
            b'{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal",'
            b'"value":"many"}}]}}',
            "a count of triples",
        ),
    ],
)
def test_an_answer_of_the_wrong_shape_is_a_store_error(
    fake: FakeSparql, call: str, body: bytes, expected: str
) -> None:
    fake.answer(Reply(content_type=JSON, body=body))
    store = RemoteStore(fake.query_url)
    calls: dict[str, Callable[[], object]] = {
        "select": lambda: store.select(SELECT),
        "select_text": lambda: store.select_text(SELECT),
        "len": lambda: len(store),
        "ask": lambda: store.ask("ASK { ?s ?p ?o }"),
        "construct": lambda: store.construct("CONSTRUCT WHERE { ?s ?p ?o }"),
        "copy": store.copy,
    }
    message = _raises_exactly(StoreError, calls[call])
    assert message.startswith(f"the SPARQL endpoint {fake.query_url} sent ")
    assert expected in message


CONTROLS = b"\x00\x1b]0;PWNED\x07\x1b[2J\r\x08"


@pytest.mark.parametrize(
    "reply",
    [
        Reply(content_type=TSV, body=b"?s\n" + CONTROLS),
        Reply(content_type=JSON, body=b'{"head":' + CONTROLS),
        Reply(content_type=XML, body=CONTROLS),
        Reply(500, "text/plain", b"failed: " + CONTROLS),
        Reply(302, "text/plain", b"", headers=(("Location", "http://x/\x1b[2J"),)),
        Reply(200, "application/n-triples", b"<urn:a" + CONTROLS + b"> <urn:b> <urn:c> ."),
    ],
    ids=["tsv", "json", "xml", "error-body", "location", "n-triples"],
)
def test_a_servers_control_characters_never_reach_a_message(fake: FakeSparql, reply: Reply) -> None:
    fake.answer(reply)
    store = RemoteStore(fake.query_url)
    if reply.content_type == "application/n-triples":
        message = _raises_exactly(StoreError, lambda: store.construct("CONSTRUCT WHERE {?s ?p ?o}"))
    else:
        message = _raises_exactly(StoreError, lambda: store.select(SELECT))
    assert fake.query_url in message
    assert all(c.isprintable() for c in message), repr(message)
    assert len(message) < 600


# --------------------------------------------------------------------------- a real server


@pytest.mark.skipif("remote" not in STORES, reason="no SPARQL server to test against")
def test_an_update_naming_the_graph_changes_the_portfolio_on_a_real_server() -> None:
    p = make_portfolio("remote")
    store = p.store
    assert isinstance(store, RemoteStore) and store.graph is not None
    g = store.graph
    p.parse("<urn:a> <urn:p> <urn:b> . <urn:b> <urn:p> <urn:c> .", format="turtle")
    with pytest.raises(QueryError, match="would write to the server's default graph"):
        store.update("DELETE WHERE { <urn:a> <urn:p> ?o }")
    assert len(p) == 2
    store.update(f"WITH <{g}> DELETE {{ <urn:a> ?p ?o }} WHERE {{ <urn:a> ?p ?o }}")
    store.update(f"INSERT DATA {{ GRAPH <{g}> {{ <urn:c> <urn:p> <urn:d> }} }}")
    rows = p.select("SELECT ?s ?o WHERE { ?s <urn:p> ?o }")
    assert sorted((str(s), str(o)) for s, o in rows) == [("urn:b", "urn:c"), ("urn:c", "urn:d")]
    store.clear()
    assert len(p) == 0


def test_the_graph_check_of_a_large_update_takes_linear_time() -> None:
    from stsm_graph.stores.update_graphs import default_graph_writes as _default_graph_writes

    def update(n: int) -> str:
        triples = " ".join(f'<urn:s{i}> <urn:p> "v{i}" .' for i in range(n))
        return f"INSERT DATA {{ GRAPH <{G}> {{ {triples} }} }}"

    small, large = update(200), update(2000)
    start = time.perf_counter()
    assert _default_graph_writes(small) == []
    middle = time.perf_counter()
    assert _default_graph_writes(large) == []
    end = time.perf_counter()
    # 10x the triples: about 10x the time (rdflib's algebra translation grew as the square)
    assert end - middle < 25 * (middle - start) + 0.5


@pytest.mark.parametrize("cap", ["3", "2"])
def test_an_answer_cut_at_the_servers_limit_is_an_error(fake: FakeSparql, cap: str) -> None:
    fake.answer(Reply(content_type=TSV, body=BODIES[TSV], headers=(("X-SPARQL-MaxRows", cap),)))
    store = RemoteStore(fake.query_url)
    message = _raises_exactly(StoreError, lambda: store.select_text(SELECT))
    assert message.startswith(
        f"the SPARQL endpoint {fake.query_url} cut its answer at {cap} rows "
        f"(X-SPARQL-MaxRows: {cap}), so the answer is not whole"
    )
    assert "ResultSetMaxRows" in message
    triples = b"<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> <urn:d> .\n"
    fake.answer(
        Reply(
            content_type="application/n-triples", body=triples, headers=(("X-SPARQL-MaxRows", "2"),)
        )
    )
    message = _raises_exactly(StoreError, lambda: store.construct("CONSTRUCT WHERE { ?s ?p ?o }"))
    assert "cut its answer at 2 triples" in message
    message = _raises_exactly(StoreError, lambda: store.copy())
    assert "cut its answer at 2 triples" in message


def test_an_answer_under_the_servers_limit_is_taken(fake: FakeSparql) -> None:
    fake.answer(Reply(content_type=TSV, body=BODIES[TSV], headers=(("X-SPARQL-MaxRows", "4"),)))
    assert RemoteStore(fake.query_url).select_text(SELECT) == EXPECTED_TEXT
