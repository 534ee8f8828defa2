"""Every store the suite runs on: rdflib's memory store, embedded Oxigraph in memory and on
disk, and a real SPARQL server.

The server is the one named by ``STSM_TEST_ENDPOINT`` (``.ci/run`` starts ``oxigraph serve``
on a free loopback port and sets it, with ``STSM_TEST_UPDATE_ENDPOINT``); without it, the
``oxigraph`` command from the test extra is started here on a free loopback port the first
time a test needs it, and stopped when the session ends. Each portfolio on the server lives
in its own named graph, so tests never see each other's triples. Set
``STSM_TEST_STORES=memory,oxigraph`` to run on fewer stores.

A second server, Virtuoso 7, joins as the store kind ``virtuoso`` when
``STSM_TEST_VIRTUOSO_ENDPOINT`` names its SPARQL URL (``.ci/run`` starts a private instance,
see ``.ci/virtuoso.sh``), with ``STSM_TEST_VIRTUOSO_UPDATE_ENDPOINT`` (the same URL by default)
and, where updates need a user, ``STSM_TEST_VIRTUOSO_USER`` and ``STSM_TEST_VIRTUOSO_PASSWORD``.
Hypothesis tests (dozens of portfolios each, loaded one request at a time) run on one remote
server only, Oxigraph's: on Virtuoso they are left out (``tests/conftest.py``), unless
``STSM_TEST_VIRTUOSO_ALL=1``; :data:`PROPERTY_STORES` is what they compare.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from decimal import Decimal
from pathlib import Path

from rdflib import Literal
from rdflib.namespace import XSD

from stsm_graph import Portfolio

__all__ = [
    "PROPERTY_STORES",
    "STORES",
    "make_portfolio",
    "open_portfolio",
    "property_store",
    "row_values",
]


def _server_command() -> str | None:
    found = shutil.which("oxigraph")
    if found:
        return found
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else None


def _available() -> list[str]:
    kinds = ["memory", "oxigraph", "disk"]
    if os.environ.get("STSM_TEST_ENDPOINT") or _server_command():
        kinds.append("remote")
    if os.environ.get("STSM_TEST_VIRTUOSO_ENDPOINT"):
        kinds.append("virtuoso")
    wanted = os.environ.get("STSM_TEST_STORES")
    if wanted:
        kinds = [k for k in kinds if k in wanted.split(",")]
    return kinds


#: the store kinds every store-parametrized test runs on
STORES: tuple[str, ...] = tuple(_available())


def property_store(kind: str) -> bool:
    """Tell whether hypothesis tests run on the store ``kind`` (see the module)."""
    return kind != "virtuoso" or os.environ.get("STSM_TEST_VIRTUOSO_ALL") == "1"


#: the store kinds a hypothesis test compares (every one but Virtuoso, unless asked)
PROPERTY_STORES: tuple[str, ...] = tuple(k for k in STORES if property_store(k))

_server: dict[str, str] = {}
_cleanup: list[str] = []


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _endpoint() -> tuple[str, str]:
    if os.environ.get("STSM_TEST_ENDPOINT"):
        query = os.environ["STSM_TEST_ENDPOINT"]
        return query, os.environ.get(
            "STSM_TEST_UPDATE_ENDPOINT", query.rsplit("/", 1)[0] + "/update"
        )
    if not _server:
        command = _server_command()
        assert command is not None, "no oxigraph command: install the test extra"
        location = tempfile.mkdtemp(prefix="stsm-oxigraph-")
        port = _free_port()
        proc = subprocess.Popen(
            [command, "serve", "--location", location, "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

        def stop() -> None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
            shutil.rmtree(location, ignore_errors=True)

        atexit.register(stop)
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        _server.update(query=base + "/query", update=base + "/update")
    return _server["query"], _server["update"]


def _remove_dirs() -> None:
    for path in _cleanup:
        shutil.rmtree(path, ignore_errors=True)


atexit.register(_remove_dirs)


def make_portfolio(kind: str) -> Portfolio:
    """Return a new, empty portfolio on the store ``kind`` (one of :data:`STORES`)."""
    if kind in ("memory", "oxigraph"):
        return Portfolio(store=kind)
    if kind == "disk":
        path = tempfile.mkdtemp(prefix="stsm-disk-")
        _cleanup.append(path)
        return Portfolio.create(path)
    if kind == "remote":
        query, update = _endpoint()
        return Portfolio.connect(query, update, graph=f"urn:stsm-test:{uuid.uuid4()}")
    if kind == "virtuoso":
        query = os.environ["STSM_TEST_VIRTUOSO_ENDPOINT"]
        user = os.environ.get("STSM_TEST_VIRTUOSO_USER")
        auth = (user, os.environ.get("STSM_TEST_VIRTUOSO_PASSWORD", "")) if user else None
        return Portfolio.connect(
            query,
            os.environ.get("STSM_TEST_VIRTUOSO_UPDATE_ENDPOINT", query),
            graph=f"urn:stsm-test:{uuid.uuid4()}",
            auth=auth,
        )
    raise ValueError(f"unknown store kind {kind!r}")


def open_portfolio(path: str | Path, kind: str) -> Portfolio:
    """Return a portfolio on the store ``kind`` holding the file at ``path``."""
    p = make_portfolio(kind)
    p.load(path)
    return p


def row_values(row: tuple[object, ...]) -> str:
    """Return a query's row as its values, to compare answers across stores.

    Virtuoso 7 writes a boolean as ``1``/``0`` and a number in its canonical form (``95.50`` as
    ``95.5``), which the library reads as the same values (docs/servers.md).
    """
    return repr(tuple(_value(term) for term in row))


def _value(term: object) -> object:
    if isinstance(term, Literal) and term.datatype in (XSD.boolean, XSD.integer, XSD.decimal):
        value = term.toPython()
        return Decimal(int(value)) if isinstance(value, bool) else Decimal(str(value))
    return term
