"""How much a change touches: the affected nodes counted by kind, and the customers reached.

The summary of an impact report (:func:`stsm_graph.analysis.impact`), and of everything a
change reaches when a depth cut the report's list (a what-if's ``reach``,
:class:`~stsm_graph.analysis.whatif.WhatIf`).

Examples
--------
>>> s = summarise({"https://w3id.org/stsm#Need": 2}, [], {})
>>> s.affected, s.needs, s.customers
(2, 2, 0)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from stsm_graph.analysis._common import Finding
from stsm_graph.vocabulary.namespace import STSM
from stsm_graph.vocabulary.tables import IMPACT_COUNTS

__all__ = ["TO_CUSTOMER", "ImpactSummary", "summarise"]


class ImpactSummary(Finding):
    """How much a change touches, by kind, and how customers are reached."""

    affected: int
    by_class: dict[str, int]
    customers: int
    agreements: int
    needs: int
    objectives: int
    services: int
    customers_via_agreement: tuple[str, ...]
    customers_via_need: tuple[str, ...]


#: the links by which a change reaches a customer: by an agreement, by a need
TO_CUSTOMER = (str(STSM.withCustomer), str(STSM.hasNeed))


def summarise(
    by_class: Mapping[str, int],
    to_customers: Iterable[tuple[str, str]],
    info: Mapping[str, tuple[str | None, str]],
) -> ImpactSummary:
    """Count the affected nodes by class; name the customers reached by agreement and by need.

    ``to_customers`` holds the ``(property, node)`` of each ``stsm:withCustomer`` and
    ``stsm:hasNeed`` link the walk took.
    """
    counts: dict[str, int] = defaultdict(int, by_class)
    customer = str(STSM.Customer)
    reached: dict[str, set[str]] = {p: set() for p in TO_CUSTOMER}
    for p, b in to_customers:
        if info.get(b, (None,))[0] == customer:
            reached[p].add(b)
    via_agreement, via_need = (sorted(reached[p]) for p in TO_CUSTOMER)
    return ImpactSummary(
        affected=sum(by_class.values()),
        by_class=dict(sorted(counts.items())),
        **{name: counts[str(STSM) + cls] for name, cls in IMPACT_COUNTS.items()},
        customers_via_agreement=tuple(via_agreement),
        customers_via_need=tuple(via_need),
    )
