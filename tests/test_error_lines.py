"""An error about an entry of a YAML or JSON document names the line of the entry's field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stsm_graph import Portfolio
from stsm_graph.authoring.document_text import parse_document
from stsm_graph.authoring.positions import entry_line
from stsm_graph.errors import (
    DatatypeError,
    DuplicateIdError,
    InputError,
    ParseError,
    UnknownReferenceError,
)

YAML = """\
stsm_graph: 1
needs:
  - id: n1
    label: One
  - id: n2
    label: Two
    priority: high
services:
  - id: s1
    label: S
    addresses: [n1, n3]
"""


def test_a_field_of_the_wrong_kind_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(YAML)
    with pytest.raises(InputError) as info:
        Portfolio.open(path)
    assert info.value.line == 7
    assert str(info.value).startswith(f"{path}, line 7: entry \"needs[1] (id 'n2')\"")


def test_a_link_to_no_entry_names_the_line_of_the_link(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(YAML.replace("priority: high", "priority: 2"))
    with pytest.raises(UnknownReferenceError) as info:
        Portfolio.open(path)
    assert info.value.line == 11
    assert str(info.value).startswith(f"{path}, line 11: entry 's1', field 'addresses': 'n3'")


def test_a_missing_field_names_the_entry_s_first_line() -> None:
    with pytest.raises(InputError) as info:
        parse_document("needs:\n  - id: n1\n    label: N\n  - id: n2\n", source="p.yaml")
    assert info.value.line == 4


def test_json_names_lines_too(tmp_path: Path) -> None:
    text = json.dumps(
        {"needs": [{"id": "n1", "label": "One"}, {"id": "n2", "label": "Two", "priority": "x"}]},
        indent="\t",
    )
    path = tmp_path / "p.json"
    path.write_text(text)
    with pytest.raises(InputError) as info:
        Portfolio.open(path)
    assert info.value.line == text.splitlines().index('\t\t\t"priority": "x"') + 1


def test_a_number_too_long_in_json_names_its_line() -> None:
    text = '{"needs": [\n {"id": "n1", "label": "N",\n  "priority": ' + "9" * 500 + "}]}"
    with pytest.raises(DatatypeError) as info:
        parse_document(text, source="p.json")
    assert info.value.line == 3


def test_an_error_naming_no_entry_of_the_text_has_no_line() -> None:
    assert entry_line(YAML, "yaml", ident="nothing") is None
    assert entry_line(YAML, "yaml", section="needs", index=9) is None
    assert entry_line("a: [", "yaml", ident="n1") is None  # text that does not read


_IDS = st.lists(
    st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True), min_size=1, max_size=8, unique=True
)


@settings(max_examples=60, deadline=None)
@given(ids=_IDS, data=st.data())
def test_the_line_named_is_the_line_of_the_broken_field(
    ids: list[str], data: st.DataObject
) -> None:
    """Whichever entry holds the bad value, and however many lines the others take."""
    bad = data.draw(st.integers(0, len(ids) - 1), label="bad entry")
    blanks = data.draw(st.lists(st.integers(0, 3), min_size=len(ids), max_size=len(ids)))
    lines = ["needs:"]
    expected = 0
    for i, (ident, blank) in enumerate(zip(ids, blanks, strict=True)):
        lines += [f"  - id: {ident}", f"    label: Need {i}"] + [""] * blank
        if i == bad:
            lines.append("    priority: not-a-number")
            expected = len(lines)
    with pytest.raises(InputError) as info:
        parse_document("\n".join(lines) + "\n", source="p.yaml")
    assert info.value.line == expected
    as_json = json.dumps({"needs": [{"id": i, "label": "N"} for i in ids]}, indent=1)
    assert entry_line(as_json, "json", ident=ids[bad], field="label") == 5 + 4 * bad


def test_a_duplicate_id_names_the_line_of_the_second_entry(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("needs:\n  - id: n1\n    label: A\n  - id: n1\n    label: B\n")
    with pytest.raises(DuplicateIdError) as info:
        Portfolio.open(path)
    assert info.value.line == 4  # the entry to fix: its id names the first one too
    assert "declared twice: in needs[0] and in needs[1]" in str(info.value)


def test_a_broken_extra_triple_names_its_own_line(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "needs:\n  - id: n1\n    label: A\nextra_triples:\n"
        "  - '<https://e.org/a> <https://e.org/p> <https://e.org/b> .'\n"
        "  - 'not a triple'\n"
    )
    with pytest.raises(ParseError) as info:
        Portfolio.open(path)
    assert info.value.line == 6


def test_what_the_checks_find_in_extra_triples_is_not_pinned_on_an_entry(tmp_path: Path) -> None:
    """The checks name a node; an entry whose id is written the same is not where it is."""
    path = tmp_path / "p.yaml"
    path.write_text(
        "needs:\n  - id: b\n    label: A\nextra_triples:\n"
        "  - '_:b <https://w3id.org/stsm#addresses> <https://e.org/n1> .'\n"
    )
    with pytest.raises(InputError) as info:
        Portfolio.open(path)
    assert info.value.line != 2


@pytest.mark.parametrize("mark", ["\u2028", "\u2029", "\u0085", "\u007f"])
def test_json_lines_are_counted_as_json_counts_them(mark: str) -> None:
    """U+2028, U+2029 and U+0085 may stand raw in a JSON string; YAML would count them as
    line breaks. A raw DEL is refused by YAML's reader, not by JSON's."""
    text = '{"needs": [\n{"id": "n1",\n"label": "N' + mark + 'x",\n"priority": "x"}]}'
    assert entry_line(text, "json", ident="n1", field="priority") == 4
    assert entry_line(text.replace("\n", "\r"), "json", ident="n1", field="priority") == 1
    with pytest.raises(InputError) as info:
        parse_document(text, source="p.json")
    assert info.value.line == 4


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ("stsm_graph: 1\nneeds: []\nservice_system: []\n", 3, "unknown section 'service_system'"),
        ("stsm_graph: 1\nbase: not an iri\nneeds: []\n", 2, "field 'base'"),
        ("needs: []\nstsm_graph: 9\n", 2, "field 'stsm_graph'"),
    ],
)
def test_a_top_level_key_names_its_line(tmp_path: Path, text: str, line: int, says: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as info:
        Portfolio.open(path)
    assert info.value.line == line and says in str(info.value)


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ("    priority: high\n", "field 'priority': cannot read 'high' (expected a whole number)"),
        ("    priority: 1.5\n", "field 'priority': cannot read 1.5 (expected a whole number)"),
        ("    description: 42\n", "42 is a number, not text (expected text). Write it in quotes"),
        ("    description: [a]\n", "['a'] is a list, not text (expected text)"),
    ],
)
def test_a_value_of_the_wrong_kind_is_said_in_plain_words(entry: str, says: str) -> None:
    with pytest.raises(InputError) as info:
        parse_document("needs:\n  - id: n1\n    label: N\n" + entry, source="p.yaml")
    assert says in str(info.value) and info.value.line == 4
    assert "Input should" not in str(info.value) and "String should" not in str(info.value)


def test_an_empty_label_is_said_so() -> None:
    with pytest.raises(InputError) as info:
        parse_document("needs:\n  - id: n1\n    label: ''\n", source="p.yaml")
    assert "field 'label': it is empty (expected text)" in str(info.value)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("Plannned", "'Plannned' is not an allowed value (expected one of Planned, Active, "
         "Retired). Did you mean 'Planned'?"),
        ("planned", "Did you mean 'Planned'? (case matters)"),
        ("[Planned]", "is not an allowed value: a list, where one value is written"),
        ("Gone", "'Gone' is not an allowed value (expected one of Planned, Active, Retired)"),
    ],
)  # fmt: skip
def test_a_value_not_allowed_names_the_near_one(value: str, says: str) -> None:
    with pytest.raises(InputError) as info:
        parse_document(
            f"services:\n  - id: s\n    label: S\n    status: {value}\n", source="p.yaml"
        )
    assert says in str(info.value)
    assert "Did you mean" not in str(info.value) or value != "Gone"


def test_a_field_left_empty_is_said_so_not_as_none() -> None:
    with pytest.raises(InputError) as info:
        parse_document("needs:\n  - id: n1\n    label:\n", source="p.yaml")
    assert "field 'label': it is empty" in str(info.value) and "None" not in str(info.value)
