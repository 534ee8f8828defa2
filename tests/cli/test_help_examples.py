"""Every command's ``--help`` says what it is for and shows examples; every example runs.

The examples read the starter portfolio ``stsm-graph init .`` writes; each runs here in a
folder holding it (and, for ``diff``, an older copy and a git history; for ``import``, an
ArchiMate model), and gives the exit code its example states.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_runner import run

from stsm_graph.cli.examples import ABOUT, EXAMPLES, START, Example
from stsm_graph.cli.parser import COMMANDS, build_parser, command_parsers

ROOT = Path(__file__).resolve().parents[2]
ALL = [(name, ex) for name, examples in EXAMPLES.items() for ex in examples]


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the starter portfolio, an older copy, a git history and a model."""
    folder = tmp_path_factory.mktemp("help")
    assert run("init", str(folder))[0] == 0
    portfolio = folder / "portfolio.yaml"
    shutil.copy(portfolio, folder / "old.yaml")
    shutil.copy(ROOT / "examples" / "archisurance" / "archisurance.xml", folder / "model.xml")
    if shutil.which("git"):
        env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
        env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
        # no one's own git settings (a signing key, hooks) reach the test's repository
        env |= {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
        for args in (
            ["init", "-q"],
            ["add", "portfolio.yaml"],
            ["commit", "-qm", "one"],
            ["commit", "-q", "--allow-empty", "-m", "two"],
        ):
            subprocess.run(["git", *args], cwd=folder, env=env, check=True)
    return folder


def test_every_command_says_what_it_is_for_and_shows_examples() -> None:
    commands = command_parsers(build_parser())
    assert set(commands) - {"analyse"} == set(EXAMPLES)
    assert len(COMMANDS) == len(EXAMPLES) - 1  # import and export share one function
    for name, cmd in commands.items():
        text = cmd.format_help()
        assert cmd.description, name
        for ex in EXAMPLES["analyze" if name == "analyse" else name]:
            assert f"  {ex.line}\n" in text
    assert set(ABOUT) <= set(EXAMPLES)


def test_the_top_level_help_says_where_to_start() -> None:
    code, out, _ = run("--help")
    assert code == 0
    for ex in START:
        assert f"  {ex.line}\n" in out
    assert "'stsm-graph COMMAND --help'" in out


@pytest.mark.parametrize(("name", "example"), ALL, ids=[ex.line[11:] for _n, ex in ALL])
def test_each_example_runs_on_the_starter_portfolio(
    starter: Path, name: str, example: Example, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    line = example.line
    if "HEAD~1" in line and not shutil.which("git"):
        pytest.skip("git is not installed")
    work = tmp_path / "w"
    shutil.copytree(starter, work)
    monkeypatch.chdir(work)
    argv = shlex.split(line)
    assert argv[0] == "stsm-graph" and argv[1] == name
    code, _out, err = run(*argv[1:])
    assert code == example.exit, err


def test_the_start_lines_run_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for ex in START:
        code, _out, err = run(*shlex.split(ex.line)[1:])
        assert code == ex.exit, (ex.line, err)
    assert (tmp_path / "report" / "index.html").is_file()
