"""What a service catalog holds: the frozen results of :func:`~stsm_graph.analysis.service_catalog`.

Examples
--------
>>> CatalogLevel(node="urn:l", label="Available 99.9 %", metric="availability",
...              target=Decimal("99.9"), unit="%", comparator="at least").comparator
'at least'
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from stsm_graph.analysis._common import Finding

__all__ = [
    "AUDIENCES",
    "Audience",
    "Catalog",
    "CatalogAgreement",
    "CatalogAttribute",
    "CatalogComponent",
    "CatalogDescription",
    "CatalogElement",
    "CatalogItem",
    "CatalogLevel",
    "CatalogLine",
    "CatalogService",
    "CatalogSystem",
    "CatalogVariation",
    "PlannedAddition",
]

Audience = Literal["customer", "provider"]
#: the audiences a catalog is written for
AUDIENCES: tuple[Audience, ...] = ("customer", "provider")


class CatalogItem(Finding):
    """A node shown by its label, with its description if it has one."""

    node: str
    label: str
    text: str | None = None


class CatalogDescription(CatalogItem):
    """A service description, and the audience it is written for (``None``: not said)."""

    audience: Audience | None


class CatalogLevel(CatalogItem):
    """A service level the service offers: metric, target, unit and comparator."""

    metric: str | None
    target: Decimal | None
    unit: str | None
    #: ``"at least"`` (a minimum) or ``"at most"`` (a maximum); ``None`` when not said
    comparator: Literal["at least", "at most"] | None


class CatalogAttribute(CatalogItem):
    """A critical attribute of the service, with the metric it is measured by."""

    metric: str | None


class CatalogElement(CatalogItem):
    """A part of the service: included in every use, or optional (a variable part)."""

    optional: bool


class CatalogVariation(CatalogItem):
    """A variation point: the values a customer may choose and the default."""

    allowed_values: tuple[str, ...]
    default_value: str | None
    #: the labels of the tailoring criteria that govern it (provider catalog only)
    criteria: tuple[str, ...] = ()


class CatalogComponent(CatalogItem):
    """A component of a delivering service system."""

    kind: str | None
    status: str


class CatalogSystem(CatalogItem):
    """A service system delivering the service, with its components."""

    status: str
    components: tuple[CatalogComponent, ...]


class CatalogAgreement(CatalogItem):
    """An agreement in force for the service: its customers and template."""

    customers: tuple[str, ...]
    template: str | None


class PlannedAddition(CatalogItem):
    """An add action of a plan targeting a planned service."""

    target_date: str | None
    plan: str | None
    plan_label: str | None


class CatalogService(Finding):
    """One standard service as a catalog lists it."""

    service: str
    label: str
    status: Literal["active", "planned"]
    #: the service's own description (``dcterms:description``), if any
    summary: str | None
    #: whether it has a description written for the catalog's audience
    described: bool
    descriptions: tuple[CatalogDescription, ...]
    levels: tuple[CatalogLevel, ...]
    attributes: tuple[CatalogAttribute, ...]
    elements: tuple[CatalogElement, ...]
    variations: tuple[CatalogVariation, ...]
    #: the labels of the other service lines it is in (it is listed under the first)
    other_lines: tuple[str, ...] = ()
    #: a planned service: the earliest target date of the plans' add actions, if any
    expected: str | None = None
    planned_by: tuple[PlannedAddition, ...] = ()
    # provider catalog only
    systems: tuple[CatalogSystem, ...] = ()
    capabilities: tuple[CatalogItem, ...] = ()
    criteria: tuple[CatalogItem, ...] = ()
    templates: tuple[CatalogItem, ...] = ()
    agreements: tuple[CatalogAgreement, ...] = ()


class CatalogLine(Finding):
    """A service line with its active services and its coming (planned) ones."""

    #: the line's IRI; ``None`` for the services in no line
    line: str | None
    label: str
    text: str | None
    services: tuple[CatalogService, ...]
    coming: tuple[CatalogService, ...]


class Catalog(Finding):
    """A service catalog for one audience."""

    audience: Audience
    #: the label of the portfolio's service catalog (the smallest, of several), else None
    title: str | None
    #: that catalog's description
    intro: str | None
    lines: tuple[CatalogLine, ...]

    def services(self) -> tuple[CatalogService, ...]:
        """Return every service listed, active and coming, line by line."""
        return tuple(s for line in self.lines for s in (*line.services, *line.coming))
