"""Demand per standard service, and the services that are candidates to retire.

*Demand* (STSM SP 1.1): for each standard service that is not retired, the customers, end
users, agreements and needs it serves, and its satisfaction and usage over time. A service
*serves* the needs in scope it addresses (``in-scope`` of ``ontology/rules.sparql``), the
stakeholders holding them, the agreements for it that are not retired and their customers.
Measurements make one series per kind (satisfaction, usage) and unit: values in different
units are never mixed. Several measurements of a series on the same date count as their
mean; a measurement without a date has no place in a series and is left out. Of each series
the analysis gives the latest value, its change from the period before, and the trend over
the last ``periods`` periods: the sign of the least-squares slope through them (``rising``,
``falling``, ``steady``, or ``single`` when there is one period).

*Retirement candidates* (STSM SP 1.2): active services with no agreement (that is not
retired), whose latest usage or satisfaction is below a threshold the caller sets, or that
address needs but none in scope (only retired ones). Each carries all its reasons.

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> p = Portfolio()
>>> p.add(model.Customer(id="c", label="C", has_need=["n"]), model.Need(id="n", label="N"),
...       model.StandardService(id="s", label="S", addresses=["n"]),
...       model.Measurement(id="m1", label="Q1", kind="UsageMeasurement", measures=["s"],
...                         value=10, date="2025-03-31"),
...       model.Measurement(id="m2", label="Q2", kind="UsageMeasurement", measures=["s"],
...                         value=7, date="2025-06-30"))
>>> d = service_demand(p)[0]
>>> d.label, [c.rsplit("/", 1)[1] for c in d.customers], d.usage[0].latest, d.usage[0].trend
('S', ['c'], Decimal('7'), 'falling')
>>> [c.reasons for c in retirement_candidates(p, usage_below=8)]
[('no-agreement', 'low-usage')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from stsm_graph.analysis._common import Finding, Row, bulk, keep_smallest, number, run
from stsm_graph.vocabulary.namespace import STSM

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = [
    "RETIREMENT_REASONS",
    "MeasurementTrend",
    "Threshold",
    "RetirementCandidate",
    "ServiceDemand",
    "retirement_candidates",
    "service_demand",
]

#: the reasons a service is a retirement candidate, in the order they are reported
RETIREMENT_REASONS = ("no-agreement", "low-usage", "low-satisfaction", "only-retired-needs")

_KINDS = {str(STSM.SatisfactionMeasurement): "satisfaction", str(STSM.UsageMeasurement): "usage"}


class MeasurementTrend(Finding):
    """One series of measurements of a service: one kind, one unit, oldest period first."""

    kind: str
    unit: str | None
    #: the dates of the periods (ISO), oldest first
    periods: tuple[str, ...]
    #: the value of each period (the mean of the measurements taken that day)
    values: tuple[Decimal, ...]
    latest: Decimal
    latest_date: str
    #: the latest value minus the one of the period before (``None``: one period only)
    change: Decimal | None
    #: over the last periods: ``rising``, ``falling``, ``steady`` or ``single``
    trend: str


class ServiceDemand(Finding):
    """What a standard service that is not retired serves, and how it is used and rated."""

    service: str
    label: str
    active: bool
    customers: tuple[str, ...]
    end_users: tuple[str, ...]
    agreements: tuple[str, ...]
    needs: tuple[str, ...]
    satisfaction: tuple[MeasurementTrend, ...]
    usage: tuple[MeasurementTrend, ...]
    practice: str = "STSM SP 1.1"


class RetirementCandidate(Finding):
    """An active service that may no longer earn its place: its reasons and why each holds."""

    service: str
    label: str
    #: rule names, in the order of :data:`RETIREMENT_REASONS`
    reasons: tuple[str, ...]
    #: one explanation per reason
    why: tuple[str, ...]
    practice: str = "STSM SP 1.2"


def trend_of(
    kind: str, unit: str | None, points: Iterable[tuple[str, Decimal]], periods: int
) -> MeasurementTrend:
    """Summarise one series of (date, value) points; ``periods`` the window of the trend.

    Examples
    --------
    >>> t = trend_of("usage", "TB", [("2025-06-30", Decimal(5)), ("2025-03-31", Decimal(3)),
    ...                              ("2025-06-30", Decimal(7))], 4)
    >>> t.periods, t.values, t.change, t.trend
    (('2025-03-31', '2025-06-30'), (Decimal('3'), Decimal('6')), Decimal('3'), 'rising')
    """
    by_date: dict[str, list[Decimal]] = defaultdict(list)
    for date, value in points:
        by_date[date].append(value)
    dates = sorted(by_date)
    values = tuple(sum(by_date[d], Decimal(0)) / len(by_date[d]) for d in dates)
    window = values[-max(periods, 2) :]
    # the least-squares slope through (i, v_i) has the sign of sum((2i - (n - 1)) * v_i)
    slope = sum(((2 * i - (len(window) - 1)) * v for i, v in enumerate(window)), Decimal(0))
    trend = (
        "single"
        if len(window) == 1
        else "rising"
        if slope > 0
        else "falling"
        if slope < 0
        else "steady"
    )
    return MeasurementTrend(
        kind=kind,
        unit=unit,
        periods=tuple(dates),
        values=values,
        latest=values[-1],
        latest_date=dates[-1],
        change=values[-1] - values[-2] if len(values) > 1 else None,
        trend=trend,
    )


def _trends(rows: Iterable[Row], periods: int) -> dict[str, list[MeasurementTrend]]:
    """Return each service's series (from ``service_measurements.rq``), by kind then unit."""
    series: dict[tuple[str, str, str | None], list[tuple[str, Decimal]]] = defaultdict(list)
    for service, kind, _m, value, unit, date in rows:
        v = number(value)
        if service is None or kind not in _KINDS or v is None or date is None:
            continue
        series[(service, _KINDS[kind], unit)].append((date, v))
    out: dict[str, list[MeasurementTrend]] = defaultdict(list)
    for (service, kind, unit), points in sorted(
        series.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or "")
    ):
        out[service].append(trend_of(kind, unit, points, periods))
    return out


class _Facts:
    """What ``service_demand.rq`` says of the services, gathered by kind of fact."""

    def __init__(self, rows: Iterable[Row]) -> None:
        self.labels: dict[str, str] = {}
        self.live: set[str] = set()
        self.active: set[str] = set()
        self.of: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        customer, end_user = str(STSM.Customer), str(STSM.EndUser)
        holder_types: dict[str, set[str]] = defaultdict(set)
        holders: dict[str, set[str]] = defaultdict(set)
        for service, what, node, kind in rows:
            if service is None:
                continue
            if what == "service":
                self.live.add(service)
                keep_smallest(self.labels, service, node)
            elif what == "active":
                self.active.add(service)
            elif what == "holder" and node is not None:
                holders[service].add(node)
                if kind in (customer, end_user):
                    holder_types[node].add(kind)
            elif node is not None and what is not None:
                self.of[service][what].add(node)
        for service, mine in holders.items():
            for h in mine:
                if customer in holder_types[h]:
                    self.of[service]["customer"].add(h)
                elif end_user in holder_types[h]:
                    self.of[service]["end-user"].add(h)

    def get(self, service: str, what: str) -> tuple[str, ...]:
        return tuple(sorted(self.of.get(service, {}).get(what, ())))


def _demand_of(
    facts: _Facts, trends: dict[str, list[MeasurementTrend]]
) -> tuple[ServiceDemand, ...]:
    out = []
    for s in sorted(facts.live):
        mine = trends.get(s, [])
        out.append(
            ServiceDemand(
                service=s,
                label=facts.labels.get(s, s),
                active=s in facts.active,
                customers=facts.get(s, "customer"),
                end_users=facts.get(s, "end-user"),
                agreements=facts.get(s, "agreement"),
                needs=facts.get(s, "need"),
                satisfaction=tuple(t for t in mine if t.kind == "satisfaction"),
                usage=tuple(t for t in mine if t.kind == "usage"),
            )
        )
    return tuple(out)


@bulk
def service_demand(portfolio: Portfolio, *, periods: int = 4) -> tuple[ServiceDemand, ...]:
    """Return the demand of every standard service that is not retired, sorted by IRI.

    Parameters
    ----------
    portfolio
        The portfolio.
    periods
        How many of the latest periods the trend is read over (at least 2).

    Raises
    ------
    ValueError
        If ``periods`` is below 2.
    """
    demand, _found = demand_and_candidates(
        portfolio, periods=periods, usage_below=None, satisfaction_below=None
    )
    return demand


def _low(series: Sequence[MeasurementTrend], below: Threshold | None, what: str) -> str | None:
    if below is None:
        return None
    low = [t for t in series if below.catches(t)]
    if not low:
        return None
    parts = [f"{t.latest}{' ' + t.unit if t.unit else ''} on {t.latest_date}" for t in low]
    return f"latest {what} {', '.join(parts)} below {below}"


def candidates_of(
    demand: Sequence[ServiceDemand],
    addressed: dict[str, bool],
    *,
    usage_below: Threshold | None,
    satisfaction_below: Threshold | None,
) -> tuple[RetirementCandidate, ...]:
    """Return the retirement candidates among ``demand``.

    ``addressed`` maps each service that addresses something to whether any of it is a
    need in scope.
    """
    out = []
    for d in demand:
        if not d.active:
            continue
        found: list[tuple[str, str]] = []
        if not d.agreements:
            found.append(("no-agreement", "no agreement in force is for it"))
        usage = _low(d.usage, usage_below, "usage")
        if usage:
            found.append(("low-usage", usage))
        rating = _low(d.satisfaction, satisfaction_below, "satisfaction")
        if rating:
            found.append(("low-satisfaction", rating))
        if addressed.get(d.service) is False:
            found.append(("only-retired-needs", "every need it addresses is retired"))
        if found:
            out.append(
                RetirementCandidate(
                    service=d.service,
                    label=d.label,
                    reasons=tuple(r for r, _w in found),
                    why=tuple(w for _r, w in found),
                )
            )
    return tuple(out)


def _addressed(facts: _Facts) -> dict[str, bool]:
    """Return, for each service that addresses something, whether a need in scope is among it."""
    return {s: bool(facts.get(s, "need")) for s in facts.of if facts.get(s, "addresses")}


@bulk
def retirement_candidates(
    portfolio: Portfolio,
    *,
    usage_below: Threshold | Decimal | float | str | None = None,
    satisfaction_below: Threshold | Decimal | float | str | None = None,
) -> tuple[RetirementCandidate, ...]:
    """Return the active services that are candidates to retire, each with its reasons.

    Parameters
    ----------
    portfolio
        The portfolio.
    usage_below, satisfaction_below
        A service whose latest value of some usage (satisfaction) series is below this is a
        candidate; ``None`` leaves the reason out. A number applies to every series, text
        such as ``"35000 pages per month"`` only to the series in that unit (values are never
        converted between units).

    Raises
    ------
    ValueError
        If a threshold is text that does not start with a number.
    """
    _demand, found = demand_and_candidates(
        portfolio, periods=4, usage_below=usage_below, satisfaction_below=satisfaction_below
    )
    return found


class Threshold(Finding):
    """A retirement threshold: a value, and the unit of the series it applies to (any: ``None``).

    Examples
    --------
    >>> str(Threshold.of("35000 pages per month")), Threshold.of(3.50), Threshold.of(None)
    ('35000 pages per month', Threshold(value=Decimal('3.5'), unit=None), None)
    """

    value: Decimal
    unit: str | None = None

    def __str__(self) -> str:
        return f"{self.value} {self.unit}" if self.unit else str(self.value)

    @classmethod
    def of(cls, given: Threshold | Decimal | float | str | None) -> Threshold | None:
        """Return a threshold from a number, or text: a number then, optionally, a unit.

        Raises
        ------
        ValueError
            If the text does not start with a number.
        """
        if given is None or isinstance(given, Threshold):
            return given
        number_text, _sep, unit = str(given).strip().partition(" ")
        try:
            d = Decimal(number_text)
        except ArithmeticError:
            raise ValueError(
                f"a threshold is a number, optionally followed by a unit (such as "
                f"'35000 pages per month'), not {str(given)!r}"
            ) from None
        if not d.is_finite():
            raise ValueError(f"a threshold is a finite number, not {str(given)!r}")
        value = Decimal(int(d)) if d == d.to_integral_value() else d.normalize()
        return cls(value=value, unit=unit.strip() or None)

    def catches(self, series: MeasurementTrend) -> bool:
        """Tell whether the latest value of ``series`` is below this (in the same unit)."""
        return (self.unit is None or self.unit == series.unit) and series.latest < self.value


def demand_and_candidates(
    portfolio: Portfolio,
    *,
    periods: int,
    usage_below: Threshold | Decimal | float | str | None,
    satisfaction_below: Threshold | Decimal | float | str | None,
) -> tuple[tuple[ServiceDemand, ...], tuple[RetirementCandidate, ...]]:
    """Return :func:`service_demand` and :func:`retirement_candidates`, each query asked once."""
    if periods < 2:
        raise ValueError(f"periods: a trend needs at least 2 periods, not {periods}")
    facts = _Facts(run(portfolio, "service_demand"))
    demand = _demand_of(facts, _trends(run(portfolio, "service_measurements"), periods))
    found = candidates_of(
        demand,
        _addressed(facts),
        usage_below=Threshold.of(usage_below),
        satisfaction_below=Threshold.of(satisfaction_below),
    )
    return demand, found
