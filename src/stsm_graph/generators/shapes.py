"""Write the structural SHACL shapes of a vocabulary: ``ontology/shapes_generated.ttl``.

Structure is what ``stsm.ttl`` already says: every instance of a class is an IRI with a
label; the object of each link has one of the link's range classes (checked on the
instances of each domain class, and at least one where the link is ``stsm:requiredLink``);
the subject of each link has one of its domain classes. ``shapes.ttl`` keeps the rest by
hand (levels, values, completeness warnings). ``python -m stsm_graph.generators`` writes
the file and ``tests/test_generated.py`` keeps it current.

Examples
--------
>>> from stsm_graph.vocabulary.resources import ontology_text
>>> text = shapes_source(ontology_text("stsm.ttl"))
>>> "stsmsh:HasNeedSubjectShape" in text and "sh:targetSubjectsOf stsm:hasNeed" in text
True
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from stsm_graph.generators.tables import NS, read_tables

_HEADER = """\
# stsm-graph: the structural SHACL shapes, generated from ontology/stsm.ttl by
# python -m stsm_graph.generators; do not edit. shapes.ttl holds the hand-written rest.
#
# Every instance is an IRI with a label; each link leads from one of its domain classes
# (schema:domainIncludes) to one of its range classes (schema:rangeIncludes). sh:class follows
# rdfs:subClassOf in the data graph: validate with the ontology's subclass triples added.

@prefix stsm: <https://w3id.org/stsm#> .
@prefix stsmsh: <https://w3id.org/stsm/shapes#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
"""
_RULE = "#" * 100


def _phrase(g: Graph, cls: str) -> str:
    """Return "a need", "an SLA template": ``stsm:nounPhrase``, else the label with an article."""
    node = URIRef(NS + cls)
    said = g.value(node, URIRef(NS + "nounPhrase"))
    if said is not None:
        return str(said)
    label = str(g.value(node, RDFS.label) or cls)
    if not label[1:2].isupper():  # keep "SLA template" as it is
        label = label[:1].lower() + label[1:]
    # "an" before a vowel, and before an initialism whose first letter sounds like one ("an SLA")
    return ("an " if label[:1].lower() in "aeiou" or label[:1] in "FHLMNRSX" else "a ") + label


def _either(phrases: list[str]) -> str:
    return phrases[0] if len(phrases) == 1 else ", ".join(phrases[:-1]) + " or " + phrases[-1]


def _class_test(classes: tuple[str, ...]) -> str:
    if len(classes) == 1:
        return f"sh:class stsm:{classes[0]}"
    return "sh:or ( " + " ".join(f"[ sh:class stsm:{c} ]" for c in classes) + " )"


def _with_subclasses(cls: str, supers: dict[str, tuple[str, ...]], order: list[str]) -> list[str]:
    return [cls] + [c for c in order if cls in supers.get(c, ())]


def shapes_source(ttl: str) -> str:
    """Return the Turtle of the structural shapes of the vocabulary ``ttl``."""
    g = Graph()
    g.parse(data=ttl, format="turtle")
    tables = read_tables(ttl)
    supers: dict[str, tuple[str, ...]] = tables["SUPERCLASSES"]
    subjects: dict[str, tuple[str, ...]] = tables["LINK_SUBJECTS"]
    objects: dict[str, tuple[str, ...]] = tables["LINK_OBJECTS"]
    # classes in the vocabulary's own order, so that the generated file reads like stsm.ttl
    order = list(dict.fromkeys(n for n in _file_order(ttl) if _is_class(g, n)))
    out = [_HEADER, _section("Every instance: an IRI with a name")]
    out.append(
        "stsmsh:EntityShape\n    a sh:NodeShape ;\n"
        '    rdfs:comment "Every instance of an stsm: class is named by an IRI (remote SPARQL'
        " stores cannot address blank nodes) and has at least one rdfs:label; labels may be"
        ' given in several languages."@en ;\n'
        "    sh:targetClass " + ", ".join(f"stsm:{c}" for c in order) + " ;\n"
        "    sh:nodeKind sh:IRI ;\n"
        '    sh:message "An instance of an stsm: class must be an IRI, not a blank node."@en ;\n'
        "    sh:property [\n      sh:path rdfs:label ;\n      sh:minCount 1 ;\n"
        '      sh:message "Every instance needs a name: at least one rdfs:label."@en ;\n'
        "    ] .\n"
    )
    out.append(_section("Links: the object of each link has the right class (by subject class)"))
    for cls in order:
        links = [p for p in _links_in_order(ttl, objects) if cls in subjects[p]]
        if links:
            out.append(_object_shape(g, cls, links, objects, _with_subclasses(cls, supers, order)))
    out.append(_section("Links: the subject of each link has the right class"))
    for p in _links_in_order(ttl, objects):
        who = _either([_phrase(g, c) for c in subjects[p]])
        out.append(
            f"stsmsh:{p[0].upper()}{p[1:]}SubjectShape\n    a sh:NodeShape ;\n"
            f'    rdfs:comment "Only {who} may be the subject of stsm:{p}."@en ;\n'
            f"    sh:targetSubjectsOf stsm:{p} ;\n    {_class_test(subjects[p])} ;\n"
            f'    sh:message "The subject of stsm:{p} must be {who}."@en .\n'
        )
    return "\n".join(out)


def _object_shape(
    g: Graph, cls: str, links: list[str], objects: dict[str, tuple[str, ...]], targets: list[str]
) -> str:
    """Return the shape checking the object of each of ``links`` on the instances of ``cls``."""
    props = []
    for p in links:
        test = _class_test(objects[p])
        must = _either([_phrase(g, c) for c in objects[p]])
        if (URIRef(NS + p), URIRef(NS + "requiredLink"), None) in g:
            who = _phrase(g, cls)
            props.append(
                f"      sh:path stsm:{p} ;\n      {test} ;\n      sh:minCount 1 ;\n"
                f'      sh:message "{who[0].upper()}{who[1:]} needs at least one stsm:{p} link,'
                f' and each must lead to {must}."@en ;\n'
            )
        else:
            props.append(
                f"      sh:path stsm:{p} ;\n      {test} ;\n"
                f'      sh:message "The object of stsm:{p} must be {must}."@en ;\n'
            )
    return (
        f"stsmsh:{cls}Shape\n    a sh:NodeShape ;\n"
        f'    rdfs:comment "Links from {_phrase(g, cls)} lead to the right kinds of thing."'
        "@en ;\n"
        "    sh:targetClass " + ", ".join(f"stsm:{c}" for c in targets) + " ;\n"
        "    sh:property [\n" + "    ], [\n".join(props) + "    ] .\n"
    )


def _section(title: str) -> str:
    return f"\n{_RULE}\n# {title}\n{_RULE}\n"


def _is_class(g: Graph, name: str) -> bool:
    return (URIRef(NS + name), RDF.type, OWL.Class) in g


def _file_order(ttl: str) -> list[str]:
    """Return the local names of the terms ``ttl`` describes, in the order it first does."""
    return [line[5:].split()[0] for line in ttl.splitlines() if line.startswith("stsm:")]


def _links_in_order(ttl: str, objects: dict[str, tuple[str, ...]]) -> list[str]:
    return list(dict.fromkeys(n for n in _file_order(ttl) if n in objects))
