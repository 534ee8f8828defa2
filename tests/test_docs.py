"""The generated documentation is current, and the docs name what exists."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from stsm_graph.generators.cookbook import EXAMPLE, cookbook
from stsm_graph.portfolio import Portfolio
from stsm_graph.vocabulary.resources import query_names

ROOT = Path(__file__).resolve().parent.parent


def test_query_cookbook_is_current() -> None:
    expected = cookbook(Portfolio.open(ROOT / EXAMPLE))
    actual = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    assert actual == expected, "docs/queries.md is stale: run python -m stsm_graph.generators"


def test_every_query_is_in_the_cookbook_and_headed() -> None:
    page = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    for name in query_names():
        assert f"## {name}\n" in page
        head = (ROOT / "ontology" / "queries" / f"{name}.rq").read_text(encoding="utf-8")
        for field in ("# Purpose:", "# Practice:", "# Parameters:", "# Returns:"):
            assert field in head, f"{name}.rq lacks {field}"


def test_readme_links_resolve() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#]+)\)", readme):
        if "://" not in target:
            assert (ROOT / target).exists(), f"README links to missing {target}"


def test_readme_first_screen_has_the_two_commands() -> None:
    first = (ROOT / "README.md").read_text(encoding="utf-8").split("---")[0]
    assert (
        "pip install . && stsm-graph report examples/northwind-it-services.yaml -o report" in first
    )
    assert 'pip install ".[test]" && python -m pytest' in first
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "\npython -m pytest\n" in ci


def test_the_design_guide_maps_every_module() -> None:
    """docs/design.md's module map names each module of each layer folder, and no other."""
    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    section = text.split("## The modules", 1)[1].split("# Decisions", 1)[0]
    block = section.split("```", 2)[1]
    src = ROOT / "src" / "stsm_graph"
    rows: dict[str, str] = {}
    package = ""
    for line in block.splitlines():
        head = re.match(r"  (\w+)/\s", line)
        package = head.group(1) if head else package
        if package:
            rows[package] = rows.get(package, "") + " " + line
    packages = {p.name for p in src.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert set(rows) == packages
    for package in sorted(packages):
        stems = {f.stem for f in (src / package).glob("*.py")} - {"__init__", "__main__"}
        missing = sorted(s for s in stems if not re.search(rf"\b{s}\b", rows[package]))
        assert missing == [], f"{package}/: {missing} not in design.md's module map"


def test_every_name_in_the_readme_s_python_column_resolves_as_written() -> None:
    """In a fresh interpreter, after ``from stsm_graph import`` of the package only, as a reader
    would type it: ``interop.archimate.write`` with no ``import stsm_graph.interop.archimate``."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = [line.rsplit("|", 2)[-2] for line in readme.splitlines() if line.startswith("| ")]
    names = sorted(
        set(re.findall(r"\b((?:analysis|viz|interop|authoring|report)(?:\.\w+)+)\(", "".join(rows)))
    )
    assert {"interop.archimate.read_with_report", "authoring.starter.write_starter"} <= set(names)
    code = "from stsm_graph import analysis, authoring, interop, report, viz\n" + "".join(
        f"assert callable({name}), {name!r}\n" for name in names
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_readme_s_python_example_runs_as_written(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = readme.split("```python\n", 1)[1].split("```", 1)[0]
    code = code.replace('"examples/', f'"{ROOT}/examples/')
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert "Control of the cloud bill - held by Litware Retail Group, Tailspin" in done.stdout
    assert (tmp_path / "impact.html").is_file()
