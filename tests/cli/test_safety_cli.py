"""The command line under hostile text and odd files: what reaches the terminal is shown,
never obeyed; a device, a FIFO or a link loop is named for what it is; Ctrl-C ends in one
line."""

from __future__ import annotations

import io
import json
import os
import re
import stat
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cli_runner import run
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from stsm_graph import Portfolio
from stsm_graph.cli import main

FIXTURES = Path(__file__).parent.parent / "fixtures"
VALID = str(FIXTURES / "valid_complete.ttl")
#: control characters a terminal would obey (the line break of the output itself aside)
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
ATTACK = "\x1b]0;PWNED\x07\x1b[2J\x9b31m"


@pytest.fixture
def hostile(tmp_path: Path) -> str:
    """An on-disk store whose customer's label attacks the terminal.

    Loading a file refuses control characters in texts, so the label is written into the
    store afterwards, as another tool writing to the same store or server could.
    """
    folder = str(tmp_path / "hostile.oxigraph")
    assert run("load", VALID, "--store", folder)[0] == 0
    acme = URIRef("https://example.org/p/acme")
    with Portfolio.open(folder) as p:
        p.store.remove_triples(list(Graph().parse(VALID).triples((acme, RDFS.label, None))))
        p.store.add_triples([(acme, RDFS.label, Literal("ACME" + ATTACK + "\nx"))])
    return folder


def test_analyze_text_shows_escape_sequences_instead_of_sending_them(hostile: str) -> None:
    code, out, err = run("analyze", hostile)
    assert code == 0 and not CONTROL.search(out + err)
    assert "ACME\\x1b]0;PWNED\\x07\\x1b[2J\\x9b31m\\nx" in out


def test_analyze_json_keeps_the_label_but_escapes_its_controls(hostile: str) -> None:
    code, out, _err = run("analyze", hostile, "--format", "json")
    assert code == 0 and not CONTROL.search(out.replace("\n", " "))
    labels = {s["label"] for s in json.loads(out)["coverage"]["stakeholders"]}
    assert "ACME" + ATTACK + "\nx" in labels


def test_query_rows_stay_one_a_line_and_show_controls(hostile: str) -> None:
    code, out, _err = run("query", hostile, "stakeholder_needs", "--format", "tsv")
    assert code == 0 and not CONTROL.search(out.replace("\n", "").replace("\t", ""))
    rows = out.splitlines()
    assert all(row.count("\t") == rows[0].count("\t") for row in rows)
    code, out, _err = run("query", hostile, "stakeholder_needs")  # the columns
    assert code == 0 and not CONTROL.search(out.replace("\n", ""))
    assert len(out.splitlines()) == len(rows) + 1  # the same rows, and a rule under the header
    assert "ACME\\x1b]0;PWNED" in out


def test_a_constructed_graph_keeps_its_text_with_controls_escaped(
    hostile: str, tmp_path: Path
) -> None:
    q = tmp_path / "c.rq"
    q.write_text("CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l }", encoding="utf-8")
    code, out, _err = run("query", hostile, str(q))
    assert code == 0 and not CONTROL.search(out.replace("\n", "").replace("\t", ""))
    labels = {str(o) for o in Graph().parse(data=out, format="turtle").objects()}
    assert "ACME" + ATTACK + "\nx" in labels


def test_an_error_quoting_the_user_shows_its_controls() -> None:
    code, out, err = run("impact", VALID, "svc" + ATTACK)
    assert (code, out) == (2, "")
    assert not CONTROL.search(err.rstrip("\n")) and "\\x1b]0;PWNED" in err
    code, out, err = run("frobnicate" + ATTACK)
    assert code == 2 and not CONTROL.search(err.replace("\n", ""))


def test_ctrl_c_exits_130_with_one_line() -> None:
    class Interrupted(io.StringIO):
        def write(self, text: str) -> int:
            raise KeyboardInterrupt

    err = io.StringIO()
    try:
        code = main(["validate", VALID], out=Interrupted(), err=err)
    except KeyboardInterrupt:
        pytest.fail("Ctrl-C escaped main() as a traceback")
    assert (code, err.getvalue()) == (130, "stsm-graph: interrupted\n")


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_a_device_as_input_says_what_it_is(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    code, out, err = run("validate", device)
    assert (code, out) == (2, "")
    assert "not a regular file: it is a character device" in err and "no such file" not in err


def test_a_fifo_and_a_link_loop_as_input_say_what_they_are(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "p.ttl")
    (tmp_path / "a.ttl").symlink_to(tmp_path / "b.ttl")
    (tmp_path / "b.ttl").symlink_to(tmp_path / "a.ttl")
    code, _out, err = run("validate", str(tmp_path / "p.ttl"))
    assert code == 2 and "it is a FIFO" in err
    code, _out, err = run("validate", str(tmp_path / "a.ttl"))
    assert code == 2 and "symbolic link loop" in err


def test_convert_to_a_device_writes_to_it(tmp_path: Path) -> None:
    # a device of the test's own (mknod mynull c 1 3), never the system's /dev/null
    mynull = tmp_path / "mynull"
    try:
        os.mknod(mynull, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (OSError, AttributeError):
        pytest.skip("making a device node needs root")
    code, out, err = run("convert", VALID, str(mynull), "--to", "nt")
    assert (code, err) == (0, "") and out.startswith("wrote")
    assert stat.S_ISCHR(mynull.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mynull"]


def test_convert_to_a_fifo_nobody_reads_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "out.nt")
    code, out, err = run("convert", VALID, str(tmp_path / "out.nt"))
    assert (code, out) == (2, "")
    assert "no process is reading" in err


@pytest.mark.parametrize("extra", [0, 20])
def test_long_output_names(tmp_path: Path, extra: int) -> None:
    limit = os.pathconf(tmp_path, "PC_NAME_MAX")
    target = tmp_path / ("n" * (limit - 3 + extra) + ".nt")
    code, _out, err = run("convert", VALID, str(target))
    if extra:  # too long for the file system: said in words, nothing left behind
        assert code == 2 and "its name is too long" in err and "Traceback" not in err
        assert list(tmp_path.iterdir()) == []
    else:  # as long as the system takes: written, though the temporary name is longer
        assert (code, err) == (0, "") and target.is_file()


class _FailingSecondInsert(BaseHTTPRequestHandler):
    """A SPARQL server that takes the first INSERT DATA and fails the second."""

    inserts = 0

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.startswith("/query"):  # the load asks whether the graph holds anything
            answer = b'{"head": {}, "boolean": false}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
            return
        status = 204
        if b"INSERT DATA" in body:
            type(self).inserts += 1
            status = 204 if type(self).inserts == 1 else 500
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def failing_server() -> Iterator[str]:
    _FailingSecondInsert.inserts = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FailingSecondInsert)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_an_error_after_the_progress_line_starts_a_line_of_its_own(
    tmp_path: Path, failing_server: str
) -> None:
    big = tmp_path / "big.nt"
    with big.open("w", encoding="utf-8") as fh:
        for i in range(20_001):  # two batches of the remote store's 20,000
            fh.write(f'<https://example.org/n{i}> <{RDFS.label}> "n{i}" .\n')
    code, _out, err = run(
        "load",
        str(big),
        "--endpoint",
        failing_server + "/query",
        "--update-endpoint",
        failing_server + "/update",
    )
    assert code == 2
    assert "triples written" in err  # the first batch went, and said so
    assert "\nstsm-graph: error:" in err
    assert all(
        line.startswith("stsm-graph: error:") or "triples written" not in line
        for line in err.splitlines()
        if "stsm-graph: error:" in line
    )


def test_an_input_name_too_long_says_so(tmp_path: Path) -> None:
    limit = os.pathconf(tmp_path, "PC_NAME_MAX")
    code, out, err = run("validate", str(tmp_path / ("n" * (limit + 5) + ".ttl")))
    assert (code, out) == (2, "")
    assert "its name is too long" in err and "Traceback" not in err
