"""What retiring would cost: needs that become unmet or lose their full level, orphans, coverage.

:func:`whatif` compares the portfolio as it is with the same portfolio under assumed statuses;
nothing in the portfolio changes. :func:`retiring` is the what-if of an impact analysis with
``retire=True`` (:func:`stsm_graph.analysis.impact`): the changed nodes are taken out of
service together with every service their change reaches. It is always the whole consequence
of retiring: a depth given to the impact analysis cuts its list of affected nodes, never the
services taken out (a service depending on a retired one cannot run, however far away); when
it cut the list, the what-if's ``reach`` summarises everything the change reaches. It also
lists the planned launches the retirement blocks (``blocked_launches``: planned services the
change reaches, which depend on what is retired and so cannot come into service) and the plan
actions that would bring those services in (``blocked_plan_actions``: add actions targeting
one).

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> p = Portfolio()
>>> p.add(model.StandardService(id="svc", label="Backup", addresses=["n"]),
...       model.Need(id="n", label="Restores"))
>>> w = whatif(p, {"https://example.org/portfolio/svc": "https://w3id.org/stsm#Retired"})
>>> [n.label for n in w.newly_unmet_needs]
['Restores']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import Field

from stsm_graph.analysis._common import (
    ACTIVE,
    PLANNED,
    RETIRED,
    Finding,
    bulk,
    keep_smallest,
    run,
)
from stsm_graph.analysis._needs import NeedFacts, labels_and_statuses, need_facts
from stsm_graph.analysis.coverage import (
    CoverageReport,
    ObjectiveCoverage,
    PortfolioCoverage,
    StakeholderCoverage,
    coverage,
)
from stsm_graph.analysis.impact_summary import ImpactSummary
from stsm_graph.analysis.orphans import orphaned_services
from stsm_graph.vocabulary.namespace import STSM
from stsm_graph.vocabulary.tables import RETIRABLE

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = [
    "BlockedAction",
    "BlockedLaunch",
    "CoverageSnapshot",
    "NeedRef",
    "WhatIf",
    "retiring",
    "whatif",
]


class NeedRef(Finding):
    """A need named by IRI and label."""

    need: str
    label: str


class BlockedLaunch(Finding):
    """A planned service that cannot come into service: it depends on what is retired."""

    service: str
    label: str
    #: the add actions (of any plan) that bring it in, sorted
    actions: tuple[str, ...] = ()


class BlockedAction(Finding):
    """A plan action that brings in a planned service the retirement blocks."""

    action: str
    label: str
    #: the plans holding the action, sorted
    plans: tuple[str, ...]
    #: the blocked services it targets, sorted
    services: tuple[str, ...]


class CoverageSnapshot(Finding):
    """Coverage per stakeholder and objective, and the portfolio totals, at one moment."""

    stakeholders: tuple[StakeholderCoverage, ...]
    objectives: tuple[ObjectiveCoverage, ...]
    portfolio: PortfolioCoverage

    @classmethod
    def of(cls, report: CoverageReport) -> CoverageSnapshot:
        """Take the snapshot of a coverage report."""
        return cls(
            stakeholders=report.stakeholders,
            objectives=report.objectives,
            portfolio=report.portfolio,
        )


class WhatIf(Finding):
    """What taking some services (and needs, objectives) out of service would cost."""

    taken_out_of_service: tuple[str, ...]
    newly_unmet_needs: tuple[NeedRef, ...]
    lost_full_level_needs: tuple[NeedRef, ...]
    newly_orphaned_services: tuple[str, ...]
    coverage_before: CoverageSnapshot
    coverage_after: CoverageSnapshot
    #: stakeholder -> its needs that become unmet (only stakeholders losing some)
    unmet_by_stakeholder: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    #: everything the change reaches, when a depth cut the affected list: the what-if takes
    #: out every service the change reaches, whatever the depth (``None``: no depth given)
    reach: ImpactSummary | None = None
    #: the retire what-if only (impact with ``retire=True``): planned services the change
    #: reaches (not the changed nodes themselves), sorted by IRI; empty for other what-ifs
    blocked_launches: tuple[BlockedLaunch, ...] = ()
    #: the retire what-if only: the add actions bringing in a blocked launch, sorted by IRI
    blocked_plan_actions: tuple[BlockedAction, ...] = ()


def retiring(portfolio: Portfolio, changed: list[str], types: Mapping[str, str | None]) -> WhatIf:
    """Take the changed nodes and every service their change reaches out of service.

    Services already retired stay as they are; planned ones can no longer come into service
    (they are assumed retired) but are not counted as taken out of service.
    """
    seen = labels_and_statuses(run(portfolio, "services"), {})
    status = {s: st for s, (_label, st) in seen.items()}
    out_of_service = {
        n
        for n, t in types.items()
        if (t == str(STSM.StandardService) and status.get(n) != RETIRED)
        or (n in changed and t in _RETIRABLE)
    }
    assume = {n: RETIRED for n in out_of_service}
    result = whatif(
        portfolio,
        assume,
        taken_out=sorted(n for n in out_of_service if status.get(n) == ACTIVE),
    )
    planned = {n for n in out_of_service if status.get(n) == PLANNED and n not in changed}
    if not planned:
        return result
    launches, actions = _blocked(portfolio, {n: seen[n][0] for n in planned})
    return result.model_copy(update={"blocked_launches": launches, "blocked_plan_actions": actions})


def _blocked(
    portfolio: Portfolio, planned: Mapping[str, str]
) -> tuple[tuple[BlockedLaunch, ...], tuple[BlockedAction, ...]]:
    """Return the blocked launches (planned service -> label) and the add actions for them."""
    labels: dict[str, str] = {}
    plans: dict[str, set[str]] = defaultdict(set)
    brings: dict[str, set[str]] = defaultdict(set)
    for plan, action, label, kind, target, *_rest in run(portfolio, "plan_actions"):
        if action is None or kind != _ADD or target is None or target not in planned:
            continue
        keep_smallest(labels, action, label)
        brings[action].add(target)
        if plan is not None:
            plans[action].add(plan)
    by_service: dict[str, set[str]] = defaultdict(set)
    for action, services in brings.items():
        for service in services:
            by_service[service].add(action)
    launches = tuple(
        BlockedLaunch(service=s, label=planned[s], actions=tuple(sorted(by_service[s])))
        for s in sorted(planned)
    )
    actions = tuple(
        BlockedAction(
            action=a,
            label=labels.get(a, a),
            plans=tuple(sorted(plans[a])),
            services=tuple(sorted(brings[a])),
        )
        for a in sorted(brings)
    )
    return launches, actions


_RETIRABLE = frozenset(str(STSM) + c for c in RETIRABLE)
_ADD = str(STSM.AddService)


@bulk
def whatif(
    portfolio: Portfolio,
    assume: Mapping[str, str],
    *,
    taken_out: Sequence[str] = (),
    facts: Mapping[str, NeedFacts] | None = None,
) -> WhatIf:
    """Compare the portfolio as it is with the same portfolio under assumed statuses.

    Parameters
    ----------
    portfolio
        The portfolio (not modified).
    assume
        Service, need or objective IRI -> the status IRI to assume (``stsm:Retired`` takes
        a node out; ``stsm:Active`` puts a planned service in service).
    taken_out
        The services reported as taken out of service.
    facts
        The portfolio's need facts as it is, when the caller already has them.
    """
    before_facts = dict(facts) if facts is not None else need_facts(portfolio)
    after_facts = need_facts(portfolio, assume=assume)
    before = coverage(portfolio, facts=before_facts)
    after = coverage(portfolio, facts=after_facts, assume=assume)
    orphans_before = {o.service for o in orphaned_services(portfolio)}
    orphans_after = {o.service for o in orphaned_services(portfolio, assume=assume)}
    newly_unmet = _needs(before_facts, after_facts, lambda b, a: b.covered and not a.covered)
    return WhatIf(
        taken_out_of_service=tuple(taken_out),
        newly_unmet_needs=newly_unmet,
        unmet_by_stakeholder=_holders(portfolio, {n.need for n in newly_unmet}),
        lost_full_level_needs=_needs(
            before_facts, after_facts, lambda b, a: b.fully_met and a.covered and not a.fully_met
        ),
        newly_orphaned_services=tuple(sorted(orphans_after - orphans_before)),
        coverage_before=CoverageSnapshot.of(before),
        coverage_after=CoverageSnapshot.of(after),
    )


def _needs(
    before: Mapping[str, NeedFacts],
    after: Mapping[str, NeedFacts],
    test: Any,
) -> tuple[NeedRef, ...]:
    return tuple(
        NeedRef(need=k, label=before[k].label)
        for k in sorted(before)
        if k in after and test(before[k], after[k])
    )


def _holders(portfolio: Portfolio, needs: set[str]) -> dict[str, tuple[str, ...]]:
    """Return each stakeholder holding some of ``needs``, with those needs (sorted)."""
    if not needs:
        return {}
    held: dict[str, set[str]] = defaultdict(set)
    for who, _kind, _label, need in run(portfolio, "stakeholder_needs"):
        if who is not None and need in needs:
            held[who].add(need)
    return {k: tuple(sorted(v)) for k, v in sorted(held.items())}
