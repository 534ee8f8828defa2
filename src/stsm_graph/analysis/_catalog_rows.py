"""The rows of the catalog queries (parts, delivery) gathered by service and part, in one pass."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from stsm_graph.analysis._common import Row, keep_smallest

__all__ = ["Parts", "read_parts"]

#: the columns after ?node, ?label and ?text
Extra = tuple[str | None, str | None, str | None, str | None]


@dataclass
class Parts:
    """What the catalog query said, by service, part and node."""

    labels: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    #: service -> its stated statuses (``None`` among them when a row stated none)
    statuses: dict[str, set[str | None]] = field(default_factory=dict)
    #: (service, part) -> node -> the distinct extra columns stated of it; the components
    #: of a service system are under (system, "component")
    nodes: dict[tuple[str, str], dict[str, set[Extra]]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    catalogs: set[str] = field(default_factory=set)
    #: what the builder made once and shares between services (a service system, by IRI)
    built: dict[str, Any] = field(default_factory=dict)

    def label(self, node: str) -> str:
        """Return ``node``'s smallest label, else its IRI."""
        return self.labels.get(node, node)

    def of(self, service: str, part: str) -> dict[str, set[Extra]]:
        """Return the nodes of one part of a service (an empty dict when it has none)."""
        return self.nodes.get((service, part), {})

    def column(self, service: str, part: str, node: str, index: int) -> list[str]:
        """Return the distinct values of one extra column of a node, sorted."""
        found = {extra[index] for extra in self.of(service, part).get(node, ())}
        return sorted(v for v in found if v is not None)


def read_parts(rows: Iterable[Row]) -> Parts:
    """Gather the query's rows (service, part, node, label, text, a, b, c, d).

    Examples
    --------
    >>> rows = [("urn:s", "level", "urn:l", "B", None, "rpo", "4", "hours", None),
    ...         ("urn:s", "level", "urn:l", "A", None, "rpo", "4", "hours", None)]
    >>> parts = read_parts(rows)
    >>> parts.label("urn:l"), list(parts.of("urn:s", "level"))
    ('A', ['urn:l'])
    """
    parts = Parts()
    for service, part, node, label, text, a, b, c, d in rows:
        if node is None or part is None:
            continue
        keep_smallest(parts.labels, node, label)
        keep_smallest(parts.texts, node, text)
        if part == "catalog":
            parts.catalogs.add(node)
            continue
        if part == "component":
            service = c  # the system: components are read once per system
        if service is None:
            continue
        if part == "service":
            parts.statuses.setdefault(service, set()).add(a)
            continue
        parts.nodes[(service, part)].setdefault(node, set()).add((a, b, c, d))
    return parts
