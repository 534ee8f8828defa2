"""The service catalog: known answers on small hand-built portfolios (every store), and
invariants over random portfolios (Hypothesis)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from stores_under_test import make_portfolio
from strategies import portfolios

from stsm_graph import Portfolio, model
from stsm_graph.analysis import Catalog, CatalogService, service_catalog

from .strategies import example_settings

EX = "https://example.org/t/"
Build = Callable[[str], Portfolio]

RICH = """
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    :cat a stsm:ServiceCatalog ; rdfs:label "Our catalog" ;
        <http://purl.org/dc/terms/description> "What we offer." ; stsm:lists :backup .
    :infra a stsm:ServiceLine ; rdfs:label "Infrastructure" .
    :work a stsm:ServiceLine ; rdfs:label "Workplace" .
    :backup a stsm:StandardService ; rdfs:label "Backup" ; stsm:inServiceLine :infra, :work ;
        <http://purl.org/dc/terms/description> "Nightly backup." ;
        stsm:hasServiceLevel :rpo ; stsm:hasCriticalAttribute :immutable ;
        stsm:hasElement :snap, :m365 ; stsm:hasVariationPoint :retention ;
        stsm:hasTailoringCriterion :regulated ; stsm:requiresCapability :cap ;
        stsm:deliveredBy :platform .
    :rpo a stsm:ServiceLevel ; rdfs:label "Daily recovery point" ; stsm:metric "rpo" ;
        stsm:targetValue 24 ; stsm:unit "hours" ; stsm:comparator stsm:AtMost .
    :immutable a stsm:CriticalAttribute ; rdfs:label "Immutable copy" ; stsm:metric "rpo" .
    :snap a stsm:ServiceElement ; rdfs:label "Snapshot" ; stsm:variability stsm:CommonPart .
    :m365 a stsm:ServiceElement ; rdfs:label "M365 add-on" ; stsm:variability stsm:VariablePart .
    :retention a stsm:VariationPoint ; rdfs:label "Retention" ;
        stsm:allowedValue "7 years", "10 years" ; stsm:defaultValue "7 years" .
    :regulated a stsm:TailoringCriterion ; rdfs:label "Regulated data" ;
        stsm:appliesTo :retention .
    :cap a stsm:Capability ; rdfs:label "Recovery engineering" .
    :platform a stsm:ServiceSystem ; rdfs:label "Platform" ; stsm:hasComponent :vault, :old .
    :vault a stsm:ServiceSystemComponent ; rdfs:label "Vault" ;
        stsm:componentKind stsm:Infrastructure .
    :old a stsm:ServiceSystemComponent ; rdfs:label "Old vault" ; stsm:status stsm:Retired .
    :forCustomers a stsm:ServiceDescription ; rdfs:label "Backup (catalog entry)" ;
        <http://purl.org/dc/terms/description> "Your data, safe." ;
        stsm:describes :backup ; stsm:audience stsm:CustomerAudience .
    :forStaff a stsm:ServiceDescription ; rdfs:label "Backup (runbook)" ;
        stsm:describes :backup ; stsm:audience stsm:ProviderAudience .
    :tpl a stsm:SLATemplate ; rdfs:label "Backup SLA" ; stsm:templateFor :backup .
    :acme a stsm:Customer ; rdfs:label "Acme" .
    :agr a stsm:ServiceAgreement ; rdfs:label "Acme backup" ; stsm:withCustomer :acme ;
        stsm:forService :backup ; stsm:basedOnTemplate :tpl .
    :ended a stsm:ServiceAgreement ; rdfs:label "Ended" ; stsm:withCustomer :acme ;
        stsm:forService :backup ; stsm:status stsm:Retired .
    :finops a stsm:StandardService ; rdfs:label "FinOps" ; stsm:status stsm:Planned ;
        stsm:inServiceLine :infra .
    :plan a stsm:StandardServicePlan ; rdfs:label "Plan 2027" ; stsm:hasAction :add, :later .
    :add a stsm:PlanAction ; rdfs:label "Add FinOps" ; stsm:actionKind stsm:AddService ;
        stsm:targets :finops ; stsm:targetDate "2027-03-01"^^xsd:date .
    :later a stsm:PlanAction ; rdfs:label "Add FinOps again" ; stsm:actionKind stsm:AddService ;
        stsm:targets :finops ; stsm:targetDate "2028-01-01"^^xsd:date .
    :fax a stsm:StandardService ; rdfs:label "Fax" ; stsm:status stsm:Retired ;
        stsm:inServiceLine :work .
    :loose a stsm:StandardService ; rdfs:label "Loose" .
"""


def one(cat: Catalog, label: str) -> CatalogService:
    (found,) = [s for s in cat.services() if s.label == label]
    return found


def test_customer_catalog_lists_active_by_line_and_planned_as_coming(build: Build) -> None:
    cat = service_catalog(build(RICH), audience="customer")
    assert (cat.title, cat.intro) == ("Our catalog", "What we offer.")
    shape = [
        (ln.label, [s.label for s in ln.services], [s.label for s in ln.coming]) for ln in cat.lines
    ]
    # a service in two lines is listed under the first by label; the retired one not at all
    assert shape == [
        ("Infrastructure", ["Backup"], ["FinOps"]),
        ("Other services", ["Loose"], []),
    ]
    backup = one(cat, "Backup")
    assert backup.other_lines == ("Workplace",)
    assert backup.summary == "Nightly backup."
    assert backup.described
    assert [(d.label, d.text, d.audience) for d in backup.descriptions] == [
        ("Backup (catalog entry)", "Your data, safe.", "customer")
    ]
    (level,) = backup.levels
    assert (level.label, level.metric, level.target, level.unit, level.comparator) == (
        "Daily recovery point",
        "rpo",
        Decimal(24),
        "hours",
        "at most",
    )
    assert [(a.label, a.metric) for a in backup.attributes] == [("Immutable copy", "rpo")]
    assert [(e.label, e.optional) for e in backup.elements] == [
        ("M365 add-on", True),
        ("Snapshot", False),
    ]
    (point,) = backup.variations
    assert (point.allowed_values, point.default_value, point.criteria) == (
        ("10 years", "7 years"),
        "7 years",
        (),
    )
    # the customer sees nothing of how it is delivered
    assert (backup.systems, backup.capabilities, backup.criteria, backup.agreements) == ((),) * 4


def test_planned_service_is_coming_with_the_earliest_add_date(build: Build) -> None:
    finops = one(service_catalog(build(RICH), audience="customer"), "FinOps")
    assert finops.status == "planned"
    assert finops.expected == "2027-03-01"
    assert [(p.label, p.plan_label, p.target_date) for p in finops.planned_by] == [
        ("Add FinOps", "Plan 2027", "2027-03-01"),
        ("Add FinOps again", "Plan 2027", "2028-01-01"),
    ]
    assert not finops.described


def test_provider_catalog_adds_delivery_and_agreements_in_force(build: Build) -> None:
    backup = one(service_catalog(build(RICH), audience="provider"), "Backup")
    assert [d.audience for d in backup.descriptions] == ["customer", "provider"]
    assert backup.described
    (system,) = backup.systems
    assert (system.label, system.status) == ("Platform", "active")
    assert [(c.label, c.kind, c.status) for c in system.components] == [
        ("Old vault", None, "retired"),
        ("Vault", "Infrastructure", "active"),
    ]
    assert [c.label for c in backup.capabilities] == ["Recovery engineering"]
    assert [c.label for c in backup.criteria] == ["Regulated data"]
    assert backup.variations[0].criteria == ("Regulated data",)
    assert [t.label for t in backup.templates] == ["Backup SLA"]
    # the retired agreement is not in force
    assert [(a.label, a.customers, a.template) for a in backup.agreements] == [
        ("Acme backup", ("Acme",), "Backup SLA")
    ]


def test_service_without_description_for_the_audience_is_listed_as_such(build: Build) -> None:
    p = build(
        """
        :s a stsm:StandardService ; rdfs:label "S" .
        :d a stsm:ServiceDescription ; rdfs:label "Runbook" ; stsm:describes :s ;
            stsm:audience stsm:ProviderAudience .
        """
    )
    customer = one(service_catalog(p, audience="customer"), "S")
    assert (customer.described, customer.descriptions) == (False, ())
    provider = one(service_catalog(p, audience="provider"), "S")
    assert provider.described
    assert [d.label for d in provider.descriptions] == ["Runbook"]


def test_empty_portfolio_has_an_empty_catalog(build: Build) -> None:
    cat = service_catalog(build(""), audience="customer")
    assert (cat.title, cat.lines) == (None, ())


def test_unknown_audience_is_refused() -> None:
    with pytest.raises(ValueError, match="audience must be 'customer' or 'provider'"):
        service_catalog(Portfolio(store="memory"), audience="partner")


# ------------------------------------------------------------------------------ invariants

examples = example_settings()


def shown(cat: Catalog) -> list[tuple[object, ...]]:
    """What both audiences show of each service (without the provider-only parts)."""
    return [
        (s.service, s.label, s.status, s.levels, s.attributes, s.elements, s.expected)
        for s in cat.services()
    ]


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
@examples
@given(doc=portfolios(max_entries=14))
def test_catalog_invariants(store: str, doc: model.PortfolioDocument) -> None:
    p = make_portfolio(store)
    p.add(*doc.entities(), base=doc.base)
    customer = service_catalog(p, audience="customer")
    provider = service_catalog(p, audience="provider")
    listed = [s.service for s in customer.services()]
    # every active or planned standard service is listed exactly once; no other is
    expected = {
        doc.base + s.id: ("planned" if s.status == model.Status.planned else "active")
        for s in doc.services
        if s.status in (None, model.Status.active, model.Status.planned)
    }
    assert sorted(listed) == sorted(expected)
    for line in customer.lines:
        assert all(s.status == "active" for s in line.services)
        assert all(s.status == "planned" for s in line.coming)
    for entry in customer.services():
        assert entry.status == expected[entry.service]
        assert entry.described == any(d.audience == "customer" for d in entry.descriptions)
        assert entry.systems == entry.agreements == ()
    # provider is a superset: the same services, showing the same, and more
    assert shown(provider) == shown(customer)
    for c, pr in zip(customer.services(), provider.services(), strict=True):
        assert set(c.descriptions) <= set(pr.descriptions)
    # the same answer on every store
    other = make_portfolio("memory" if store == "oxigraph" else "oxigraph")
    other.add(*doc.entities(), base=doc.base)
    assert service_catalog(other, audience="provider") == provider
