"""HTTPS to a real loopback server: the deadline's network backend wraps TLS too (issue 22).

A certificate made with the ``openssl`` command is trusted through ``SSL_CERT_FILE`` (which
OpenSSL reads with the system's store), in a child process: the store's TLS context is made
once per process.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl command")

ASK = (
    "from stsm_graph.errors import StoreError\n"
    "from stsm_graph.stores.remote import RemoteStore\n"
    "import sys\n"
    "try:\n"
    "    print(RemoteStore(sys.argv[1], timeout=10).ask('ASK { ?s ?p ?o }'))\n"
    "except StoreError as err:\n"
    "    print(err)\n"
)


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b'{"head":{},"boolean":true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def _https(cert: Path, key: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/sparql"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def _ask(url: str, cert_file: Path | None) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("SSL_CERT_FILE", "SSL_CERT_DIR")}
    if cert_file is not None:
        env["SSL_CERT_FILE"] = str(cert_file)
    done = subprocess.run(
        [sys.executable, "-c", ASK, url], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_query_over_https_to_a_trusted_certificate(certificate: tuple[Path, Path]) -> None:
    cert, key = certificate
    with _https(cert, key) as url:
        assert _ask(url, cert) == "True"


def test_a_certificate_nobody_trusts_is_refused(certificate: tuple[Path, Path]) -> None:
    cert, key = certificate
    with _https(cert, key) as url:
        said = _ask(url, None)
    assert said.startswith(f"cannot reach the SPARQL endpoint {url}: ")
    assert "CERTIFICATE_VERIFY_FAILED" in said
