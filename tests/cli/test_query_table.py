"""``query``'s columns (``--format text``, the default): aligned, IRIs written short as the
portfolio's files name them, and every short name reads back as the same IRI."""

from __future__ import annotations

from pathlib import Path

from cli_runner import run
from hypothesis import assume, given
from hypothesis import strategies as st

from stsm_graph.cli.output import table
from stsm_graph.common.terms import valid_iri
from stsm_graph.portfolio.querying import expand_name
from stsm_graph.vocabulary.shown import compact

FIXTURES = Path(__file__).parent.parent / "fixtures"
VALID = str(FIXTURES / "valid_complete.ttl")
EXAMPLE = str(Path(__file__).parent.parent.parent / "examples" / "northwind-it-services.yaml")


def test_a_turtle_portfolio_is_shown_with_its_own_prefixes(tmp_path: Path) -> None:
    q = tmp_path / "q.rq"
    q.write_text(
        "SELECT ?need ?service ?status ?label WHERE { ?service stsm:addresses ?need ; "
        "rdfs:label ?label OPTIONAL { ?service stsm:status ?status } "
        "FILTER(lang(?label) = '') } ORDER BY ?need",
        encoding="utf-8",
    )
    code, out, err = run("query", VALID, str(q), "--node", "need=need-restore")
    assert (code, err) == (0, "")
    assert out == (
        "need             service        status       label\n"
        "---------------  -------------  -----------  --------------\n"
        "ex:need-restore  ex:svc-backup  stsm:Active  Managed backup\n"
    )


def test_a_yaml_portfolio_is_shown_by_its_ids() -> None:
    code, out, err = run("query", EXAMPLE, "node_info", "--node", "node=svc-finops")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["node", "type", "label"]
    assert set(lines[1]) == {"-", " "}
    cells = [line.split() for line in lines[2:]]
    assert ["svc-finops", "stsm:StandardService"] in cells
    assert ["svc-finops", "Cloud", "Cost", "Management"] in cells


def test_columns_line_up_with_wide_characters_and_escaped_controls() -> None:
    text = table(["a", "b"], [["東京", "x"], ["e\u0301", "y"], ["a\tb", "z"]])
    assert text.splitlines() == [
        "a     b",
        "----  -",
        "東京  x",
        "e\u0301     y",
        "a\\tb  z",
    ]


def test_an_empty_answer_is_its_header() -> None:
    assert table(["need", "label"], []) == "need  label\n----  -----"
    assert table(["a", "b"], [["", "y"]]) == "a  b\n-  -\n   y"  # an unbound cell


_NAMESPACES = st.sampled_from(
    [
        "https://example.org/p/",
        "https://example.org/",
        "https://example.org/p#",
        "urn:x:",
        "https://w3id.org/stsm#",
        "http://www.w3.org/2000/01/rdf-schema#",
    ]
)
_PREFIX_NAMES = st.sampled_from(["", "ex", "p", "stsm", "rdfs", "a.b", "urn", "https"])
_LOCALS = st.text(alphabet="abcXYZ019_-./#: é", max_size=8)


@given(st.dictionaries(_PREFIX_NAMES, _NAMESPACES, max_size=4), _NAMESPACES, _LOCALS)
def test_every_short_name_reads_back_as_its_iri(
    prefixes: dict[str, str], ns: str, local: str
) -> None:
    iri = ns + local
    assume(valid_iri(iri))  # a node's IRI is one
    short = compact(iri, prefixes)
    # what a person reads names the same node for --node and resolve, shortened or not
    assert str(expand_name(short, prefixes)) == iri
    assert len(short) <= len(iri) + 2  # at most the IRI in <>


def test_a_whole_iri_that_would_read_as_a_prefixed_name_is_bracketed() -> None:
    prefixes = {"urn": "https://example.org/u/"}
    assert compact("urn:abc", prefixes) == "<urn:abc>"
    assert compact("https://example.org/u/abc", prefixes) == "urn:abc"
    assert str(expand_name("<urn:abc>", prefixes)) == "urn:abc"
    assert table(["a", "b"], [["x\u200by", "1"], ["e\ufe0f", "2"]]).splitlines()[2:] == [
        "x\u200by  1",
        "e\ufe0f   2",  # one column wide: one space short of "xy", then the two between
    ]
