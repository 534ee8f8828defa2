"""Unmet and partially met needs.

A need that is not retired is *unmet* when no active standard service addresses it; each
comes with its stakeholders and anything in the pipeline that would address it: planned
services addressing it, and plan actions (other than retire actions) that target a service
addressing it or are justified by it. A *partially met* need is covered, but some level
requirement is met by no covering active service: each gap names the metric, the required
target, the best target offered in a comparable unit (in the required unit; or none) and the
comparator. Units of one dimension (time, ratio, data size) are converted ("24 hours" meets
"at most 2 days"); a level in a unit that cannot be compared does not meet the requirement
and is reported in ``mismatched_units``.

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> p = Portfolio()
>>> p.add(model.Need(id="n1", label="Fast restores", requires_level=["r"]),
...       model.LevelRequirement(id="r", label="RTO", metric="rto", target_value=4, unit="h",
...                              comparator="AtMost"),
...       model.StandardService(id="s", label="Backup", addresses=["n1"],
...                             has_service_level=["l"]),
...       model.ServiceLevel(id="l", label="RTO 8h", metric="rto", target_value=8, unit="h",
...                          comparator="AtMost"),
...       model.Need(id="n2", label="Archive"))
>>> [u.label for u in unmet_needs(p)]
['Archive']
>>> gap = partially_met_needs(p)[0].gaps[0]
>>> gap.metric, gap.required, gap.offered
('rto', Decimal('4'), Decimal('8'))
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING

from stsm_graph.analysis._common import Finding, bulk, iri, keep_smallest, run
from stsm_graph.analysis._needs import NeedFacts, gap_candidate_facts

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = ["LevelGap", "PartiallyMetNeed", "UnmetNeed", "partially_met_needs", "unmet_needs"]


class UnmetNeed(Finding):
    """A need no active standard service addresses."""

    need: str
    label: str
    stakeholders: tuple[str, ...]
    planned_services: tuple[str, ...]
    plan_actions: tuple[str, ...]
    reason: str
    practice: str = "STSM SP 1.1"


class LevelGap(Finding):
    """One level requirement of a covered need that no covering active service meets."""

    requirement: str
    metric: str
    required: Decimal
    offered: Decimal | None
    comparator: str
    unit: str | None
    mismatched_units: tuple[str, ...]


class PartiallyMetNeed(Finding):
    """A covered need with at least one level gap."""

    need: str
    label: str
    services: tuple[str, ...]
    gaps: tuple[LevelGap, ...]
    reason: str
    practice: str = "STSM SP 2.1"


@bulk
def unmet_needs(portfolio: Portfolio) -> tuple[UnmetNeed, ...]:
    """Return the needs (not retired) that no active standard service addresses, by IRI."""
    groups: dict[str, dict[str, set[str]]] = defaultdict(
        lambda: {"stakeholders": set(), "planned": set(), "actions": set()}
    )
    labels: dict[str, str] = {}
    for need, label, who, planned, action in run(portfolio, "unmet_needs"):
        key = iri(need)
        if key is None:
            continue
        keep_smallest(labels, key, label)
        g = groups[key]
        for name, term in (("stakeholders", who), ("planned", planned), ("actions", action)):
            value = iri(term)
            if value is not None:
                g[name].add(value)
    out = []
    for key in sorted(groups):
        g = groups[key]
        pipeline = ""
        if g["planned"] or g["actions"]:
            pipeline = (
                f"; {len(g['planned'])} planned service(s) and "
                f"{len(g['actions'])} plan action(s) would address it"
            )
        out.append(
            UnmetNeed(
                need=key,
                label=labels.get(key, key),
                stakeholders=tuple(sorted(g["stakeholders"])),
                planned_services=tuple(sorted(g["planned"])),
                plan_actions=tuple(sorted(g["actions"])),
                reason="no active standard service addresses this need" + pipeline,
            )
        )
    return tuple(out)


@bulk
def partially_met_needs(
    portfolio: Portfolio, *, facts: dict[str, NeedFacts] | None = None
) -> tuple[PartiallyMetNeed, ...]:
    """Return covered needs with a level requirement no covering active service meets.

    Parameters
    ----------
    portfolio
        The portfolio.
    facts
        Need facts already computed (see :func:`stsm_graph.analysis.need_facts`); when not
        given, only the needs that may be partially met are read (``gap_candidates.rq``, then
        ``need_details.rq`` for those; every need's on the memory store), by the same rules.

    Returns
    -------
    tuple of PartiallyMetNeed
        Sorted by IRI; each need's gaps sorted by requirement IRI.
    """
    facts = gap_candidate_facts(portfolio) if facts is None else facts
    out = []
    for key in sorted(facts):
        f = facts[key]
        if not f.covered or f.fully_met:
            continue
        gaps = []
        for rkey in sorted(f.requirements):
            r = f.requirements[rkey]
            if r.met:
                continue
            gaps.append(
                LevelGap(
                    requirement=r.requirement,
                    metric=r.metric,
                    required=r.required,
                    offered=r.best_offer(),
                    comparator=r.comparator,
                    unit=r.unit,
                    mismatched_units=tuple(r.mismatched_units()),
                )
            )
        metrics = ", ".join(g.metric for g in gaps)
        out.append(
            PartiallyMetNeed(
                need=key,
                label=f.label,
                services=tuple(sorted(f.services)),
                gaps=tuple(gaps),
                reason="covered, but no covering active service meets the required level of "
                + metrics,
            )
        )
    return tuple(out)
