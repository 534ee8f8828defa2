"""The tutorial's hand-written portfolio and the messages it shows are what the tool says."""

from __future__ import annotations

import os
import re
import shlex
import uuid
from pathlib import Path

import pytest
from cli_runner import run

TUTORIAL = Path(__file__).resolve().parent.parent / "docs" / "tutorial.md"


def _blocks(kind: str) -> list[str]:
    """The fenced blocks of the tutorial whose info string is ``kind`` ("" for a plain one)."""
    fenced = re.findall(r"^```(\w*)\n(.*?)^```$", TUTORIAL.read_text(encoding="utf-8"), re.M | re.S)
    return [body for info, body in fenced if info == kind]


def _words(text: str) -> list[str]:
    return text.split()


@pytest.fixture
def portfolio(tmp_path: Path) -> Path:
    """The tutorial's YAML document, written as portfolio.yaml in a fresh folder."""
    (document,) = _blocks("yaml")
    path = tmp_path / "portfolio.yaml"
    path.write_text(document, encoding="utf-8")
    return path


def test_the_hand_written_portfolio_loads_and_is_fully_met(portfolio: Path) -> None:
    code, out, err = run("analyze", str(portfolio), "--format", "json")
    assert (code, err) == (0, "")
    assert '"covered": 1' in out and '"fully_met": 1' in out


def test_the_sample_error_is_the_one_the_tool_prints(
    portfolio: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    portfolio.write_text(
        portfolio.read_text(encoding="utf-8").replace(
            "addresses: need-restore ", "addresses: need-restor "
        ),
        encoding="utf-8",
    )
    monkeypatch.chdir(portfolio.parent)  # the tutorial names the file as the reader would
    code, out, err = run("validate", os.path.basename(portfolio))
    sample = next(b for b in _blocks("") if b.startswith("stsm-graph: error:"))
    assert (code, out) == (2, "")
    assert _words(err) == _words(sample)


def test_the_sample_violation_is_the_one_analyze_reports(portfolio: Path) -> None:
    portfolio.write_text(
        portfolio.read_text(encoding="utf-8").replace(
            "addresses: need-restore ", "addresses: sl-restore "
        ),
        encoding="utf-8",
    )
    code, out, _err = run("analyze", str(portfolio), "--fail-on", "violations")
    sample = next(b for b in _blocks("") if "[shape-violation]" in b)
    assert code == 1
    assert " ".join(_words(sample)) in " ".join(_words(out))


# --- every command of the tutorial, run in order -------------------------------------------------

SERVER = "http://localhost:7878"


def _commands() -> list[str]:
    """The tutorial's shell commands in order: continued lines joined, a heredoc kept whole."""
    commands: list[str] = []
    for block in _blocks("bash"):
        lines = iter(block.replace("\\\n", " ").splitlines())
        for line in lines:
            if "<<'EOF'" in line:  # a file written with a heredoc: its lines belong to it
                body = []
                for more in lines:
                    if more == "EOF":
                        break
                    body.append(more)
                line = line + "\n" + "\n".join(body)
            if line.strip():
                commands.append(line)
    return commands


def _shell(command: str, folder: Path) -> None:
    """Run one command of the tutorial in ``folder``, as a reader would type it."""
    first, _, body = command.partition("\n")
    words = shlex.split(first, comments=True)
    expected = 1 if re.search(r"#\s*exit 1", first) else 0
    if words[:1] == ["cat"]:  # cat > FILE <<'EOF' ... EOF
        (folder / words[2]).write_text(body + "\n", encoding="utf-8")
        return
    assert words[0] == "stsm-graph", f"the tutorial runs a command the test does not know: {first}"
    output = None
    if ">" in words:
        output = folder / words[words.index(">") + 1]
        words = words[: words.index(">")]
    code, out, err = run(*words[1:])
    assert code == expected, f"{first}\n{err}"
    if output is not None:
        output.write_text(out, encoding="utf-8")


def _on_the_test_server(command: str, graph: str) -> str | None:
    """The command with the tutorial's server replaced by the test server (None: no server)."""
    if SERVER not in command:
        return command
    query = os.environ.get("STSM_TEST_ENDPOINT")
    update = os.environ.get("STSM_TEST_UPDATE_ENDPOINT")
    if not (query and update):
        return None
    command = command.replace(f"{SERVER}/query", query).replace(f"{SERVER}/update", update)
    return command.replace("https://example.org/graphs/portfolio", graph)


def test_every_command_of_the_tutorial_runs_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "examples").symlink_to(TUTORIAL.parent.parent / "examples")
    monkeypatch.chdir(tmp_path)
    commands = _commands()
    assert commands[0].startswith("python3 -m venv")  # the install, which the test is run in
    graph = f"urn:stsm:test:tutorial:{uuid.uuid4()}"
    ran = []
    for command in commands[1:]:
        on_server = _on_the_test_server(command, graph)
        if on_server is not None:
            _shell(on_server, tmp_path)
            ran.append(command.split()[1])
    assert {"init", "report", "catalog", "impact", "query"} <= set(ran)
    assert (tmp_path / "my-report" / "index.html").is_file()
    assert (tmp_path / "my-catalog.html").is_file()
