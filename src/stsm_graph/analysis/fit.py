"""Shared needs, capability fit and the evidence behind the strategy (STSM SP 1.1, SP 1.2).

- A *shared need* is a need in scope that two or more stakeholders hold. They are ranked by
  priority (1 first, none last), then by the number of holders (most first), then by IRI.
  One that no active standard service addresses is a *candidate* for a new standard
  service: the strongest case the data makes for adding one.
- A *capability gap* is a capability that a standard service (not retired) requires and
  that nothing active realises (no ``stsm:realizedBy`` link to an active system or
  component; a planned or retired one does not count). An *unused strength* is a
  capability something active realises and that no standard service (not retired)
  requires: a lead for a new offering.
- *Evidence gaps*: strategic objectives and needs in scope that no evidence informs, plan
  actions that no evidence justifies; and *unused evidence*, evidence that informs nothing.

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> p = Portfolio()
>>> p.add(model.Customer(id="a", label="A", has_need=["n"]),
...       model.EndUser(id="b", label="B", has_need=["n"]), model.Need(id="n", label="N"),
...       model.Capability(id="k", label="K", realized_by=["sys"]),
...       model.ServiceSystem(id="sys", label="Sys"))
>>> [(s.label, len(s.holders), s.candidate) for s in shared_needs(p)]
[('N', 2, True)]
>>> [u.label for u in capability_fit(p).unused_strengths]
['K']
>>> [g.label for g in evidence_gaps(p).uninformed_needs]
['N']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from stsm_graph.analysis._common import Finding, Row, bulk, keep_smallest, number, run
from stsm_graph.vocabulary.namespace import STSM

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = [
    "CapabilityFit",
    "CapabilityGap",
    "EvidenceGap",
    "EvidenceGaps",
    "SharedNeed",
    "UnusedEvidence",
    "UnusedStrength",
    "capability_fit",
    "evidence_gaps",
    "shared_needs",
]


class SharedNeed(Finding):
    """A need in scope held by two or more stakeholders, and what addresses it."""

    need: str
    label: str
    priority: int | None
    holders: tuple[str, ...]
    #: the active standard services addressing it
    active_services: tuple[str, ...]
    #: every node addressing it, whatever its status (a planned service, say)
    addressed_by: tuple[str, ...]
    #: no active service addresses it: a candidate for a new standard service
    candidate: bool
    practice: str = "STSM SP 1.1"


class CapabilityGap(Finding):
    """A capability that services require and nothing active realises."""

    capability: str
    label: str
    required_by: tuple[str, ...]
    #: what realises it but is not active (planned or retired)
    inactive_realisers: tuple[str, ...]
    practice: str = "STSM SP 1.1"


class UnusedStrength(Finding):
    """A capability something active realises and no service requires."""

    capability: str
    label: str
    realised_by: tuple[str, ...]
    practice: str = "STSM SP 1.1"


class CapabilityFit(Finding):
    """Capability gaps and unused strengths, each sorted by IRI."""

    gaps: tuple[CapabilityGap, ...]
    unused_strengths: tuple[UnusedStrength, ...]


class EvidenceGap(Finding):
    """An objective or need no evidence informs, or a plan action no evidence justifies."""

    node: str
    label: str
    #: ``objective``, ``need`` or ``action``
    kind: str
    practice: str = "STSM SP 1.1"


class UnusedEvidence(Finding):
    """A piece of evidence that informs nothing."""

    evidence: str
    label: str
    #: its most specific class (``stsm:Evidence`` only when it has no other)
    type: str
    practice: str = "STSM SP 1.1"


class EvidenceGaps(Finding):
    """What lacks evidence, and evidence that informs nothing; each sorted by IRI."""

    uninformed_objectives: tuple[EvidenceGap, ...]
    uninformed_needs: tuple[EvidenceGap, ...]
    unjustified_actions: tuple[EvidenceGap, ...]
    unused_evidence: tuple[UnusedEvidence, ...]


def _gather(rows: Iterable[Row]) -> tuple[dict[str, dict[str, set[str]]], dict[str, str]]:
    """Group ``(subject, what, node)`` rows by subject then fact; labels apart."""
    facts: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    labels: dict[str, str] = {}
    for subject, what, node in rows:
        if subject is None or what is None:
            continue
        mine = facts[subject]
        if what in ("label", "capability"):
            mine[what]
            keep_smallest(labels, subject, node)
        elif node is not None:
            mine[what].add(node)
    return facts, labels


def _priority(values: set[str]) -> int | None:
    """Return the highest (smallest) whole priority of those stated, ``None`` if none is."""
    whole = [int(n) for n in map(number, values) if n is not None and n == n.to_integral_value()]
    return min(whole) if whole else None


@bulk
def shared_needs(portfolio: Portfolio) -> tuple[SharedNeed, ...]:
    """Return the needs two or more stakeholders hold, ranked (see the module's text).

    Examples
    --------
    >>> from stsm_graph import Portfolio, model
    >>> p = Portfolio()
    >>> p.add(model.Customer(id="a", label="A", has_need=["n", "m"]),
    ...       model.Customer(id="b", label="B", has_need=["n", "m"]),
    ...       model.Need(id="n", label="N", priority=2), model.Need(id="m", label="M", priority=1),
    ...       model.StandardService(id="s", label="S", addresses=["m"]))
    >>> [(s.label, s.priority, s.candidate) for s in shared_needs(p)]
    [('M', 1, False), ('N', 2, True)]
    """
    facts, labels = _gather(run(portfolio, "shared_needs"))
    out = [
        SharedNeed(
            need=need,
            label=labels.get(need, need),
            priority=_priority(f["priority"]),
            holders=tuple(sorted(f["holder"])),
            active_services=tuple(sorted(f["active"])),
            addressed_by=tuple(sorted(f["addressed"])),
            candidate=not f["active"],
        )
        for need, f in facts.items()
    ]
    big = 1 << 62
    out.sort(key=lambda s: (s.priority if s.priority is not None else big, -len(s.holders), s.need))
    return tuple(out)


@bulk
def capability_fit(portfolio: Portfolio) -> CapabilityFit:
    """Return the capability gaps and the unused strengths (see the module's text).

    Examples
    --------
    >>> from stsm_graph import Portfolio, model
    >>> p = Portfolio()
    >>> p.add(model.Capability(id="k", label="K", realized_by=["tool"]),
    ...       model.ServiceSystemComponent(id="tool", label="Tool", status="Planned"),
    ...       model.StandardService(id="s", label="S", requires_capability=["k"]))
    >>> [(g.label, len(g.required_by), len(g.inactive_realisers)) for g in capability_fit(p).gaps]
    [('K', 1, 1)]
    """
    facts, labels = _gather(run(portfolio, "capability_fit"))
    gaps, unused = [], []
    for cap in sorted(facts):
        f = facts[cap]
        if f["required"] and not f["active"]:
            gaps.append(
                CapabilityGap(
                    capability=cap,
                    label=labels.get(cap, cap),
                    required_by=tuple(sorted(f["required"])),
                    inactive_realisers=tuple(sorted(f["realiser"] - f["active"])),
                )
            )
        elif f["active"] and not f["required"] and "capability" in f:
            unused.append(
                UnusedStrength(
                    capability=cap,
                    label=labels.get(cap, cap),
                    realised_by=tuple(sorted(f["active"])),
                )
            )
    return CapabilityFit(gaps=tuple(gaps), unused_strengths=tuple(unused))


@bulk
def evidence_gaps(portfolio: Portfolio) -> EvidenceGaps:
    """Return what lacks evidence and the evidence that informs nothing.

    Examples
    --------
    >>> from stsm_graph import Portfolio, model
    >>> p = Portfolio()
    >>> p.add(model.StrategicObjective(id="o", label="O"),
    ...       model.Evidence(id="e", label="E", kind="MarketTrend"))
    >>> gaps = evidence_gaps(p)
    >>> [g.label for g in gaps.uninformed_objectives]
    ['O']
    >>> [(e.label, e.type) for e in gaps.unused_evidence]
    [('E', 'https://w3id.org/stsm#MarketTrend')]
    """
    labels: dict[str, str] = {}
    kinds: dict[str, set[str]] = defaultdict(set)
    types: dict[str, set[str]] = defaultdict(set)
    for node, what, kind, label in run(portfolio, "unevidenced"):
        if node is None or what is None:
            continue
        keep_smallest(labels, node, label)
        kinds[what].add(node)
        if what == "evidence" and kind is not None:
            types[node].add(kind)

    def gaps(what: str) -> tuple[EvidenceGap, ...]:
        return tuple(
            EvidenceGap(node=n, label=labels.get(n, n), kind=what) for n in sorted(kinds[what])
        )

    evidence = str(STSM.Evidence)
    unused = tuple(
        UnusedEvidence(
            evidence=n,
            label=labels.get(n, n),
            type=min(types[n] - {evidence}, default=evidence),
        )
        for n in sorted(kinds["evidence"])
    )
    return EvidenceGaps(
        uninformed_objectives=gaps("objective"),
        uninformed_needs=gaps("need"),
        unjustified_actions=gaps("action"),
        unused_evidence=unused,
    )
