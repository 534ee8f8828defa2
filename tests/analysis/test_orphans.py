"""Orphaned services: known answers on small hand-built portfolios, per store."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import URIRef

from stsm_graph import Portfolio
from stsm_graph.analysis import orphaned_services
from stsm_graph.vocabulary.namespace import STSM

EX = "https://example.org/t/"
Build = Callable[[str], Portfolio]


def orphans(p: Portfolio) -> dict[str, str]:
    return {o.service: o.status for o in orphaned_services(p)}


BASE = """
    :n a stsm:Need ; rdfs:label "N" .
    :o a stsm:StrategicObjective ; rdfs:label "O" .
"""


def test_service_addressing_a_need_or_supporting_an_objective_is_not_orphaned(
    build: Build,
) -> None:
    p = build(
        BASE
        + """
        :a a stsm:StandardService ; rdfs:label "A" ; stsm:addresses :n .
        :b a stsm:StandardService ; rdfs:label "B" ; stsm:supports :o .
        """
    )
    assert orphans(p) == {}


def test_service_justified_only_through_a_dependant_is_not_orphaned(build: Build) -> None:
    p = build(
        BASE
        + """
        :front a stsm:StandardService ; rdfs:label "Front" ; stsm:addresses :n ;
            stsm:dependsOn :db .
        :db a stsm:StandardService ; rdfs:label "Database" .
        """
    )
    assert orphans(p) == {}


def test_chain_of_two_depends_on_hops(build: Build) -> None:
    p = build(
        BASE
        + """
        :front a stsm:StandardService ; rdfs:label "Front" ; stsm:supports :o ;
            stsm:dependsOn :middle .
        :middle a stsm:StandardService ; rdfs:label "Middle" ; stsm:dependsOn :bottom .
        :bottom a stsm:StandardService ; rdfs:label "Bottom" .
        """
    )
    assert orphans(p) == {}


def test_walk_goes_through_services_only(build: Build) -> None:
    # dependsOn is followed backwards through services; a service system in between does
    # not carry the trace (docs/analyses.md: "through services that are not retired")
    p = build(
        BASE
        + """
        :front a stsm:StandardService ; rdfs:label "Front" ; stsm:addresses :n ;
            stsm:dependsOn :sys .
        :sys a stsm:ServiceSystem ; rdfs:label "Sys" ; stsm:dependsOn :bottom .
        :bottom a stsm:StandardService ; rdfs:label "Bottom" .
        """
    )
    assert orphans(p) == {EX + "bottom": str(STSM.Active)}


def test_a_dependency_does_not_justify_its_dependant(build: Build) -> None:
    # the trace runs from the services that depend on a service, never the other way
    p = build(
        BASE
        + """
        :print a stsm:StandardService ; rdfs:label "Print" ; stsm:dependsOn :desk .
        :desk a stsm:StandardService ; rdfs:label "Desk" ; stsm:addresses :n .
        """
    )
    assert orphans(p) == {EX + "print": str(STSM.Active)}


def test_unrelated_orphans_in_a_chain(build: Build) -> None:
    p = build(
        """
        :top a stsm:StandardService ; rdfs:label "Top" ; stsm:dependsOn :mid .
        :mid a stsm:StandardService ; rdfs:label "Mid" ; stsm:dependsOn :low .
        :low a stsm:StandardService ; rdfs:label "Low" .
        """
    )
    assert sorted(orphans(p)) == [EX + "low", EX + "mid", EX + "top"]


def test_dependency_cycle_without_a_trace_is_orphaned(build: Build) -> None:
    p = build(
        """
        :a a stsm:StandardService ; rdfs:label "A" ; stsm:dependsOn :b .
        :b a stsm:StandardService ; rdfs:label "B" ; stsm:dependsOn :a .
        """
    )
    assert sorted(orphans(p)) == [EX + "a", EX + "b"]


def test_planned_orphan_is_reported_as_planned(build: Build) -> None:
    p = build(':p a stsm:StandardService ; rdfs:label "Planned" ; stsm:status stsm:Planned .')
    (o,) = orphaned_services(p)
    assert (o.service, o.label, o.status) == (EX + "p", "Planned", str(STSM.Planned))
    assert o.practice == "STSM SP 1.2"


def test_retired_orphan_like_service_is_not_reported(build: Build) -> None:
    p = build(':x a stsm:StandardService ; rdfs:label "Old" ; stsm:status stsm:Retired .')
    assert orphans(p) == {}


@pytest.mark.parametrize("status", ["", "stsm:status stsm:Active ;"])
def test_orphan_without_status_is_active(build: Build, status: str) -> None:
    p = build(f':s a stsm:StandardService ; {status} rdfs:label "Fax gateway" .')
    (o,) = orphaned_services(p)
    assert (o.service, o.label, o.status) == (EX + "s", "Fax gateway", str(STSM.Active))
    assert o.reason


def test_service_addressing_only_a_retired_need_is_orphaned(build: Build) -> None:
    p = build(
        """
        :old a stsm:Need ; rdfs:label "Old" ; stsm:status stsm:Retired .
        :a a stsm:StandardService ; rdfs:label "A" ; stsm:addresses :old .
        :b a stsm:StandardService ; rdfs:label "B" ; stsm:dependsOn :a ; stsm:addresses :old .
        """
    )
    assert sorted(orphans(p)) == [EX + "a", EX + "b"]


def test_planned_need_justifies(build: Build) -> None:
    p = build(
        """
        :future a stsm:Need ; rdfs:label "Future" ; stsm:status stsm:Planned .
        :a a stsm:StandardService ; rdfs:label "A" ; stsm:addresses :future .
        """
    )
    assert orphans(p) == {}


def test_retired_dependant_justifies_nothing(build: Build) -> None:
    p = build(
        """
        :n a stsm:Need ; rdfs:label "N" .
        :front a stsm:StandardService ; rdfs:label "Front" ; stsm:status stsm:Retired ;
            stsm:addresses :n ; stsm:dependsOn :db .
        :db a stsm:StandardService ; rdfs:label "Database" .
        """
    )
    assert orphans(p) == {EX + "db": str(STSM.Active)}


def test_walk_does_not_pass_through_a_retired_service(build: Build) -> None:
    p = build(
        """
        :n a stsm:Need ; rdfs:label "N" .
        :front a stsm:StandardService ; rdfs:label "Front" ; stsm:addresses :n ;
            stsm:dependsOn :middle .
        :middle a stsm:StandardService ; rdfs:label "Middle" ; stsm:status stsm:Retired ;
            stsm:dependsOn :bottom .
        :bottom a stsm:StandardService ; rdfs:label "Bottom" .
        """
    )
    assert orphans(p) == {EX + "bottom": str(STSM.Active)}


def test_planned_dependant_justifies(build: Build) -> None:
    p = build(
        """
        :n a stsm:Need ; rdfs:label "N" .
        :finops a stsm:StandardService ; rdfs:label "FinOps" ; stsm:status stsm:Planned ;
            stsm:addresses :n ; stsm:dependsOn :hosting .
        :hosting a stsm:StandardService ; rdfs:label "Hosting" .
        """
    )
    assert orphans(p) == {}


def test_orphans_are_sorted_by_iri_and_unique(build: Build) -> None:
    p = build(
        """
        :zz a stsm:StandardService ; rdfs:label "A" , "Another label" .
        :aa a stsm:StandardService ; rdfs:label "Z" .
        """
    )
    assert [o.service for o in orphaned_services(p)] == [EX + "aa", EX + "zz"]


def test_justified_through_a_traced_service_that_depends_on_several(build: Build) -> None:
    """Only an untraced service that no traced one depends on (via live services) is orphaned."""
    p = build(
        BASE
        + """
        :front a stsm:StandardService ; rdfs:label "Front" ; stsm:addresses :n ;
            stsm:dependsOn :mid .
        :mid a stsm:StandardService ; rdfs:label "Mid" ; stsm:dependsOn :db , :cache .
        :cache a stsm:StandardService ; rdfs:label "Cache" ; stsm:status stsm:Retired .
        :lone a stsm:StandardService ; rdfs:label "Lone" ; stsm:dependsOn :db2 .
        :db a stsm:StandardService ; rdfs:label "DB" .
        :db2 a stsm:StandardService ; rdfs:label "DB2" .
        """
    )
    assert orphans(p) == {EX + "lone": str(STSM.Active), EX + "db2": str(STSM.Active)}


def test_an_orphan_with_two_labels_is_named_by_the_smallest(build: Build) -> None:
    p = build(BASE + ':x a stsm:StandardService ; rdfs:label "Zed" , "Alpha" .')
    nothing = {"urn:example:none": str(STSM.Retired)}
    assert [o.label for o in orphaned_services(p)] == ["Alpha"]
    assert [o.label for o in orphaned_services(p, assume=nothing)] == ["Alpha"]


def test_an_orphan_without_a_label_is_named_by_its_iri(build: Build) -> None:
    p = build(BASE + ":x a stsm:StandardService .")
    assert [o.label for o in orphaned_services(p)] == [EX + "x"]


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ("stsm:Active , stsm:Planned", str(STSM.Planned)),
        ("stsm:Active , stsm:Retired", None),
        ("stsm:Planned , stsm:Retired", None),
    ],
)
def test_two_stated_statuses_agree_on_both_ways(
    build: Build, statuses: str, expected: str | None
) -> None:
    """Two statuses are refused at load; in a store that holds them already (written there by
    another tool), retired, then planned, wins, whatever the way."""
    first, second = statuses.split(" , ")
    p = build(BASE + f':x a stsm:StandardService ; rdfs:label "X" ; stsm:status {first} .')
    p.store.add_triples([(URIRef(EX + "x"), STSM.status, STSM[second.removeprefix("stsm:")])])
    nothing = {"urn:example:none": str(STSM.Retired)}
    want = {} if expected is None else {EX + "x": expected}
    assert orphans(p) == want
    assert {o.service: o.status for o in orphaned_services(p, assume=nothing)} == want
