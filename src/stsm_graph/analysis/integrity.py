"""Integrity findings: the gaps around the standard services a portfolio manager must see.

Rules (``rule``: severity):

- ``no-service-level``: warning, a service (not retired) without a service level;
- ``no-service-system``: warning, a service without a service system delivering it;
- ``no-customer-description``: warning, a service without a customer-facing description;
- ``not-in-catalog``: warning, a service no catalog lists;
- ``agreement-level-mismatch``: violation, an agreement committing to a level that belongs to
  no service the agreement is for;
- ``dependency-cycle``: violation, services, systems or components that depend on each other
  in a cycle (one finding per cycle group, with one cycle spelt out);
- ``conflicting-status``: violation, a node stating more than one ``stsm:status``; every
  analysis counts it by the one that wins (retired, then planned, then any other, then active);
- ``shape-violation``: violation, a violation of a SHACL shape of ``shapes.ttl`` (reported by
  :func:`stsm_graph.analysis.analyze`, see :mod:`stsm_graph.analysis.shapes`).

The completeness warnings are stated once, by the completeness shapes of ``shapes.ttl`` (each
named by its ``dcterms:identifier``), from which ``service_gaps.rq`` is written; the shapes that
``validate`` checks (not ``not-in-catalog``, which is ``sh:deactivated``) and
``conflicting-status`` (``sh:maxCount 1`` on ``stsm:status``) are :func:`shape_rules`, and
``stsm-graph validate`` adds the other rules' findings to the shapes'
(``integrity_findings(p, beyond_shapes=True)``).

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

from functools import lru_cache
from typing import TYPE_CHECKING, Literal

import networkx as nx
from rdflib import Literal as RDFLiteral
from rdflib.namespace import DCTERMS, SH

from stsm_graph.analysis._common import Finding, bulk, iri, keep_smallest, run
from stsm_graph.analysis._needs import stated_status
from stsm_graph.vocabulary.graph import shapes_graph

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = ["RULES", "IntegrityFinding", "integrity_findings", "shape_rules"]

#: rule -> (severity, practice, message template)
RULES: dict[str, tuple[Literal["violation", "warning"], str, str]] = {
    "dependency-cycle": ("violation", "STSM SP 2.1", "dependency cycle: {detail}"),
    "agreement-level-mismatch": (
        "violation",
        "STSM SP 2.1",
        "agreement {label!r} commits to {detail}, which is not a level of the service it is for",
    ),
    "conflicting-status": (
        "violation",
        "STSM SP 2.1",
        "{label!r} states several statuses ({detail}); a node has at most one, and every "
        "analysis counts it as {winner}",
    ),
    "shape-violation": ("violation", "STSM SP 2.1", "{label!r}: {detail}"),
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


@lru_cache(maxsize=1)
def shape_rules() -> frozenset[str]:
    """Return the rules whose findings ``validate`` reports from the shapes too.

    The completeness shapes it checks (each names its rule by ``dcterms:identifier``; a
    ``sh:deactivated`` one is the analysis's only), and ``conflicting-status``, which is
    ``StatusValueShape``'s ``sh:maxCount 1``.

    Examples
    --------
    >>> sorted(shape_rules())
    ['conflicting-status', 'no-customer-description', 'no-service-level', 'no-service-system']
    """
    shapes = shapes_graph()
    off = set(shapes.subjects(SH.deactivated, RDFLiteral(True)))
    named = {str(n) for s, n in shapes.subject_objects(DCTERMS.identifier) if s not in off}
    return frozenset(named | {"conflicting-status"})


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
    winner = str(extra.pop("winner", ""))
    return IntegrityFinding(
        rule=rule,
        severity=severity,
        node=node,
        label=label,
        practice=practice,
        message=template.format(label=label, detail=detail, winner=winner),
        **extra,  # type: ignore[arg-type]
    )


@bulk
def integrity_findings(
    portfolio: Portfolio, *, beyond_shapes: bool = False
) -> tuple[IntegrityFinding, ...]:
    """Return every integrity finding, violations first, then by rule and node.

    Parameters
    ----------
    portfolio
        The portfolio.
    beyond_shapes
        Leave out the rules a shape states too (:func:`shape_rules`): what the integrity
        rules add to a SHACL validation (``stsm-graph validate``).
    """
    found = _rule_findings(portfolio)
    if beyond_shapes:
        rules = shape_rules()
        return tuple(f for f in found if f.rule not in rules)
    return found


def _rule_findings(portfolio: Portfolio) -> tuple[IntegrityFinding, ...]:
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
    found.extend(_conflicting_statuses(portfolio))
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


def _short(term: str) -> str:
    return term.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or term


def _conflicting_statuses(portfolio: Portfolio) -> list[IntegrityFinding]:
    """One ``conflicting-status`` violation per node stating more than one status."""
    statuses: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    for node, status, label in run(portfolio, "conflicting_statuses"):
        if node is None or status is None:
            continue
        statuses.setdefault(node, set()).add(status)
        keep_smallest(labels, node, label)
    out = []
    for node in sorted(statuses):
        stated = sorted(statuses[node])
        winner = stated_status(stated) or ""
        out.append(
            _finding(
                "conflicting-status",
                node,
                labels.get(node, node),
                ", ".join(map(_short, stated)),
                related=tuple(stated),
                winner=_short(winner),
            )
        )
    return out
