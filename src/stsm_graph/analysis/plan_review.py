"""Reviewing the standard service plans: consistency findings and a roadmap (STSM SP 1.2).

Each plan is simulated (:func:`~stsm_graph.analysis.simulate_plan`), checked, and laid out as
a roadmap. The checks, each a ``rule``:

- ``retire-only-coverage``: a retire action targets the only active service covering a need,
  and no add action of the plan targets a service that addresses the need;
- ``unjustified-add``: an add action is justified by nothing (``stsm:justifiedBy``);
- ``unknown-target``: an action targets a node that is not a standard service of the
  portfolio;
- ``retired-target``: an action targets a service already retired;
- ``unaddressed-objective``: no active service supports a strategic objective, and no plan
  action addresses it (is justified by it, or adds or revises a service supporting it);
- ``planned-not-brought-in``: a planned service that no add action of any plan targets.

The first four are about one plan's actions; the last two about the portfolio and all its
plans, reported once. The *roadmap* of a plan groups its actions by phase (actions with no
phase first, as if due now), each in the order they apply (:func:`action_order`: target
date, then priority), with the coverage figures after each phase: the plan's actions up to
it assumed, as :func:`simulate_plan` assumes them all, so the last step's figures are the
simulation's.

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> p = Portfolio()
>>> p.add(model.Need(id="n", label="Mail"),
...       model.StandardService(id="old", label="Old mail", addresses=["n"]),
...       model.StandardService(id="new", label="New mail", status="Planned", addresses=["n"]),
...       model.StandardServicePlan(id="plan", label="2027", has_action=["a", "r"]),
...       model.PlanAction(id="a", label="Add new", action_kind="AddService", targets=["new"],
...                        phase=1),
...       model.PlanAction(id="r", label="Retire old", action_kind="RetireService",
...                        targets=["old"], phase=2))
>>> review = plan_review(p)
>>> [(f.rule, f.label) for f in review.findings()]
[('unjustified-add', 'Add new')]
>>> [(s.phase, s.coverage.covered) for s in review.plans[0].roadmap]
[(1, 1), (2, 1)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from rdflib import URIRef

from stsm_graph.analysis._common import PLANNED, RETIRED, Finding, Row, bulk, keep_smallest, run
from stsm_graph.analysis._needs import NeedFacts, _facts, need_facts, stated_status
from stsm_graph.analysis.coverage import (
    PortfolioCoverage,
    _objectives,
    coverage,
    portfolio_totals,
)
from stsm_graph.analysis.plans import (
    _KINDS,
    PlanActionRef,
    PlanSimulation,
    action_order,
    simulate_plan,
)
from stsm_graph.analysis.summary import _jsonable as jsonable
from stsm_graph.vocabulary.namespace import STSM

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = [
    "PLAN_RULES",
    "PlanAssessment",
    "PlanFinding",
    "PlanReview",
    "RoadmapStep",
    "plan_review",
]

PlanRule = Literal[
    "retire-only-coverage",
    "unjustified-add",
    "unknown-target",
    "retired-target",
    "unaddressed-objective",
    "planned-not-brought-in",
]
#: the consistency rules, in the order findings are listed
PLAN_RULES: tuple[str, ...] = PlanRule.__args__  # type: ignore[attr-defined]
_ADD, _RETIRE = str(STSM.AddService), str(STSM.RetireService)


class PlanFinding(Finding):
    """An inconsistency of a plan (or of the plans): the node, the actions involved, why."""

    rule: PlanRule
    node: str
    label: str
    actions: tuple[str, ...]
    message: str
    practice: str = "STSM SP 1.2"


class RoadmapStep(Finding):
    """One phase of a roadmap: its actions in order, and the coverage once they are done."""

    phase: int | None
    actions: tuple[PlanActionRef, ...]
    coverage: PortfolioCoverage


class PlanAssessment(Finding):
    """One plan: its simulation, the findings about its actions, and its roadmap."""

    plan: str
    label: str
    simulation: PlanSimulation
    findings: tuple[PlanFinding, ...]
    roadmap: tuple[RoadmapStep, ...]


class PlanReview(Finding):
    """Every plan reviewed, and the findings about the portfolio's plans as a whole."""

    plans: tuple[PlanAssessment, ...]
    #: ``unaddressed-objective`` and ``planned-not-brought-in``, reported once
    portfolio_findings: tuple[PlanFinding, ...]

    def findings(self) -> tuple[PlanFinding, ...]:
        """Return every finding: each plan's in plan order, then the portfolio's."""
        return (*(f for p in self.plans for f in p.findings), *self.portfolio_findings)

    @property
    def consistent(self) -> bool:
        """Return whether no rule found anything."""
        return not self.findings()

    def to_json(self) -> dict[str, Any]:
        """Return the review in its documented JSON form (``docs/plan.schema.json``)."""
        data: dict[str, Any] = jsonable(self.model_dump(mode="json"))
        data["consistent"] = self.consistent
        return data


class _Facts:
    """The portfolio's plan facts (``plan_review.rq``), gathered in one query."""

    def __init__(self, portfolio: Portfolio) -> None:
        self.statuses: dict[str, set[str | None]] = defaultdict(set)
        self.labels: dict[str, str] = {}
        self.added: set[str] = set()
        self.objectives_addressed: set[str] = set()
        self.plans: set[str] = set()
        for what, node, status, label in run(portfolio, "plan_review"):
            if node is None:
                continue
            if what == "service":
                self.statuses[node].add(status)
            elif what == "added":
                self.added.add(node)
            elif what == "objective-addressed":
                self.objectives_addressed.add(node)
            elif what == "plan":
                self.plans.add(node)
            if what in ("service", "plan"):
                keep_smallest(self.labels, node, label)

    def status(self, service: str) -> str | None:
        return stated_status(self.statuses[service]) if service in self.statuses else None


def _action_findings(
    actions: tuple[PlanActionRef, ...], facts: _Facts, before: Mapping[str, NeedFacts]
) -> list[PlanFinding]:
    out: list[PlanFinding] = []
    only: dict[str, list[str]] = defaultdict(list)  # service -> needs it alone covers
    for need, f in before.items():
        if len(f.services) == 1:
            only[next(iter(f.services))].append(need)
    added = {t for a in actions if a.kind == _ADD for t in a.targets}
    for a in actions:
        if a.kind == _RETIRE:
            for target in a.targets:
                for need in sorted(only[target]):
                    if not added & before[need].addressed_by:
                        out.append(_finding("retire-only-coverage", need, before[need].label, a))
        if a.kind == _ADD and not a.justified_by:
            out.append(_finding("unjustified-add", a.action, a.label, a))
        for target in a.targets:
            label = facts.labels.get(target, target)
            if target not in facts.statuses:
                out.append(_finding("unknown-target", target, target, a))
            elif facts.status(target) == RETIRED:
                out.append(_finding("retired-target", target, label, a))
    return out


_MESSAGES = {
    "retire-only-coverage": "action {action} retires the only active service covering need "
    "{label}, and no add action of the plan brings in a service addressing it",
    "unjustified-add": "add action {label} is justified by no need, objective or evidence",
    "unknown-target": "action {action} targets {label}, which is not a standard service",
    "retired-target": "action {action} targets service {label}, which is already retired",
    "unaddressed-objective": "no active service supports objective {label}, and no plan "
    "action addresses it",
    "planned-not-brought-in": "planned service {label} is brought in by no add action",
}


def _finding(
    rule: PlanRule, node: str, label: str, action: PlanActionRef | None = None
) -> PlanFinding:
    said = _MESSAGES[rule].format(label=repr(label), action=repr(action.label) if action else "")
    return PlanFinding(
        rule=rule, node=node, label=label, actions=(action.action,) if action else (), message=said
    )


def _roadmap(
    portfolio: Portfolio, sim: PlanSimulation, rows: dict[str, list[Row]]
) -> tuple[RoadmapStep, ...]:
    """Return the plan's actions by phase, with the coverage totals after each phase.

    The rows the totals come from (``need_coverage``, ``level_checks``,
    ``objective_support``) do not depend on the statuses assumed: they are read once into
    ``rows`` (shared by every plan of a review), and each phase's totals are built from them
    in Python by the functions ``need_facts`` and ``coverage`` build theirs with. No query per
    phase; the last phase is the simulation's own answer.
    """
    phases: dict[int | None, list[PlanActionRef]] = defaultdict(list)
    for a in sorted(sim.actions, key=action_order):
        phases[a.phase].append(a)
    assume: dict[str, str] = {}
    steps = []
    for n, (phase, done) in enumerate(phases.items(), 1):  # no phase first, then ascending
        for a in done:
            status = _KINDS.get(a.kind or "")
            if status is not None:
                assume.update(dict.fromkeys(a.targets, status))
        if n == len(phases):  # every action assumed: the simulation's own figures
            figures = sim.whatif.coverage_after.portfolio
        else:
            for name in _ROADMAP_ROWS:
                if name not in rows:
                    rows[name] = run(portfolio, name)
            facts = _facts(rows["need_coverage"], rows["level_checks"], assume)
            support = _objectives(portfolio, assume, rows["objective_support"])[0]
            figures = portfolio_totals(facts, support)
        steps.append(RoadmapStep(phase=phase, actions=tuple(done), coverage=figures))
    return tuple(steps)


_ROADMAP_ROWS = ("need_coverage", "level_checks", "objective_support")


@bulk
def plan_review(portfolio: Portfolio, plan: str | URIRef | None = None) -> PlanReview:
    """Simulate, check and lay out the standard service plans of the portfolio.

    Parameters
    ----------
    portfolio
        The portfolio (not modified).
    plan
        One plan (an IRI, a prefixed name or its exact label); every plan when ``None``.

    Raises
    ------
    UnknownNodeError
        If ``plan`` is not in the portfolio.
    """
    facts = _Facts(portfolio)
    plans = sorted(facts.plans) if plan is None else [str(portfolio.resolve(str(plan)))]
    before = need_facts(portfolio)
    assessed = []
    objectives: tuple[Any, ...] = ()
    rows: dict[str, list[Row]] = {}  # what every roadmap reads, read once
    for p in plans:
        sim = simulate_plan(portfolio, p, facts=before)
        objectives = sim.whatif.coverage_before.objectives
        assessed.append(
            PlanAssessment(
                plan=p,
                label=facts.labels.get(p, p),
                simulation=sim,
                findings=tuple(_action_findings(sim.actions, facts, before)),
                roadmap=_roadmap(portfolio, sim, rows),
            )
        )
    if not plans:
        objectives = coverage(portfolio, facts=before).objectives
    overall = [
        _finding("unaddressed-objective", o.objective, o.label)
        for o in objectives
        if not o.supported and o.objective not in facts.objectives_addressed
    ] + [
        _finding("planned-not-brought-in", s, facts.labels.get(s, s))
        for s in sorted(facts.statuses)
        if facts.status(s) == PLANNED and s not in facts.added
    ]
    return PlanReview(plans=tuple(assessed), portfolio_findings=tuple(overall))
