"""Build the code's tables of the vocabulary from a ``stsm.ttl`` and write them as Python.

:func:`read_tables` reads the annotations the code needs (``stsm:section``, ``stsm:field``,
``stsm:displayGroup`` and the group's colour, shape and order, ``stsm:tier``,
``stsm:summaryOrder``, ``stsm:impactCount``, ``stsm:retirable``, ``stsm:valueScheme``,
``stsm:statusPrecedence``, ``stsm:practice``), the domains and ranges of the properties,
their datatypes and which are functional; :func:`tables_source` writes them as the module
``vocab_tables.py``, which ``python -m stsm_graph.generators`` regenerates and
``tests/test_generated.py`` keeps current. The shipped module is this function's output for
the shipped vocabulary, so a copy of the vocabulary with one more class gives a module with
one more row.

Examples
--------
>>> from stsm_graph.vocabulary.resources import ontology_text
>>> tables = read_tables(ontology_text("stsm.ttl"))
>>> tables["CLASS_GROUPS"]["StandardService"], tables["SECTIONS"]["services"]
('ServiceGroup', 'StandardService')
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

NS = "https://w3id.org/stsm#"
_SCHEMA = "https://schema.org/"
_XSD = "http://www.w3.org/2001/XMLSchema#"


def _local(node: object) -> str:
    return str(node)[len(NS) :]


def _stsm(g: Graph, s: URIRef, p: str) -> Any:
    """Return the Python value of the one ``stsm:p`` annotation of ``s``, or None."""
    o = g.value(s, URIRef(NS + p))
    if o is None:
        return None
    return o.toPython() if isinstance(o, Literal) else _local(o)


def _classes_of(g: Graph, p: URIRef, *, domain: bool) -> tuple[str, ...]:
    """Return the domain or range classes of ``p`` in summary order, then by name."""
    preds = (RDFS.domain, URIRef(_SCHEMA + "domainIncludes"))
    if not domain:
        preds = (RDFS.range, URIRef(_SCHEMA + "rangeIncludes"))
    found = {o for q in preds for o in g.objects(p, q) if str(o).startswith(NS)}

    def key(c: str) -> tuple[int, str]:
        order = g.value(URIRef(NS + c), URIRef(NS + "summaryOrder"))
        return (int(order.toPython()) if isinstance(order, Literal) else 1 << 30, c)

    return tuple(sorted((_local(o) for o in found), key=key))


def _display_groups(g: Graph) -> dict[str, tuple[str, str | None, str]]:
    """Return each display group -> (label, colour or None, shape), by ``stsm:displayOrder``."""
    groups = sorted(
        (int(_stsm(g, s, "displayOrder")), _local(s))
        for s in g.subjects(URIRef(NS + "displayOrder"), None)
        if isinstance(s, URIRef)
    )
    return {
        name: (
            str(g.value(URIRef(NS + name), RDFS.label)),
            _stsm(g, URIRef(NS + name), "displayColour"),
            str(_stsm(g, URIRef(NS + name), "displayShape") or "dot"),
        )
        for _order, name in groups
    }


def _superclasses(g: Graph, classes: list[URIRef]) -> dict[str, tuple[str, ...]]:
    """Return each class that has any -> all its ``stsm:`` superclasses, sorted."""
    out: dict[str, tuple[str, ...]] = {}
    for c in classes:
        todo, seen = [c], set()
        while todo:  # the ontology's own few dozen classes: no portfolio data here
            for o in g.objects(todo.pop(), RDFS.subClassOf):
                if str(o).startswith(NS) and _local(o) not in seen:
                    seen.add(_local(o))
                    todo.append(URIRef(str(o)))
        if seen:
            out[_local(c)] = tuple(sorted(seen))
    return out


def file_order(ttl: str) -> list[str]:
    """Return the local names of the terms ``ttl`` describes, in the order it first does."""
    return list(
        dict.fromkeys(line[5:].split()[0] for line in ttl.splitlines() if line.startswith("stsm:"))
    )


def read_tables(ttl: str) -> dict[str, Any]:
    """Return every table of the vocabulary ``ttl``, by the name it has in ``vocab_tables.py``."""
    g = Graph()
    g.parse(data=ttl, format="turtle")
    classes = sorted(
        c for c in g.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef) and c.startswith(NS)
    )
    display = _display_groups(g)
    class_groups = {_local(c): str(_stsm(g, c, "displayGroup")) for c in classes}
    lacking = sorted(c for c, gr in class_groups.items() if gr not in display)
    if lacking:
        raise ValueError(f"every class needs an stsm:displayGroup with a displayOrder: {lacking}")
    ordered = sorted(
        (int(_stsm(g, c, "summaryOrder")), _local(c))
        for c in classes
        if _stsm(g, c, "summaryOrder") is not None
    )
    props = sorted(
        p
        for t in (OWL.ObjectProperty, OWL.DatatypeProperty)
        for p in g.subjects(RDF.type, t)
        if isinstance(p, URIRef) and p.startswith(NS)
    )
    links = [p for p in props if (p, URIRef(NS + "changePropagation"), None) in g]
    return {
        "DISPLAY_GROUPS": display,
        "CLASS_GROUPS": class_groups,
        "CLASS_COLOURS": {
            c: display[gr][1] for c, gr in class_groups.items() if display[gr][1] is not None
        },
        "CLASS_SHAPES": {
            c: display[gr][2] for c, gr in class_groups.items() if display[gr][2] != "dot"
        },
        "CLASS_TIERS": {_local(c): int(_stsm(g, c, "tier") or 0) for c in classes},
        "SUMMARY_ORDER": tuple(name for _order, name in ordered),
        "LIFECYCLE_CLASSES": _classes_of(g, URIRef(NS + "status"), domain=True),
        "IMPACT_COUNTS": {
            str(_stsm(g, c, "impactCount")): _local(c)
            for c in classes
            if _stsm(g, c, "impactCount") is not None
        },
        "RETIRABLE": tuple(_local(c) for c in classes if _stsm(g, c, "retirable")),
        "SECTIONS": {
            str(_stsm(g, c, "section")): _local(c)
            for c in classes
            if _stsm(g, c, "section") is not None
        },
        "FIELDS": {_local(p): str(_stsm(g, p, "field")) for p in props if _stsm(g, p, "field")},
        "LINK_SUBJECTS": {_local(p): _classes_of(g, p, domain=True) for p in links},
        "LINK_OBJECTS": {_local(p): _classes_of(g, p, domain=False) for p in links},
        "SUPERCLASSES": _superclasses(g, classes),
        "VALUE_CHECKS": _value_checks(g, props),
        "WORK_PRODUCTS": _work_products(g, classes, links, file_order(ttl)),
        **_value_tables(g, props, file_order(ttl)),
    }


def _work_products(
    g: Graph, classes: list[URIRef], links: list[URIRef], order: list[str]
) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """Return each kind of work product -> ("class" or "link", label, practices), file order.

    A kind is a class a portfolio can hold instances of (one with an authoring section, or
    a subclass of one) or a link property, that names an ``stsm:practice``.
    """
    sectioned = {_local(c) for c in classes if _stsm(g, c, "section") is not None}
    supers = _superclasses(g, classes)
    out: dict[str, tuple[str, str, tuple[str, ...]]] = {}
    for term, what in [*((c, "class") for c in classes), *((p, "link") for p in links)]:
        name = _local(term)
        practices = tuple(sorted(str(o) for o in g.objects(term, URIRef(NS + "practice"))))
        holdable = what == "link" or name in sectioned or sectioned & set(supers.get(name, ()))
        if practices and holdable:
            out[name] = (what, str(g.value(term, RDFS.label)), practices)
    return dict(sorted(out.items(), key=lambda kv: order.index(kv[0])))


#: the kind of value ingest checks for each XSD datatype a property's range may name
_VALUE_KINDS = {"decimal": "number", "integer": "integer", "date": "date"}


def _value_checks(g: Graph, props: list[URIRef]) -> dict[str, tuple[str, str]]:
    """Return each number or date property -> (kind of value, hint), in the file's order."""
    out: dict[str, tuple[str, str]] = {}
    for p in props:
        kind = _VALUE_KINDS.get(str(g.value(p, RDFS.range) or "")[len(_XSD) :])
        if kind is not None and str(g.value(p, RDFS.range)).startswith(_XSD):
            out[_local(p)] = (kind, str(_stsm(g, p, "valueHint") or f"a {kind}"))
    return out


def _value_tables(g: Graph, props: list[URIRef], order: list[str]) -> dict[str, Any]:
    """Return the tables of the values of properties: datatypes, concepts, cardinality."""
    schemes = {_local(p): _stsm(g, p, "valueScheme") for p in props}
    schemes = {p: s for p, s in schemes.items() if s is not None}
    members = {
        s: sorted((_local(c) for c in g.subjects(SKOS.inScheme, URIRef(NS + s))), key=order.index)
        for s in set(schemes.values())
    }
    datatypes = {
        _local(p): str(g.value(p, RDFS.range))[len(_XSD) :]
        for p in props
        if (p, RDF.type, OWL.DatatypeProperty) in g
        and str(g.value(p, RDFS.range) or "").startswith(_XSD)
    }
    status = URIRef(NS + "status")
    precedence = {
        _local(s): int(_stsm(g, s, "statusPrecedence"))
        for s in [
            URIRef(NS + str(schemes.get("status"))),
            *(URIRef(NS + c) for c in members.get(str(schemes.get("status")), ())),
        ]
        if _stsm(g, s, "statusPrecedence") is not None
    }
    if (status, None, None) in g and len(precedence) != len(members[schemes["status"]]) + 1:
        raise ValueError("every status, and the status scheme, needs an stsm:statusPrecedence")
    return {
        "DATATYPES": datatypes,
        "VALUE_SCHEMES": schemes,
        "CONCEPT_VALUES": {p: tuple(members[s]) for p, s in schemes.items()},
        "SINGLE_VALUED": tuple(
            _local(p) for p in props if (p, RDF.type, OWL.FunctionalProperty) in g
        ),
        "STATUS_PRECEDENCE": dict(sorted(precedence.items(), key=lambda kv: kv[1])),
    }


#: what each table is, written above it in the generated module
_COMMENTS = {
    "DISPLAY_GROUPS": "display group -> (legend text, colour or None (coloured by state), shape),"
    " in legend order",
    "CLASS_GROUPS": "class -> its display group (stsm:displayGroup)",
    "CLASS_COLOURS": "class -> the colour of its display group, where the group has one",
    "CLASS_SHAPES": 'class -> the shape of its display group, where it is not "dot"',
    "CLASS_TIERS": "class -> its layer in a layered picture, 0 at the top (stsm:tier)",
    "SUMMARY_ORDER": "the classes of a summary, in order (stsm:summaryOrder); others follow",
    "LIFECYCLE_CLASSES": "the classes an stsm:status applies to (its domain)",
    "IMPACT_COUNTS": "count of an impact summary -> the class it counts (stsm:impactCount)",
    "RETIRABLE": "classes a what-if may take out of service once changed (stsm:retirable)",
    "SECTIONS": "section of the authoring document -> the class it lists (stsm:section)",
    "FIELDS": "property -> the field of an authoring entry that holds it (stsm:field)",
    "LINK_SUBJECTS": "link property -> the classes its subject may have (domain)",
    "LINK_OBJECTS": "link property -> the classes its object may have (range)",
    "SUPERCLASSES": "class -> all its stsm: superclasses (rdfs:subClassOf, transitively)",
    "VALUE_CHECKS": "number or date property -> (kind of value, what one looks like), checked"
    " by ingest",
    "DATATYPES": "datatype property -> the XSD datatype of its values (rdfs:range)",
    "VALUE_SCHEMES": "concept-valued property -> the scheme of its values (stsm:valueScheme)",
    "CONCEPT_VALUES": "concept-valued property -> the concepts it may take, in the file's order",
    "SINGLE_VALUED": "properties that take at most one value (owl:FunctionalProperty)",
    "WORK_PRODUCTS": "kind of work product -> (class or link, label, stsm:practice values)",
    "STATUS_PRECEDENCE": "status -> its precedence (stsm:statusPrecedence), lowest counts;"
    " the scheme's: a status not in it",
}
_TYPES = {
    "DISPLAY_GROUPS": "dict[str, tuple[str, str | None, str]]",
    "CLASS_GROUPS": "dict[str, str]",
    "CLASS_COLOURS": "dict[str, str]",
    "CLASS_SHAPES": "dict[str, str]",
    "CLASS_TIERS": "dict[str, int]",
    "SUMMARY_ORDER": "tuple[str, ...]",
    "LIFECYCLE_CLASSES": "tuple[str, ...]",
    "IMPACT_COUNTS": "dict[str, str]",
    "RETIRABLE": "tuple[str, ...]",
    "SECTIONS": "dict[str, str]",
    "FIELDS": "dict[str, str]",
    "LINK_SUBJECTS": "dict[str, tuple[str, ...]]",
    "LINK_OBJECTS": "dict[str, tuple[str, ...]]",
    "SUPERCLASSES": "dict[str, tuple[str, ...]]",
    "VALUE_CHECKS": "dict[str, tuple[str, str]]",
    "DATATYPES": "dict[str, str]",
    "VALUE_SCHEMES": "dict[str, str]",
    "CONCEPT_VALUES": "dict[str, tuple[str, ...]]",
    "SINGLE_VALUED": "tuple[str, ...]",
    "STATUS_PRECEDENCE": "dict[str, int]",
    "WORK_PRODUCTS": "dict[str, tuple[str, str, tuple[str, ...]]]",
}


def _py(value: Any) -> str:
    """Return a string, number, None or tuple of them as Python source, strings double-quoted."""
    if isinstance(value, tuple):
        return "(" + ", ".join(map(_py, value)) + ("," if len(value) == 1 else "") + ")"
    return json.dumps(value) if isinstance(value, str) else repr(value)


def _literal(value: Any) -> str:
    """Return ``value`` as Python source: a dict or tuple one item a line, like ruff formats it."""
    if isinstance(value, dict) and value:
        rows = "".join(f"    {_py(k)}: {_py(v)},\n" for k, v in value.items())
        return "{\n" + rows + "}"
    if isinstance(value, tuple) and value:
        return "(\n" + "".join(f"    {_py(v)},\n" for v in value) + ")"
    return _py(value)


def tables_source(tables: dict[str, Any]) -> str:
    """Return the Python source of ``vocab_tables.py`` holding ``tables``."""
    lines = [
        '"""Tables of the ``stsm:`` vocabulary that the code reads: display, order, authoring.',
        "",
        "Generated from ``ontology/stsm.ttl`` by ``python -m stsm_graph.generators``;",
        "do not edit. Class and property names are local names in ``stsm:``.",
        "",
        "Examples",
        "--------",
        '>>> CLASS_GROUPS["Customer"], DISPLAY_GROUPS["StakeholderGroup"]',
        "('StakeholderGroup', ('customer, end user', '#4e79a7', 'dot'))",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "__all__ = [",
        *(f'    "{n}",' for n in sorted(_TYPES)),
        "]",
        "",
    ]
    for name, value in tables.items():
        lines += ["", f"#: {_COMMENTS[name]}", f"{name}: {_TYPES[name]} = {_literal(value)}"]
    return "\n".join(lines) + "\n"
