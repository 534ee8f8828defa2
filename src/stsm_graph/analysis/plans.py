"""Simulating a standard service plan: what its add, revise and retire actions would do.

The plan's actions are applied as assumed statuses, never written: an ``AddService`` action
puts its target services in service (``stsm:Active``), a ``RetireService`` action takes them
out (``stsm:Retired``), and a ``ReviseService`` action leaves their status as it is (a
revision changes a service's properties, which the plan does not spell out). The result
compares coverage before and after, and warns of the two failure modes SP 1.2 names:

- ``retire-leaves-need-unmet``: a retire action leaves a need unmet that no add action covers;
- ``obsolete-service-kept``: after the plan a service traces to no need and no objective,
  yet no retire action targets it (neglected obsolescence).

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> p = Portfolio()
>>> p.add(model.Need(id="n", label="Mail"),
...       model.StandardService(id="old", label="Old mail", addresses=["n"]),
...       model.StandardServicePlan(id="plan", label="2027", has_action=["a"]),
...       model.PlanAction(id="a", label="Retire old mail", action_kind="RetireService",
...                        targets=["old"]))
>>> sim = simulate_plan(p, "https://example.org/portfolio/plan")
>>> [w.rule for w in sim.warnings]
['retire-leaves-need-unmet']
>>> sim.whatif.coverage_after.portfolio.covered
0
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

from rdflib import URIRef

from stsm_graph.analysis._common import ACTIVE, RETIRED, Finding, bulk, iri, number, run, text
from stsm_graph.analysis._needs import NeedFacts, need_facts
from stsm_graph.analysis.whatif import WhatIf, whatif
from stsm_graph.vocabulary.namespace import STSM

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = ["PlanActionRef", "PlanSimulation", "PlanWarning", "action_order", "simulate_plan"]

_KINDS = {str(STSM.AddService): ACTIVE, str(STSM.RetireService): RETIRED}


class PlanActionRef(Finding):
    """One action of the plan as it was applied."""

    action: str
    label: str
    kind: str | None
    targets: tuple[str, ...]
    priority: int | None = None
    phase: int | None = None
    #: its ``stsm:targetDate`` (ISO 8601 text), if it has one
    target_date: str | None = None
    #: the needs, objectives or evidence it is justified by
    justified_by: tuple[str, ...] = ()


def action_order(action: PlanActionRef) -> tuple[bool, int, bool, str, bool, int, str]:
    """Return the key of the order a plan's actions apply in: the roadmap's order.

    By phase (an action with none first, as if it were due now), then target date, then
    priority (1 first; none last for both), then IRI; a later action on the same service
    overrides an earlier one.

    Examples
    --------
    >>> a = PlanActionRef(action="urn:a", label="A", kind=None, targets=(), phase=2)
    >>> b = PlanActionRef(action="urn:b", label="B", kind=None, targets=(), phase=1,
    ...                   target_date="2027-01-31")
    >>> c = PlanActionRef(action="urn:c", label="C", kind=None, targets=(), phase=1, priority=1)
    >>> [x.label for x in sorted([a, b, c], key=action_order)]
    ['B', 'C', 'A']
    """
    return (
        action.phase is not None,
        action.phase or 0,
        action.target_date is None,
        action.target_date or "",
        action.priority is None,
        action.priority or 0,
        action.action,
    )


class PlanWarning(Finding):
    """A failure mode of the plan: a need left unmet, or an obsolete service kept."""

    rule: Literal["retire-leaves-need-unmet", "obsolete-service-kept"]
    node: str
    label: str
    actions: tuple[str, ...]
    message: str
    practice: str = "STSM SP 1.2"


class PlanSimulation(Finding):
    """The plan's actions, the before-and-after figures, and the warnings."""

    plan: str
    actions: tuple[PlanActionRef, ...]
    whatif: WhatIf
    warnings: tuple[PlanWarning, ...]


@bulk
def simulate_plan(
    portfolio: Portfolio, plan: str | URIRef, *, facts: Mapping[str, NeedFacts] | None = None
) -> PlanSimulation:
    """Apply a plan's actions as assumptions and report what they would change.

    Parameters
    ----------
    portfolio
        The portfolio (not modified).
    plan
        The plan: an IRI, a prefixed name or its exact label.
    facts
        The portfolio's need facts as it is, when the caller already has them.

    Raises
    ------
    UnknownNodeError
        If the plan is not in the portfolio.
    """
    plan_iri = portfolio.resolve(str(plan))
    actions = _actions(portfolio, plan_iri)
    assume: dict[str, str] = {}
    for action in sorted(actions, key=action_order):
        status = _KINDS.get(action.kind or "")
        if status is not None:
            for target in action.targets:
                assume[target] = status
    taken_out = sorted(s for s, st in assume.items() if st == RETIRED)
    before = dict(facts) if facts is not None else need_facts(portfolio)
    result = whatif(portfolio, assume, taken_out=taken_out, facts=before)
    warnings = _unmet_warnings(before, actions, result)
    warnings += _obsolete_warnings(portfolio, actions, assume)
    return PlanSimulation(
        plan=str(plan_iri), actions=tuple(actions), whatif=result, warnings=tuple(warnings)
    )


def _actions(portfolio: Portfolio, plan: URIRef) -> list[PlanActionRef]:
    found: dict[str, dict[str, object]] = {}
    targets: dict[str, set[str]] = defaultdict(set)
    reasons: dict[str, set[str]] = defaultdict(set)
    for _plan, action, label, kind, target, priority, phase, date, justified in run(
        portfolio, "plan_actions", plan=plan
    ):
        key = iri(action)
        if key is None:
            continue
        pr, ph = number(priority), number(phase)
        found.setdefault(
            key,
            {
                "action": key,
                "label": text(label, key),
                "kind": iri(kind),
                "priority": int(pr) if pr is not None else None,
                "phase": int(ph) if ph is not None else None,
                "target_date": date,
            },
        )
        if iri(target) is not None:
            targets[key].add(str(target))
        if iri(justified) is not None:
            reasons[key].add(str(justified))
    return [
        PlanActionRef(
            **found[k],  # type: ignore[arg-type]
            targets=tuple(sorted(targets[k])),
            justified_by=tuple(sorted(reasons[k])),
        )
        for k in sorted(found)
    ]


def _unmet_warnings(
    before: Mapping[str, NeedFacts], actions: list[PlanActionRef], result: WhatIf
) -> list[PlanWarning]:
    if not result.newly_unmet_needs:
        return []
    retire_actions = [a for a in actions if a.kind == str(STSM.RetireService)]
    out = []
    for need in result.newly_unmet_needs:
        services = before[need.need].services
        blamed = tuple(a.action for a in retire_actions if services & set(a.targets))
        out.append(
            PlanWarning(
                rule="retire-leaves-need-unmet",
                node=need.need,
                label=need.label,
                actions=blamed,
                message=f"retiring {', '.join(sorted(services))} leaves need {need.label!r} "
                "unmet, and no add action covers it",
            )
        )
    return out


def _obsolete_warnings(
    portfolio: Portfolio, actions: list[PlanActionRef], assume: dict[str, str]
) -> list[PlanWarning]:
    from stsm_graph.analysis.orphans import orphaned_services

    out = []
    for orphan in orphaned_services(portfolio, assume=assume):
        out.append(
            PlanWarning(
                rule="obsolete-service-kept",
                node=orphan.service,
                label=orphan.label,
                actions=tuple(a.action for a in actions if orphan.service in a.targets),
                message=f"after the plan, service {orphan.label!r} traces to no need and no "
                "objective, yet no retire action targets it",
            )
        )
    return out
