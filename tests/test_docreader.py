"""Hostile and broken YAML/JSON documents: each refused by one clear error, quickly and briefly.

Each case names the file, and the entry and field (or the line) at fault; through the command
line it exits 2 with one short line. See
``stsm_graph.authoring.reader`` and ``stsm_graph.authoring.model``.
"""

from __future__ import annotations

import io
import json
import time
from decimal import Decimal
from pathlib import Path

import pytest

from stsm_graph import Portfolio
from stsm_graph.authoring.document_text import parse_document
from stsm_graph.authoring.reader import MAX_ALIAS_VALUES, MAX_DEPTH, excerpt, load_text
from stsm_graph.cli import main
from stsm_graph.errors import DatatypeError, InputError, ParseError

ENTRY = "needs:\n- id: n1\n  label: Restores\n"
LEVEL = "service_levels:\n- id: sl\n  label: SL\n  metric: m\n  unit: h\n  comparator: AtMost\n"


def alias_bomb(levels: int = 8, width: int = 9) -> str:
    """The 464-byte document of the report: nine aliases per level, then ``priority: *a7``."""
    lines = ["a0: &a0 [" + ",".join(["x"] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + f"\n{ENTRY}  priority: *a{levels - 1}\n"


def run_cli(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, err.getvalue()


# ------------------------------------------------------------------ item 17: alias bombs


def test_an_alias_bomb_is_refused_at_once_and_briefly(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(alias_bomb(), encoding="utf-8")
    assert len(path.read_bytes()) < 600
    started = time.perf_counter()
    code, err = run_cli("validate", str(path))
    assert time.perf_counter() - started < 3
    assert code == 2
    assert f"aliases (*name) add more than {MAX_ALIAS_VALUES:,} values" in err
    assert len(err) < 400


def test_an_alias_that_holds_itself_is_refused() -> None:
    with pytest.raises(ParseError, match="inside the very value its anchor names"):
        parse_document("needs: &a [*a]\n", source="p.yaml")


def test_the_alias_bound_counts_what_aliases_add_not_what_is_written(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("stsm_graph.authoring.yaml_reader.MAX_ALIAS_VALUES", 50)
    written = "".join(f"- {{id: n{i}, label: N}}\n" for i in range(100))
    assert len(parse_document("needs:\n" + written, source="p.yaml").needs) == 100
    aliased = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: [" + ", ".join(["*a"] * 6) + "]\n"
    with pytest.raises(ParseError, match="add more than 50 values"):
        parse_document(aliased, source="p.yaml")


def test_aliases_just_under_the_bound_read_in_seconds() -> None:
    # 6 levels of 6 aliases: 6**6 = 46,656 entries named by 37 written ones
    lines = ["a0: &a0 {id: n, label: N}"]
    for i in range(1, 7):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 6) + "]")
    started = time.perf_counter()
    with pytest.raises(InputError):
        parse_document("\n".join(lines) + "\nneeds: *a6\n", source="p.yaml")
    assert time.perf_counter() - started < 5


def test_a_few_aliases_are_still_read() -> None:
    doc = parse_document(
        ENTRY + "customers:\n"
        "- {id: c1, label: C1, has_need: &both [n1]}\n- {id: c2, label: C2, has_need: *both}\n",
        source="p.yaml",
    )
    assert [c.has_need for c in doc.customers] == [["n1"], ["n1"]]


# ------------------------------------------------------------------ item 20: duplicate keys


@pytest.mark.parametrize(
    ("text", "syntax", "key", "lines"),
    [
        (ENTRY + "needs:\n- id: n2\n  label: Other\n", "yaml", "needs", (1, 4)),
        (ENTRY + "  label: Again\n", "yaml", "label", (3, 4)),
        ('{\n"needs": [],\n"needs": [{"id": "n1", "label": "N"}]\n}', "json", "needs", (2, 3)),
        ('{"needs": [{"id": "n1",\n "label": "A",\n "label": "B"}]}', "json", "label", (2, 3)),
    ],
)
def test_a_key_written_twice_names_both_lines(
    text: str, syntax: str, key: str, lines: tuple[int, int]
) -> None:
    with pytest.raises(ParseError) as info:
        parse_document(text, source=f"p.{syntax}", syntax=syntax)
    assert f"the key {key!r} is written twice in one mapping, at lines {lines[0]} and " in str(
        info.value
    )
    assert f"{lines[1]};" in str(info.value)
    assert info.value.line == lines[1]


def test_a_merge_key_may_be_overridden() -> None:
    doc = parse_document(
        "needs:\n- &n {id: n1, label: One, priority: 2}\n- {<<: *n, id: n2, priority: 3}\n",
        source="p.yaml",
    )
    assert [(n.id, n.label, n.priority) for n in doc.needs] == [("n1", "One", 2), ("n2", "One", 3)]


# ------------------------------------------------------------------ item 27: tags and dates


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("!!int x", "'x' is not a whole number"),
        ("!!float x", "'x' is not a number"),
        ("!!timestamp x", "'x' is not a date"),
        ("!!bool x", "'x' is not true or false"),
        ("!!timestamp 2026-13-45", "is not a date"),
    ],
)
def test_a_tagged_value_that_is_not_what_its_tag_says(value: str, words: str) -> None:
    with pytest.raises(DatatypeError) as info:
        parse_document(ENTRY + f"  priority: {value}\n", source="p.yaml")
    err = info.value
    assert (err.file, err.entry, err.field) == ("p.yaml", "needs[0] (id 'n1')", "priority")
    assert words in str(err) and err.line == 4 and str(err).startswith("p.yaml, line 4: ")


def test_an_impossible_date_names_entry_and_field() -> None:
    text = "evidence:\n- id: e1\n  label: E\n  date: 2026-13-45\n"
    with pytest.raises(DatatypeError) as info:
        parse_document(text, source="p.yaml")
    assert (info.value.entry, info.value.field) == ("evidence[0] (id 'e1')", "date")


def test_a_bad_value_outside_any_entry_names_its_line() -> None:
    with pytest.raises(DatatypeError) as info:
        parse_document("stsm_graph: !!int one\n", source="p.yaml")
    assert (info.value.entry, info.value.field) == (None, "stsm_graph")
    assert info.value.line == 1 and str(info.value).startswith("p.yaml, line 1: ")


# ------------------------------------------------------------------ items 25, 28, 30: numbers


@pytest.mark.parametrize(
    ("value", "syntax", "words"),
    [
        (".nan", "yaml", "NaN is not a finite number"),
        (".inf", "yaml", "Infinity is not a finite number"),
        ("-.inf", "yaml", "-Infinity is not a finite number"),
        ("1e400", "yaml", "the number 1E+400 is out of range"),
        ("'1e999999999999'", "yaml", "the number 1E+999999999999 is out of range"),
        ("1" + "0" * 5000, "yaml", "a number of 5001 characters is out of range"),
        ("0.0000000000000000000001", "yaml", "has more than 18 decimal places"),
        ("NaN", "json", "NaN is not a finite number"),
        ("Infinity", "json", "Infinity is not a finite number"),
        ("1e400", "json", "the number 1E+400 is out of range"),
        ("1" * 5000, "json", "a number of 5000 characters is out of range"),
    ],
)
def test_a_target_no_store_can_hold_is_refused_with_entry_and_field(
    value: str, syntax: str, words: str
) -> None:
    if syntax == "json":
        text = '{"service_levels": [{"id": "sl", "label": "SL", "target_value": ' + value + "}]}"
    else:
        text = LEVEL + f"  target_value: {value}\n"
    started = time.perf_counter()
    with pytest.raises(InputError) as info:
        parse_document(text, source=f"p.{syntax}", syntax=syntax)
    assert time.perf_counter() - started < 2
    err = info.value
    assert (err.file, err.entry, err.field) == (
        f"p.{syntax}",
        "service_levels[0] (id 'sl')",
        "target_value",
    )
    assert words in str(err)
    assert len(str(err)) < 400


@pytest.mark.parametrize("digits", [25, 400, 5000])
def test_a_huge_priority_is_out_of_range_not_of_the_wrong_datatype(digits: int) -> None:
    for text, syntax in (
        (ENTRY + "  priority: " + "9" * digits + "\n", "yaml"),
        ('{"needs": [{"id": "n1", "label": "N", "priority": ' + "9" * digits + "}]}", "json"),
    ):
        with pytest.raises(InputError, match="out of range") as info:
            parse_document(text, source=f"p.{syntax}", syntax=syntax)
        assert "wrong datatype" not in str(info.value)
        assert (info.value.entry, info.value.field) == ("needs[0] (id 'n1')", "priority")


def test_an_unknown_format_version_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(InputError) as info:
        parse_document("stsm_graph: 2\n" + ENTRY, source="p.yaml")
    assert info.value.field == "stsm_graph"
    assert "this library reads version 1 of the authoring format, not 2" in str(info.value)


# ------------------------------------------------------------------ item 28: nesting, text


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_deep_nesting_is_a_clean_error_on_the_command_line(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"deep{suffix}"
    path.write_text('{"needs": ' + "[" * 900 if suffix == ".json" else "needs: " + "[" * 900)
    code, err = run_cli("convert", str(path), str(tmp_path / "out.ttl"))
    assert code == 2
    assert f"more than {MAX_DEPTH} levels deep" in err
    assert not (tmp_path / "out.ttl").exists()


@pytest.mark.parametrize("syntax", ["yaml", "json"])
def test_a_lone_surrogate_is_refused(syntax: str) -> None:
    text = (
        ENTRY + '  description: "bad \\ud800 text"\n'
        if syntax == "yaml"
        else '{"needs": [{"id": "n1", "label": "N", "description": "bad \\ud800 text"}]}'
    )
    with pytest.raises(InputError, match="lone surrogate") as info:
        parse_document(text, source=f"p.{syntax}", syntax=syntax)
    assert (info.value.entry, info.value.field) == ("needs[0] (id 'n1')", "description")


def test_a_message_quotes_only_an_excerpt_of_the_input() -> None:
    huge = "x" * 100_000
    for text in (
        f"needs:\n- id: n1\n  label: N\n  {huge}: 1\n",
        f"needs:\n- id: n1\n  label: N\n  priority: {huge}\n",
        f"needs: {huge}\n",
        f"needs:\n- id: n1\n  label: N\n  aligns_with: [{huge}]\n",
    ):
        with pytest.raises(InputError) as info:
            Portfolio().parse(text, format="yaml")
        assert len(str(info.value)) < 600


def test_excerpt_never_builds_the_whole_repr() -> None:
    assert len(excerpt(["y" * 10_000] * 10_000)) < 200
    assert excerpt({"a": 1}) == "{'a': 1}"


# ------------------------------------------------------------------ item 10: YAML problems


def test_a_yaml_syntax_error_says_in_words_what_is_wrong() -> None:
    with pytest.raises(ParseError) as info:
        parse_document("needs:\n- id: a\n  label: A\n ? x\n", source="p.yaml")
    text = str(info.value)
    assert text.startswith("p.yaml, line 4: not valid YAML, column 2: the indentation does not ")
    assert "expected <block end>" in text


def test_an_escape_past_the_last_character_is_a_parse_error() -> None:
    # found by tests/test_fuzz_documents.py: PyYAML's scanner raises a bare ValueError
    with pytest.raises(ParseError, match="not valid YAML") as info:
        parse_document(ENTRY + '  description: "\\U001e4000"\n', source="p.yaml")
    assert info.value.line == 4


def test_a_control_character_is_a_parse_error_naming_its_line() -> None:
    with pytest.raises(ParseError, match="U\\+0008") as info:
        parse_document(ENTRY + "  description: a\bc\n", source="p.yaml")
    assert info.value.line == 4


@pytest.mark.parametrize(
    "text",
    [
        '"' + '\\"' * 100_000,  # an unclosed string of escaped quotes
        '[{"a": 1, "a": 2}, "' + '\\"' * 100_000 + '"]',  # the same after a duplicate key
    ],
)
def test_reading_json_stays_linear_in_its_length(text: str) -> None:
    started = time.perf_counter()
    with pytest.raises(ParseError):
        parse_document(text, source="p.json", syntax="json")
    assert time.perf_counter() - started < 2


def test_numbers_are_read_exactly() -> None:
    data = load_text("a: 99.90\nb: 1_000\nc: 24\n", source="p.yaml", syntax="yaml")
    assert data == {"a": Decimal("99.90"), "b": 1000, "c": 24}
    assert str(data["a"]) == "99.90"
    assert json.dumps(load_text('{"a": 1}', source="p.json", syntax="json")) == '{"a": 1}'


def test_a_key_written_twice_on_one_line_says_so() -> None:
    with pytest.raises(ParseError, match="written twice in one mapping, both on line 1"):
        Portfolio().parse('{"needs": [], "needs": []}', format="json")
