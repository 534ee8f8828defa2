"""Hypothesis strategies for the analysis tests: small random portfolios, with a plain oracle.

``portfolio_specs()`` draws a :class:`Spec`: stakeholders holding needs (some planned or
retired), strategic objectives, service lines, services of every status with random
``addresses``, ``supports`` and ``dependsOn`` links (cycles included), service levels and level
requirements on a few metrics and units (boundary values included), and plan actions of every
kind. ``Spec.entities()`` turns it into :mod:`stsm_graph.authoring.model` entities for
``Portfolio.add``; the other methods state what docs/analyses.md says the answers are, in
plain Python, so that the tests can compare the SPARQL analyses with them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import networkx as nx
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from stores_under_test import make_portfolio

from stsm_graph import Portfolio
from stsm_graph.authoring import model

BASE = "https://example.org/h/"


def example_settings(max_examples: int = 25) -> settings:
    """Hypothesis settings for tests that build a portfolio per example (slow, and large)."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.function_scoped_fixture,
        ],
    )


STATUSES = (None, "Planned", "Active", "Retired")
METRICS = ("availability", "rto")
UNITS = (None, "%", "h")
COMPARATORS = ("AtLeast", "AtMost")
#: few values, so that offered and required targets often meet exactly at the limit
TARGETS = tuple(Decimal(v) for v in ("1", "4", "4.0", "4.5", "99.9", "99.95", "100"))
ACTION_KINDS = (None, "AddService", "ReviseService", "RetireService")


@dataclass(frozen=True)
class Level:
    """A service level or a level requirement."""

    id: str
    metric: str
    target: Decimal
    unit: str | None
    comparator: str

    def meets(self, required: Level) -> bool:
        """Tell whether this offered level meets ``required`` (same metric and unit)."""
        if (self.metric, self.unit) != (required.metric, required.unit):
            return False
        if required.comparator == "AtLeast":
            return self.target >= required.target
        return self.target <= required.target


@dataclass(frozen=True)
class NeedSpec:
    id: str
    status: str | None
    requirements: tuple[Level, ...]


@dataclass(frozen=True)
class ServiceSpec:
    id: str
    status: str | None
    addresses: tuple[str, ...]
    supports: tuple[str, ...]
    depends_on: tuple[str, ...]
    levels: tuple[Level, ...]
    lines: tuple[str, ...]

    @property
    def active(self) -> bool:
        return self.status in (None, "Active")


@dataclass(frozen=True)
class ActionSpec:
    id: str
    kind: str | None
    targets: tuple[str, ...]
    justified_by: tuple[str, ...]


@dataclass(frozen=True)
class Spec:
    """A drawn portfolio, and the answers docs/analyses.md gives for it."""

    stakeholders: tuple[tuple[str, str, tuple[str, ...]], ...]
    needs: tuple[NeedSpec, ...]
    objectives: tuple[str, ...]
    lines: tuple[str, ...]
    services: tuple[ServiceSpec, ...]
    actions: tuple[ActionSpec, ...] = field(default=())

    # ------------------------------------------------------------------ building
    def entities(self) -> list[model.Entity]:
        """Return the portfolio as model entities (ids relative to the default base)."""
        out: list[model.Entity] = []
        for sid, kind, held in self.stakeholders:
            cls = model.Customer if kind == "Customer" else model.EndUser
            out.append(cls(id=sid, label=f"Stakeholder {sid}", has_need=list(held)))
        for n in self.needs:
            out.append(
                model.Need(
                    id=n.id,
                    label=f"Need {n.id}",
                    status=n.status,
                    requires_level=[r.id for r in n.requirements],
                )
            )
            out.extend(level(model.LevelRequirement, r) for r in n.requirements)
        out.extend(model.StrategicObjective(id=o, label=f"Objective {o}") for o in self.objectives)
        out.extend(model.ServiceLine(id=s, label=f"Line {s}") for s in self.lines)
        for s in self.services:
            out.append(service_entity(s))
            out.extend(level(model.ServiceLevel, lv) for lv in s.levels)
        if self.actions:
            out.append(
                model.StandardServicePlan(
                    id="plan", label="Plan", has_action=[a.id for a in self.actions]
                )
            )
        for a in self.actions:
            out.append(
                model.PlanAction(
                    id=a.id,
                    label=f"Action {a.id}",
                    action_kind=a.kind,
                    targets=list(a.targets),
                    justified_by=list(a.justified_by),
                )
            )
        return out

    # ------------------------------------------------------------------ the oracle
    def in_scope(self) -> set[str]:
        return {n.id for n in self.needs if n.status != "Retired"}

    def covering(self, need: str) -> list[ServiceSpec]:
        return [s for s in self.services if s.active and need in s.addresses]

    def covered(self) -> set[str]:
        return {n for n in self.in_scope() if self.covering(n)}

    def fully_met(self) -> set[str]:
        out = set()
        for n in self.needs:
            if n.id not in self.covered():
                continue
            offers = [lv for s in self.covering(n.id) for lv in s.levels]
            if all(any(o.meets(r) for o in offers) for r in n.requirements):
                out.add(n.id)
        return out

    def planned_services(self, need: str) -> set[str]:
        return {s.id for s in self.services if s.status == "Planned" and need in s.addresses}

    def plan_actions(self, need: str) -> set[str]:
        addressing = {s.id for s in self.services if need in s.addresses}
        return {
            a.id
            for a in self.actions
            if a.kind != "RetireService" and (need in a.justified_by or addressing & set(a.targets))
        }

    def supported(self) -> set[str]:
        return {
            o for o in self.objectives if any(s.active and o in s.supports for s in self.services)
        }

    def dependency_graph(self) -> nx.DiGraph:
        """The ``dependsOn`` links between services: an edge dependant -> dependency."""
        g = nx.DiGraph()
        g.add_nodes_from(s.id for s in self.services)
        g.add_edges_from((s.id, d) for s in self.services for d in s.depends_on)
        return g


def level(cls: type[model.ServiceLevel] | type[model.LevelRequirement], lv: Level) -> model.Entity:
    return cls(
        id=lv.id,
        label=f"Level {lv.id}",
        metric=lv.metric,
        target_value=lv.target,
        unit=lv.unit,
        comparator=lv.comparator,
    )


def service_entity(s: ServiceSpec) -> model.StandardService:
    return model.StandardService(
        id=s.id,
        label=f"Service {s.id}",
        status=s.status,
        addresses=list(s.addresses),
        supports=list(s.supports),
        depends_on=list(s.depends_on),
        has_service_level=[lv.id for lv in s.levels],
        in_service_line=list(s.lines),
    )


def subsets(items: list[str], max_size: int = 3) -> st.SearchStrategy[tuple[str, ...]]:
    if not items:
        return st.just(())
    return st.lists(st.sampled_from(items), max_size=max_size, unique=True).map(tuple)


@st.composite
def levels(draw: st.DrawFn, prefix: str, max_size: int = 2) -> tuple[Level, ...]:
    count = draw(st.integers(0, max_size))
    return tuple(
        Level(
            id=f"{prefix}-{i}",
            metric=draw(st.sampled_from(METRICS)),
            target=draw(st.sampled_from(TARGETS)),
            unit=draw(st.sampled_from(UNITS)),
            comparator=draw(st.sampled_from(COMPARATORS)),
        )
        for i in range(count)
    )


@st.composite
def portfolio_specs(draw: st.DrawFn) -> Spec:
    """Draw a small random portfolio (see the module docstring)."""
    need_ids = [f"n{i}" for i in range(draw(st.integers(0, 6)))]
    objective_ids = [f"o{i}" for i in range(draw(st.integers(0, 3)))]
    line_ids = [f"line{i}" for i in range(draw(st.integers(0, 2)))]
    service_ids = [f"s{i}" for i in range(draw(st.integers(0, 6)))]
    needs = tuple(
        NeedSpec(n, draw(st.sampled_from(STATUSES)), draw(levels(f"r{n}"))) for n in need_ids
    )
    stakeholders = tuple(
        (
            f"who{i}",
            draw(st.sampled_from(("Customer", "EndUser"))),
            draw(subsets(need_ids, 4)),
        )
        for i in range(draw(st.integers(0, 3)))
    )
    services = tuple(
        ServiceSpec(
            id=s,
            status=draw(st.sampled_from(STATUSES)),
            addresses=draw(subsets(need_ids)),
            supports=draw(subsets(objective_ids, 2)),
            depends_on=draw(subsets(service_ids, 2)),
            levels=draw(levels(f"l{s}", 3)),
            lines=draw(subsets(line_ids, 1)),
        )
        for s in service_ids
    )
    actions = tuple(
        ActionSpec(
            id=f"act{i}",
            kind=draw(st.sampled_from(ACTION_KINDS)),
            targets=draw(subsets(service_ids, 2)),
            justified_by=draw(subsets(need_ids, 2)),
        )
        for i in range(draw(st.integers(0, 2)))
    )
    return Spec(stakeholders, needs, tuple(objective_ids), tuple(line_ids), services, actions)


@st.composite
def extra_services(draw: st.DrawFn, spec: Spec) -> ServiceSpec:
    """Draw an active service addressing one or more of ``spec``'s needs, with full IRIs."""
    addresses = draw(
        st.lists(st.sampled_from([n.id for n in spec.needs]), min_size=1, max_size=3, unique=True)
    )
    lvls = tuple(
        Level(BASE + lv.id, lv.metric, lv.target, lv.unit, lv.comparator)
        for lv in draw(levels("extra-level", 2))
    )
    return ServiceSpec(
        id=BASE + "extra-service",
        status=draw(st.sampled_from((None, "Active"))),
        addresses=tuple(BASE + n for n in addresses),
        supports=tuple(BASE + o for o in draw(subsets(list(spec.objectives), 2))),
        depends_on=(),
        levels=lvls,
        lines=(),
    )


def load(spec: Spec, store: str) -> Portfolio:
    """Return a new portfolio on the store ``store`` holding the entities of ``spec``."""
    p = make_portfolio(store)
    entities = spec.entities()
    if entities:
        p.add(*entities, base=BASE)
    return p
