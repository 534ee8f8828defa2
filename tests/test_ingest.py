"""Bad input gets a clear error naming file, entry and field, and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from stsm_graph import InputError, Portfolio
from stsm_graph.errors import (
    BlankNodeError,
    DatatypeError,
    DuplicateIdError,
    NetworkAccessError,
    ParseError,
    PortfolioFileNotFoundError,
    UnknownReferenceError,
    UnknownTermError,
    UnsupportedFormatError,
)
from stsm_graph.ingest.reading import format_for, parse_text

PREFIXES = """@prefix stsm: <https://w3id.org/stsm#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/p/> .
"""

Unchanged = Callable[[], None]


def test_malformed_turtle_names_the_line(
    backup_portfolio: Portfolio, assert_unchanged: Unchanged, write: Callable[[str, str], Path]
) -> None:
    path = write(
        "broken.ttl", PREFIXES + 'ex:a a stsm:Need ;\n    rdfs:label "A" \nex:b a stsm:Need .\n'
    )
    with pytest.raises(ParseError) as info:
        backup_portfolio.load(path)
    err = info.value
    assert err.line == 6
    assert err.file == str(path)
    assert str(err).startswith(str(path))
    assert "line 6" in str(err) and "not valid turtle" in str(err)
    assert_unchanged()


def test_unknown_class_suggests_the_near_match(
    backup_portfolio: Portfolio, assert_unchanged: Unchanged, write: Callable[[str, str], Path]
) -> None:
    path = write("typo.ttl", PREFIXES + 'ex:svc a stsm:StandardSevice ; rdfs:label "S" .\n')
    with pytest.raises(UnknownTermError) as info:
        backup_portfolio.load(path)
    err = info.value
    assert (err.file, err.entry, err.field) == (str(path), "https://example.org/p/svc", "rdf:type")
    assert "stsm:StandardSevice is not a term of the stsm vocabulary" in str(err)
    assert err.hint is not None and err.hint.startswith("Did you mean stsm:StandardService")
    assert_unchanged()


def test_unknown_property_suggests_the_near_match(
    backup_portfolio: Portfolio, assert_unchanged: Unchanged, write: Callable[[str, str], Path]
) -> None:
    path = write("typo.ttl", PREFIXES + "ex:svc stsm:adresses ex:need .\n")
    with pytest.raises(UnknownTermError) as info:
        backup_portfolio.load(path)
    err = info.value
    assert (err.entry, err.field) == ("https://example.org/p/svc", "stsm:adresses")
    assert err.hint == "Did you mean stsm:addresses?"
    assert str(err).startswith(f"{path}: entry 'https://example.org/p/svc', field 'stsm:adresses'")
    assert_unchanged()


def test_unknown_concept_in_the_stsm_namespace_is_refused(
    backup_portfolio: Portfolio, assert_unchanged: Unchanged, write: Callable[[str, str], Path]
) -> None:
    path = write(
        "status.ttl", PREFIXES + 'ex:n a stsm:Need ; rdfs:label "N" ; stsm:status stsm:Retird .\n'
    )
    with pytest.raises(UnknownTermError) as info:
        backup_portfolio.load(path)
    assert info.value.field == "stsm:status"
    assert "stsm:Retired" in str(info.value)
    assert_unchanged()


def test_yaml_link_to_an_unknown_id_lists_near_matches(
    backup_portfolio: Portfolio, assert_unchanged: Unchanged, write: Callable[[str, str], Path]
) -> None:
    path = write(
        "p.yaml",
        "customers:\n- id: acme\n  label: ACME\n  has_need: [need-restor]\n"
        "needs:\n- id: need-restore\n  label: Restores\n- id: need-report\n  label: Reports\n",
    )
    with pytest.raises(UnknownReferenceError) as info:
        backup_portfolio.load(path)
    err = info.value
    assert (err.file, err.entry, err.field) == (str(path), "acme", "has_need")
    assert err.near[0] == "need-restore"
    assert "'need-restor' is not the id of any entry" in str(err)
    assert "Did you mean 'need-restore'" in str(err)
    assert_unchanged()


@pytest.mark.parametrize(
    ("yaml_text", "first", "second"),
    [
        (
            "customers:\n- id: acme\n  label: A\nneeds:\n- id: acme\n  label: N\n",
            "customers[0]",
            "needs[0]",
        ),
        (
            "needs:\n- id: n1\n  label: A\n- id: n1\n  label: B\n",
            "needs[0]",
            "needs[1]",
        ),
    ],
    ids=["across-sections", "same-section"],
)
def test_duplicate_id_names_both_entries(
    backup_portfolio: Portfolio,
    assert_unchanged: Unchanged,
    write: Callable[[str, str], Path],
    yaml_text: str,
    first: str,
    second: str,
) -> None:
    path = write("dup.yaml", yaml_text)
    with pytest.raises(DuplicateIdError) as info:
        backup_portfolio.load(path)
    err = info.value
    assert (err.file, err.field) == (str(path), "id")
    assert f"declared twice: in {first} and in {second}" in str(err)
    assert_unchanged()


def test_yaml_target_value_that_is_not_a_number(
    backup_portfolio: Portfolio, assert_unchanged: Unchanged, write: Callable[[str, str], Path]
) -> None:
    path = write(
        "levels.yaml",
        "service_levels:\n- id: sl-avail\n  label: Availability\n  metric: availability\n"
        "  target_value: ninety-nine\n  comparator: AtLeast\n",
    )
    with pytest.raises(DatatypeError) as info:
        backup_portfolio.load(path)
    err = info.value
    assert err.file == str(path)
    assert err.entry == "service_levels[0] (id 'sl-avail')"
    assert err.field == "target_value"
    assert err.expected == "a decimal number such as 99.9"
    assert "'ninety-nine'" in str(err)
    assert_unchanged()


@pytest.mark.parametrize(
    ("triple", "field", "expected"),
    [
        ('stsm:targetValue "abc"', "stsm:targetValue", "a number such as 99.9"),
        ('stsm:value "lots"', "stsm:value", "a number such as 4.2"),
        ('stsm:priority "high"', "stsm:priority", "a whole number, 1 the highest"),
        ("stsm:priority 1.5", "stsm:priority", "a whole number, 1 the highest"),
        ('stsm:date "last week"', "stsm:date", "an xsd:date such as 2026-01-31"),
        ("stsm:targetDate ex:tomorrow", "stsm:targetDate", "an xsd:date such as 2026-01-31"),
    ],
)
def test_turtle_value_of_the_wrong_datatype(
    backup_portfolio: Portfolio,
    assert_unchanged: Unchanged,
    write: Callable[[str, str], Path],
    triple: str,
    field: str,
    expected: str,
) -> None:
    path = write("values.ttl", PREFIXES + f'ex:x rdfs:label "X" ; {triple} .\n')
    with pytest.raises(DatatypeError) as info:
        backup_portfolio.load(path)
    err = info.value
    assert (err.file, err.entry, err.field, err.expected) == (
        str(path),
        "https://example.org/p/x",
        field,
        expected,
    )
    assert "has the wrong datatype" in str(err)
    assert_unchanged()


@pytest.mark.parametrize(
    ("text", "position", "entry"),
    [
        ('[] a stsm:Need ; rdfs:label "anonymous" .\n', "subject", None),
        ('_:n a stsm:Need ; rdfs:label "labelled" .\n', "subject", None),
        (
            "ex:acme stsm:hasNeed ( ex:n ) .\n",
            "object",
            "https://example.org/p/acme",
        ),
        (
            'ex:acme stsm:hasNeed [ a stsm:Need ; rdfs:label "N" ] .\n',
            "object",
            "https://example.org/p/acme",
        ),
    ],
    ids=["subject", "labelled-subject", "list", "object"],
)
def test_blank_node_is_refused(
    # the RDF 1.2 forms (<< >>, {| |}, ~), whose reifier is a blank node, are refused for
    # their triple term first: see test_checks.test_triple_terms_are_refused_at_load
    backup_portfolio: Portfolio,
    assert_unchanged: Unchanged,
    write: Callable[[str, str], Path],
    text: str,
    position: str,
    entry: str | None,
) -> None:
    path = write("blank.ttl", PREFIXES + text)
    with pytest.raises(BlankNodeError) as info:
        backup_portfolio.load(path)
    err = info.value
    assert err.file == str(path)
    assert f"a blank node ({position})" in str(err)
    assert "Give the node an IRI" in str(err)
    if entry is not None:
        assert err.entry == entry
    assert_unchanged()


@pytest.mark.parametrize(
    "document",
    [
        '{"@context": "https://schema.org/", "@id": "https://example.org/p/a", "name": "A"}',
        '{"@context": [{"ex": "https://example.org/p/"}, "https://example.org/ctx.jsonld"],'
        ' "@id": "ex:a"}',
        '[{"@context": {"@import": "https://example.org/ctx.jsonld"}, "@id": "https://x.org/a"}]',
    ],
    ids=["string", "in-a-list", "import"],
)
def test_jsonld_with_a_remote_context_is_refused(
    backup_portfolio: Portfolio,
    assert_unchanged: Unchanged,
    write: Callable[[str, str], Path],
    document: str,
) -> None:
    path = write("remote.jsonld", document)
    with pytest.raises(NetworkAccessError) as info:
        backup_portfolio.load(path)
    err = info.value
    assert err.file == str(path)
    assert "is remote, and loading never uses the network" in str(err)
    assert err.hint == "Inline the context as a JSON object"
    assert_unchanged()


def test_jsonld_with_an_inline_context_loads(
    portfolio_store: str, write: Callable[[str, str], Path]
) -> None:
    path = write(
        "inline.jsonld",
        '{"@context": {"stsm": "https://w3id.org/stsm#",'
        ' "label": "http://www.w3.org/2000/01/rdf-schema#label"},'
        ' "@id": "https://example.org/p/n1", "@type": "stsm:Need", "label": "N1"}',
    )
    p = Portfolio.open(path, store=portfolio_store)
    assert len(p) == 2
    assert p.summary() == {"Need": 1}


@pytest.mark.parametrize(
    ("name", "document"),
    [
        ("list.json", "[1, 2, 3]"),
        ("free-value.jsonld", '[{"@value": "x"}, {"@value": 2}]'),
    ],
)
def test_jsonld_that_gives_no_triples_from_content_is_refused(
    backup_portfolio: Portfolio,
    assert_unchanged: Unchanged,
    write: Callable[[str, str], Path],
    name: str,
    document: str,
) -> None:
    # JSON-LD drops every key it cannot read as an IRI, so a document without a context
    # would load as nothing at all
    path = write(name, document)
    with pytest.raises(InputError, match="the JSON-LD document gives no triples") as info:
        backup_portfolio.load(path)
    assert info.value.file == str(path)
    assert "authoring format" in str(info.value)
    assert_unchanged()


@pytest.mark.parametrize(
    "document",
    [
        "[]",
        "{}",
        '{"@context": {"label": "http://www.w3.org/2000/01/rdf-schema#label"}}',
        '{"@graph": [{"@id": "https://example.org/p/a"}]}',  # a node that states nothing
        '{"@context": {"@vocab": "https://example.org/v/"}, "@id": "https://x.org/a", "p": null}',
    ],
)
def test_empty_jsonld_loads_as_nothing(write: Callable[[str, str], Path], document: str) -> None:
    assert len(Portfolio.open(write("empty.jsonld", document))) == 0


def test_turtle_with_owl_imports_is_refused(
    backup_portfolio: Portfolio, assert_unchanged: Unchanged, write: Callable[[str, str], Path]
) -> None:
    path = write(
        "imports.ttl",
        PREFIXES + "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<https://example.org/p> owl:imports <https://w3id.org/stsm> .\n",
    )
    with pytest.raises(NetworkAccessError) as info:
        backup_portfolio.load(path)
    err = info.value
    assert (err.file, err.entry, err.field) == (str(path), "https://example.org/p", "owl:imports")
    assert "owl:imports <https://w3id.org/stsm> would need the network" in str(err)
    assert_unchanged()


@pytest.mark.parametrize(
    "name", ["empty.ttl", "empty.nt", "empty.jsonld", "empty.yaml", "empty.json"]
)
@pytest.mark.parametrize("content", ["", " \n\t\n"], ids=["empty", "blank"])
def test_empty_file(
    backup_portfolio: Portfolio,
    assert_unchanged: Unchanged,
    write: Callable[[str, str], Path],
    name: str,
    content: str,
) -> None:
    path = write(name, content)
    with pytest.raises(InputError) as info:
        backup_portfolio.load(path)
    assert str(info.value).startswith(f"{path}: the file is empty")
    assert_unchanged()


def test_file_that_does_not_exist(
    backup_portfolio: Portfolio, assert_unchanged: Unchanged, tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere" / "portfolio.ttl"
    with pytest.raises(PortfolioFileNotFoundError) as info:
        backup_portfolio.load(missing)
    assert isinstance(info.value, FileNotFoundError)
    assert info.value.path == str(missing)
    assert str(info.value).startswith(f"{missing}: no such file")
    assert_unchanged()


def test_a_directory_is_not_a_portfolio_file(backup_portfolio: Portfolio, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a regular file: it is a directory"):
        backup_portfolio.load(tmp_path)


@pytest.mark.parametrize(
    ("yaml_text", "entry", "field", "hint"),
    [
        (
            "services:\n- id: s1\n  label: S\n  adresses: [n1]\n",
            "services[0] (id 's1')",
            "adresses",
            "Did you mean 'addresses'?",
        ),
        ("servics:\n- id: s1\n  label: S\n", None, "servics", "Did you mean 'services'"),
        (
            "needs:\n- id: n1\n  label: N\n  colour: blue\n",
            "needs[0] (id 'n1')",
            "colour",
            "Known fields: id, label, description",
        ),
    ],
    ids=["field", "section", "field-without-near-match"],
)
def test_unknown_yaml_field_or_section(
    backup_portfolio: Portfolio,
    assert_unchanged: Unchanged,
    write: Callable[[str, str], Path],
    yaml_text: str,
    entry: str | None,
    field: str,
    hint: str,
) -> None:
    path = write("p.yaml", yaml_text)
    with pytest.raises(InputError) as info:
        backup_portfolio.load(path)
    err = info.value
    what = "field" if entry else "section"  # a key at the top of the document is a section
    assert (err.file, err.entry, err.field) == (str(path), entry, field if entry else None)
    assert f"unknown {what} {field!r}" in str(err)
    assert err.hint is not None and err.hint.startswith(hint)
    assert_unchanged()


@pytest.mark.parametrize(
    ("value", "hint"), [("atmost", "Did you mean 'AtMost'? (case matters)"), ("below", None)]
)
def test_a_value_not_allowed_is_shown_with_what_is(
    write: Callable[[str, str], Path], value: str, hint: str | None
) -> None:
    path = write(
        "p.yaml",
        "level_requirements:\n- id: r1\n  label: R\n  metric: m\n"
        f"  target_value: 1\n  comparator: {value}\n",
    )
    with pytest.raises(InputError) as info:
        Portfolio().load(path)
    err = info.value
    assert (err.entry, err.field) == ("level_requirements[0] (id 'r1')", "comparator")
    assert f"{value!r} is not an allowed value" in str(err)
    assert "expected one of AtLeast, AtMost" in str(err)
    assert err.hint == hint


def test_malformed_yaml_names_the_line(
    backup_portfolio: Portfolio, assert_unchanged: Unchanged, write: Callable[[str, str], Path]
) -> None:
    path = write("p.yaml", "needs:\n- id: n1\n  label: [N\n")
    with pytest.raises(ParseError) as info:
        backup_portfolio.load(path)
    assert info.value.line == 4
    assert str(info.value).startswith(str(path))
    assert "line 4" in str(info.value) and "not valid YAML" in str(info.value)
    assert_unchanged()


def test_malformed_json_authoring_names_the_line(
    backup_portfolio: Portfolio, assert_unchanged: Unchanged, write: Callable[[str, str], Path]
) -> None:
    path = write("p.json", '{\n  "needs": [\n    {"id": "n1",}\n  ]\n}\n')
    with pytest.raises(ParseError) as info:
        backup_portfolio.load(path)
    assert info.value.line == 3
    assert "not valid JSON" in str(info.value)
    assert_unchanged()


def test_yaml_that_is_not_a_mapping(
    backup_portfolio: Portfolio, assert_unchanged: Unchanged, write: Callable[[str, str], Path]
) -> None:
    path = write("p.yaml", "- just\n- a list\n")
    with pytest.raises(InputError, match="must be a mapping of sections"):
        backup_portfolio.load(path)
    assert_unchanged()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (
            "latin1.ttl",
            '<https://example.org/p/a> <http://www.w3.org/2000/01/rdf-schema#label> "café" .',
        ),
        ("latin1.yaml", "needs:\n- id: n1\n  label: café\n"),
    ],
)
def test_file_that_is_not_utf8(
    backup_portfolio: Portfolio,
    assert_unchanged: Unchanged,
    tmp_path: Path,
    name: str,
    content: str,
) -> None:
    path = tmp_path / name
    path.write_bytes(content.encode("latin-1"))
    with pytest.raises(ParseError) as info:
        backup_portfolio.load(path)
    assert str(info.value).startswith(str(path))
    assert "UTF-8" in str(info.value)
    assert_unchanged()


def test_unknown_suffix_lists_the_known_ones(backup_portfolio: Portfolio, tmp_path: Path) -> None:
    path = tmp_path / "portfolio.xlsx"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(UnsupportedFormatError) as info:
        backup_portfolio.load(path)
    assert isinstance(info.value, ValueError)
    assert "'.xlsx'" in str(info.value) and ".ttl" in str(info.value) and ".yaml" in str(info.value)


def test_unknown_format_name_lists_the_known_ones() -> None:
    with pytest.raises(
        UnsupportedFormatError, match="choose one of turtle, nt, json-ld, yaml, json"
    ):
        format_for("p.ttl", "rdfxml")


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("a.ttl", None, "turtle"),
        ("a.TTL", None, "turtle"),
        ("a.nt", None, "nt"),
        ("a.jsonld", None, "json-ld"),
        ("a.yml", None, "yaml"),
        ("a.json", '{"needs": []}', "json"),
        ("a.json", '{"@context": {}, "@graph": []}', "json-ld"),
        ("a.json", '[{"@id": "https://example.org/a"}]', "json-ld"),
        ("a.json", "{not json", "json"),
    ],
)
def test_format_from_suffix_and_content(name: str, text: str | None, expected: str) -> None:
    assert format_for(name, None, text) == expected


def test_nothing_is_loaded_when_the_error_is_in_the_last_triple(portfolio_store: str) -> None:
    text = PREFIXES + "".join(f'ex:n{i} a stsm:Need ; rdfs:label "N{i}" .\n' for i in range(50))
    text += 'ex:n49 stsm:priority "first" .\n'
    p = Portfolio(store=portfolio_store)
    with pytest.raises(DatatypeError):
        p.parse(text, format="turtle", source="many.ttl")
    assert len(p) == 0


def test_parse_text_returns_a_checked_staging_store() -> None:
    staging = parse_text(PREFIXES + 'ex:n a stsm:Need ; rdfs:label "N" .', "turtle")
    assert len(staging) == 2


@pytest.mark.parametrize(
    ("name", "text", "refused"),
    [
        ("blank.nt", "_:x <https://w3id.org/stsm#hasNeed> <https://example.org/p/n> .\n", True),
        (
            "literal.nt",
            '<https://example.org/p/n> <http://www.w3.org/2000/01/rdf-schema#label> "a_:b [(" .\n',
            False,
        ),
        ("literal.ttl", PREFIXES + 'ex:n rdfs:label "a_:b [ ( ]" .\n', False),
    ],
    ids=["nt-blank", "nt-literal", "ttl-literal"],
)
def test_blank_node_scan_is_skipped_only_when_the_text_cannot_hold_one(
    write: Callable[[str, str], Path], name: str, text: str, refused: bool
) -> None:
    path = write(name, text)
    if refused:
        with pytest.raises(BlankNodeError):
            Portfolio.open(path)
    else:
        assert len(Portfolio.open(path)) == 1
