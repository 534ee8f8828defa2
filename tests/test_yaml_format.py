"""docs/yaml-format.md, the reference of the authoring format, is current and complete."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from stsm_graph.authoring import model
from stsm_graph.authoring.document_text import parse_document
from stsm_graph.generators.yaml_format import yaml_format_markdown

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "docs" / "yaml-format.md").read_text("utf-8")


def test_the_reference_is_current() -> None:
    assert yaml_format_markdown(ROOT) == TEXT, "run python -m stsm_graph.generators"


def test_every_section_and_every_field_is_described() -> None:
    for section, entity_model in model.SECTIONS.items():
        part = TEXT.split(f"### `{section}`\n", 1)[1].split("\n### ", 1)[0]
        for name in entity_model.model_fields:
            assert re.search(rf"^\| `{name}` \| \S", part, re.M), (section, name)


def test_every_allowed_value_is_listed() -> None:
    for enum in (model.Status, model.Comparator, model.Audience, model.ActionKind):
        for member in enum:
            assert f"| `{member.value}` |" in TEXT


def test_every_example_is_a_valid_entry_of_its_section() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", TEXT, re.S)
    assert len(blocks) == len(model.SECTIONS)
    for block in blocks:
        data = yaml.safe_load(block)
        (section,) = data
        doc = parse_document(yaml.safe_dump({"stsm_graph": 1, **data}), source="example")
        assert len(getattr(doc, section)) == 1
