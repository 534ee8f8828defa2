"""Generated files are current: regenerate with ``python -m stsm_graph.generators``."""

from __future__ import annotations

from pathlib import Path

from stsm_graph.generators.generate import namespace_source, read_terms, reference_markdown
from stsm_graph.generators.shapes import shapes_source
from stsm_graph.generators.tables import read_tables, tables_source

ROOT = Path(__file__).resolve().parents[1]
TTL = (ROOT / "ontology" / "stsm.ttl").read_text(encoding="utf-8")
TERMS = read_terms(TTL)


def test_namespace_is_current() -> None:
    current = (ROOT / "src" / "stsm_graph" / "vocabulary" / "namespace.py").read_text(
        encoding="utf-8"
    )
    assert namespace_source(TERMS) == current, "run python -m stsm_graph.generators"


def test_vocab_tables_are_current() -> None:
    current = (ROOT / "src" / "stsm_graph" / "vocabulary" / "tables.py").read_text(encoding="utf-8")
    assert tables_source(read_tables(TTL)) == current, "run python -m stsm_graph.generators"


def test_structural_shapes_are_current() -> None:
    current = (ROOT / "ontology" / "shapes_generated.ttl").read_text(encoding="utf-8")
    assert shapes_source(TTL) == current, "run python -m stsm_graph.generators"


def test_ontology_reference_is_current() -> None:
    current = (ROOT / "docs" / "ontology.md").read_text(encoding="utf-8")
    assert reference_markdown(TERMS) == current, "run python -m stsm_graph.generators"


def test_every_term_is_generated_once() -> None:
    names = [t.name for t in TERMS]
    assert len(names) == len(set(names))
    assert {t.kind for t in TERMS} >= {
        "Class",
        "Link property",
        "Concept property",
        "Datatype property",
        "Concept",
    }


def test_headings_are_plural_english() -> None:
    text = reference_markdown(TERMS)
    assert "propertys" not in text
    assert "## Link properties" in text and "## Datatype properties" in text


def test_the_reference_lists_every_section_of_the_authoring_format() -> None:
    from stsm_graph.authoring.model import SECTIONS

    text = reference_markdown(TERMS)
    assert "## In the authoring format (YAML, JSON)" in text
    for section in SECTIONS:
        assert f"| `{section}` |" in text
    assert "`allowed_values` (`stsm:allowedValue`)" in text
