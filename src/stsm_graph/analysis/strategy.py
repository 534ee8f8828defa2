"""The strategic analyses at once (STSM SG 1), and their stable JSON form.

Demand per service and retirement candidates (:mod:`~stsm_graph.analysis.demand`), shared
needs, capability fit and evidence gaps (:mod:`~stsm_graph.analysis.fit`), and the view of
each customer and end user (:mod:`~stsm_graph.analysis.stakeholders`); ``docs/analyses.md``
says what each rule means, ``docs/strategy.schema.json`` is the JSON contract.

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> p = Portfolio()
>>> p.add(model.Customer(id="c", label="C", has_need=["n"]), model.Need(id="n", label="N"),
...       model.StandardService(id="s", label="S", addresses=["n"]))
>>> report = strategy(p)
>>> sorted(report.to_json())  # doctest: +NORMALIZE_WHITESPACE
['capability_fit', 'demand', 'evidence', 'retirement_candidates', 'shared_needs',
 'stakeholders', 'thresholds']
>>> [(c.label, c.reasons) for c in report.retirement_candidates]
[('S', ('no-agreement',))]
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from stsm_graph.analysis._common import Finding, bulk
from stsm_graph.analysis._needs import NeedFacts
from stsm_graph.analysis.demand import (
    RetirementCandidate,
    ServiceDemand,
    Threshold,
    demand_and_candidates,
)
from stsm_graph.analysis.fit import (
    CapabilityFit,
    EvidenceGaps,
    SharedNeed,
    capability_fit,
    evidence_gaps,
    shared_needs,
)
from stsm_graph.analysis.stakeholders import StakeholderView, stakeholder_views
from stsm_graph.analysis.summary import _jsonable as jsonable

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = ["StrategyReport", "strategy"]


class StrategyReport(Finding):
    """Every strategic analysis of a portfolio, with the thresholds it was asked with."""

    demand: tuple[ServiceDemand, ...]
    shared_needs: tuple[SharedNeed, ...]
    capability_fit: CapabilityFit
    retirement_candidates: tuple[RetirementCandidate, ...]
    evidence: EvidenceGaps
    stakeholders: tuple[StakeholderView, ...]
    usage_below: Threshold | None = None
    satisfaction_below: Threshold | None = None
    periods: int = 4

    @property
    def candidates(self) -> tuple[SharedNeed, ...]:
        """Return the shared needs no active service addresses, in rank order."""
        return tuple(s for s in self.shared_needs if s.candidate)

    def to_json(self) -> dict[str, Any]:
        """Return the report in its documented JSON form (``docs/strategy.schema.json``)."""
        data: dict[str, Any] = jsonable(
            self.model_dump(exclude={"usage_below", "satisfaction_below", "periods"})
        )
        data["thresholds"] = jsonable(
            {
                "usage_below": self.usage_below and self.usage_below.model_dump(),
                "satisfaction_below": self.satisfaction_below
                and self.satisfaction_below.model_dump(),
                "periods": self.periods,
            }
        )
        return data


@bulk
def strategy(
    portfolio: Portfolio,
    *,
    usage_below: Threshold | Decimal | float | str | None = None,
    satisfaction_below: Threshold | Decimal | float | str | None = None,
    periods: int = 4,
    stakeholder: str | None = None,
    facts: Mapping[str, NeedFacts] | None = None,
) -> StrategyReport:
    """Run every strategic analysis on the portfolio.

    Parameters
    ----------
    portfolio
        The portfolio.
    usage_below, satisfaction_below
        Thresholds of the retirement candidates: a service whose latest usage
        (satisfaction) value is below one is a candidate; ``None`` leaves the reason out.
        A number applies to every series; text such as ``"35000 pages per month"`` only to
        the series in that unit (see :class:`~stsm_graph.analysis.Threshold`).
    periods
        How many of the latest periods a measurement trend is read over (at least 2).
    stakeholder
        The IRI of the one customer or end user to view; every one when ``None``.
    facts
        The need facts already computed (:func:`~stsm_graph.analysis.coverage_facts`), when
        other analyses of the same portfolio share them; by default they are read here.

    Raises
    ------
    ValueError
        If ``periods`` is below 2, or a threshold is text not starting with a number.
    UnknownNodeError
        If ``stakeholder`` is not a customer or end user of the portfolio.
    """
    demand, candidates = demand_and_candidates(
        portfolio, periods=periods, usage_below=usage_below, satisfaction_below=satisfaction_below
    )
    return StrategyReport(
        demand=demand,
        shared_needs=shared_needs(portfolio),
        capability_fit=capability_fit(portfolio),
        retirement_candidates=candidates,
        evidence=evidence_gaps(portfolio),
        stakeholders=stakeholder_views(portfolio, stakeholder, facts=facts),
        usage_below=Threshold.of(usage_below),
        satisfaction_below=Threshold.of(satisfaction_below),
        periods=periods,
    )
