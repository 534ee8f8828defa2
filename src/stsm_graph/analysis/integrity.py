"""Integrity findings: the gaps around the standard services a portfolio manager must see.

Rules (``rule``: severity):

- ``no-service-level``: warning, a service (not retired) without a service level;
- ``no-service-system``: warning, a service without a service system delivering it;
- ``no-customer-description``: warning, a service without a customer-facing description;
- ``not-in-catalog``: warning, a service no catalog lists;
- ``agreement-level-mismatch``: violation, an agreement committing to a level that belongs to
  no service the agreement is for;
- ``dependency-cycle``: violation, services, systems or components that depend on each other
  in a cycle (one finding per cycle group, with one cycle spelt out).

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> p = Portfolio()
>>> p.add(model.StandardService(id="a", label="A", depends_on=["b"]),
...       model.StandardService(id="b", label="B", depends_on=["a"]))
>>> for rule in sorted({f.rule for f in integrity_findings(p)}):
...     print(rule)
dependency-cycle
no-customer-description
no-service-level
no-service-system
not-in-catalog
>>> [f.cycle for f in integrity_findings(p) if f.rule == "dependency-cycle"]
[('https://example.org/portfolio/a', 'https://example.org/portfolio/b', 'https://example.org/portfolio/a')]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import networkx as nx

from stsm_graph.analysis._common import Finding, bulk, iri, keep_smallest, run

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = ["RULES", "IntegrityFinding", "integrity_findings"]

#: rule -> (severity, practice, message template)
RULES: dict[str, tuple[Literal["violation", "warning"], str, str]] = {
    "dependency-cycle": ("violation", "STSM SP 2.1", "dependency cycle: {detail}"),
    "agreement-level-mismatch": (
        "violation",
        "STSM SP 2.1",
        "agreement {label!r} commits to {detail}, which is not a level of the service it is for",
    ),
    "no-service-level": ("warning", "STSM SP 2.1", "service {label!r} has no service level"),
    "no-service-system": (
        "warning",
        "STSM SP 2.1",
        "service {label!r} has no service system delivering it",
    ),
    "no-customer-description": (
        "warning",
        "STSM SP 2.2",
        "service {label!r} has no customer-facing description",
    ),
    "not-in-catalog": ("warning", "STSM SP 2.2", "service {label!r} is not listed in any catalog"),
}


class IntegrityFinding(Finding):
    """One integrity gap: rule, severity, node, its label, a message and the practice."""

    rule: str
    severity: Literal["violation", "warning"]
    node: str
    label: str
    message: str
    practice: str
    cycle: tuple[str, ...] = ()
    related: tuple[str, ...] = ()


def _finding(
    rule: str, node: str, label: str, detail: str = "", **extra: object
) -> IntegrityFinding:
    severity, practice, template = RULES[rule]
    return IntegrityFinding(
        rule=rule,
        severity=severity,
        node=node,
        label=label,
        practice=practice,
        message=template.format(label=label, detail=detail),
        **extra,  # type: ignore[arg-type]
    )


@bulk
def integrity_findings(portfolio: Portfolio) -> tuple[IntegrityFinding, ...]:
    """Return every integrity finding, violations first, then by rule and node."""
    found: list[IntegrityFinding] = []
    labels: dict[str, str] = {}
    gaps: set[tuple[str, str]] = set()
    for service, rule, name in run(portfolio, "service_gaps"):
        node = iri(service)
        if node is None or rule is None:
            continue
        gaps.add((str(rule), node))
        keep_smallest(labels, node, name)
    found.extend(_finding(rule, node, labels.get(node, node)) for rule, node in sorted(gaps))
    mismatches: dict[tuple[str, str], set[str]] = {}
    for agreement, name, level, owner in run(portfolio, "agreement_level_mismatch"):
        a, lvl = iri(agreement), iri(level)
        if a is None or lvl is None:
            continue
        keep_smallest(labels, a, name)
        owners = mismatches.setdefault((a, lvl), set())
        if iri(owner) is not None:
            owners.add(str(owner))
    for (a, lvl), owners in sorted(mismatches.items()):
        found.append(
            _finding(
                "agreement-level-mismatch",
                a,
                labels.get(a, a),
                lvl,
                related=(lvl, *sorted(owners)),
            )
        )
    found.extend(_cycles(portfolio))
    order = list(RULES)
    found.sort(key=lambda f: (f.severity != "violation", order.index(f.rule), f.node))
    return tuple(found)


def _shortest_cycle(sub: nx.DiGraph, start: str) -> tuple[str, ...]:
    """Return the shortest cycle through ``start`` (the smallest IRI first on ties)."""
    if sub.has_edge(start, start):
        return (start, start)
    best: list[str] | None = None
    for nxt in sorted(sub.successors(start)):
        path = nx.shortest_path(sub, nxt, start)
        if best is None or len(path) < len(best):
            best = path
    assert best is not None  # a strongly connected group of two or more nodes
    return (start, *best)


def _cycles(portfolio: Portfolio) -> list[IntegrityFinding]:
    on_cycle = {str(n) for (n,) in run(portfolio, "cycle_nodes")}
    if not on_cycle:  # the common case: no need to fetch every dependsOn link
        return []
    g = nx.DiGraph()
    g.add_edges_from(
        sorted(
            (str(a), str(b))
            for a, b in run(portfolio, "dependencies")
            if str(a) in on_cycle and str(b) in on_cycle
        )
    )
    out = []
    for component in sorted(nx.strongly_connected_components(g), key=min):
        start = min(component)
        if len(component) == 1 and not g.has_edge(start, start):
            continue
        cycle = _shortest_cycle(g.subgraph(component), start)
        label = portfolio.label(start)
        detail = " -> ".join(portfolio.label(n) for n in cycle)
        out.append(
            _finding(
                "dependency-cycle",
                start,
                label,
                detail,
                cycle=cycle,
                related=tuple(sorted(component)),
            )
        )
    return out
