"""Impact of change: what a change to some nodes affects, why, and what retiring them costs.

Each link property declares in the ontology (or in the data, for a user's own property)
which way a change travels: ``stsm:ObjectToSubject`` (a change to the object affects the
subject) or ``stsm:SubjectToObject``. The impact of changing X is every node reachable from
X along those directions, each with its distance and one shortest path. The walk is the
library's one walk (:mod:`stsm_graph.analysis.walk`): one SPARQL query per level
(``impact_step.rq``) returns the frontier's links onwards, classes and labels, so the work
grows with what is affected, not with the portfolio, and networkx gives the distances and
shortest paths.

With ``retire=True`` the report carries the what-if of retiring the changed nodes
(:mod:`stsm_graph.analysis.whatif`): the needs that become unmet, the needs that lose their
full level only, the services that become orphaned, and coverage before and after; nothing
in the portfolio changes. The report's summary is :mod:`stsm_graph.analysis.impact_summary`'s.

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> p = Portfolio()
>>> p.add(model.ServiceSystemComponent(id="dc", label="Data centre"),
...       model.ServiceSystem(id="sys", label="Backup platform", has_component=["dc"]),
...       model.StandardService(id="svc", label="Backup", delivered_by=["sys"], addresses=["n"]),
...       model.Need(id="n", label="Restores"),
...       model.Customer(id="c", label="Contoso", has_need=["n"]))
>>> report = impact(p, ["https://example.org/portfolio/dc"])
>>> [(a.label, a.distance) for a in report.affected]
[('Backup platform', 1), ('Backup', 2), ('Restores', 3), ('Contoso', 4)]
>>> report.affected[-1].via[-1]
'https://w3id.org/stsm#hasNeed'
>>> impact(p, ["https://example.org/portfolio/dc"], retire=True).whatif.newly_unmet_needs[0].label
'Restores'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter
from rdflib import URIRef

from stsm_graph.analysis._common import Finding, bulk, keep_smallest
from stsm_graph.analysis.impact_summary import TO_CUSTOMER, ImpactSummary, summarise
from stsm_graph.analysis.walk import Reached, links_from
from stsm_graph.analysis.whatif import WhatIf, retiring
from stsm_graph.vocabulary.graph import most_specific_class
from stsm_graph.vocabulary.namespace import STSM

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = [
    "AffectedNode",
    "ImpactReport",
    "impact",
    "node_names",
    "propagation_edges",
    "reaches_more_than",
]


class AffectedNode(Finding):
    """A node a change reaches: its class, label, distance and one shortest path."""

    node: str
    label: str
    type: str | None
    distance: int
    path: tuple[str, ...]
    via: tuple[str, ...]
    #: for each link of the path, whether it was walked from object to subject
    backwards: tuple[bool, ...] = ()


class ImpactReport(Finding):
    """The impact of changing ``changed``: affected nodes by distance, grouped, summarised."""

    changed: tuple[str, ...]
    affected: tuple[AffectedNode, ...]
    by_class: dict[str, tuple[str, ...]]
    summary: ImpactSummary
    whatif: WhatIf | None = None
    #: the depth the affected list was cut at (``None``: no limit); never the what-if's
    max_depth: int | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the documented JSON form (``docs/impact.schema.json``)."""
        data: dict[str, Any] = {
            "changed": list(self.changed),
            "affected": [
                {
                    "node": a.node,
                    "label": a.label,
                    "type": a.type,
                    "distance": a.distance,
                    "path": list(a.path),
                    "via": list(a.via),
                    "backwards": list(a.backwards),
                }
                for a in self.affected
            ],
            "by_class": {k: list(v) for k, v in self.by_class.items()},
            "summary": self.summary.model_dump(mode="json"),
        }
        if self.max_depth is not None:
            data["max_depth"] = self.max_depth
        if self.whatif is not None:
            w = self.whatif.model_dump(mode="json")
            for key in (
                "taken_out_of_service",
                "newly_unmet_needs",
                "lost_full_level_needs",
                "newly_orphaned_services",
            ):
                data[key] = w[key]
            for key in ("coverage_before", "coverage_after"):
                snap = w[key]
                data[key] = {
                    "stakeholders": [
                        {k: v for k, v in s.items() if k != "practice"}
                        for s in snap["stakeholders"]
                    ],
                    "objectives": [
                        {k: v for k, v in o.items() if k != "practice"} for o in snap["objectives"]
                    ],
                    "portfolio": snap["portfolio"],
                }
            data["unmet_by_stakeholder"] = w["unmet_by_stakeholder"]
            data["blocked_launches"] = w["blocked_launches"]
            data["blocked_plan_actions"] = w["blocked_plan_actions"]
            if w["reach"] is not None:
                data["whatif_reach"] = w["reach"]
        return data


@bulk
def propagation_edges(portfolio: Portfolio) -> dict[URIRef, list[URIRef]]:
    """Return the link properties grouped by declared direction (ontology and data)."""
    groups: dict[URIRef, list[URIRef]] = {STSM.ObjectToSubject: [], STSM.SubjectToObject: []}
    for p, d in sorted(portfolio.link_directions().items()):
        groups[d].append(p)
    return groups


@lru_cache(maxsize=1)
def _affected_nodes() -> TypeAdapter[list[AffectedNode]]:
    """Return the validator of a list of affected nodes, built once."""
    return TypeAdapter(list[AffectedNode])


def _node_info(
    rows: Iterable[tuple[str, str | None, str | None]],
) -> dict[str, tuple[str | None, str]]:
    """Return node -> (its most specific class, its label) from ``(node, class, label)`` rows.

    stsm classes win over others; of several labels the smallest is kept; a node without
    one is labelled by its IRI. A node with no row is not in the result: it is
    ``(None, node)``.
    """
    types: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for node, cls, label in rows:
        if cls is not None:
            types[node].add(cls)
        else:
            keep_smallest(labels, node, label)
    most_specific = {
        n: next(iter(t)) if len(t) == 1 else most_specific_class(frozenset(t))
        for n, t in types.items()
    }
    return {n: (most_specific.get(n), labels.get(n, n)) for n in {*types, *labels}}


def node_names(portfolio: Portfolio, nodes: Sequence[str]) -> dict[str, tuple[str | None, str]]:
    """Return each of ``nodes`` with its class and label, as the impact report gives them.

    One query for all of them (one request on a server); a node without a class is
    ``None``, without a label its IRI, by the rules of :func:`_node_info`.

    Examples
    --------
    >>> from stsm_graph import Portfolio, model
    >>> p = Portfolio()
    >>> p.add(model.Need(id="n", label="Backups"))
    >>> iri = "https://example.org/portfolio/n"
    >>> node_names(p, [iri, "urn:x:none"])[iri]
    ('https://w3id.org/stsm#Need', 'Backups')
    """
    info = _node_info(portfolio.store.describe(nodes))
    return {n: info.get(n) or (None, n) for n in nodes}


@bulk
def impact(
    portfolio: Portfolio,
    changed: str | URIRef | Iterable[str | URIRef],
    *,
    retire: bool = False,
    max_depth: int | None = None,
) -> ImpactReport:
    """Return everything a change to ``changed`` affects, with paths; optionally the what-if.

    Parameters
    ----------
    portfolio
        The portfolio (not modified).
    changed
        One node or several: IRIs, prefixed names or exact labels.
    retire
        Also compute what retiring them would cost (see :class:`WhatIf`).
    max_depth
        Stop the walk after this many links (``None``: no limit). The what-if is not cut:
        retiring takes out every service the change reaches, whatever the depth.

    Raises
    ------
    UnknownNodeError
        If a changed node is not in the portfolio (with near matches).
    """
    sources, groups, found = _walk(portfolio, changed, max_depth=max_depth)
    info = _node_info(found.info)
    backward = {str(p) for p in groups.get(STSM.ObjectToSubject, [])}
    paths = found.paths
    distance = paths.distance
    # the links walked that can reach a customer
    to_customers = [(p, b) for _a, p, b in found.links if p in TO_CUSTOMER]
    rows: list[dict[str, Any]] = []
    by_class: dict[str, list[str]] = defaultdict(list)
    # each node's flags extend its parent's, which comes before it in paths.order
    backwards: dict[str, tuple[bool, ...]] = dict.fromkeys(sources, ())
    for node in paths.order:
        cls, label = info.get(node) or (None, node)
        by_class[cls or ""].append(node)
        via, path = paths.via[node], paths.path[node]
        backwards[node] = (*backwards[path[-2]], via[-1] in backward)
        rows.append(
            {
                "node": node,
                "label": label,
                "type": cls,
                "distance": distance[node],
                "path": path,
                "via": via,
                "backwards": backwards[node],
            }
        )
    # one validation of the whole list: faster than building each node alone, even unchecked
    affected = _affected_nodes().validate_python(rows)
    summary = summarise({k: len(v) for k, v in by_class.items()}, to_customers, info)
    report = ImpactReport(
        changed=tuple(sources),
        affected=tuple(affected),
        by_class={k: tuple(sorted(v)) for k, v in sorted(by_class.items())},
        summary=summary,
        max_depth=max_depth,
    )
    if retire:
        if max_depth is not None:  # retiring takes out all the change reaches, however far
            whole = impact(portfolio, sources)
            involved = {a.node: a.type for a in whole.affected}
            involved.update((s, info.get(s, (None,))[0]) for s in sources)
            whatif_ = retiring(portfolio, sources, involved)
            whatif_ = whatif_.model_copy(update={"reach": whole.summary})
        else:
            involved = {n: info.get(n, (None,))[0] for n in distance}
            whatif_ = retiring(portfolio, sources, involved)
        report = report.model_copy(update={"whatif": whatif_})
    return report


def reaches_more_than(portfolio: Portfolio, changed: str | Iterable[str], limit: int) -> bool:
    """Tell whether a change to ``changed`` reaches more than ``limit`` nodes, itself included.

    The nodes counted are those :func:`impact` lists (``changed`` and ``affected``), but the
    walk stops on the level that passes ``limit``: a picture can be refused at the cost of
    what it would hold, not of the whole reach.

    Raises
    ------
    UnknownNodeError
        If a changed node is not in the portfolio (with near matches).

    Examples
    --------
    >>> from stsm_graph import Portfolio, model
    >>> p = Portfolio()
    >>> p.add(model.ServiceSystem(id="sys", label="Backup platform", has_component=["dc"]),
    ...       model.ServiceSystemComponent(id="dc", label="Data centre"))
    >>> reaches_more_than(p, "Data centre", 1), reaches_more_than(p, "Data centre", 2)
    (True, False)
    """
    _sources, _groups, found = _walk(portfolio, changed, limit=limit)
    return len(found.paths.distance) > limit


def _walk(
    portfolio: Portfolio,
    changed: str | Iterable[str],
    *,
    max_depth: int | None = None,
    limit: int | None = None,
) -> tuple[list[str], dict[URIRef, list[URIRef]], Reached]:
    """Resolve the changed nodes and walk from them in the declared directions."""
    names = [changed] if isinstance(changed, str) else list(changed)
    sources = sorted({str(portfolio.resolve(str(n))) for n in names})
    groups = propagation_edges(portfolio)
    found = links_from(
        portfolio,
        sources,
        groups.get(STSM.ObjectToSubject) or [],
        groups.get(STSM.SubjectToObject) or [],
        max_depth,
        limit=limit,
    )
    return sources, groups, found
