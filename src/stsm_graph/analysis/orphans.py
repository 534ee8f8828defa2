"""Orphaned services: services that trace to no need and no objective.

A standard service that is not retired is *orphaned* when it addresses no need (that is not
retired) and supports no objective, and neither does any service that depends on it,
directly or through a chain of ``stsm:dependsOn`` links between services that are not
retired. Retired services and retired needs justify nothing: they are out of the set. The
walk runs in networkx over the dependency links between services (see ``docs/analyses.md``).

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> p = Portfolio()
>>> p.add(model.Need(id="n", label="N"),
...       model.StandardService(id="front", label="Front", addresses=["n"], depends_on=["db"]),
...       model.StandardService(id="db", label="Database"),
...       model.StandardService(id="fax", label="Fax gateway"))
>>> [o.label for o in orphaned_services(p)]
['Fax gateway']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import networkx as nx

from stsm_graph.analysis._common import RETIRED, Finding, bulk, run
from stsm_graph.analysis._needs import labels_and_statuses

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = ["OrphanedService", "orphaned_services"]

#: a node no IRI can equal: the one source of the walk, linked to every directly traced service
_ROOT = " root"


class OrphanedService(Finding):
    """A service (not retired) tracing to no need and no objective."""

    service: str
    label: str
    status: str
    reason: str = "addresses no need and supports no objective, and no service depending on it does"
    practice: str = "STSM SP 1.2"


@bulk
def orphaned_services(
    portfolio: Portfolio, *, assume: Mapping[str, str] | None = None
) -> tuple[OrphanedService, ...]:
    """Return the orphaned services, sorted by IRI; ``status`` defaults to ``stsm:Active``.

    Parameters
    ----------
    portfolio
        The portfolio.
    assume
        Statuses to assume instead of the stated ones (service or need IRI -> status IRI).
    """
    if not assume:
        return _orphans(portfolio)
    services = labels_and_statuses(run(portfolio, "services"), assume)
    live = {s for s, (_label, status) in services.items() if status != RETIRED}
    # a need or objective may be assumed retired: look at each target
    direct = {
        s
        for s, target in run(portfolio, "direct_traces")
        if s in live and assume.get(str(target)) != RETIRED
    }
    links = ((a, b) for a, b in run(portfolio, "service_dependencies") if a in live and b in live)
    justified = _justified(links, direct)
    return tuple(
        OrphanedService(service=s, label=services[s][0], status=services[s][1])
        for s in sorted(live - justified)
    )


def _orphans(portfolio: Portfolio) -> tuple[OrphanedService, ...]:
    """Return the orphans when nothing is assumed: untraced services no traced one needs."""
    untraced = labels_and_statuses(run(portfolio, "untraced_services"), {})
    if not untraced:
        return ()
    links = run(portfolio, "live_service_dependencies")
    # every live service in a link that is not untraced traces directly
    traced = {n for link in links for n in link if n not in untraced}
    justified = _justified(links, traced)  # type: ignore[arg-type]
    return tuple(
        OrphanedService(service=s, label=label, status=status)
        for s, (label, status) in sorted(untraced.items())
        if s not in justified
    )


def _justified(links: Iterable[tuple[str | None, ...]], direct: set[str]) -> set[str]:
    """Return ``direct`` and every service one of them depends on, through ``links``."""
    if not direct:
        return set()
    g = nx.DiGraph()
    g.add_edges_from(links)
    g.add_edges_from((_ROOT, s) for s in direct)
    return set(nx.descendants(g, _ROOT))
