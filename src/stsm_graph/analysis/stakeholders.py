"""Per stakeholder: what a customer or end user needs, what serves it, and what is agreed.

For a stakeholder (a customer or an end user): its needs in scope, the active standard
services addressing them, its agreements that are not retired with the services they are
for, and each level requirement of its needs against

- the *standard* levels: met as coverage says (some active service addressing the need
  offers a level that meets it; the level checks of ``level_checks.rq``), and
- the levels *committed* in its agreements: each level on the requirement's metric that one
  of its agreements commits to, for a service addressing the need, and whether it meets the
  requirement (the ``meets`` rule of ``ontology/rules.sparql``). End users are party to no
  agreement, so nothing is committed to them.

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> p = Portfolio()
>>> p.add(model.Customer(id="c", label="C", has_need=["n"]),
...       model.Need(id="n", label="N", requires_level=["r"]),
...       model.LevelRequirement(id="r", label="R", metric="rto", target_value=4, unit="h",
...                              comparator="AtMost"),
...       model.StandardService(id="s", label="S", addresses=["n"], has_service_level=["l"]),
...       model.ServiceLevel(id="l", label="L", metric="rto", target_value=4, unit="h",
...                          comparator="AtMost"),
...       model.ServiceLevel(id="l8", label="L8", metric="rto", target_value=8, unit="h",
...                          comparator="AtMost"),
...       model.ServiceAgreement(id="a", label="A", with_customer=["c"], for_service=["s"],
...                              commits_to=["l8"]))
>>> view = stakeholder_views(p)[0]
>>> r = view.requirements[0]
>>> view.label, r.standard_met, [(c.offered, c.meets) for c in r.committed], r.agreed_met
('C', True, [(Decimal('8'), False)], False)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from rdflib import URIRef

from stsm_graph.analysis._common import Finding, Row, bulk, keep_smallest, number, run, truth
from stsm_graph.analysis._needs import NeedFacts, coverage_facts
from stsm_graph.errors import UnknownNodeError
from stsm_graph.vocabulary.namespace import STSM

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = ["CommittedLevel", "RequirementCheck", "StakeholderView", "stakeholder_views"]

_RANK = {str(STSM.Customer): 0, str(STSM.EndUser): 1, str(STSM.Stakeholder): 2}


class CommittedLevel(Finding):
    """A level an agreement with the stakeholder commits to, on a requirement's metric."""

    agreement: str
    service: str
    level: str
    offered: Decimal
    unit: str | None
    meets: bool


class RequirementCheck(Finding):
    """A level requirement of one of the stakeholder's needs, against what is offered and agreed."""

    need: str
    need_label: str
    requirement: str
    metric: str
    required: Decimal
    unit: str | None
    comparator: str
    #: an active service addressing the need offers a standard level that meets it
    standard_met: bool
    committed: tuple[CommittedLevel, ...]
    #: some committed level meets it
    agreed_met: bool
    practice: str = "STSM SP 2.1"


class StakeholderView(Finding):
    """A customer or end user: its needs, what serves it, and its levels against its needs."""

    stakeholder: str
    label: str
    type: str
    needs: tuple[str, ...]
    #: the label of each need (its IRI when it has none), in the order of ``needs``
    need_labels: tuple[str, ...]
    #: the active standard services addressing its needs
    services: tuple[str, ...]
    #: its agreements that are not retired
    agreements: tuple[str, ...]
    #: (agreement, service it is for) pairs
    agreement_services: tuple[tuple[str, str], ...]
    requirements: tuple[RequirementCheck, ...]
    practice: str = "STSM SP 1.1"


class _Seen:
    """What ``stakeholder_levels.rq`` says of one stakeholder."""

    def __init__(self) -> None:
        self.type = ""
        self.needs: set[str] = set()
        self.services: set[str] = set()
        self.agreements: set[str] = set()
        self.pairs: set[tuple[str, str]] = set()
        self.requirements: dict[tuple[str, str], tuple[str, str, str | None, str]] = {}
        self.committed: dict[tuple[str, str], set[tuple[str, str, str, str, str | None, bool]]] = (
            defaultdict(set)
        )


def _read(rows: Iterable[Row]) -> tuple[dict[str, _Seen], dict[str, str]]:
    seen: dict[str, _Seen] = defaultdict(_Seen)
    labels: dict[str, str] = {}
    for row in rows:
        who, what, kind, label, need, service, agreement, req = row[:8]
        metric, required, unit, comparator, level, offered, offered_unit, meets = row[8:]
        if who is None:
            continue
        mine = seen[who]
        if what == "stakeholder" and kind is not None:
            if not mine.type or _RANK.get(kind, 3) < _RANK.get(mine.type, 3):
                mine.type = kind
            keep_smallest(labels, who, label)
        elif what == "need" and need is not None:
            mine.needs.add(need)
            keep_smallest(labels, need, label)
        elif what == "service" and service is not None:
            mine.services.add(service)
        elif what == "agreement" and agreement is not None:
            mine.agreements.add(agreement)
            if service is not None:
                mine.pairs.add((agreement, service))
        elif what == "requirement" and need and req and metric and required and comparator:
            mine.requirements[(need, req)] = (metric, required, unit, comparator)
            if level and agreement and service and offered:
                mine.committed[(need, req)].add(
                    (agreement, service, level, offered, offered_unit, truth(meets))
                )
    return seen, labels


def _check(
    need: str,
    req: str,
    stated: tuple[str, str, str | None, str],
    committed: set[tuple[str, str, str, str, str | None, bool]],
    facts: Mapping[str, NeedFacts],
    labels: Mapping[str, str],
) -> RequirementCheck | None:
    metric, required, unit, comparator = stated
    target = number(required)
    if target is None:
        return None
    f = facts.get(need)
    standard = f is not None and (
        f.fully_met or (req in f.requirements and f.requirements[req].met and f.covered)
    )
    levels = []
    for agreement, service, level, offered, offered_unit, meets in sorted(committed):
        value = number(offered)
        if value is not None:
            levels.append(
                CommittedLevel(
                    agreement=agreement,
                    service=service,
                    level=level,
                    offered=value,
                    unit=offered_unit,
                    meets=meets,
                )
            )
    return RequirementCheck(
        need=need,
        need_label=labels.get(need, need),
        requirement=req,
        metric=metric,
        required=target,
        unit=unit,
        comparator=comparator,
        standard_met=standard,
        committed=tuple(levels),
        agreed_met=any(c.meets for c in levels),
    )


@bulk
def stakeholder_views(
    portfolio: Portfolio,
    stakeholder: str | None = None,
    *,
    facts: Mapping[str, NeedFacts] | None = None,
) -> tuple[StakeholderView, ...]:
    """Return the view of one stakeholder, or of every customer and end user, sorted by IRI.

    Parameters
    ----------
    portfolio
        The portfolio.
    stakeholder
        The IRI of one customer or end user; every one when ``None``.
    facts
        Need facts already computed (:func:`stsm_graph.analysis.need_facts` or coverage's);
        computed when not given.

    Raises
    ------
    UnknownNodeError
        If ``stakeholder`` is not a customer, an end user or a stakeholder of the portfolio.
    """
    bindings = {"stakeholder": URIRef(stakeholder)} if stakeholder is not None else {}
    seen, labels = _read(run(portfolio, "stakeholder_levels", **bindings))
    if stakeholder is not None and not seen.get(stakeholder, _Seen()).type:
        raise UnknownNodeError(stakeholder, reason="is not a customer or end user of the portfolio")
    facts = coverage_facts(portfolio) if facts is None else facts
    out = []
    for who in sorted(k for k, s in seen.items() if s.type):
        mine = seen[who]
        checks = (
            _check(need, req, stated, mine.committed[(need, req)], facts, labels)
            for (need, req), stated in sorted(mine.requirements.items())
        )
        out.append(
            StakeholderView(
                stakeholder=who,
                label=labels.get(who, who),
                type=mine.type,
                needs=tuple(sorted(mine.needs)),
                need_labels=tuple(labels.get(n, n) for n in sorted(mine.needs)),
                services=tuple(sorted(mine.services)),
                agreements=tuple(sorted(mine.agreements)),
                agreement_services=tuple(sorted(mine.pairs)),
                requirements=tuple(c for c in checks if c is not None),
            )
        )
    return tuple(out)
