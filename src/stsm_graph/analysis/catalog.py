"""The service catalog (SP 2.2): the standard services on offer, for customers or for staff.

The *customer* catalog lists the active standard services by service line, each with its
customer description, service levels, critical attributes, its parts (included or optional)
and the variations a customer may choose; planned services are listed as *coming*, with
the expected date when an add action of a plan gives one. The *provider* catalog adds, per
service, the provider descriptions, the service systems and components that deliver it, the
capabilities it requires, its tailoring criteria, its SLA templates and the agreements in
force. Retired services (and services of any other status) are not listed. A service
without a description for the catalog's audience is listed all the same, with
``described`` false. Everything is read by one query (``catalog_parts.rq``).

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> p = Portfolio()
>>> p.add(model.ServiceLine(id="line", label="Workplace"),
...       model.StandardService(id="desk", label="Service desk", in_service_line=["line"]),
...       model.StandardService(id="ai", label="AI helpdesk", status="Planned",
...                             in_service_line=["line"]))
>>> cat = service_catalog(p, audience="customer")
>>> [(line.label, [s.label for s in line.services], [s.label for s in line.coming])
...  for line in cat.lines]
[('Workplace', ['Service desk'], ['AI helpdesk'])]
>>> cat.lines[0].services[0].described
False
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from stsm_graph.analysis._catalog_rows import Parts, read_parts
from stsm_graph.analysis._common import ACTIVE, PLANNED, bulk, number, run
from stsm_graph.analysis._needs import stated_status
from stsm_graph.analysis.catalog_results import (
    AUDIENCES,
    Audience,
    Catalog,
    CatalogAgreement,
    CatalogAttribute,
    CatalogComponent,
    CatalogDescription,
    CatalogElement,
    CatalogItem,
    CatalogLevel,
    CatalogLine,
    CatalogService,
    CatalogSystem,
    CatalogVariation,
    PlannedAddition,
)
from stsm_graph.vocabulary.namespace import STSM

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = ["service_catalog"]


@bulk
def service_catalog(portfolio: Portfolio, *, audience: str = "customer") -> Catalog:
    """Return the service catalog of the portfolio for ``audience``.

    Parameters
    ----------
    portfolio
        The portfolio.
    audience
        ``"customer"`` (what customers may order) or ``"provider"`` (that, and what staff
        need to deliver it).

    Raises
    ------
    ValueError
        If ``audience`` is neither.

    Examples
    --------
    >>> from stsm_graph import Portfolio, model
    >>> p = Portfolio()
    >>> p.add(model.ServiceSystem(id="sys", label="Desk operations"),
    ...       model.StandardService(id="desk", label="Desk", delivered_by=["sys"]))
    >>> [s.label for s in service_catalog(p, audience="provider").services()[0].systems]
    ['Desk operations']
    >>> service_catalog(p, audience="customer").services()[0].systems
    ()
    """
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be 'customer' or 'provider', not {audience!r}")
    chosen: Audience = "provider" if audience == "provider" else "customer"
    rows = run(portfolio, "catalog_parts")
    if chosen == "provider":
        rows += run(portfolio, "catalog_delivery")
    parts = read_parts(rows)
    lines = _lines(parts, chosen)
    title, intro = _title(parts)
    return Catalog(audience=chosen, title=title, intro=intro, lines=lines)


def _title(parts: Parts) -> tuple[str | None, str | None]:
    if not parts.catalogs:
        return None, None
    first = min(parts.catalogs, key=lambda c: (parts.label(c), c))
    return parts.label(first), parts.texts.get(first)


_AUDIENCE = {str(STSM.CustomerAudience): "customer", str(STSM.ProviderAudience): "provider"}
_COMPARATOR = {str(STSM.AtLeast): "at least", str(STSM.AtMost): "at most"}
_LISTED = {ACTIVE: "active", PLANNED: "planned"}
#: the line of the services in none
_NO_LINE = "Other services"


def _status(statuses: Iterable[str | None]) -> str:
    """Return the status that counts of the stated ones (none stated: active)."""
    return stated_status(s for s in statuses if s is not None) or ACTIVE


def _order(parts: Parts, nodes: Iterable[str]) -> list[str]:
    """Return nodes by label, then IRI."""
    return sorted(nodes, key=lambda n: (parts.label(n), n))


def _lines(parts: Parts, audience: Audience) -> tuple[CatalogLine, ...]:
    """Place each listed service under its first line (by label) and build the lines."""
    placed: dict[str | None, list[CatalogService]] = {}
    for service in _order(parts, parts.statuses):
        status = _LISTED.get(_status(parts.statuses[service]))
        if status is None:
            continue
        lines = _order(parts, parts.of(service, "line"))
        home = lines[0] if lines else None
        others = tuple(parts.label(line) for line in lines[1:])
        entry = _service(parts, service, status, audience, others)
        placed.setdefault(home, []).append(entry)
    out = []
    for line in sorted(placed, key=lambda n: (n is None, parts.label(n) if n else "", n or "")):
        entries = placed[line]
        out.append(
            CatalogLine(
                line=line,
                label=parts.label(line) if line else _NO_LINE,
                text=parts.texts.get(line) if line else None,
                services=tuple(e for e in entries if e.status == "active"),
                coming=tuple(e for e in entries if e.status == "planned"),
            )
        )
    return tuple(out)


def _items(parts: Parts, service: str, part: str) -> tuple[CatalogItem, ...]:
    return tuple(
        CatalogItem(node=n, label=parts.label(n), text=parts.texts.get(n))
        for n in _order(parts, parts.of(service, part))
    )


def _service(
    parts: Parts, service: str, status: str, audience: Audience, others: tuple[str, ...]
) -> CatalogService:
    provider = audience == "provider"
    descriptions = _descriptions(parts, service, provider)
    planned = _planned(parts, service) if status == "planned" else ()
    dates = sorted(p.target_date for p in planned if p.target_date is not None)
    entry = CatalogService(
        service=service,
        label=parts.label(service),
        status=status,  # type: ignore[arg-type]
        summary=parts.texts.get(service),
        described=any(d.audience == audience for d in descriptions),
        descriptions=descriptions,
        levels=_levels(parts, service),
        attributes=tuple(
            CatalogAttribute(
                node=n,
                label=parts.label(n),
                text=parts.texts.get(n),
                metric=_first(parts.column(service, "attribute", n, 0)),
            )
            for n in _order(parts, parts.of(service, "attribute"))
        ),
        elements=_elements(parts, service),
        variations=_variations(parts, service, provider),
        other_lines=others,
        expected=dates[0] if dates else None,
        planned_by=planned,
    )
    if not provider:
        return entry
    return entry.model_copy(
        update={
            "systems": _systems(parts, service),
            "capabilities": _items(parts, service, "capability"),
            "criteria": _items(parts, service, "criterion"),
            "templates": _items(parts, service, "template"),
            "agreements": _agreements(parts, service),
        }
    )


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


def _descriptions(parts: Parts, service: str, provider: bool) -> tuple[CatalogDescription, ...]:
    out = []
    for n in _order(parts, parts.of(service, "description")):
        audiences = {_AUDIENCE.get(a) for a in parts.column(service, "description", n, 0)}
        audience = _first(sorted(a for a in audiences if a is not None))
        if audience == "customer" or provider:
            out.append(
                CatalogDescription(
                    node=n,
                    label=parts.label(n),
                    text=parts.texts.get(n),
                    audience=audience,  # type: ignore[arg-type]
                )
            )
    return tuple(out)


def _levels(parts: Parts, service: str) -> tuple[CatalogLevel, ...]:
    out = []
    for n in _order(parts, parts.of(service, "level")):
        comparator = _first(parts.column(service, "level", n, 3))
        targets = sorted(
            t for t in map(number, parts.column(service, "level", n, 1)) if t is not None
        )
        out.append(
            CatalogLevel(
                node=n,
                label=parts.label(n),
                text=parts.texts.get(n),
                metric=_first(parts.column(service, "level", n, 0)),
                target=targets[0] if targets else None,
                unit=_first(parts.column(service, "level", n, 2)),
                comparator=_COMPARATOR.get(comparator or ""),  # type: ignore[arg-type]
            )
        )
    return tuple(out)


def _elements(parts: Parts, service: str) -> tuple[CatalogElement, ...]:
    variable = str(STSM.VariablePart)
    return tuple(
        CatalogElement(
            node=n,
            label=parts.label(n),
            text=parts.texts.get(n),
            optional=variable in parts.column(service, "element", n, 0),
        )
        for n in _order(parts, parts.of(service, "element"))
    )


def _variations(parts: Parts, service: str, provider: bool) -> tuple[CatalogVariation, ...]:
    governs: dict[str, list[str]] = {}
    if provider:
        for c in _order(parts, parts.of(service, "criterion")):
            for point in parts.column(service, "criterion", c, 0):
                governs.setdefault(point, []).append(parts.label(c))
    return tuple(
        CatalogVariation(
            node=n,
            label=parts.label(n),
            text=parts.texts.get(n),
            allowed_values=tuple(parts.column(service, "variation", n, 0)),
            default_value=_first(parts.column(service, "variation", n, 1)),
            criteria=tuple(governs.get(n, ())),
        )
        for n in _order(parts, parts.of(service, "variation"))
    )


def _local(status: str) -> str:
    return status.rsplit("#", 1)[-1].lower()


def _systems(parts: Parts, service: str) -> tuple[CatalogSystem, ...]:
    return tuple(_system(parts, service, n) for n in _order(parts, parts.of(service, "system")))


def _system(parts: Parts, service: str, system: str) -> CatalogSystem:
    """Return a service system with its components, made once and shared by its services."""
    made = parts.built.get(system)
    if isinstance(made, CatalogSystem):
        return made
    components = []
    for n in _order(parts, parts.of(system, "component")):
        kind = _first(parts.column(system, "component", n, 0))
        components.append(
            CatalogComponent(
                node=n,
                label=parts.label(n),
                text=parts.texts.get(n),
                kind=kind.rsplit("#", 1)[-1] if kind else None,
                status=_local(_status(parts.column(system, "component", n, 1))),
            )
        )
    made = CatalogSystem(
        node=system,
        label=parts.label(system),
        text=parts.texts.get(system),
        # a system's status is the same in the rows of every service it delivers
        status=_local(_status(parts.column(service, "system", system, 0))),
        components=tuple(components),
    )
    parts.built[system] = made
    return made


def _agreements(parts: Parts, service: str) -> tuple[CatalogAgreement, ...]:
    out = []
    for n, extras in parts.of(service, "agreement").items():
        if _status(set(parts.column(service, "agreement", n, 2))) != ACTIVE:
            continue  # not in force
        names: dict[str, str] = {}
        for customer, label, _, _ in extras:
            if customer is not None:
                names.setdefault(customer, customer)
                if label is not None and (names[customer] == customer or label < names[customer]):
                    names[customer] = label
        template = _first(parts.column(service, "agreement", n, 3))
        out.append(
            CatalogAgreement(
                node=n,
                label=parts.label(n),
                text=parts.texts.get(n),
                customers=tuple(sorted(names.values())),
                template=parts.label(template) if template else None,
            )
        )
    return tuple(sorted(out, key=lambda a: (a.label, a.node)))


def _planned(parts: Parts, service: str) -> tuple[PlannedAddition, ...]:
    out = []
    for n, extras in parts.of(service, "plan").items():
        plans = sorted({(plan, label) for _d, plan, label, _x in extras if plan is not None})
        plan = plans[0][0] if plans else None
        labels = sorted(label for p, label in plans if p == plan and label is not None)
        out.append(
            PlannedAddition(
                node=n,
                label=parts.label(n),
                text=parts.texts.get(n),
                target_date=_first(parts.column(service, "plan", n, 0)),
                plan=plan,
                plan_label=labels[0] if labels else plan,
            )
        )
    return tuple(sorted(out, key=lambda p: (p.target_date is None, p.target_date or "", p.node)))
