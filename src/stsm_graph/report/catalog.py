r"""The service catalog as a page to hand out: HTML or Markdown, for customers or for staff.

Both are made from :func:`stsm_graph.analysis.service_catalog`'s result and nothing else.
The HTML page is one self-contained file: inline styles, no script, nothing fetched (its
Content-Security-Policy forbids every source), every text from the portfolio HTML-escaped
by the template (``templates/catalog.html``, Jinja2 with autoescaping); labels are shown,
IRIs only in ``title`` attributes. The Markdown escapes every text with ``for_markdown``.

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> from stsm_graph.analysis import service_catalog
>>> p = Portfolio()
>>> p.add(model.StandardService(id="s", label="<b>Backup</b>"))
>>> page = catalog_html(service_catalog(p, audience="customer"))
>>> "&lt;b&gt;Backup&lt;/b&gt;" in page and "<b>Backup" not in page
True
>>> print(catalog_markdown(service_catalog(p, audience="customer")).splitlines()[4])
### &lt;b&gt;Backup&lt;/b&gt;
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache, partial
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from stsm_graph.analysis import (
    Catalog,
    CatalogLevel,
    CatalogService,
    CatalogSystem,
)
from stsm_graph.common.escaping import for_markdown

__all__ = [
    "catalog_html",
    "catalog_markdown",
    "catalog_title",
    "delivering_systems",
    "level_phrase",
    "metric_names",
    "own_metric_names",
]

_AUDIENCE_NAMES = {"customer": "Service catalog", "provider": "Provider catalog"}
_FOOTER = {
    "customer": "Standard services on offer, by service line; planned services are listed as "
    "coming soon.",
    "provider": "For staff: the standard services with the systems, capabilities, tailoring "
    "rules, SLA templates and agreements behind them.",
}


def catalog_title(catalog: Catalog) -> str:
    """Return the catalog's heading: the portfolio's catalog label, else a generic one.

    Examples
    --------
    >>> from stsm_graph.analysis import Catalog
    >>> catalog_title(Catalog(audience="provider", title=None, intro=None, lines=()))
    'Provider catalog'
    """
    return catalog.title or _AUDIENCE_NAMES[catalog.audience]


def metric_names(catalog: Catalog) -> dict[str, str]:
    """Name each metric as the catalog does: by the label of a critical attribute it measures.

    The first attribute measured by a metric, service by service in the catalog's order,
    names it; :func:`own_metric_names` puts a service's own attributes first.

    Examples
    --------
    >>> from stsm_graph.analysis import Catalog
    >>> metric_names(Catalog(audience="customer", title=None, intro=None, lines=()))
    {}
    """
    names: dict[str, str] = {}
    for a in (a for s in catalog.services() for a in s.attributes):
        if a.metric:
            names.setdefault(a.metric, a.label)
    return names


def own_metric_names(service: CatalogService, names: Mapping[str, str]) -> dict[str, str]:
    """Return ``names`` with the metrics of the service's own critical attributes named by them."""
    own: dict[str, str] = {}
    for a in service.attributes:
        if a.metric:
            own.setdefault(a.metric, a.label)
    return {**names, **own}


def level_phrase(level: CatalogLevel, names: Mapping[str, str] | None = None) -> str:
    """Return a level's target in words: ``availability at least 99.9 %``.

    The metric is named by ``names`` (:func:`metric_names`: the label of a critical attribute
    measured by it, such as ``Recovery point objective``), else by itself with its hyphens and
    underscores as spaces (``restore success rate``).

    Examples
    --------
    >>> from decimal import Decimal
    >>> rpo = CatalogLevel(node="urn:l", label="L", metric="rpo", target=Decimal("0.250"),
    ...                    unit="hours", comparator="at most")
    >>> level_phrase(rpo), level_phrase(rpo, {"rpo": "Recovery point"})
    ('rpo at most 0.25 hours', 'Recovery point at most 0.25 hours')
    >>> level_phrase(rpo.model_copy(update={"metric": "restore-success_rate"}))
    'restore success rate at most 0.25 hours'
    """
    metric = level.metric or ""
    named = (names or {}).get(metric) or metric.replace("-", " ").replace("_", " ")
    words = [named, level.comparator or "target", _number(level.target)]
    return " ".join(w for w in (*words, level.unit or "") if w)


def _number(value: Decimal | None) -> str:
    if value is None:
        return "none"
    return format(value.normalize(), "f")


def delivering_systems(catalog: Catalog) -> tuple[CatalogSystem, ...]:
    """Return the service systems the catalog's services name, each once, by label.

    A provider catalog names a service's systems with the service and lists each system with
    its components once, after the service lines (a system may deliver thousands of services).

    Examples
    --------
    >>> from stsm_graph.analysis import Catalog
    >>> delivering_systems(Catalog(audience="customer", title=None, intro=None, lines=()))
    ()
    """
    found = {y.node: y for s in catalog.services() for y in s.systems}
    return tuple(sorted(found.values(), key=lambda y: (y.label, y.node)))


def catalog_html(catalog: Catalog, *, subtitle: str = "") -> str:
    """Return the catalog as one self-contained HTML page.

    Parameters
    ----------
    catalog
        The result of :func:`stsm_graph.analysis.service_catalog`.
    subtitle
        A line under the heading, e.g. where the portfolio came from (escaped).
    """
    systems = delivering_systems(catalog)
    return str(
        _template().render(
            systems=systems,
            system_anchor={y.node: i for i, y in enumerate(systems, 1)},
            title=catalog_title(catalog),
            intro=catalog.intro,
            subtitle=subtitle,
            audience=catalog.audience,
            audience_name=_AUDIENCE_NAMES[catalog.audience],
            lines=catalog.lines,
            footer=_FOOTER[catalog.audience],
            level_phrase=level_phrase,
            metric_names=partial(own_metric_names, names=metric_names(catalog)),
        )
    )


@lru_cache(maxsize=1)
def _template() -> Any:
    env = Environment(
        loader=PackageLoader("stsm_graph.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    return env.get_template("catalog.html")


def catalog_markdown(catalog: Catalog, *, subtitle: str = "") -> str:
    """Return the catalog as Markdown: a section per service line, a subsection per service.

    Parameters
    ----------
    catalog
        The result of :func:`stsm_graph.analysis.service_catalog`.
    subtitle
        A line under the heading (escaped).
    """
    md = for_markdown
    out = [f"# {md(catalog_title(catalog))}", ""]
    for text in (catalog.intro, subtitle):
        if text:
            out += [md(text), ""]
    if not catalog.lines:
        out += ["No standard service is active or planned.", ""]
    names = metric_names(catalog)
    for line in catalog.lines:
        out += [f"## {md(line.label)}", ""]
        if line.text:
            out += [md(line.text), ""]
        for service in line.services:
            out += _service_markdown(service, catalog.audience, names)
        if line.coming:
            out += ["### Coming soon", ""]
            for service in line.coming:
                out += _service_markdown(service, catalog.audience, names, level="####")
    systems = delivering_systems(catalog)
    if systems:
        out += ["## Service systems", ""]
    for y in systems:
        out += [f"### {md(y.label)}" + (f" ({md(y.status)})" if y.status != "active" else ""), ""]
        if y.text:
            out += [md(y.text), ""]
        out += _bullets("Components", [_component(c) for c in y.components])
    return "\n".join(out).rstrip("\n") + "\n"


def _bullets(heading: str, items: list[str]) -> list[str]:
    if not items:
        return []
    return [f"**{heading}**", "", *(f"- {i}" for i in items), ""]


def _item(label: str, text: str | None) -> str:
    md = for_markdown
    return f"{md(label)}: {md(text)}" if text else md(label)


def _service_markdown(
    s: CatalogService, audience: str, names: Mapping[str, str], *, level: str = "###"
) -> list[str]:
    md = for_markdown
    head = f"{level} {md(s.label)}"
    if s.status == "planned":
        head += " (coming" + (f", expected {md(s.expected)}" if s.expected else "") + ")"
    out = [head, ""]
    own = [d for d in s.descriptions if d.audience == audience]
    out += [f"{md(d.text or d.label)}\n" for d in own]
    if not s.described:
        out += [f"*No {audience} description yet.*", ""]
    if s.summary and (audience == "provider" or not s.described):
        out += [md(s.summary), ""]
    if s.other_lines:
        out += ["Also in: " + ", ".join(md(x) for x in s.other_lines), ""]
    metrics = own_metric_names(s, names)
    out += _bullets(
        "Service levels",
        [
            md(lv.label) + (f" ({md(level_phrase(lv, metrics))})" if lv.target is not None else "")
            for lv in s.levels
        ],
    )
    out += _bullets("What we keep to", [_item(a.label, a.text) for a in s.attributes])
    out += _bullets("Included", [_item(e.label, e.text) for e in s.elements if not e.optional])
    out += _bullets("Optional", [_item(e.label, e.text) for e in s.elements if e.optional])
    out += _bullets("You may choose", [_variation(v) for v in s.variations])
    return out + (_provider_markdown(s) if audience == "provider" else [])


def _variation(v: Any) -> str:
    md = for_markdown
    values = [md(x) + (" (default)" if x == v.default_value else "") for x in v.allowed_values]
    text = f"{md(v.label)}: {', '.join(values)}"
    if v.default_value and v.default_value not in v.allowed_values:
        text += f" (default {md(v.default_value)})"
    if v.criteria:
        text += " - tailored by " + "; ".join(md(c) for c in v.criteria)
    return text


def _provider_markdown(s: CatalogService) -> list[str]:
    md = for_markdown
    out = _bullets(
        "Customer description",
        [_item(d.label, d.text) for d in s.descriptions if d.audience != "provider"],
    )
    out += _bullets(
        "Planned by",
        [
            md(p.label)
            + (f" ({md(p.plan_label)})" if p.plan_label else "")
            + (f", by {md(p.target_date)}" if p.target_date else "")
            for p in s.planned_by
        ],
    )
    systems = [
        md(y.label) + (f" ({md(y.status)})" if y.status != "active" else "") for y in s.systems
    ]
    out += _bullets("Delivered by", systems or ["*no service system*"])
    out += _bullets("Requires capabilities", [_item(c.label, c.text) for c in s.capabilities])
    out += _bullets("Tailoring criteria", [_item(c.label, c.text) for c in s.criteria])
    out += _bullets("SLA templates", [md(t.label) for t in s.templates])
    agreements = [
        md(a.label)
        + (" with " + ", ".join(md(c) for c in a.customers) if a.customers else "")
        + (f", from {md(a.template)}" if a.template else "")
        for a in s.agreements
    ]
    return out + _bullets("Agreements in force", agreements or ["none"])


def _component(c: Any) -> str:
    md = for_markdown
    text = md(c.label)
    if c.kind:
        text += f" ({md(c.kind)})"
    if c.status != "active":
        text += f" [{md(c.status)}]"
    return text
