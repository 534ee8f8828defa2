"""Bearer tokens, on a real loopback server that checks the Authorization header (issue 22)."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading
from collections.abc import Generator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from cli_runner import run
from hypothesis import given
from hypothesis import strategies as st

from stsm_graph.errors import StoreError
from stsm_graph.stores.http_auth import HeaderAuth, auth_of
from stsm_graph.stores.remote import RemoteStore

TOKEN = "s3cr3t-T0ken_~+/="
ASK = "ASK { ?s ?p ?o }"


class _Guarded(ThreadingHTTPServer):
    #: the Authorization header of each request, in order
    seen: list[str | None]


class _Handler(BaseHTTPRequestHandler):
    server: _Guarded

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        given = self.headers.get("Authorization")
        self.server.seen.append(given)
        ok = given == f"Bearer {TOKEN}" or (given or "").startswith("Basic ")
        body = b'{"head":{},"boolean":true}' if ok else b"no entry"
        self.send_response(200 if ok else 401)
        self.send_header("Content-Type", "application/sparql-results+json")
        if not ok:
            self.send_header("WWW-Authenticate", 'Bearer realm="sparql"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def _serving() -> Iterator[_Guarded]:
    server = _Guarded(("127.0.0.1", 0), _Handler)
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def guarded(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[_Guarded, str]]:
    monkeypatch.delenv("STSM_GRAPH_TOKEN", raising=False)
    with _serving() as server:
        yield server, f"http://127.0.0.1:{server.server_address[1]}/sparql"


def test_the_token_in_the_environment_is_sent_as_a_bearer_token(
    guarded: tuple[_Guarded, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, url = guarded
    monkeypatch.setenv("STSM_GRAPH_TOKEN", TOKEN)
    assert RemoteStore(url).ask(ASK) is True
    assert server.seen == [f"Bearer {TOKEN}"]


def test_a_token_given_as_auth_is_sent_as_a_bearer_token(guarded: tuple[_Guarded, str]) -> None:
    server, url = guarded
    assert RemoteStore(url, auth=TOKEN).ask(ASK) is True
    assert RemoteStore(url, auth=httpx.BasicAuth("u", "p")).ask(ASK) is True
    assert server.seen == [f"Bearer {TOKEN}", "Basic dTpw"]


def test_a_wrong_token_is_refused_and_never_shown(
    guarded: tuple[_Guarded, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, url = guarded
    monkeypatch.setenv("STSM_GRAPH_TOKEN", "not-the-one")
    with pytest.raises(StoreError) as caught:
        RemoteStore(url).ask(ASK)
    assert str(caught.value) == (
        f"the SPARQL endpoint {url} refused access (HTTP 401); check the user and password"
    )
    assert server.seen == ["Bearer not-the-one"]


def test_without_a_token_nothing_is_sent(guarded: tuple[_Guarded, str]) -> None:
    server, url = guarded
    with pytest.raises(StoreError, match="HTTP 401"):
        RemoteStore(url).ask(ASK)
    assert server.seen == [None]


def test_a_user_in_the_url_goes_before_the_token(
    guarded: tuple[_Guarded, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, url = guarded
    monkeypatch.setenv("STSM_GRAPH_TOKEN", TOKEN)
    assert RemoteStore(url.replace("//", "//u:p@")).ask(ASK) is True
    assert server.seen == ["Basic dTpw"]


@pytest.mark.parametrize("token", ["two words", "line\r\nX-Evil: 1", "tök"])
def test_a_token_that_cannot_be_one_is_refused_unshown(
    token: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STSM_GRAPH_TOKEN", token)
    with pytest.raises(StoreError) as caught:
        RemoteStore("http://127.0.0.1:9/sparql")
    assert str(caught.value).startswith("the bearer token has a character a token cannot have")
    assert token not in str(caught.value)


def test_an_unknown_auth_scheme_is_refused() -> None:
    with pytest.raises(StoreError, match="the auth scheme 'ntlm' is not one of: basic, digest"):
        RemoteStore("http://127.0.0.1:9/sparql", auth=("u", "p"), auth_scheme="ntlm")


def test_the_command_line_takes_a_scheme_only_with_a_user(guarded: tuple[_Guarded, str]) -> None:
    server, url = guarded
    code, out, err = run("analyze", "--endpoint", url, "--auth-scheme", "digest")
    assert (code, out) == (2, "")
    assert err == (
        "stsm-graph: error: --auth-scheme is for --user and its password: give --user too\n"
    )
    code, out, err = run("analyze", "--auth-scheme", "basic")
    assert code == 2 and "--auth-scheme is for a SPARQL server: give --endpoint URL" in err
    assert server.seen == []


def test_the_command_line_sends_the_users_password_by_the_scheme_chosen(
    guarded: tuple[_Guarded, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    server, url = guarded
    monkeypatch.setenv("STSM_GRAPH_PASSWORD", "p")
    monkeypatch.setenv("STSM_GRAPH_TOKEN", TOKEN)  # --user goes before the token
    run("analyze", "--endpoint", url, "--user", "u", "--auth-scheme", "basic")
    assert server.seen and set(server.seen) == {"Basic dTpw"}


#: text UTF-8 can send (no lone surrogate)
_SENDABLE = st.characters(exclude_categories=["Cs"])


@given(st.text(alphabet=st.characters(exclude_characters=":", exclude_categories=["Cs"])),
       st.text(alphabet=_SENDABLE))  # fmt: skip
def test_basic_credentials_are_the_header_httpx_would_send(user: str, password: str) -> None:
    request = httpx.Request("POST", "http://127.0.0.1:9/sparql")
    sent = next(httpx.BasicAuth(user, password).sync_auth_flow(request))
    ours = auth_of((user, password), "basic")
    assert isinstance(ours, HeaderAuth)
    assert ours.header == sent.headers["Authorization"]
    assert repr(ours) == "HeaderAuth(Basic ...)"  # the credentials never shown


@pytest.mark.parametrize("pair", [("\ud800", ""), ("u", "p\udfff")])
def test_a_lone_surrogate_in_credentials_is_refused_unshown(pair: tuple[str, str]) -> None:
    with pytest.raises(StoreError, match=r"lone surrogate.*not shown") as caught:
        auth_of(pair, "basic")
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in str(caught.value))  # unshown


def test_auth_of_another_kind_is_refused_by_name() -> None:
    with pytest.raises(
        StoreError, match=r"auth of type int cannot be sent: give a \(user, password\) pair"
    ):
        RemoteStore("http://127.0.0.1:9/sparql", auth=42)  # type: ignore[arg-type]


def test_httpx_is_imported_only_for_a_flow() -> None:
    """A store with Basic, a token or no credentials sends without httpx (it costs ~50 ms)."""
    program = (
        "import sys\n"
        "from stsm_graph.stores.remote import RemoteStore\n"
        "for auth in (None, ('u', 'p'), 't0k3n'):\n"
        "    store = RemoteStore('http://127.0.0.1:9/sparql', auth=auth, timeout=1)\n"
        "    try:\n"
        "        store.ask('ASK {}')\n"
        "    except Exception:\n"
        "        pass\n"
        "print('httpx' in sys.modules)\n"
        "RemoteStore('http://127.0.0.1:9/sparql', auth=('u', 'p'), auth_scheme='digest')\n"
        "print('httpx' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == ["False", "True"]


class _TokenAfterRefusal(httpx.Auth):
    """A two-round flow that reads the refusal's body before it sends the token."""

    requires_response_body = True

    def __init__(self) -> None:
        self.refusals: list[tuple[int, str]] = []

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        response = yield request
        if response.status_code == 401:
            self.refusals.append((response.status_code, response.text))
            request.headers["Authorization"] = f"Bearer {TOKEN}"
            yield request


def test_an_httpx_flow_gets_the_refusal_and_its_body(guarded: tuple[_Guarded, str]) -> None:
    server, url = guarded
    flow = _TokenAfterRefusal()
    assert RemoteStore(url, auth=flow).ask(ASK) is True
    assert server.seen == [None, f"Bearer {TOKEN}"]
    assert flow.refusals == [(401, "no entry")]
