"""What a remote store writes, and what it says when a write fails (issue 15, items 2, 15, 23).

Against a fake SPARQL server (a standard-library HTTP server on a loopback port that records
every request and answers as each test says) and, where one is available, a real one.
"""

from __future__ import annotations

import contextlib
import re
import threading
import urllib.parse
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from cli_runner import run
from rdflib import Literal, URIRef
from rdflib.term import Node
from stores_under_test import STORES, _endpoint

from stsm_graph import Portfolio
from stsm_graph.errors import StoreError
from stsm_graph.stores.remote import RemoteStore, WriteError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = str(ROOT / "examples" / "northwind-it-services.ttl")
EXAMPLE_YAML = str(ROOT / "examples" / "northwind-it-services.yaml")
G = "urn:stsm-test:portfolio"
TRUE = (200, {"Content-Type": "application/sparql-results+json"}, b'{"boolean":true}')
FALSE = (200, {"Content-Type": "application/sparql-results+json"}, b'{"boolean":false}')
DONE = (204, {}, b"")


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: str


#: (status, headers, body), and seconds to wait before answering
Answer = tuple[int, dict[str, str], bytes]


@dataclass
class Fake:
    port: int = 0
    requests: list[Request] = field(default_factory=list)
    answer: Callable[[Request], Answer] = field(default=lambda request: DONE)
    slow: Callable[[Request], float] = field(default=lambda request: 0.0)
    release: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def updates(self) -> list[str]:
        return [r.body for r in self.requests if r.path == "/update"]


class _Handler(BaseHTTPRequestHandler):
    server: Any

    def _serve(self) -> None:
        fake: Fake = self.server.fake
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8")
        request = Request(self.command, urllib.parse.urlsplit(self.path).path, body)
        fake.requests.append(request)
        wait = fake.slow(request)
        if wait:
            fake.release.wait(wait)  # set on teardown: never outlives the test
        status, headers, data = fake.answer(request)
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _serve  # noqa: N815 - the names http.server calls

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the client gave up first (a timeout): writing the late answer fails; fine


@pytest.fixture
def fake() -> Iterator[Fake]:
    state = Fake()
    server = _Server(("127.0.0.1", 0), _Handler)
    server.fake = state  # type: ignore[attr-defined]
    state.port = int(server.server_address[1])
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _triples(n: int) -> list[tuple[Node, Node, Node]]:
    return [(URIRef(f"urn:s{i}"), URIRef("urn:p"), Literal(i)) for i in range(n)]


# --------------------------------------------------------------------- item 15: redirects


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_an_update_answered_by_a_redirect_is_a_failure_and_is_not_followed(
    fake: Fake, status: int
) -> None:
    elsewhere = fake.url("/elsewhere")

    def answer(request: Request) -> Answer:
        if request.path == "/update":
            return status, {"Location": elsewhere}, b""
        return 200, {"Content-Type": "text/plain"}, b"fine"

    fake.answer = answer
    code, out, err = run(
        "load", EXAMPLE, "--endpoint", fake.url("/query"), "--update-endpoint", fake.url("/update")
    )
    assert (code, out) == (2, "")
    assert "triples written" not in err
    assert err.startswith(
        f"stsm-graph: error: the SPARQL endpoint {fake.url('/update')} redirects to {elsewhere} "
        f"(HTTP {status}); redirects are not followed"
    )
    assert "The default graph was not changed" in err
    assert err.count("\n") == 1
    assert [r.path for r in fake.requests] == ["/update"]  # nothing went to the other place


def test_a_redirected_update_is_an_error_in_python_too(fake: Fake) -> None:
    fake.answer = lambda request: (302, {"Location": fake.url("/elsewhere")}, b"")
    store = RemoteStore(fake.url("/query"), fake.url("/update"), graph=G)
    with pytest.raises(WriteError, match="HTTP 302") as info:
        store.add_triples(_triples(3))
    assert info.value.known and info.value.acknowledged == 0
    assert [r.path for r in fake.requests] == ["/update"]


# --------------------------------------------------------------------- item 23: what is known


def test_a_timeout_says_the_batch_in_flight_may_have_been_written(fake: Fake) -> None:
    fake.slow = lambda request: 5.0 if len(fake.updates()) == 2 else 0.0
    store = RemoteStore(fake.url("/query"), fake.url("/update"), graph=G, timeout=0.5)
    store.batch_size = 2
    with pytest.raises(WriteError) as info:
        store.add_from(_staging_of(5))
    err = info.value
    assert (err.acknowledged, err.in_flight, err.total, err.known) == (2, 2, 5, False)
    text = str(err)
    assert "did not answer within 0.5 s" in text
    assert (
        "The server acknowledged 2 of 5 triples before this request; the 2 in it may or may "
        "not have been written (no answer came)" in text
    )
    assert f"The graph <{G}> holds what it held and the first 2 to 4 triples of the file" in text
    assert f"send the update `DROP SILENT GRAPH <{G}>` to {fake.url('/update')}" in text
    assert len(fake.updates()) == 2  # the rest was not sent


def test_an_error_answer_says_the_batch_was_not_written(fake: Fake) -> None:
    fake.answer = lambda request: (500, {}, b"disk full") if len(fake.updates()) == 3 else DONE
    store = RemoteStore(fake.url("/query"), fake.url("/update"), graph=G)
    store.batch_size = 2
    with pytest.raises(WriteError) as info:
        store.add_from(_staging_of(5))
    text = str(info.value)
    assert "acknowledged 4 of 5 triples before this request; the 1 in it were not written" in text
    assert "holds what it held and the first 4 triples of the file" in text


def _staging_of(n: int) -> Any:
    from rdflib import Literal, URIRef

    from stsm_graph.stores.staging import Staging

    return Staging.of_triples(
        (URIRef(f"urn:s{i}"), URIRef("urn:p"), Literal(str(i))) for i in range(n)
    )


# --------------------------------------------------------------------- item 2: replacing


def _temporary(updates: list[str]) -> str:
    found = re.search(r"<(urn:stsm:loading:[0-9a-f-]+)>", updates[0])
    assert found is not None, updates[0]
    return found.group(1)


def test_a_replacement_goes_into_a_temporary_graph_then_moves_in_one_update(fake: Fake) -> None:
    fake.answer = lambda request: TRUE if request.path == "/query" else DONE
    store = RemoteStore(fake.url("/query"), fake.url("/update"), graph=G)
    store.batch_size = 2
    progress: list[tuple[int, int]] = []
    store.progress = lambda done, total: progress.append((done, total))
    store.replace_from(_staging_of(5))
    updates = fake.updates()
    temporary = _temporary(updates)
    assert len(updates) == 4
    for body in updates[:3]:
        assert body.startswith(f"INSERT DATA {{\nGRAPH <{temporary}> {{")
        assert f"<{G}>" not in body  # the portfolio is not touched while the file goes in
    assert updates[3] == f"MOVE GRAPH <{temporary}> TO GRAPH <{G}>"
    assert progress == [(2, 5), (4, 5), (5, 5)]


@pytest.mark.parametrize("failing", [2, 4])
def test_a_failed_replacement_leaves_the_graph_and_drops_the_temporary_one(
    fake: Fake, failing: int
) -> None:
    def answer(request: Request) -> Answer:
        if request.path == "/query":
            return TRUE
        return (503, {}, b"busy") if len(fake.updates()) == failing else DONE

    fake.answer = answer
    store = RemoteStore(fake.url("/query"), fake.url("/update"), graph=G)
    store.batch_size = 2
    with pytest.raises(WriteError) as info:
        store.replace_from(_staging_of(5))
    updates = fake.updates()
    temporary = _temporary(updates)
    assert updates[-1] == f"DROP SILENT GRAPH <{temporary}>"
    assert not any(f"<{G}>" in body for body in updates[:-2])
    assert f"The graph <{G}> was not changed; the temporary graph was dropped" in str(info.value)


def test_a_move_without_an_answer_is_reported_as_unknown(fake: Fake) -> None:
    fake.answer = lambda request: TRUE if request.path == "/query" else DONE
    fake.slow = lambda request: 5.0 if request.body.startswith("MOVE") else 0.0
    store = RemoteStore(fake.url("/query"), fake.url("/update"), graph=G, timeout=0.5)
    store.batch_size = 2
    with pytest.raises(WriteError) as info:
        store.replace_from(_staging_of(5))
    temporary = _temporary(fake.updates())
    text = str(info.value)
    assert not info.value.known
    assert (
        f"holds either what it held or the whole file, and the temporary graph <{temporary}> "
        "may remain" in text
    )
    assert f"`DROP SILENT GRAPH <{temporary}>` to {fake.url('/update')}" in text
    assert fake.updates()[-1].startswith("MOVE")  # no drop sent after an unknown outcome


def test_into_an_empty_graph_the_batches_go_straight_in_and_a_failure_empties_it(
    fake: Fake,
) -> None:
    def answer(request: Request) -> Answer:
        if request.path == "/query":
            return FALSE
        return (500, {}, b"no") if len(fake.updates()) == 2 else DONE

    fake.answer = answer
    store = RemoteStore(fake.url("/query"), fake.url("/update"), graph=G)
    store.batch_size = 2
    with pytest.raises(WriteError, match=f"The graph <{G}> was empty, and was emptied again"):
        store.replace_from(_staging_of(5))
    updates = fake.updates()
    assert updates[0].startswith(f"INSERT DATA {{\nGRAPH <{G}> {{")
    assert updates[-1] == f"DROP SILENT GRAPH <{G}>"


def test_a_file_of_one_batch_replaces_the_graph_in_one_request(fake: Fake) -> None:
    store = RemoteStore(fake.url("/query"), fake.url("/update"), graph=G)
    store.replace_from(_staging_of(3))
    (update,) = fake.updates()
    assert update.startswith(f"DROP SILENT GRAPH <{G}> ;\nINSERT DATA {{\nGRAPH <{G}> {{")
    assert [r.path for r in fake.requests] == ["/update"]


def test_the_command_line_says_how_to_load_again_after_a_timeout(fake: Fake) -> None:
    fake.slow = lambda request: 5.0
    code, out, err = run(
        "load",
        EXAMPLE,
        "--endpoint",
        fake.url("/query"),
        "--update-endpoint",
        fake.url("/update"),
        "--graph",
        G,
        "--timeout",
        "0.5",
    )
    assert (code, out) == (2, "")
    assert "triples written" not in err
    assert (
        f"The server gave no answer: the graph <{G}> holds either what it held or the whole file"
        in err
    )
    assert err.endswith(
        f": load it again: stsm-graph load {EXAMPLE} --endpoint {fake.url('/query')} "
        f"--update-endpoint {fake.url('/update')} --graph {G} --timeout 0.5 to be sure\n"
    )
    assert err.count("\n") == 1


# --------------------------------------------------------------------- a real server


@pytest.mark.skipif("remote" not in STORES, reason="no SPARQL server available")
@pytest.mark.parametrize("batch_size", [3, 20_000])
def test_loading_an_edited_file_again_replaces_the_graph_on_a_real_server(
    tmp_path: Path, batch_size: int
) -> None:
    query, update = _endpoint()
    graph = f"urn:stsm-test:{uuid.uuid4()}"
    source = tmp_path / "p.nt"
    status = "<https://w3id.org/stsm#status>"
    line = "<urn:x:svc> {p} <https://w3id.org/stsm#{s}> .\n<urn:x:svc{i}> <urn:p> <urn:o> .\n"
    with Portfolio.connect(query, update, graph=graph, batch_size=batch_size) as p:
        source.write_text("".join(line.format(p=status, s="Planned", i=i) for i in range(5)))
        p.load(source)
        source.write_text("".join(line.format(p=status, s="Active", i=i) for i in range(5)))
        p.load(source)
        rows = p.select("SELECT ?s WHERE { ?x <https://w3id.org/stsm#status> ?s }")
        assert [str(s) for (s,) in rows] == ["https://w3id.org/stsm#Active"]
        assert len(p) == 6
        p.load(source, append=True)  # the same triples again: nothing new
        assert len(p) == 6
    everything = RemoteStore(query)
    left = everything.select(
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
        'FILTER(STRSTARTS(STR(?g), "urn:stsm:loading:")) }'
    )
    assert len(left) == 0
    with contextlib.suppress(Exception):
        RemoteStore(query, update, graph=graph).clear()


@pytest.mark.skipif("remote" not in STORES, reason="no SPARQL server available")
def test_load_on_the_command_line_replaces_the_graph_unless_appending(tmp_path: Path) -> None:
    query, update = _endpoint()
    graph = f"urn:stsm-test:{uuid.uuid4()}"
    source = tmp_path / "portfolio.yaml"
    text = Path(EXAMPLE_YAML).read_text(encoding="utf-8")
    server = ["--endpoint", query, "--update-endpoint", update, "--graph", graph]
    source.write_text(text, encoding="utf-8")
    assert run("load", str(source), *server)[0] == 0
    source.write_text(text.replace("status: Planned", "status: Active", 1), encoding="utf-8")
    assert run("load", str(source), *server)[0] == 0
    finops = "SELECT ?s WHERE { <https://example.org/northwind/svc-finops> stsm:status ?s }"
    with Portfolio.connect(query, graph=graph) as p:
        assert [str(s) for (s,) in p.select(finops)] == ["https://w3id.org/stsm#Active"]
    source.write_text(text, encoding="utf-8")
    code, out, _ = run("load", str(source), *server, "--append")
    assert code == 0 and out.startswith("added the ")
    with Portfolio.connect(query, graph=graph) as p:
        assert sorted(str(s).rsplit("#")[-1] for (s,) in p.select(finops)) == ["Active", "Planned"]
    RemoteStore(query, update, graph=graph).clear()


# --------------------------------------------------------------------- issue 22: any server

SP030 = (
    500,
    {"Content-Type": "text/plain"},
    b"Virtuoso 42000 Error SP030: SPARQL compiler, line 0: memory exhausted",
)


def test_a_batch_refused_for_its_size_is_split_and_sent_again(fake: Fake) -> None:
    def answer(request: Request) -> Answer:
        if request.path == "/update" and request.body.count("<urn:p>") > 2:
            return SP030
        return DONE

    fake.answer = answer
    store = RemoteStore(fake.url("/query"), fake.url("/update"), graph=G, batch_size=5)
    progress: list[tuple[int, int]] = []
    store.progress = lambda done, total: progress.append((done, total))
    store.add_triples(_triples(12))
    sent = [body.count("<urn:p>") for body in fake.updates()]
    # 5 refused: 2 and 3, the 3 refused: 1 and 2; the next batches no larger than what went
    assert sent == [5, 2, 3, 1, 2, 2, 2, 2, 1]
    written = [n for n in sent if n <= 2]
    assert sum(written) == 12
    assert progress[-1] == (12, 12) and [d for d, _t in progress] == sorted(d for d, _t in progress)
    names = [re.findall(r"<urn:s(\d+)>", body) for body in fake.updates()]
    assert sorted(int(i) for body, n in zip(names, sent, strict=True) if n <= 2 for i in body) == (
        list(range(12))
    )


def test_a_single_triple_refused_for_its_size_is_a_write_error(fake: Fake) -> None:
    fake.answer = lambda request: SP030
    store = RemoteStore(fake.url("/query"), fake.url("/update"), graph=G, batch_size=2)
    with pytest.raises(WriteError, match="SP030") as info:
        store.add_triples(_triples(2))
    assert info.value.known and info.value.acknowledged == 0
    assert [body.count("<urn:p>") for body in fake.updates()] == [2, 1]


def test_other_refusals_are_not_split(fake: Fake) -> None:
    fake.answer = lambda request: (500, {"Content-Type": "text/plain"}, b"disk full")
    store = RemoteStore(fake.url("/query"), fake.url("/update"), graph=G, batch_size=4)
    with pytest.raises(WriteError, match="disk full"):
        store.add_triples(_triples(4))
    assert len(fake.updates()) == 1


def test_load_batch_size_on_the_command_line(fake: Fake) -> None:
    fake.answer = lambda request: TRUE if request.path == "/query" else DONE
    code, _out, err = run(
        "load", EXAMPLE, "--endpoint", fake.url("/query"), "--update-endpoint",
        fake.url("/update"), "--graph", G, "--batch-size", "500", "--append",
    )  # fmt: skip
    assert code == 0, err
    sizes = [body.count("\n.") + body.count(" .\n") for body in fake.updates()]
    assert len(fake.updates()) == 3 and max(sizes) <= 500 + 2  # 1,287 triples
    code, _out, err = run("load", EXAMPLE, "--endpoint", fake.url("/query"), "--batch-size", "0")
    assert code == 2 and "--batch-size" in err


def test_a_server_that_writes_nothing_to_its_default_graph_is_told_to_name_one(
    fake: Fake,
) -> None:
    # Virtuoso refuses INSERT DATA without GRAPH
    refusal = (
        400,
        {"Content-Type": "text/plain"},
        b"Virtuoso 37000 Error SP031: SPARQL compiler: No plain default graph specified in the "
        b"preamble, but it is needed for triple in INSERT DATA {...} without GRAPH {...}",
    )
    fake.answer = lambda request: FALSE if request.path == "/query" else refusal
    code, _out, err = run(
        "load", EXAMPLE, "--endpoint", fake.url("/query"), "--update-endpoint", fake.url("/update")
    )
    assert code == 2
    assert "No plain default graph" in err
    assert "The server writes no triple to its default graph" in err
    assert "--graph IRI" in err
    # a server that takes the triples and keeps none of them: asked after the write
    fake.requests.clear()
    fake.answer = lambda request: FALSE if request.path == "/query" else DONE
    store = RemoteStore(fake.url("/query"), fake.url("/update"))
    for load in (store.add_from, store.replace_from):
        with pytest.raises(StoreError, match="does not find the triples") as info:
            load(_staging_of(3))
        assert "--graph IRI" in str(info.value)
    assert [r.path for r in fake.requests] == ["/update", "/query"] * 2
    # a graph given: nothing asked after the write
    fake.requests.clear()
    RemoteStore(fake.url("/query"), fake.url("/update"), graph=G).add_from(_staging_of(3))
    assert [r.path for r in fake.requests] == ["/update"]
