"""Need-level facts shared by coverage and the unmet / partially met analyses."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from stsm_graph.analysis._common import ACTIVE, iri, number, run, text, truth
from stsm_graph.namespace import STSM

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = ["NeedFacts", "RequirementFacts", "effective_status", "need_facts"]


@dataclass
class RequirementFacts:
    """One level requirement of a need and what active covering services offer for it."""

    requirement: str
    metric: str
    required: Decimal
    unit: str | None
    comparator: str
    met: bool = False
    #: (service, offered target, offered unit) on the same metric
    offers: list[tuple[str, Decimal, str | None]] = field(default_factory=list)

    def best_offer(self) -> Decimal | None:
        """Return the best offered target in the requirement's unit, if any."""
        same = [o for _s, o, u in self.offers if u == self.unit]
        if not same:
            return None
        return max(same) if self.comparator == str(STSM.AtLeast) else min(same)

    def mismatched_units(self) -> list[str]:
        """Return the offered units on this metric that differ from the required unit."""
        return sorted({u or "" for _s, _o, u in self.offers if u != self.unit})


@dataclass
class NeedFacts:
    """A need that is not retired: its label, covering active services and requirements."""

    need: str
    label: str
    services: set[str] = field(default_factory=set)
    requirements: dict[str, RequirementFacts] = field(default_factory=dict)

    @property
    def covered(self) -> bool:
        """Return whether at least one active service addresses the need."""
        return bool(self.services)

    @property
    def fully_met(self) -> bool:
        """Return whether the need is covered and every level requirement is met."""
        return self.covered and all(r.met for r in self.requirements.values())


def effective_status(service: str, status: str | None, assume: Mapping[str, str]) -> str:
    """Return a service's status IRI: the assumed one, else the stated one, else active."""
    return assume.get(service) or iri(status) or ACTIVE


def need_facts(
    portfolio: Portfolio, *, assume: Mapping[str, str] | None = None
) -> dict[str, NeedFacts]:
    """Return the facts of every need that is not retired, keyed by IRI.

    Parameters
    ----------
    portfolio
        The portfolio.
    assume
        Statuses to assume instead of the stated ones, service or need IRI -> status IRI
        (what-if analyses: nothing in the portfolio changes).
    """
    assume = assume or {}
    retired = str(STSM.Retired)
    facts: dict[str, NeedFacts] = {}
    for need, label, service, status in run(portfolio, "need_coverage"):
        key = iri(need)
        if key is None or assume.get(key) == retired:
            continue
        f = facts.get(key)
        if f is None:
            f = facts[key] = NeedFacts(key, text(label, key))
        svc = iri(service)
        if svc is not None and effective_status(svc, status, assume) == ACTIVE:
            f.services.add(svc)
    offers: dict[tuple[str, str], set[tuple[str, Decimal, str | None]]] = defaultdict(set)
    for row in run(portfolio, "level_checks"):
        need, req, metric, required, unit, comparator, service, status = row[:8]
        offered, o_unit, meets = row[9:12]
        key, rkey = iri(need), iri(req)
        required_value = number(required)
        if key is None or key not in facts or rkey is None or required_value is None:
            continue
        r = facts[key].requirements.get(rkey)
        if r is None:
            r = facts[key].requirements[rkey] = RequirementFacts(
                rkey,
                text(metric),
                required_value,
                text(unit) if unit is not None else None,
                text(comparator),
            )
        svc, offered_value = iri(service), number(offered)
        if svc is None or effective_status(svc, status, assume) != ACTIVE:
            continue
        if offered_value is not None:
            offers[(key, rkey)].add(
                (svc, offered_value, text(o_unit) if o_unit is not None else None)
            )
        if truth(meets):
            r.met = True
    for (key, rkey), found in offers.items():
        facts[key].requirements[rkey].offers = sorted(found, key=lambda o: (o[0], o[1]))
    return facts
