"""The overview of a large portfolio: its nodes gathered into clusters, and the links between.

A picture of a whole portfolio past a few thousand nodes is unreadable and slow to draw; its
overview (:func:`overview`) draws clusters instead, each with its member count and the share
of unmet needs it concerns, and a reader opens a cluster to see its members. The rule that
places a node, in this order (the first that applies):

1. a service line is in its own cluster, a service system in its own;
2. a stakeholder is in the stakeholder group of its class (customers, end users, other
   stakeholders);
3. a standard service is in the cluster of the service line it is ``stsm:inServiceLine``, a
   component in that of the system that ``stsm:hasComponent`` it, a need in the group of the
   stakeholder that ``stsm:hasNeed`` it (of several, the one with the smallest IRI: the line,
   the system, the stakeholder);
4. any other node is in no cluster (objectives, capabilities, levels, agreements, catalogs,
   plans, evidence; a service in no line, a component of no system, a need of no
   stakeholder): :attr:`Overview.unclustered` counts them by class.

A node's kind is its most specific class of the members' (a need typed evidence too is a
need). Only the links the vocabulary lets join two members are read (``stsm:addresses``,
``deliveredBy``, ``dependsOn``, ``hasComponent``, ``hasNeed``, ``inServiceLine``): a node of no
``stsm:`` class at the end of one is in no cluster and not counted. The needs a cluster
concerns (:attr:`Cluster.needs`): a stakeholder group's are its member needs; a service
line's, those its services address; a system's, those addressed by the services its members
deliver (``stsm:deliveredBy``). Their states are :func:`~stsm_graph.analysis.need_states`.

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> p = Portfolio()
>>> p.add(model.Customer(id="acme", label="ACME", has_need=["n"]),
...       model.Need(id="n", label="Backups"),
...       model.ServiceLine(id="ops", label="Operations"),
...       model.StandardService(id="s", label="Backup", addresses=["n"], in_service_line=["ops"]))
>>> o = overview(p)
>>> [(c.label, len(c.members), c.unmet_share) for c in o.clusters]
[('Customers', 2, 0.0), ('Operations', 2, 0.0)]
>>> [(link.source[-3:], link.target, link.count, link.names) for link in o.links]
[('ops', 'stakeholders:Customer', 1, ('addresses',))]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from rdflib import URIRef

from stsm_graph.analysis._common import bulk, keep_smallest, run
from stsm_graph.analysis._needs import NeedFacts, stated_status
from stsm_graph.analysis.views import GraphNode, need_states
from stsm_graph.common.terms import valid_iri, with_values
from stsm_graph.vocabulary.graph import most_specific_class
from stsm_graph.vocabulary.namespace import STSM
from stsm_graph.vocabulary.resources import query_text
from stsm_graph.vocabulary.tables import LINK_OBJECTS, LINK_SUBJECTS, SUPERCLASSES

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = ["CLUSTER_KINDS", "Cluster", "ClusterLink", "Overview", "overview"]

#: the kinds of cluster, in the order the overview lists them
CLUSTER_KINDS = ("stakeholder group", "service line", "service system")
#: a stakeholder group's key (after ``stakeholders:``) and label, by the stakeholder's class
_GROUPS = {"Customer": "Customers", "EndUser": "End users", "Stakeholder": "Other stakeholders"}
_STATES = ("unmet", "partially met", "fully met")
#: the classes of the nodes a cluster may hold (those ``overview_nodes.rq`` reads)
_MEMBER_CLASSES = frozenset(
    ("ServiceLine", "StandardService", "ServiceSystem", "ServiceSystemComponent", "Need")
) | frozenset(_GROUPS)
#: the links that may join two members (by the vocabulary's domains and ranges): the only
#: ones read
_MEMBER_LINKS = frozenset(
    URIRef(str(STSM) + name)
    for name, subjects in LINK_SUBJECTS.items()
    if _MEMBER_CLASSES & set(subjects) and _MEMBER_CLASSES & set(LINK_OBJECTS.get(name, ()))
)


@dataclass(frozen=True)
class Cluster:
    """A cluster of the overview: its members and the needs it concerns, by state."""

    #: the line's or system's IRI; ``stakeholders:Customer`` (``EndUser``, ``Stakeholder``)
    id: str
    #: ``"stakeholder group"``, ``"service line"`` or ``"service system"``
    kind: str
    label: str
    #: the member nodes' IRIs, sorted (a line or system is a member of its own cluster)
    members: tuple[str, ...]
    #: the live needs the cluster concerns (those with a state), sorted
    needs: tuple[str, ...]
    unmet: int
    partially_met: int
    fully_met: int

    @property
    def unmet_share(self) -> float | None:
        """The share of :attr:`needs` that are unmet (``None``: the cluster concerns none)."""
        return self.unmet / len(self.needs) if self.needs else None


@dataclass(frozen=True)
class ClusterLink:
    """The declared links from members of one cluster to members of another."""

    source: str
    target: str
    count: int
    #: the links' local names, sorted
    names: tuple[str, ...]


@dataclass(frozen=True)
class Overview:
    """Clusters (by kind, then label), the links between them, and what they hold."""

    clusters: tuple[Cluster, ...]
    links: tuple[ClusterLink, ...]
    #: every member as a picture shows it (class, label, status), sorted by IRI
    nodes: tuple[GraphNode, ...]
    #: the declared links between two members of one cluster, sorted ``(s, p, o)``
    inner_links: tuple[tuple[str, str, str], ...]
    #: the nodes in no cluster, counted by ``stsm:`` class (a node of two in both), sorted
    unclustered: tuple[tuple[str, int], ...]
    #: each member's cluster id
    cluster_of: dict[str, str] = field(repr=False, compare=False)
    #: the state of every need that is a member or that a cluster concerns
    states: dict[str, str] = field(repr=False, compare=False, default_factory=dict)


@bulk
def overview(portfolio: Portfolio, *, facts: Mapping[str, NeedFacts] | None = None) -> Overview:
    """Return the portfolio's overview: its clusters by the rule above, and their links.

    Three queries and one pass over their rows (``overview_nodes.rq`` for the members'
    classes, labels and statuses, ``overview_links.rq`` for the links between them,
    ``class_counts.rq`` for what is left out), and the states of every need
    (:func:`~stsm_graph.analysis.need_states`, from ``facts`` when the need facts of every
    need are already computed): no query per node or per cluster.

    Examples
    --------
    >>> from stsm_graph import Portfolio, model
    >>> p = Portfolio()
    >>> p.add(model.ServiceSystem(id="sys", label="Platform", has_component=["c"]),
    ...       model.ServiceSystemComponent(id="c", label="Disk"),
    ...       model.StrategicObjective(id="o", label="Grow"))
    >>> o = overview(p)
    >>> [(c.kind, c.label, c.members[0][-3:]) for c in o.clusters], o.unclustered
    ([('service system', 'Platform', 'o/c')], (('https://w3id.org/stsm#StrategicObjective', 1),))
    """
    classes, labels, statuses = _node_facts(portfolio)
    links = sorted(set(portfolio.link_directions()) & _MEMBER_LINKS)
    text = with_values(query_text("overview_links"), "p", links)
    rows = portfolio.store.select_text(text) if links else []
    types = {n: most_specific_class(frozenset(c)) for n, c in classes.items() if valid_iri(n)}
    cluster_of = _place(types, rows)
    states = need_states(portfolio, facts=facts)
    members: dict[str, list[str]] = {}
    for node, key in cluster_of.items():
        members.setdefault(key, []).append(node)
    concerned = _concerned(rows, cluster_of, types, states)
    between: dict[tuple[str, str], Counter[str]] = {}
    inner: list[tuple[str, str, str]] = []
    for s, p, o in rows:
        a, b = cluster_of.get(s or ""), cluster_of.get(o or "")
        if a is None or b is None:
            continue
        assert s is not None and p is not None and o is not None
        if a == b:
            inner.append((s, p, o))
        else:
            between.setdefault((a, b), Counter())[_local(p)] += 1
    clusters = [
        _cluster(key, sorted(found), types, labels, sorted(concerned.get(key, ())), states)
        for key, found in members.items()
    ]
    clusters.sort(key=lambda c: (CLUSTER_KINDS.index(c.kind), c.label, c.id))
    concerned_all = {n for needs in concerned.values() for n in needs}
    unclustered: Counter[str] = Counter()
    for cls, count in run(portfolio, "class_counts"):
        assert cls is not None
        unclustered[cls] += int(count or 0)
    for node in cluster_of:
        unclustered.subtract(classes[node])
    return Overview(
        clusters=tuple(clusters),
        links=tuple(
            ClusterLink(a, b, sum(names.values()), tuple(sorted(names)))
            for (a, b), names in sorted(between.items())
        ),
        nodes=tuple(
            GraphNode(
                node=n,
                type=types[n],
                label=labels.get(n, n),
                status=stated_status(statuses[n]) if n in statuses else None,
            )
            for n in sorted(cluster_of)
        ),
        inner_links=tuple(sorted(inner)),
        unclustered=tuple(sorted((c, n) for c, n in unclustered.items() if n > 0)),
        cluster_of=cluster_of,
        states={n: s for n, s in states.items() if n in cluster_of or n in concerned_all},
    )


def _node_facts(
    portfolio: Portfolio,
) -> tuple[dict[str, set[str]], dict[str, str], dict[str, set[str]]]:
    """Return the classes, smallest label and statuses of the nodes that may be members.

    Of a node's classes only those of members are read (``overview_nodes.rq``).
    """
    classes: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    statuses: dict[str, set[str]] = {}
    for node, cls, label, status in run(portfolio, "overview_nodes"):
        assert node is not None and cls is not None
        classes.setdefault(node, set()).add(cls)
        if status is not None:
            statuses.setdefault(node, set()).add(status)
        else:
            keep_smallest(labels, node, label)
    return classes, labels, statuses


def _place(types: dict[str, str | None], rows: list[tuple[str | None, ...]]) -> dict[str, str]:
    """Return each clustered node's cluster id, by the module's rule."""
    placed: dict[str, str] = {}
    for node, cls in types.items():
        name = _local(cls)
        if name in ("ServiceLine", "ServiceSystem"):
            placed[node] = node
        elif (group := _group(name)) is not None:
            placed[node] = group
    # rule 3: by the smallest line, system or stakeholder a node is linked to
    owners: dict[str, str] = {}
    by_link = {
        str(STSM.inServiceLine): ("StandardService", "ServiceLine", False),
        str(STSM.hasComponent): ("ServiceSystemComponent", "ServiceSystem", True),
        str(STSM.hasNeed): ("Need", None, True),
    }
    for s, p, o in rows:
        if p not in by_link or s is None or o is None:
            continue
        kind, owner_kind, forward = by_link[p]
        node, owner = (o, s) if forward else (s, o)
        if _local(types.get(node)) != kind or node in placed or owner not in placed:
            continue
        if owner_kind is None and not placed[owner].startswith("stakeholders:"):
            continue  # a need is placed by a stakeholder only
        if owner_kind is not None and _local(types.get(owner)) != owner_kind:
            continue
        if node not in owners or owner < owners[node]:
            owners[node] = owner
    return placed | {node: placed[owner] for node, owner in owners.items()}


def _group(name: str) -> str | None:
    """Return the stakeholder group of a class's local name (``None``: not a stakeholder)."""
    if name in _GROUPS:
        return "stakeholders:" + name
    if "Stakeholder" in SUPERCLASSES.get(name, ()):  # a stakeholder class the groups lack
        return "stakeholders:Stakeholder"
    return None


def _concerned(
    rows: list[tuple[str | None, ...]],
    cluster_of: dict[str, str],
    types: dict[str, str | None],
    states: dict[str, str],
) -> dict[str, set[str]]:
    """Return the live needs each cluster concerns (see the module's rule)."""
    found: dict[str, set[str]] = {}
    for node, key in cluster_of.items():
        if node in states:  # a member need (of a stakeholder group)
            found.setdefault(key, set()).add(node)
    addressed: dict[str, set[str]] = {}
    delivered: list[tuple[str, str]] = []
    addresses, delivered_by = str(STSM.addresses), str(STSM.deliveredBy)
    for s, p, o in rows:
        if s is None or o is None:
            continue
        if p == addresses and o in states:
            addressed.setdefault(s, set()).add(o)
        elif p == delivered_by:
            delivered.append((s, o))
    for service, needs in addressed.items():
        line = cluster_of.get(service)
        if line is not None and _local(types.get(service)) == "StandardService":
            found.setdefault(line, set()).update(needs)
    for service, system in delivered:
        owner = cluster_of.get(system)
        if owner is not None and not owner.startswith("stakeholders:") and owner != service:
            found.setdefault(owner, set()).update(addressed.get(service, ()))
    return found


def _cluster(
    key: str,
    members: list[str],
    types: dict[str, str | None],
    labels: dict[str, str],
    needs: list[str],
    states: dict[str, str],
) -> Cluster:
    """Return the cluster ``key`` of ``members``, concerning ``needs``."""
    if key.startswith("stakeholders:"):
        kind, label = "stakeholder group", _GROUPS[key.split(":", 1)[1]]
    else:
        kind = "service line" if _local(types.get(key)) == "ServiceLine" else "service system"
        label = labels.get(key, key)
    counts = Counter(states[n] for n in needs)
    unmet, partially, fully = (counts[s] for s in _STATES)
    return Cluster(key, kind, label, tuple(members), tuple(needs), unmet, partially, fully)


@cache  # a few classes and links, asked of hundreds of thousands of rows at 1M
def _local(iri: str | None) -> str:
    """Return an IRI's local name (after ``#`` or the last ``/``); ``""`` for ``None``."""
    if not iri:
        return ""
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit("/", 1)[-1]
