"""``stsm-graph load`` and store directories: loaded once, analysed many times, and a folder
that holds no store is refused and left as it was."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_runner import run
from stores_under_test import STORES, _endpoint

from stsm_graph import Portfolio
from stsm_graph.errors import InputError, OutputError
from stsm_graph.stores.oxigraph import OxigraphStore, is_store_directory

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = str(ROOT / "examples" / "northwind-it-services.ttl")
EXAMPLE_YAML = str(ROOT / "examples" / "northwind-it-services.yaml")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_load_into_a_store_then_analyse_it_with_the_files_answers(tmp_path: Path) -> None:
    store = tmp_path / "store"
    code, out, err = run("load", EXAMPLE, "--store", str(store))
    assert (code, err) == (0, "")
    triples = len(Portfolio.open(EXAMPLE))
    assert out == f"loaded {triples} triples from {EXAMPLE} into {store}\n"
    assert is_store_directory(store)
    from_store = run("analyze", str(store), "--format", "json")
    from_file = run("analyze", EXAMPLE, "--format", "json")
    assert from_store[0] == from_file[0] == 0
    a, b = json.loads(from_store[1]), json.loads(from_file[1])
    assert a == b


def test_load_twice_holds_the_file_once(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run("load", EXAMPLE, "--store", str(store))[0] == 0
    assert run("load", EXAMPLE, "--store", str(store))[0] == 0  # the same triples again
    assert len(Portfolio.open(store)) == len(Portfolio.open(EXAMPLE))


FINOPS = "https://example.org/northwind/svc-finops"


def _statuses(store: Path | str) -> list[str]:
    with Portfolio.open(store) as p:
        rows = p.select("SELECT ?svc ?s WHERE { ?svc stsm:status ?s }", svc=FINOPS)
        return sorted(str(s).rsplit("#", 1)[-1] for _svc, s in rows)


def test_load_an_edited_file_replaces_what_the_store_holds(tmp_path: Path) -> None:
    # issue 15 item 2: a service edited from Planned to Active held both statuses
    source = tmp_path / "portfolio.yaml"
    text = Path(EXAMPLE_YAML).read_text(encoding="utf-8")
    source.write_text(text, encoding="utf-8")
    store = tmp_path / "store"
    assert run("load", str(source), "--store", str(store))[0] == 0
    assert _statuses(store) == ["Planned"]
    edited = text.replace("status: Planned", "status: Active", 1)
    assert edited != text
    source.write_text(edited, encoding="utf-8")
    code, out, err = run("load", str(source), "--store", str(store))
    assert (code, err) == (0, "")
    assert out.startswith("loaded ")
    assert _statuses(store) == ["Active"]
    with Portfolio.open(store) as p, Portfolio.open(source) as q:
        assert len(p) == len(q)


def test_load_with_append_adds_to_the_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    extra = tmp_path / "extra.ttl"
    extra.write_text("<urn:x:a> a <https://w3id.org/stsm#Need> .\n", encoding="utf-8")
    assert run("load", EXAMPLE, "--store", str(store))[0] == 0
    code, out, _ = run("load", str(extra), "--store", str(store), "--append")
    assert code == 0
    assert out == f"added the 1 triples of {extra} to {store}\n"
    assert len(Portfolio.open(store)) == len(Portfolio.open(EXAMPLE)) + 1
    assert "--append" in run("load", "--help")[1]


class _FullDisk:
    """A pyoxigraph store whose writes fail as on a full disk; everything else is the store's."""

    def __init__(self, real: object) -> None:
        self._real = real

    def __getattr__(self, name: str) -> object:
        return getattr(self._real, name)

    def __len__(self) -> int:
        return len(self._real)  # type: ignore[arg-type]

    @staticmethod
    def extend(*args: object, **kwargs: object) -> None:
        # static: the traceback keeps no reference to the store, which a real failure does not
        raise OSError(errno.ENOSPC, "No space left on device")

    update = bulk_extend = extend


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every on-disk store's writes raise ``OSError(ENOSPC)``, as the operating system does."""
    real = OxigraphStore.store

    def store(self: OxigraphStore) -> object:
        found = real.fget(self)  # type: ignore[attr-defined]
        return _FullDisk(found) if self.path is not None else found

    monkeypatch.setattr(OxigraphStore, "store", property(store, real.fset))  # type: ignore[attr-defined]


@pytest.mark.usefixtures("full_disk")
@pytest.mark.parametrize("folder", ["new", "empty"])
def test_a_full_disk_is_one_error_and_leaves_no_store_behind(tmp_path: Path, folder: str) -> None:
    # issue 15 item 29: an OSError traceback printed twice, and a new folder with an empty store
    target = tmp_path / folder
    if folder == "empty":
        target.mkdir()
    code, out, err = run("load", EXAMPLE, "--store", str(target))
    assert (code, out) == (2, "")
    assert err == (
        f"stsm-graph: error: {target}: cannot write the store (No space left on device); "
        "nothing of this load was written\n"
    )
    if folder == "new":
        assert not target.exists()
    else:
        assert list(target.iterdir()) == []


def test_a_full_disk_keeps_the_store_that_was_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    assert run("load", EXAMPLE, "--store", str(store))[0] == 0
    real = OxigraphStore.store
    monkeypatch.setattr(
        OxigraphStore,
        "store",
        property(lambda self: _FullDisk(real.fget(self)), real.fset),  # type: ignore[attr-defined]
    )
    code, _, err = run("load", EXAMPLE_YAML, "--store", str(store))
    assert code == 2
    assert err.count("error:") == 1 and "No space left on device" in err
    monkeypatch.undo()
    assert is_store_directory(store)  # not removed: it held a portfolio before
    assert len(Portfolio.open(store)) == len(Portfolio.open(EXAMPLE))


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs (root only: skipped elsewhere, or where mounting is not allowed)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small file system needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_really_full_disk_keeps_the_old_portfolio(small_disk: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.nt"
    label = "x" * 200
    with big.open("w", encoding="utf-8") as f:
        for i in range(40_000):
            f.write(f'<urn:x:n{i}> <http://www.w3.org/2000/01/rdf-schema#label> "{label} {i}" .\n')
    store = small_disk / "store"
    assert run("load", EXAMPLE, "--store", str(store))[0] == 0
    code, out, err = run("load", str(big), "--store", str(store))
    assert (code, out) == (2, "")
    assert err.startswith(f"stsm-graph: error: {store}: cannot write the store (")
    assert err.count("\n") == 1 and "No space left on device" in err
    assert len(Portfolio.open(store)) == len(Portfolio.open(EXAMPLE))
    fresh = small_disk / "fresh"
    shutil.rmtree(store)
    assert run("load", str(big), "--store", str(fresh))[0] == 2
    assert not fresh.exists()


def test_load_into_an_empty_folder(tmp_path: Path) -> None:
    assert run("load", EXAMPLE, "--store", str(tmp_path))[0] == 0
    assert is_store_directory(tmp_path)


@pytest.mark.parametrize("verb", ["analyze", "validate", "view", "convert", "query"])
def test_a_folder_that_is_not_a_store_is_refused_and_left_unchanged(
    tmp_path: Path, verb: str
) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "a.txt").write_text("mine", encoding="utf-8")
    extra = {
        "view": ["-o", str(tmp_path / "v.html")],
        "convert": [str(tmp_path / "v.html")],
        "query": ["services"],
    }.get(verb, [])
    code, out, err = run(verb, str(folder), *extra)
    assert (code, out) == (2, "")
    assert f"{folder}: a directory that holds no stsm-graph store" in err
    assert "stsm-graph load --store" in err
    assert _files(folder) == {"a.txt": b"mine"}
    assert not (tmp_path / "v.html").exists()


def test_an_empty_folder_is_not_opened_as_an_empty_portfolio(tmp_path: Path) -> None:
    code, _, err = run("analyze", str(tmp_path))
    assert code == 2
    assert "holds no stsm-graph store" in err
    assert list(tmp_path.iterdir()) == []


def test_load_refuses_a_folder_holding_other_files(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("keep", encoding="utf-8")
    code, out, err = run("load", EXAMPLE, "--store", str(tmp_path))
    assert (code, out) == (2, "")
    assert f"{tmp_path}: this folder holds files but no stsm-graph store" in err
    assert "cannot use the folder" not in err  # said once, not wrapped in a second message
    assert _files(tmp_path) == {"notes.md": b"keep"}


def test_load_refuses_a_file_as_the_store(tmp_path: Path) -> None:
    target = tmp_path / "store.ttl"
    target.write_text("keep", encoding="utf-8")
    code, _, err = run("load", EXAMPLE, "--store", str(target))
    assert code == 2
    assert "a file, not a directory" in err
    assert "cannot use the folder" not in err
    assert target.read_text(encoding="utf-8") == "keep"


def test_portfolio_open_and_create_refuse_in_python(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError, match="holds no stsm-graph store") as info:
        Portfolio.open(tmp_path)
    assert info.value.file == str(tmp_path)
    with pytest.raises(OutputError, match="holds files but no stsm-graph store"):
        Portfolio.create(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_load_a_bad_file_writes_nothing_into_the_store(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:x:a> a <https://w3id.org/stsm#Need> .\n<urn:x:b> a .\n", "utf-8")
    store = tmp_path / "store"
    assert run("load", EXAMPLE, "--store", str(store))[0] == 0
    code, _, err = run("load", str(bad), "--store", str(store))
    assert code == 2
    assert str(bad) in err
    assert len(Portfolio.open(store)) == len(Portfolio.open(EXAMPLE))


@pytest.mark.parametrize("bad", ["missing.ttl", "bad.ttl"])
def test_a_load_that_fails_makes_no_store(tmp_path: Path, bad: str) -> None:
    (tmp_path / "bad.ttl").write_text("<urn:x:a> a .\n", encoding="utf-8")
    new, empty = tmp_path / "new", tmp_path / "empty"
    empty.mkdir()
    for target in (new, empty):
        code, out, err = run("load", str(tmp_path / bad), "--store", str(target))
        assert (code, out) == (2, "")
        assert str(tmp_path / bad) in err
    assert not new.exists()
    assert list(empty.iterdir()) == []


def test_a_folder_with_a_stray_current_file_is_not_a_store(tmp_path: Path) -> None:
    (tmp_path / "CURRENT").write_text("MANIFEST-000005\n", encoding="utf-8")
    assert not is_store_directory(tmp_path)
    code, _, err = run("analyze", str(tmp_path))
    assert code == 2 and "holds no stsm-graph store" in err
    assert [p.name for p in tmp_path.iterdir()] == ["CURRENT"]  # no lock or log written


def test_every_store_oxigraph_makes_is_recognised(tmp_path: Path) -> None:
    import pyoxigraph as ox

    empty = tmp_path / "empty"
    ox.Store(str(empty)).flush()
    assert is_store_directory(empty)
    kept_open = ox.Store(str(tmp_path / "open"))  # still open: its files are there
    assert is_store_directory(tmp_path / "open")
    del kept_open
    assert not is_store_directory(tmp_path / "nothing-here")
    assert not is_store_directory(tmp_path / "empty" / "CURRENT")  # a file


def test_load_needs_a_target() -> None:
    code, _, err = run("load", EXAMPLE)
    assert code == 2
    assert "load needs --store DIR or --endpoint URL --update-endpoint URL" in err


@pytest.mark.skipif("remote" not in STORES, reason="no SPARQL server available")
def test_load_into_a_server_reports_progress_and_answers_the_same() -> None:
    query, update = _endpoint()
    graph = f"urn:stsm-test:{uuid.uuid4()}"
    code, out, err = run(
        "load", EXAMPLE, "--endpoint", query, "--update-endpoint", update, "--graph", graph
    )
    assert code == 0
    triples = len(Portfolio.open(EXAMPLE))
    assert out == f"loaded {triples} triples from {EXAMPLE} into {graph}\n"
    assert f"{triples}/{triples} triples written" in err
    remote = run("analyze", "--endpoint", query, "--graph", graph, "--format", "json")
    local = run("analyze", EXAMPLE, "--format", "json")
    a, b = json.loads(remote[1]), json.loads(local[1])
    assert a == b


def test_ctrl_c_during_a_replacing_load_says_what_the_store_may_hold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Oxigraph runs the replacing update to its end; Python sees Ctrl-C only after it."""
    from stsm_graph.stores.oxigraph import OxigraphStore

    folder = str(tmp_path / "s")
    assert run("load", EXAMPLE, "--store", folder)[0] == 0
    real = OxigraphStore.replace_from

    def signalled_during(self: OxigraphStore, staging: Any) -> None:
        real(self, staging)  # the transaction finished...
        raise KeyboardInterrupt  # ...and the signal arrives as it returns

    monkeypatch.setattr(OxigraphStore, "replace_from", signalled_during)
    code, out, err = run("load", EXAMPLE, "--store", folder)
    assert (code, out) == (130, "")
    assert "the store holds either its old content or the whole new file" in err
    assert err.endswith("stsm-graph: interrupted\n")
