"""The ``diff`` command: files, store directories and git revisions; formats; ``--fail-on``."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from cli_runner import run
from jsonschema import Draft202012Validator

from stsm_graph.cli import review as review_cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "acme-it-services.yaml"
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
    code, _out, _err = run("diff", str(EXAMPLE), str(new), "--fail-on", "newly-unmet")
    assert code == 1
    code, _out, _err = run("diff", str(EXAMPLE), str(new), "--fail-on", "newly-orphaned")
    assert code == 0
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
    def git(*argv: str) -> None:
        subprocess.run(["git", *argv], cwd=tmp_path, check=True, capture_output=True)

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


def test_no_such_version_and_no_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _out, err = run("diff", str(tmp_path / "gone.yaml"), str(EXAMPLE))
    assert code == 2 and "no such file or store directory" in err
    monkeypatch.setattr(review_cli.shutil, "which", lambda _name: None)
    code, _out, err = run("diff", "HEAD:portfolio.yaml", str(EXAMPLE))
    assert code == 2 and "git is not installed" in err
