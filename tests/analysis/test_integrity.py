"""Integrity findings: each rule firing and not firing, cycles, ordering; per store."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from stores_under_test import make_portfolio

from stsm_graph import Portfolio
from stsm_graph.analysis import IntegrityFinding, integrity_findings

EX = "https://example.org/t/"
Build = Callable[[str], Portfolio]

WARNING_RULES = (
    "no-service-level",
    "no-service-system",
    "no-customer-description",
    "not-in-catalog",
)

#: a service with everything the four warning rules look for
COMPLETE = """
    :{s} a stsm:StandardService ; rdfs:label "{s}" ;
        stsm:hasServiceLevel :{s}-level ; stsm:deliveredBy :sys .
    :{s}-level a stsm:ServiceLevel ; rdfs:label "level" ; stsm:metric "m" ;
        stsm:targetValue 1 ; stsm:comparator stsm:AtLeast .
    :{s}-desc a stsm:ServiceDescription ; rdfs:label "desc" ; stsm:describes :{s} ;
        stsm:audience stsm:CustomerAudience .
    :catalog stsm:lists :{s} .
"""
SHARED = """
    :sys a stsm:ServiceSystem ; rdfs:label "Sys" .
    :catalog a stsm:ServiceCatalog ; rdfs:label "Catalog" .
"""


def complete(*services: str) -> str:
    return SHARED + "".join(COMPLETE.format(s=s) for s in services)


def found(p: Portfolio) -> list[tuple[str, str]]:
    return [(f.rule, f.node) for f in integrity_findings(p)]


def test_complete_service_has_no_finding(build: Build) -> None:
    assert integrity_findings(build(complete("good"))) == ()


def test_bare_service_fires_every_warning(build: Build) -> None:
    p = build(':bare a stsm:StandardService ; rdfs:label "Bare" .')
    findings = integrity_findings(p)
    assert [f.rule for f in findings] == list(WARNING_RULES)
    assert {f.node for f in findings} == {EX + "bare"}
    assert {f.severity for f in findings} == {"warning"}
    assert {f.label for f in findings} == {"Bare"}
    assert all("Bare" in f.message for f in findings)
    practices = {f.rule: f.practice for f in findings}
    assert practices == {
        "no-service-level": "STSM SP 2.1",
        "no-service-system": "STSM SP 2.1",
        "no-customer-description": "STSM SP 2.2",
        "not-in-catalog": "STSM SP 2.2",
    }


@pytest.mark.parametrize(
    ("rule", "drop"),
    [
        ("no-service-level", "stsm:hasServiceLevel :good-level ;"),
        ("no-service-system", "stsm:deliveredBy :sys ."),
        ("no-customer-description", "stsm:describes :good ;"),
        ("not-in-catalog", ":catalog stsm:lists :good ."),
    ],
)
def test_each_warning_rule_fires_alone(build: Build, rule: str, drop: str) -> None:
    ttl = complete("good")
    assert drop in ttl
    replacement = "." if drop.endswith(".") and drop.startswith("stsm:") else ""
    p = build(ttl.replace(drop, replacement))
    assert found(p) == [(rule, EX + "good")]


@pytest.mark.parametrize(
    "description",
    [
        ':d a stsm:ServiceDescription ; rdfs:label "d" ; stsm:describes :s ; '
        "stsm:audience stsm:ProviderAudience .",
        ':d a stsm:ServiceDescription ; rdfs:label "d" ; stsm:describes :s .',
        ':d a stsm:ServiceDescription ; rdfs:label "d" ; stsm:describes :other ; '
        "stsm:audience stsm:CustomerAudience .",
    ],
)
def test_description_for_staff_only_or_of_another_service_does_not_count(
    build: Build, description: str
) -> None:
    p = build(
        SHARED
        + description
        + """
        :s a stsm:StandardService ; rdfs:label "S" ; stsm:hasServiceLevel :l ;
            stsm:deliveredBy :sys .
        :l a stsm:ServiceLevel ; rdfs:label "l" .
        :catalog stsm:lists :s .
        """
    )
    assert ("no-customer-description", EX + "s") in found(p)


@pytest.mark.parametrize("status", ["Planned", "Active"])
def test_warnings_apply_to_planned_and_active_services(build: Build, status: str) -> None:
    p = build(f':s a stsm:StandardService ; rdfs:label "S" ; stsm:status stsm:{status} .')
    assert [f.rule for f in integrity_findings(p)] == list(WARNING_RULES)


def test_retired_service_produces_no_integrity_warning(build: Build) -> None:
    p = build(
        """
        :old a stsm:StandardService ; rdfs:label "Old" ; stsm:status stsm:Retired .
        :agr a stsm:ServiceAgreement ; rdfs:label "Agr" ; stsm:forService :old ;
            stsm:commitsTo :old-level .
        :old stsm:hasServiceLevel :old-level .
        :old-level a stsm:ServiceLevel ; rdfs:label "L" .
        """
    )
    assert integrity_findings(p) == ()


# ---------------------------------------------------------------------------- agreements

AGREEMENTS = """
    :s a stsm:StandardService ; rdfs:label "S" ; stsm:hasServiceLevel :s-gold .
    :t a stsm:StandardService ; rdfs:label "T" ; stsm:hasServiceLevel :t-gold .
    :u a stsm:StandardService ; rdfs:label "U" ; stsm:hasServiceLevel :t-gold .
    :s-gold a stsm:ServiceLevel ; rdfs:label "S gold" .
    :t-gold a stsm:ServiceLevel ; rdfs:label "T gold" .
    :loose a stsm:ServiceLevel ; rdfs:label "Loose" .
    :cust a stsm:Customer ; rdfs:label "Cust" .
"""


def violations(p: Portfolio) -> list[IntegrityFinding]:
    return [f for f in integrity_findings(p) if f.severity == "violation"]


def test_agreement_committing_to_a_level_of_its_service_is_fine(build: Build) -> None:
    p = build(
        AGREEMENTS
        + """
        :agr a stsm:ServiceAgreement ; rdfs:label "Agr" ; stsm:withCustomer :cust ;
            stsm:forService :s ; stsm:commitsTo :s-gold .
        :multi a stsm:ServiceAgreement ; rdfs:label "Multi" ; stsm:withCustomer :cust ;
            stsm:forService :s, :t ; stsm:commitsTo :s-gold, :t-gold .
        """
    )
    assert violations(p) == []


def test_agreement_committing_to_a_level_of_another_service(build: Build) -> None:
    p = build(
        AGREEMENTS
        + """
        :agr a stsm:ServiceAgreement ; rdfs:label "Agr" ; stsm:withCustomer :cust ;
            stsm:forService :s ; stsm:commitsTo :s-gold, :t-gold .
        """
    )
    (f,) = violations(p)
    assert (f.rule, f.severity, f.node, f.label) == (
        "agreement-level-mismatch",
        "violation",
        EX + "agr",
        "Agr",
    )
    # the level first, then the services it belongs to
    assert f.related == (EX + "t-gold", EX + "t", EX + "u")
    assert f.practice == "STSM SP 2.1"
    assert "Agr" in f.message


def test_findings_name_a_node_with_two_labels_by_the_smallest(build: Build) -> None:
    p = build(
        AGREEMENTS
        + """
        :agr a stsm:ServiceAgreement ; rdfs:label "Alpha agreement", "Zulu agreement" ;
            stsm:withCustomer :cust ; stsm:forService :s ; stsm:commitsTo :t-gold .
        """
    )
    (f,) = violations(p)
    assert (f.node, f.label) == (EX + "agr", "Alpha agreement")


def test_agreement_committing_to_a_level_of_no_service(build: Build) -> None:
    p = build(
        AGREEMENTS
        + """
        :agr a stsm:ServiceAgreement ; rdfs:label "Agr" ; stsm:forService :s ;
            stsm:commitsTo :loose .
        """
    )
    (f,) = violations(p)
    assert f.related == (EX + "loose",)


def test_agreement_for_no_service_committing_to_a_level(build: Build) -> None:
    p = build(
        AGREEMENTS + ':agr a stsm:ServiceAgreement ; rdfs:label "Agr" ; stsm:commitsTo :s-gold .'
    )
    (f,) = violations(p)
    assert (f.node, f.related) == (EX + "agr", (EX + "s-gold", EX + "s"))


def test_one_finding_per_agreement_and_level(build: Build) -> None:
    p = build(
        AGREEMENTS
        + """
        :a1 a stsm:ServiceAgreement ; rdfs:label "A1" ; stsm:forService :s ;
            stsm:commitsTo :t-gold, :loose .
        :a2 a stsm:ServiceAgreement ; rdfs:label "A2" ; stsm:forService :t ;
            stsm:commitsTo :s-gold .
        """
    )
    got = [(f.node, f.related[0]) for f in violations(p)]
    assert got == [
        (EX + "a1", EX + "loose"),
        (EX + "a1", EX + "t-gold"),
        (EX + "a2", EX + "s-gold"),
    ]


# ---------------------------------------------------------------------------- cycles


def cycles(p: Portfolio) -> list[IntegrityFinding]:
    return [f for f in integrity_findings(p) if f.rule == "dependency-cycle"]


def test_no_cycle_in_a_dag(build: Build) -> None:
    # a diamond: two paths to the same dependency are not a cycle
    p = build(
        """
        :top a stsm:StandardService ; rdfs:label "Top" ; stsm:dependsOn :left, :right .
        :left a stsm:ServiceSystem ; rdfs:label "Left" ; stsm:dependsOn :bottom .
        :right a stsm:ServiceSystem ; rdfs:label "Right" ; stsm:dependsOn :bottom .
        :bottom a stsm:ServiceSystemComponent ; rdfs:label "Bottom" .
        """
    )
    assert cycles(p) == []


def test_cycle_of_three_nodes(build: Build) -> None:
    p = build(
        """
        :b a stsm:StandardService ; rdfs:label "B" ; stsm:dependsOn :c .
        :c a stsm:ServiceSystem ; rdfs:label "C" ; stsm:dependsOn :a .
        :a a stsm:ServiceSystemComponent ; rdfs:label "A" ; stsm:dependsOn :b .
        :outside a stsm:StandardService ; rdfs:label "Outside" ; stsm:dependsOn :a .
        """
    )
    (f,) = cycles(p)
    assert (f.severity, f.practice) == ("violation", "STSM SP 2.1")
    assert f.cycle == (EX + "a", EX + "b", EX + "c", EX + "a")
    assert f.related == (EX + "a", EX + "b", EX + "c")
    assert f.node == EX + "a"
    assert f.label == "A"
    assert "A -> B -> C -> A" in f.message


def test_self_loop_is_a_cycle(build: Build) -> None:
    p = build(':s a stsm:StandardService ; rdfs:label "S" ; stsm:dependsOn :s .')
    (f,) = cycles(p)
    assert f.cycle == (EX + "s", EX + "s")
    assert f.related == (EX + "s",)


def test_two_cycle_groups_two_findings(build: Build) -> None:
    p = build(
        """
        :a a stsm:ServiceSystem ; rdfs:label "A" ; stsm:dependsOn :b .
        :b a stsm:ServiceSystem ; rdfs:label "B" ; stsm:dependsOn :a, :c .
        :c a stsm:ServiceSystem ; rdfs:label "C" ; stsm:dependsOn :d .
        :d a stsm:ServiceSystem ; rdfs:label "D" ; stsm:dependsOn :c .
        """
    )
    got = sorted((f.related, f.cycle) for f in cycles(p))
    assert got == [
        ((EX + "a", EX + "b"), (EX + "a", EX + "b", EX + "a")),
        ((EX + "c", EX + "d"), (EX + "c", EX + "d", EX + "c")),
    ]


def test_cycle_in_a_group_with_several_cycles_is_a_real_cycle(build: Build) -> None:
    p = build(
        """
        :a a stsm:ServiceSystem ; rdfs:label "A" ; stsm:dependsOn :b, :c .
        :b a stsm:ServiceSystem ; rdfs:label "B" ; stsm:dependsOn :a .
        :c a stsm:ServiceSystem ; rdfs:label "C" ; stsm:dependsOn :d .
        :d a stsm:ServiceSystem ; rdfs:label "D" ; stsm:dependsOn :a .
        """
    )
    (f,) = cycles(p)
    assert f.related == (EX + "a", EX + "b", EX + "c", EX + "d")
    links = {("a", "b"), ("a", "c"), ("b", "a"), ("c", "d"), ("d", "a")}
    assert f.cycle[0] == f.cycle[-1] == EX + "a"
    assert len(set(f.cycle[:-1])) == len(f.cycle) - 1
    steps = {(u[len(EX) :], v[len(EX) :]) for u, v in zip(f.cycle, f.cycle[1:], strict=False)}
    assert steps <= links


def test_findings_are_ordered_violations_first_then_rule_then_node(build: Build) -> None:
    p = build(
        AGREEMENTS
        + """
        :agr a stsm:ServiceAgreement ; rdfs:label "Agr" ; stsm:forService :s ;
            stsm:commitsTo :loose .
        :z a stsm:ServiceSystem ; rdfs:label "Z" ; stsm:dependsOn :z .
        """
    )
    findings = integrity_findings(p)
    keys = [(f.severity, f.rule, f.node) for f in findings]
    assert keys[0] == ("violation", "dependency-cycle", EX + "z")
    assert keys[1] == ("violation", "agreement-level-mismatch", EX + "agr")
    order = ["dependency-cycle", "agreement-level-mismatch", *WARNING_RULES]
    ranked = [(f.severity != "violation", order.index(f.rule), f.node) for f in findings]
    assert ranked == sorted(ranked)
    # s, t and u have levels but nothing else
    assert [(r, n) for _sev, r, n in keys[2:]] == [
        (rule, EX + s) for rule in WARNING_RULES[1:] for s in ("s", "t", "u")
    ]


#: strongly connected groups holding a self-loop and a longer cycle, in several orders
SELF_LOOP_GROUPS = (
    ":a stsm:dependsOn :b . :b stsm:dependsOn :a, :b .",
    ":b stsm:dependsOn :a, :b . :a stsm:dependsOn :b .",
    ":b stsm:dependsOn :b, :a . :a stsm:dependsOn :b .",
    ":a stsm:dependsOn :a, :b . :b stsm:dependsOn :a .",
    ":a a stsm:StandardService ; stsm:dependsOn :b . "
    ":b a stsm:StandardService ; stsm:dependsOn :a, :b .",
    ":s0 a stsm:StandardService ; stsm:dependsOn :s1 . "
    ":s1 a stsm:StandardService ; stsm:dependsOn :s0, :s1 .",
)


def test_cycle_is_a_real_cycle_and_the_same_on_every_store() -> None:
    problems = []
    for turtle in SELF_LOOP_GROUPS:
        spelt = {}
        for store in ("memory", "oxigraph"):
            p = make_portfolio(store)
            p.parse(
                f"@prefix stsm: <https://w3id.org/stsm#> .\n@prefix : <{EX}> .\n" + turtle,
                format="turtle",
            )
            (f,) = cycles(p)
            edges = set(zip(f.cycle, f.cycle[1:], strict=False))
            links = {
                (str(s), str(o))
                for s, o in p.select("SELECT ?s ?o WHERE { ?s stsm:dependsOn ?o }").rows
            }
            if not (f.cycle[0] == f.cycle[-1] == f.node and len(f.cycle) >= 2 and edges <= links):
                problems.append((store, turtle, f.cycle))
            spelt[store] = f.cycle
        if spelt["memory"] != spelt["oxigraph"]:
            problems.append(("memory != oxigraph", turtle, spelt))
    assert problems == []
