"""The ``diff`` command: files, store directories and git revisions; formats; ``--fail-on``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from cli_runner import run
from jsonschema import Draft202012Validator

from stsm_graph.cli import review as review_cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "northwind-it-services.yaml"
SCHEMA = json.loads((ROOT / "docs" / "review.schema.json").read_text("utf-8"))


def retired(tmp_path: Path, name: str = "new.yaml") -> Path:
    doc = yaml.safe_load(EXAMPLE.read_text("utf-8"))
    service = next(s for s in doc["services"] if s["id"] == "svc-service-desk")
    service["status"] = "Retired"
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), "utf-8")
    return path


def test_json_follows_the_schema_and_fail_on_sets_the_exit_code(tmp_path: Path) -> None:
    new = retired(tmp_path)
    code, out, err = run("diff", str(EXAMPLE), str(new), "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    Draft202012Validator(SCHEMA).validate(
        {k: v for k, v in data.items() if k not in ("old", "new")}
    )
    assert [e["node"].rsplit("/", 1)[1] for e in data["diff"]["changed"]] == ["svc-service-desk"]
    assert len(data["newly_unmet"]) == 3
    code, _out, err = run("diff", str(EXAMPLE), str(new), "--fail-on", "newly-unmet,newly-orphaned")
    assert (code, err) == (1, "stsm-graph: exit 1: --fail-on found newly-unmet\n")
    code, _out, err = run("diff", str(EXAMPLE), str(new), "--fail-on", "newly-orphaned")
    assert (code, err) == (0, "")
    code, _out, err = run("diff", str(EXAMPLE), str(new), "--fail-on", "nonsense")
    assert code == 2 and "newly-unmet" in err


def test_markdown_starts_with_the_summary_and_folds_the_details(tmp_path: Path) -> None:
    code, out, _err = run("diff", str(EXAMPLE), str(retired(tmp_path)), "--format", "markdown")
    first, *rest = out.splitlines()
    assert code == 0 and first.startswith("**Change review of ")
    assert "3 needs newly unmet" in first and "customers touched" in first
    assert rest.count("</details>") == sum(line.startswith("<details>") for line in rest) >= 5


def test_text_of_a_store_directory_against_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    assert run("load", str(EXAMPLE), "--store", str(folder))[0] == 0
    code, out, _err = run("diff", str(folder), str(EXAMPLE))
    assert code == 0 and "0 entities changed" in out.splitlines()[0]
    code, out, _err = run("diff", str(folder), str(retired(tmp_path)), "--fail-on", "changes")
    assert code == 1 and "Needs newly unmet:" in out


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_git_revision_of_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def git(*argv: str) -> None:  # no one's own git settings (a signing key, hooks)
        env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
        subprocess.run(["git", *argv], cwd=tmp_path, env=env, check=True, capture_output=True)

    git("init", "-q")
    shutil.copy(EXAMPLE, tmp_path / "portfolio.yaml")
    git("add", "portfolio.yaml")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "one")
    retired(tmp_path, "portfolio.yaml")
    monkeypatch.chdir(tmp_path)
    code, out, _err = run("diff", "HEAD:portfolio.yaml", "portfolio.yaml")
    assert code == 0 and "1 entity changed" in out.splitlines()[0]
    code, _out, err = run("diff", "HEAD~3:portfolio.yaml", "portfolio.yaml")
    assert code == 2 and "git cannot show this revision" in err and "HEAD~3" in err
    code, _out, err = run("diff", "--help=x:y", "portfolio.yaml")
    assert code == 2
    # a revision that does not parse is named as REV:PATH, never as the temporary copy
    (tmp_path / "portfolio.yaml").write_text("services: [{id: s, label: [\n", "utf-8")
    git("add", "portfolio.yaml")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "two")
    code, _out, err = run("diff", "HEAD:portfolio.yaml", "HEAD~1:portfolio.yaml")
    assert code == 2 and "error: HEAD:portfolio.yaml, line 2: not valid YAML" in err, err
    assert "stsm-diff-" not in err


def test_no_such_version_and_no_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _out, err = run("diff", str(tmp_path / "gone.yaml"), str(EXAMPLE))
    assert code == 2 and "no such file or store directory" in err
    monkeypatch.setattr(review_cli.shutil, "which", lambda _name: None)
    code, _out, err = run("diff", "HEAD:portfolio.yaml", str(EXAMPLE))
    assert code == 2 and "git is not installed" in err


def test_view_diff_draws_the_change_and_its_suspects(tmp_path: Path) -> None:
    from stsm_graph.analysis import review
    from stsm_graph.viz.change import CHANGE_COLOURS, change_view

    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(
        "base: https://example.org/p/\n"
        "services: [{id: s, label: Backup, addresses: [a]}]\n"
        "needs: [{id: a, label: Restores}, {id: gone, label: Gone}]\n"
        "customers: [{id: c, label: Contoso, has_need: [a]}, {id: f, label: Fab}]\n",
        "utf-8",
    )
    new.write_text(
        "base: https://example.org/p/\n"
        "services: [{id: s, label: Backup, addresses: [b]}]\n"
        "needs: [{id: a, label: Restores}, {id: b, label: 'New <need>'}]\n"
        "customers: [{id: c, label: Contoso, has_need: [a]}, {id: f, label: Fab}]\n",
        "utf-8",
    )
    from stsm_graph import Portfolio

    net = change_view(review(Portfolio.open(old), Portfolio.open(new)))
    shown = {n["id"].rsplit("/", 1)[1]: n for n in net.nodes}
    assert {k: n["change"] for k, n in shown.items()} == {
        "b": "added",
        "gone": "removed",
        "s": "changed",
        "a": "suspect",
        "c": "suspect",
    }
    assert shown["b"]["color"] == CHANGE_COLOURS["added"] and shown["s"]["shape"] == "star"
    edges = {
        (e["from"].rsplit("/", 1)[1], e["to"].rsplit("/", 1)[1], e["dashes"]) for e in net.edges
    }
    # a is reached only through the link the change took away: dashed, as in the old version
    assert ("s", "a", True) in edges and ("s", "b", False) in edges and ("c", "a", True) in edges
    code, out, err = run("view", "--diff", str(old), str(new), "-o", str(tmp_path / "c.html"))
    assert (code, err) == (0, "") and "5 nodes" in out
    html = (tmp_path / "c.html").read_text("utf-8")
    assert "New <need>" not in html and "Contoso" in html
    code, _out, err = run("view", "--diff", str(old), str(new), "--max-nodes", "2")
    assert code == 2 and "5 nodes" in err
    code, _out, err = run("view", str(old), "--diff", str(old), str(new))
    assert code == 2 and "leave out a portfolio" in err


def test_the_change_picture_colours_needs_by_their_new_state_and_names_every_mark(
    tmp_path: Path,
) -> None:
    from stsm_graph import Portfolio
    from stsm_graph.analysis import review
    from stsm_graph.viz.change import CHANGE_COLOURS, LINK_COLOURS, SUSPECT_BORDER, change_view
    from stsm_graph.viz.page import legend
    from stsm_graph.viz.style import NEED_COLOURS, NEED_UNCHANGED

    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(
        "base: https://example.org/p/\n"
        "services: [{id: s, label: Backup, addresses: [a, k]}]\n"
        "needs: [{id: a, label: Restores}, {id: k, label: Kept}, {id: gone, label: Gone}]\n",
        "utf-8",
    )
    new.write_text(
        "base: https://example.org/p/\n"
        "services: [{id: s, label: Backup, addresses: [b, k]}]\n"
        "needs: [{id: a, label: Restores}, {id: k, label: Kept}, {id: b, label: New}]\n",
        "utf-8",
    )
    net = change_view(review(Portfolio.open(old), Portfolio.open(new)))
    shown = {n["id"].rsplit("/", 1)[1]: n for n in net.nodes}
    assert shown["a"]["color"]["background"] == NEED_COLOURS["unmet"]  # it lost its cover
    assert shown["k"]["color"]["background"] == NEED_UNCHANGED  # still covered
    assert shown["a"]["color"]["border"] == SUSPECT_BORDER
    names = [name for name, _colour, _shape in legend(net.nodes, net.edges)]
    assert names[:6] == [
        "added",
        "removed",
        "changed",
        "reached by the change (amber ring)",
        "link added",
        "link removed",
    ]
    assert "need: unmet" in names and "need: its state unchanged by the change" in names
    assert (
        "evidence, measurement, other" not in names
        and "retired (any kind, by its shape)" not in names
    )
    assert CHANGE_COLOURS["added"]["background"] == LINK_COLOURS["added"]
    code, out, err = run(
        "view", "--diff", str(old), str(new), "-o", str(tmp_path / "c.html"), "--export", "png"
    )
    assert code == 0
    if "chromium" not in err.lower():  # a browser draws the image: without one, says so
        assert (tmp_path / "c.png").is_file() and f"wrote {tmp_path / 'c.png'}" in out


def test_a_status_change_is_written_as_the_yaml_writes_it(tmp_path: Path) -> None:
    code, out, _err = run("diff", str(EXAMPLE), str(retired(tmp_path)))
    assert code == 0
    assert "      status: (none) -> Retired\n" in out and "stsm#Retired" not in out


def test_the_change_picture_takes_the_title_and_layout_of_every_picture(tmp_path: Path) -> None:
    new = retired(tmp_path)
    page = tmp_path / "c.html"
    code, _out, err = run("view", "--diff", str(EXAMPLE), str(new), "-o", str(page), "--title", "T")
    assert (code, err) == (0, "")
    html = page.read_text("utf-8")
    assert "<title>T</title>" in html and '"x": ' in html  # placed in bands
    assert "const bands = [{" in html
    code, _out, _err = run(
        "view", "--diff", str(EXAMPLE), str(new), "-o", str(page), "--layout", "force"
    )
    assert code == 0 and "const bands = [];" in page.read_text("utf-8")
