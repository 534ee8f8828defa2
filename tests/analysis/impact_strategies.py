"""Hypothesis strategy for the impact tests: random link graphs, cycles allowed.

``graph_specs()`` draws a :class:`GraphSpec`: services (of every status, some with an
availability level), systems, components, needs (some requiring an availability level),
customers, end users, agreements and objectives, joined by random ``dependsOn``,
``deliveredBy``, ``hasComponent``, ``addresses``, ``supports``, ``alignsWith``, ``hasNeed``,
``withCustomer`` and ``forService`` links (self-links and cycles included), and sometimes a
user-defined link property ``:custom`` that declares its change direction in the data.
``GraphSpec.turtle()`` writes it as Turtle using the prefixes of :data:`PREFIXES`.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st
from stores_under_test import make_portfolio

from stsm_graph import Portfolio

EX = "https://example.org/t/"
PREFIXES = (
    "@prefix stsm: <https://w3id.org/stsm#> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    f"@prefix : <{EX}> .\n"
)
STATUSES = (None, "Active", "Planned", "Retired")
OFFERED = ("99", "99.9", "99.95")
REQUIRED = ("99.9",)

#: id prefix -> stsm class
KINDS = {
    "svc": "StandardService",
    "sys": "ServiceSystem",
    "cmp": "ServiceSystemComponent",
    "need": "Need",
    "cust": "Customer",
    "user": "EndUser",
    "agr": "ServiceAgreement",
    "obj": "StrategicObjective",
}

#: link property -> (subject kinds, object kinds)
LINKS = {
    "dependsOn": (("svc", "sys", "cmp"), ("svc", "sys", "cmp")),
    "deliveredBy": (("svc",), ("sys",)),
    "hasComponent": (("sys",), ("cmp",)),
    "addresses": (("svc",), ("need",)),
    "supports": (("svc",), ("obj",)),
    "alignsWith": (("need",), ("obj",)),
    "hasNeed": (("cust", "user"), ("need",)),
    "withCustomer": (("agr",), ("cust",)),
    "forService": (("agr",), ("svc",)),
}


@dataclass(frozen=True)
class GraphSpec:
    """A random portfolio: typed nodes, links, statuses and levels."""

    #: node id -> id prefix (a key of KINDS)
    kinds: tuple[tuple[str, str], ...]
    statuses: tuple[tuple[str, str], ...]
    #: service id -> offered availability; need id -> required availability
    levels: tuple[tuple[str, str], ...]
    requirements: tuple[tuple[str, str], ...]
    links: tuple[tuple[str, str, str], ...]
    #: "ObjectToSubject", "SubjectToObject" or None (the ``:custom`` links are then inert)
    custom_direction: str | None

    def nodes(self) -> list[str]:
        return [n for n, _k in self.kinds]

    def services(self) -> list[str]:
        return [n for n, k in self.kinds if k == "svc"]

    def turtle(self) -> str:
        lines = []
        for node, kind in self.kinds:
            lines.append(f':{node} a stsm:{KINDS[kind]} ; rdfs:label "{kind.upper()} {node}" .')
        for node, status in self.statuses:
            lines.append(f":{node} stsm:status stsm:{status} .")
        for node, target in self.levels:
            lines.append(
                f":{node} stsm:hasServiceLevel :{node}-level .\n"
                f':{node}-level a stsm:ServiceLevel ; rdfs:label "{target} %" ; '
                f'stsm:metric "availability" ; stsm:targetValue {target} ; stsm:unit "%" ; '
                "stsm:comparator stsm:AtLeast ."
            )
        for node, target in self.requirements:
            lines.append(
                f":{node} stsm:requiresLevel :{node}-req .\n"
                f':{node}-req a stsm:LevelRequirement ; rdfs:label "needs {target} %" ; '
                f'stsm:metric "availability" ; stsm:targetValue {target} ; stsm:unit "%" ; '
                "stsm:comparator stsm:AtLeast ."
            )
        for s, p, o in self.links:
            pred = ":custom" if p == "custom" else f"stsm:{p}"
            lines.append(f":{s} {pred} :{o} .")
        if self.custom_direction:
            lines.append(f":custom stsm:changePropagation stsm:{self.custom_direction} .")
        return "\n".join(lines) + "\n"


@st.composite
def graph_specs(draw: st.DrawFn, max_per_kind: int = 4) -> GraphSpec:
    """Draw a random portfolio of up to ``max_per_kind`` nodes of each kind."""
    kinds: list[tuple[str, str]] = []
    by_kind: dict[str, list[str]] = {}
    for kind in KINDS:
        low = 1 if kind == "svc" else 0
        count = draw(st.integers(min_value=low, max_value=max_per_kind), label=kind)
        by_kind[kind] = [f"{kind}{i}" for i in range(count)]
        kinds += [(n, kind) for n in by_kind[kind]]
    statuses = []
    for svc in by_kind["svc"]:
        status = draw(st.sampled_from(STATUSES))
        if status is not None:
            statuses.append((svc, status))
    levels = [
        (svc, target)
        for svc in by_kind["svc"]
        if (target := draw(st.none() | st.sampled_from(OFFERED))) is not None
    ]
    requirements = [
        (need, target)
        for need in by_kind["need"]
        if (target := draw(st.none() | st.sampled_from(REQUIRED))) is not None
    ]
    links: set[tuple[str, str, str]] = set()
    for pred, (subjects, objects) in LINKS.items():
        left = [n for k in subjects for n in by_kind[k]]
        right = [n for k in objects for n in by_kind[k]]
        if left and right:
            pairs = draw(
                st.lists(st.tuples(st.sampled_from(left), st.sampled_from(right)), max_size=6)
            )
            links.update((s, pred, o) for s, o in pairs)
    everyone = [n for n, _k in kinds]
    custom_direction = draw(st.sampled_from((None, "ObjectToSubject", "SubjectToObject")))
    custom = draw(
        st.lists(st.tuples(st.sampled_from(everyone), st.sampled_from(everyone)), max_size=3)
    )
    links.update((s, "custom", o) for s, o in custom)
    return GraphSpec(
        kinds=tuple(kinds),
        statuses=tuple(statuses),
        levels=tuple(levels),
        requirements=tuple(requirements),
        links=tuple(sorted(links)),
        custom_direction=custom_direction,
    )


def load_graph(spec: GraphSpec, store: str) -> Portfolio:
    """Return a new portfolio on the store ``store`` holding the graph of ``spec``."""
    p = make_portfolio(store)
    p.parse(PREFIXES + spec.turtle(), format="turtle")
    return p
