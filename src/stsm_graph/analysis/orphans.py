"""Orphaned services: services that trace to no need and no objective.

A standard service that is not retired is *orphaned* when it addresses no need and supports
no objective, and neither does any service that depends on it, directly or through a chain
of ``stsm:dependsOn`` links. Whatever their status, the needs and the dependants count:
the definition follows the links as they stand (see ``docs/analyses.md``).

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

from typing import TYPE_CHECKING

from stsm_graph.analysis._common import ACTIVE, Finding, iri, run, text

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = ["OrphanedService", "orphaned_services"]


class OrphanedService(Finding):
    """A service (not retired) tracing to no need and no objective."""

    service: str
    label: str
    status: str
    reason: str = "addresses no need and supports no objective, and no service depending on it does"
    practice: str = "STSM SP 1.2"


def orphaned_services(portfolio: Portfolio) -> tuple[OrphanedService, ...]:
    """Return the orphaned services, sorted by IRI; ``status`` defaults to ``stsm:Active``."""
    found: dict[str, OrphanedService] = {}
    for service, label, status in run(portfolio, "orphaned_services"):
        key = iri(service)
        if key is None or key in found:
            continue
        found[key] = OrphanedService(
            service=key, label=text(label, key), status=iri(status) or ACTIVE
        )
    return tuple(found[k] for k in sorted(found))
