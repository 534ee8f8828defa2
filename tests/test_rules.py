"""The shared rules are stated once and every packaged query is what its rules make it.

Regenerate the queries with ``python -m stsm_graph.generators`` after changing
``ontology/rules.sparql``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph
from stores_under_test import STORES, make_portfolio

from stsm_graph.generators.rules import all_rules, completeness_rule, expand, read_rules, rules_used
from stsm_graph.vocabulary.resources import query_names, query_text

ROOT = Path(__file__).resolve().parents[1]
RULES = all_rules(ROOT / "ontology")


@pytest.mark.parametrize("name", query_names())
def test_query_is_current(name: str) -> None:
    text = query_text(name)
    assert expand(text, RULES) == text, "run python -m stsm_graph.generators"


def test_the_rules() -> None:
    assert set(RULES) == {
        "not-retired",
        "active",
        "in-scope",
        "same-unit",
        "comparable-units",
        "meets",
        "incomplete-service",
        # written with pint from stsm_graph.generators.units
        "unit-dimension",
        "unit-factor",
        # written from the vocabulary's subclasses, one for each class that has some
        "kind-of-Evidence",
        "kind-of-Measurement",
        "kind-of-Stakeholder",
    }


@pytest.mark.parametrize(
    ("pattern", "rule"),
    [
        (r"MINUS \{ \?\w+ stsm:status stsm:Retired \}", "not-retired"),
        (r"!= stsm:Active", "active"),
        (r"= stsm:AtLeast", "meets"),
        (r"COALESCE\(STR\(", "same-unit"),
        (r"\|h=time 3600\|", "unit-dimension"),
        (r"STRAFTER\(STRAFTER\(", "unit-factor"),
        (r"no-service-level", "incomplete-service"),
        (r"stsm:EndUser", "kind-of-Stakeholder"),
        (r"stsm:MarketTrend", "kind-of-Evidence"),
    ],
)
def test_no_query_states_a_rule_outside_it(pattern: str, rule: str) -> None:
    """Each statement of a rule in a query lies between that rule's markers (or a rule using it)."""
    for name in query_names():
        outside = re.sub(r"# rule: .*?# end rule", "", query_text(name), flags=re.S)
        assert not re.search(pattern, outside), (name, rule)


def test_every_rule_is_used() -> None:
    used = {r for n in query_names() for r in rules_used(query_text(n))}
    used |= {inner for r in set(used) for inner in rules_used("\n".join(RULES[r].lines))}
    # same-unit and not-retired are also used inside meets and in-scope; a kind-of rule is
    # offered for every class with subclasses, whether a query asks for one or not
    assert {r for r in RULES if not r.startswith("kind-of-")} <= used <= set(RULES)


def test_a_rule_names_its_variables() -> None:
    with pytest.raises(ValueError, match="takes"):
        expand("  # rule: not-retired ?a ?b\n  # end rule\n", RULES)
    with pytest.raises(ValueError, match="no rule named"):
        expand("  # rule: nothing ?a\n  # end rule\n", RULES)
    with pytest.raises(ValueError, match="no '# end rule'"):
        expand("  # rule: not-retired ?a\n", RULES)


def test_a_rule_is_renamed_and_nested() -> None:
    text = expand("  # rule: in-scope ?n\n  # end rule\n", RULES)
    assert text == (
        "  # rule: in-scope ?n\n"
        "  ?n a stsm:Need .\n"
        "  MINUS { ?n stsm:status stsm:Retired }\n"
        "  # end rule\n"
    )


def test_a_rule_stated_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        read_rules("# rule: a ?x\n?x ?p ?o\n\n# rule: a ?x\n?x ?p ?o\n")


def test_the_completeness_shapes_make_the_service_gaps() -> None:
    lines = RULES["incomplete-service"].lines
    assert "    MINUS { ?service stsm:hasServiceLevel ?present }" in lines
    assert '    BIND("not-in-catalog" AS ?rule)' in lines
    assert lines[-3:] == ("}", "# rule: not-retired ?service", "# end rule")


@pytest.mark.parametrize(
    "shape",
    [
        # no exemption of retired services
        "sh:or ( [ sh:path stsm:hasServiceLevel ; sh:minCount 1 ] )",
        # a count other than one
        "sh:or ( stsmsh:RetiredShape [ sh:path stsm:hasServiceLevel ; sh:minCount 2 ] )",
        # a path that is not a link or its inverse
        "sh:or ( stsmsh:RetiredShape [ sh:path ( stsm:a stsm:b ) ; sh:minCount 1 ] )",
    ],
)
def test_a_completeness_shape_of_another_form_is_refused(shape: str) -> None:
    g = Graph().parse(
        data="@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix stsm: <https://w3id.org/stsm#> ."
        " @prefix stsmsh: <https://w3id.org/stsm/shapes#> ."
        " @prefix dcterms: <http://purl.org/dc/terms/> ."
        f' stsmsh:X dcterms:identifier "x" ; sh:targetClass stsm:StandardService ; {shape} .',
        format="turtle",
    )
    with pytest.raises(ValueError, match="stsm/shapes#X"):
        completeness_rule(g)


_STATUSES = ("Planned", "Active", "Retired", "Suspended")  # the last: not in the scheme


@pytest.mark.parametrize(
    "stated",
    [
        tuple(s for i, s in enumerate(_STATUSES) if mask >> i & 1)
        for mask in range(1 << len(_STATUSES))
    ],
)
def test_the_status_rules_settle_several_statuses_as_the_vocabulary_orders_them(
    stated: tuple[str, ...],
) -> None:
    # which status counts is stated once, as stsm:statusPrecedence in stsm.ttl, and read by
    # Python (stated_status); the two rules the queries use must be its two ends
    from stsm_graph.analysis._needs import stated_status
    from stsm_graph.vocabulary.namespace import STSM

    g = Graph()
    g.parse(
        data="@prefix stsm: <https://w3id.org/stsm#> .\n<urn:x:n> a stsm:Need "
        + "".join(f"; stsm:status stsm:{s} " for s in stated)
        + ".",
        format="turtle",
    )
    found = {}
    for rule in ("not-retired", "active"):
        query = expand(
            f"SELECT ?n WHERE {{\n  ?n a stsm:Need .\n  # rule: {rule} ?n\n  # end rule\n}}", RULES
        )
        found[rule] = bool(list(g.query(query, initNs={"stsm": str(STSM)})))
    counts = stated_status(str(STSM) + s for s in stated)
    assert found["not-retired"] == (counts != str(STSM.Retired))
    assert found["active"] == (counts in (None, str(STSM.Active)))


_FACTORS = """SELECT ?unit ?factor WHERE {
  VALUES ?unit { "h" "days" "%" "TB" "score 1-5" "" "H" "a|b" "h=time 3600|" "none" }
  BIND(
  # rule: unit-factor ?unit
  # end rule
  AS ?factor)
}
"""


@pytest.mark.parametrize("store", STORES)
def test_a_unit_not_listed_has_no_factor_on_any_store(store: str) -> None:
    # never 0 (Virtuoso 7 casts an empty string to 0): a factor is a listed unit's, or none
    rows = make_portfolio(store).select(expand(_FACTORS, RULES))
    found = {str(unit): None if f is None else Decimal(str(f)) for unit, f in rows}
    assert found == {
        "h": Decimal(3600),
        "days": Decimal(86400),
        "%": Decimal("0.01"),
        "TB": Decimal(1000000),
        **dict.fromkeys(("score 1-5", "", "H", "a|b", "h=time 3600|", "none")),
    }
