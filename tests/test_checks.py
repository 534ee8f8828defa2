"""The checks every loaded portfolio passes, in every format: an error names file, node, field."""

from __future__ import annotations

import io
import json
import logging
import tempfile
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stsm_graph import InputError, Portfolio
from stsm_graph.cli import main
from stsm_graph.errors import BlankNodeError, DatatypeError, UnknownTermError
from stsm_graph.ingest.checks import CONTROL_CHARACTERS, check
from stsm_graph.ingest.value_checks import DATATYPES
from stsm_graph.vocabulary.tables import VALUE_CHECKS

PREFIXES = """@prefix stsm: <https://w3id.org/stsm#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/p/> .
"""
LEVEL = (
    'ex:sl a stsm:ServiceLevel ; rdfs:label "L" ; stsm:metric "m" ; stsm:comparator stsm:AtLeast'
)

Unchanged = Callable[[], None]
Write = Callable[[str, str], Path]


def run(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, err.getvalue()


# -- item 1: a node has at most one status -------------------------------------------------


TWO_STATUSES = {
    "two.ttl": PREFIXES
    + 'ex:svc a stsm:StandardService ; rdfs:label "S" ; stsm:status stsm:Planned, stsm:Active .\n',
    "two.jsonld": json.dumps(
        {
            "@context": {"stsm": "https://w3id.org/stsm#"},
            "@id": "https://example.org/p/svc",
            "@type": "stsm:StandardService",
            "stsm:status": [{"@id": "stsm:Planned"}, {"@id": "stsm:Active"}],
        }
    ),
}


@pytest.mark.parametrize("name", sorted(TWO_STATUSES))
def test_two_statuses_on_one_node_are_refused(
    backup_portfolio: Portfolio, assert_unchanged: Unchanged, write: Write, name: str
) -> None:
    path = write(name, TWO_STATUSES[name])
    with pytest.raises(InputError) as info:
        backup_portfolio.load(path)
    err = info.value
    assert (err.file, err.entry, err.field) == (
        str(path),
        "https://example.org/p/svc",
        "stsm:status",
    )
    assert "stsm:Active and stsm:Planned" in str(err)
    assert "at most one status" in str(err)
    assert_unchanged()
    code, message = run("analyze", str(path))
    assert code == 2 and "two statuses" in message


# -- item 25: non-finite and out-of-range numbers ------------------------------------------


@pytest.mark.parametrize(
    ("value", "field", "says"),
    [
        ('stsm:targetValue "NaN"^^xsd:double', "stsm:targetValue", "not a finite number"),
        ('stsm:targetValue "INF"^^xsd:double', "stsm:targetValue", "not a finite number"),
        ('stsm:targetValue "-INF"^^xsd:float', "stsm:targetValue", "not a finite number"),
        ("stsm:targetValue 1e400", "stsm:targetValue", "not a finite number"),
        ('stsm:targetValue "NaN"', "stsm:targetValue", "wrong datatype"),
        ('stsm:targetValue "1e400"^^xsd:decimal', "stsm:targetValue", "not a valid xsd:decimal"),
        ("stsm:targetValue " + "9" * 60 + ".5", "stsm:targetValue", "out of range"),
        ("stsm:priority " + "9" * 400, "stsm:priority", "out of range"),
    ],
)
def test_numbers_that_are_not_finite_or_out_of_range_are_refused(
    backup_portfolio: Portfolio,
    assert_unchanged: Unchanged,
    write: Write,
    value: str,
    field: str,
    says: str,
) -> None:
    path = write("num.ttl", PREFIXES + f"{LEVEL} ; {value} .\n")
    with pytest.raises(DatatypeError) as info:
        backup_portfolio.load(path)
    err = info.value
    assert (err.file, err.entry, err.field) == (str(path), "https://example.org/p/sl", field)
    assert says in str(err)
    assert_unchanged()
    code, message = run("analyze", str(path))
    assert code == 2 and message.startswith(f"stsm-graph: error: {path}: entry")


def test_a_finite_double_target_still_loads(write: Write) -> None:
    p = Portfolio.open(write("ok.ttl", PREFIXES + f"{LEVEL} ; stsm:targetValue 1e3 .\n"))
    assert p.summary() == {"ServiceLevel": 1}


def test_a_negative_target_is_a_shape_violation(write: Write) -> None:
    p = Portfolio.open(write("neg.ttl", PREFIXES + f"{LEVEL} ; stsm:targetValue -5 .\n"))
    report = p.validate()
    assert not report.conforms
    assert [r.message for r in report.results if r.path and r.path.endswith("targetValue")] == [
        "stsm:targetValue takes at most one value, a number of at least 0 (xsd:decimal, or "
        "xsd:integer which is a decimal)."
    ]


# -- item 30: ill-typed literals, without rdflib's log noise ---------------------------------


@pytest.mark.parametrize(
    ("triple", "field", "says"),
    [
        (f'{LEVEL} ; stsm:targetValue "abc"^^xsd:decimal', "stsm:targetValue", "xsd:decimal"),
        (
            'ex:m a stsm:Measurement ; rdfs:label "M" ; stsm:date "2026-13-45"^^xsd:date',
            "stsm:date",
            "xsd:date",
        ),
        (
            'ex:sl rdfs:label "L" ; ex:custom "2026-02-30"^^xsd:date',
            "https://example.org/p/custom",
            "xsd:date",
        ),
        (
            'ex:sl rdfs:label "L" ; ex:custom "abc"^^xsd:double',
            "https://example.org/p/custom",
            "xsd:double",
        ),
        (
            'ex:sl rdfs:label "L" ; ex:custom "abc"^^xsd:int',
            "https://example.org/p/custom",
            "xsd:int",
        ),
        (
            'ex:sl rdfs:label "L" ; ex:custom "soon"^^xsd:duration',
            "https://example.org/p/custom",
            "xsd:duration",
        ),
        (
            'ex:sl rdfs:label "L" ; ex:custom "maybe"^^xsd:boolean',
            "https://example.org/p/custom",
            "xsd:boolean",
        ),
    ],
)
def test_ill_typed_literals_are_refused_without_log_noise(
    backup_portfolio: Portfolio,
    assert_unchanged: Unchanged,
    write: Write,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
    triple: str,
    field: str,
    says: str,
) -> None:
    path = write("typed.ttl", PREFIXES + triple + " .\n")
    with caplog.at_level(logging.DEBUG):
        with pytest.raises(DatatypeError) as info:
            backup_portfolio.load(path)
        code, message = run("validate", str(path))
    err = info.value
    node = "https://example.org/p/m" if "Measurement" in triple else "https://example.org/p/sl"
    assert (err.file, err.entry, err.field) == (str(path), node, field)
    assert f"is not a valid {says}" in str(err)
    assert code == 2 and "Traceback" not in message
    assert caplog.records == []
    assert capfd.readouterr().err == ""
    assert_unchanged()


# -- item 26: RDF 1.2 triple terms ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("term.ttl", PREFIXES + 'ex:b rdfs:comment <<( ex:a rdfs:label "A" )>> .\n'),
        ("reifier.ttl", PREFIXES + 'ex:a rdfs:label "A" ~ ex:r .\n'),
        ("annotation.ttl", PREFIXES + 'ex:a rdfs:label "A" {| rdfs:comment "c" |} .\n'),
        ("quoted.ttl", PREFIXES + '<< ex:a rdfs:label "A" >> rdfs:comment "c" .\n'),
        (
            "term.nt",
            "<https://example.org/p/b> <urn:x:p> <<( <https://example.org/p/a> <urn:x:q> "
            '"A" )>> .\n',
        ),
    ],
)
def test_triple_terms_are_refused_at_load(
    backup_portfolio: Portfolio,
    assert_unchanged: Unchanged,
    write: Write,
    tmp_path: Path,
    name: str,
    text: str,
) -> None:
    path = write(name, text)
    with pytest.raises(BlankNodeError, match=r"RDF 1\.2 triple term") as info:
        backup_portfolio.load(path)
    assert info.value.file == str(path)
    assert_unchanged()
    for command in (
        ["validate", str(path)],
        ["convert", str(path), str(tmp_path / "out.nt")],
        ["load", str(path), "--store", str(tmp_path / "store")],
    ):
        code, message = run(*command)
        assert (code, message.count("triple term")) == (2, 1), command
    assert not (tmp_path / "out.nt").exists()


# -- item 30: control characters in texts ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a\x01b", "U+0001"),
        ("a\x1b]0;PWNED\x07", "U+001B"),
        ("a\x85b", "U+0085"),
        ("a\rb", "U+000D"),
        ("a\x7f", "U+007F"),
    ],
)
@pytest.mark.parametrize("where", ["label.ttl", "description.ttl", "label.json"])
def test_control_characters_in_texts_are_refused(
    backup_portfolio: Portfolio,
    assert_unchanged: Unchanged,
    write: Write,
    text: str,
    code: str,
    where: str,
) -> None:
    if where == "label.json":  # the authoring format goes through the same check
        document = {
            "stsm_graph": 1,
            "base": "https://example.org/p/",
            "needs": [{"id": "a", "label": text}],
        }
        path = write(where, json.dumps(document))
        field = "rdfs:label"
    else:
        field = "rdfs:label" if where == "label.ttl" else "dcterms:description"
        escaped = json.dumps(text)  # a Turtle string accepts JSON's escapes for these
        path = write(where, PREFIXES + f"ex:a a stsm:Need ; {field} {escaped} .\n")
    with pytest.raises(InputError) as info:
        backup_portfolio.load(path)
    err = info.value
    assert (err.file, err.entry, err.field) == (str(path), "https://example.org/p/a", field)
    assert f"control character {code}" in str(err)
    assert "\x1b" not in str(err) and "\x85" not in str(err)
    assert_unchanged()


def test_tabs_and_line_breaks_in_texts_load(write: Write) -> None:
    path = write("ok.ttl", PREFIXES + 'ex:a a stsm:Need ; rdfs:label "a\\tb\\r\\nc\\nd" .\n')
    assert Portfolio.open(path).label("https://example.org/p/a") == "a\tb\r\nc\nd"


def test_raw_control_characters_in_the_file_are_refused(write: Write) -> None:
    path = write("raw.ttl", PREFIXES + 'ex:a a stsm:Need ; rdfs:label "a\x0cb" .\n')
    with pytest.raises(InputError, match="U\\+000C"):
        Portfolio.open(path)


#: one character of a literal as N-Triples may write it: raw, or by an escape
_WRITTEN = st.one_of(
    st.sampled_from(["a", "\\\\", '\\"', "\\t", "\\n", "\\r", "\\b", "\\f", "\x85", "\x0c"]),
    st.characters(max_codepoint=0xA0, exclude_characters='"\\\n\r').map(
        lambda c: f"\\u{ord(c):04X}" if ord(c) % 2 else c
    ),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_WRITTEN, max_size=8).map("".join))
def test_a_text_is_refused_exactly_when_it_holds_a_control_character(written: str) -> None:
    """The byte scans that skip the control-character query never skip a text that needs it."""
    line = f'<https://example.org/p/a> <http://www.w3.org/2000/01/rdf-schema#label> "{written}" .\n'
    text = next(iter(ox.parse(line.encode(), ox.RdfFormat.N_TRIPLES))).object.value
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.nt"
        path.write_bytes(line.encode())
        if CONTROL_CHARACTERS.search(text):
            with pytest.raises(InputError, match="control character"):
                Portfolio.open(path)
        else:
            assert Portfolio.open(path).label("https://example.org/p/a") == text


_XSD = "http://www.w3.org/2001/XMLSchema#"
#: the datatypes of each kind's own values, and of others
_OWN_TYPES = {
    "integer": ["integer"],
    "number": ["decimal", "double", "float", "byte"],
    "date": ["date"],
}
_OTHER_TYPES = ["integer", "decimal", "double", "date", "string", "positiveInteger"]
_LEXICAL = ["1", "-2", "4.5", "1e3", "NaN", "INF", "-INF", "abc", "300", "2026-01-31",
            "2026-13-45", "2026-02-30", "1.0E400", "+7", ""]  # fmt: skip


def _value(kind: str) -> st.SearchStrategy[str]:
    """A value of a number or date property: well-formed or not, of its datatype or another."""
    typed = st.tuples(
        st.sampled_from(_LEXICAL),
        st.one_of(st.sampled_from(_OWN_TYPES[kind]), st.sampled_from(_OTHER_TYPES)),
    ).map(lambda v: f'"{v[0]}"^^<{_XSD}{v[1]}>')
    return st.one_of(typed, st.sampled_from(["<https://example.org/p/x>", '"5"@en', "5", "2.5"]))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(sorted(VALUE_CHECKS)).flatmap(
            lambda p: st.tuples(st.just(p), _value(VALUE_CHECKS[p][0]))
        ),
        max_size=4,
    )
)
def test_bad_values_are_refused_exactly_when_the_datatype_query_finds_one(
    values: list[tuple[str, str]],
) -> None:
    """The cheaper test before the datatype query never lets a value it would refuse pass."""
    text = "".join(
        f"<https://example.org/p/n{i}> <https://w3id.org/stsm#{p}> {v} .\n"
        for i, (p, v) in enumerate(values)
    )
    staging = ox.Store()
    staging.load(input=text, format=ox.RdfFormat.TURTLE)
    first = next(iter(staging.query(DATATYPES)), None)  # type: ignore[call-overload]
    if first is None:
        check(staging, source="v.ttl")
    else:
        with pytest.raises(DatatypeError) as info:
            check(staging, source="v.ttl")
        assert info.value.entry == first[0].value


# -- item 30: links to unknown vocabulary terms ---------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "message", "field", "hint"),
    [
        (
            "link.ttl",
            PREFIXES
            + 'ex:s a stsm:StandardService ; rdfs:label "S" ; stsm:addresses stsm:Nede .\n',
            "stsm:Nede is not a term of the stsm vocabulary",
            "stsm:addresses",
            "Did you mean stsm:Need?",
        ),
        (
            "link.yaml",
            "stsm_graph: 1\nbase: https://example.org/p/\nservices:\n"
            "  - id: s\n    label: S\n    addresses: ['stsm:Nede']\n",
            "stsm:Nede is not a term of the stsm vocabulary",
            "stsm:addresses",
            "Did you mean stsm:Need?",
        ),
        (
            "class-as-property.ttl",
            PREFIXES + "ex:s stsm:Need ex:n .\n",
            "stsm:Need is a class of the stsm vocabulary, used here as a property",
            "stsm:Need",
            "Did you mean stsm:hasNeed?",
        ),
        (
            "property-as-class.ttl",
            PREFIXES + "ex:s a stsm:addresses .\n",
            "stsm:addresses is a property of the stsm vocabulary, used here as a class",
            "rdf:type",
            "See docs/ontology.md",
        ),
    ],
)
def test_unknown_or_misused_vocabulary_terms_are_refused(
    backup_portfolio: Portfolio,
    assert_unchanged: Unchanged,
    write: Write,
    name: str,
    text: str,
    message: str,
    field: str,
    hint: str,
) -> None:
    path = write(name, text)
    with pytest.raises(UnknownTermError) as info:
        backup_portfolio.load(path)
    err = info.value
    assert (err.file, err.entry, err.field) == (str(path), "https://example.org/p/s", field)
    assert message in str(err)
    assert err.hint is not None and err.hint.startswith(hint)
    assert_unchanged()
