"""Hypothesis strategies: small, random but well-formed portfolios.

``portfolios()`` draws a :class:`~stsm_graph.authoring.model.PortfolioDocument` whose ids are
unique,
whose links only name entries of the right section, and whose values (statuses, priorities,
decimal targets, dates, kinds) are all valid, so that every drawn document loads.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.term import Node

from stsm_graph.authoring import model
from stsm_graph.vocabulary import tables as vocab_tables

#: ids as an author would write them: letters, digits and . _ ~ - / (see authoring._SAFE_ID)
ids = st.from_regex(r"[A-Za-z0-9_][A-Za-z0-9._~/-]{0,10}", fullmatch=True)

#: names and free text: any printable text, including quotes, backslashes, accents, emoji,
#: tabs and line feeds; no other control character (loading refuses them)
texts = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc"), include_characters="\t\n"),
    min_size=1,
    max_size=24,
)

#: target values: exact decimals with two places, of either sign
decimals = st.decimals(
    min_value=Decimal("-1000"),
    max_value=Decimal("100000"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
priorities = st.integers(min_value=1, max_value=9)
bases = st.sampled_from(
    ["https://example.org/portfolio/", "http://example.com/p#", "https://example.net/a/b/"]
)

# where each link field may point: field name -> the sections its targets come from (an entry
# of a subclass of a range class too), as the vocabulary says
_LINK_TARGETS: dict[str, tuple[str, ...]] = {
    vocab_tables.FIELDS[link]: tuple(
        section
        for section, cls in vocab_tables.SECTIONS.items()
        if {cls, *vocab_tables.SUPERCLASSES.get(cls, ())} & set(objects)
    )
    for link, objects in vocab_tables.LINK_OBJECTS.items()
}

#: the sections drawn documents use (every kind of value and link appears among them)
SECTIONS: tuple[str, ...] = (
    "customers",
    "end_users",
    "needs",
    "objectives",
    "capabilities",
    "service_lines",
    "services",
    "service_levels",
    "level_requirements",
    "service_systems",
    "components",
    "agreements",
    "catalogs",
    "descriptions",
    "plans",
    "plan_actions",
    "evidence",
    "measurements",
)


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def _values_for(section: str) -> dict[str, st.SearchStrategy[Any]]:
    """Strategies for the non-link fields of an entry of ``section``."""
    status = _optional(st.sampled_from(list(model.Status)))
    level = {
        "metric": _optional(st.sampled_from(["availability", "response time", "restore"])),
        "target_value": _optional(decimals),
        "unit": _optional(st.sampled_from(["%", "hours", "min"])),
        "comparator": _optional(st.sampled_from(list(model.Comparator))),
    }
    return {
        "needs": {"status": status, "priority": _optional(priorities)},
        "objectives": {"priority": _optional(priorities)},
        "services": {"status": status, "priority": _optional(priorities)},
        "service_levels": level,
        "level_requirements": level,
        "service_systems": {"status": status},
        "components": {
            "status": status,
            "component_kind": _optional(st.sampled_from(list(model.ComponentKind))),
        },
        "agreements": {"status": status},
        "descriptions": {"audience": _optional(st.sampled_from(list(model.Audience)))},
        "plan_actions": {
            "action_kind": _optional(st.sampled_from(list(model.ActionKind))),
            "priority": _optional(priorities),
            "phase": _optional(priorities),
            "target_date": _optional(dates),
        },
        "evidence": {
            "kind": _optional(st.sampled_from(list(model.Evidence.kinds))),
            "date": _optional(dates),
        },
        "measurements": {
            "kind": _optional(st.sampled_from(list(model.Measurement.kinds))),
            "value": _optional(decimals),
            "unit": _optional(st.sampled_from(["%", "tickets"])),
            "date": _optional(dates),
        },
    }.get(section, {})


@st.composite
def portfolios(draw: st.DrawFn, *, max_entries: int = 12) -> model.PortfolioDocument:
    """Draw a small, well-formed portfolio document."""
    names = draw(st.lists(ids, min_size=1, max_size=max_entries, unique=True))
    by_section: dict[str, list[str]] = {s: [] for s in SECTIONS}
    for name in names:
        by_section[draw(st.sampled_from(SECTIONS))].append(name)
    data: dict[str, Any] = {"base": draw(bases)}
    for section, members in by_section.items():
        entity_model = model.SECTIONS[section]
        entries = []
        for name in members:
            item: dict[str, Any] = {"id": name, "label": draw(texts)}
            if draw(st.booleans()):
                item["description"] = draw(texts)
            for field, strategy in _values_for(section).items():
                value = draw(strategy)
                if value is not None:
                    item[field] = value
            for field in entity_model.model_fields:
                pool = [t for s in _LINK_TARGETS.get(field, ()) for t in by_section.get(s, [])]
                if pool:
                    links = draw(st.lists(st.sampled_from(pool), unique=True, max_size=3))
                    if links:
                        item[field] = links
            entries.append(item)
        if entries:
            data[section] = entries
    return model.PortfolioDocument.model_validate(data)


# --------------------------------------------------------------------------- bound queries

#: query shapes over tests/test_sparql_values.py's data, each with the variables it may bind:
#: subqueries (projecting the variable or not, bare or in braces, with LIMIT), OPTIONAL,
#: NOT EXISTS, EXISTS over a subquery, MINUS, UNION, GROUP BY, ORDER BY with LIMIT, ASK,
#: CONSTRUCT; only shapes on which rdflib's and Oxigraph's own bindings agree
_SHAPES = [
    ("SELECT ?x ?l { ?x rdfs:label ?l { SELECT ?x WHERE { ?x a :S } } }", ("x", "l")),
    ("SELECT ?x ?l { ?x a :S OPTIONAL { ?x rdfs:label ?l } }", ("x", "l")),
    ("SELECT ?x ?l { ?x a :S FILTER NOT EXISTS { ?x rdfs:label ?l } }", ("l",)),
    ("SELECT ?x ?l { ?x a :S FILTER EXISTS { SELECT ?l WHERE { ?y rdfs:label ?l } } }", ("l",)),
    ("SELECT ?x ?l { ?x a :S MINUS { ?x rdfs:label ?l } }", ("l",)),
    ("SELECT ?x ?l { ?x rdfs:label ?l MINUS { ?x a :S } }", ("x", "l")),
    ("SELECT ?x ?l { { ?x a :S } UNION { ?x rdfs:label ?l } }", ("x", "l")),
    ("SELECT ?x (COUNT(?v) AS ?k) { ?x :n ?v } GROUP BY ?x", ("x",)),
    ("SELECT ?x ?l { ?x rdfs:label ?l } ORDER BY ?x ?l LIMIT 2", ("x", "l")),
    ("SELECT ?x { { SELECT ?x WHERE { ?x a :S } ORDER BY ?x LIMIT 1 } }", ("x",)),
    ("SELECT ?x ?l { { SELECT * WHERE { ?x rdfs:label ?l } ORDER BY ?l LIMIT 2 } }", ("x", "l")),
    ("SELECT ?x WHERE { SELECT ?x WHERE { ?x a :S } ORDER BY DESC(?x) LIMIT 1 }", ("x",)),
    (
        "SELECT ?x ?l { ?x rdfs:label ?l { SELECT ?x ?l WHERE { ?x a :S OPTIONAL "
        "{ ?x rdfs:label ?l } } } }",
        ("x", "l"),
    ),
    ("ASK { ?x rdfs:label ?l }", ("x", "l")),
    ("CONSTRUCT { ?x :has ?l } WHERE { ?x rdfs:label ?l }", ("x", "l")),
]
_PROLOGUE = "PREFIX : <urn:x:> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
_TERMS = {
    "x": st.sampled_from([URIRef(f"urn:x:{n}") for n in "abcdez"]),
    "l": st.sampled_from([Literal(v) for v in ("A", "B", "A2", "none")]),
}


@st.composite
def bound_queries(draw: st.DrawFn) -> tuple[str, dict[str, Node]]:
    """Draw a query shape and values for some of its variables (at least one)."""
    query, names = draw(st.sampled_from(_SHAPES))
    bound = draw(st.lists(st.sampled_from(names), min_size=1, unique=True))
    return _PROLOGUE + query, {name: draw(_TERMS[name]) for name in bound}
