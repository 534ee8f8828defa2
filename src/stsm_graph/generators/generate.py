"""Generate ``namespace.py``, ``vocab_tables.py`` and ``docs/ontology.md`` from ``stsm.ttl``.

Run ``python -m stsm_graph.generators`` from the repository root after editing the
ontology; ``tests/test_generated.py`` fails while either file is stale.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

NS = "https://w3id.org/stsm#"
SCHEMA = "https://schema.org/"
_KIND_ORDER = (
    "Class",
    "Link property",
    "Concept property",
    "Datatype property",
    "Annotation property",
    "Concept scheme",
    "Concept",
    "Other",
)
#: the heading of each kind's section
_PLURAL = {
    "Class": "Classes",
    "Link property": "Link properties",
    "Concept property": "Concept properties",
    "Datatype property": "Datatype properties",
    "Annotation property": "Annotation properties",
    "Concept scheme": "Concept schemes",
    "Concept": "Concepts",
    "Other": "Other terms",
}


@dataclass(frozen=True)
class Term:
    """One term of the vocabulary as the generators see it."""

    name: str
    kind: str
    label: str
    definition: str
    superclasses: tuple[str, ...]
    domain: tuple[str, ...]
    range: tuple[str, ...]
    practices: tuple[str, ...]
    propagation: str | None
    scheme: str | None


def _short(g: Graph, node: object) -> str:
    text = str(node)
    if text.startswith(NS):
        return "stsm:" + text[len(NS) :]
    try:
        return g.namespace_manager.normalizeUri(URIRef(text))
    except Exception:  # pragma: no cover - odd IRIs
        return f"<{text}>"


def read_terms(ttl: str) -> list[Term]:
    """Read every term defined in the ``stsm:`` namespace, sorted by kind then name."""
    g = Graph()
    g.parse(data=ttl, format="turtle")
    stsm = NS
    terms: list[Term] = []
    subjects = {s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(stsm)}
    for s in subjects:
        types = set(g.objects(s, RDF.type))
        link = (s, URIRef(stsm + "changePropagation"), None) in g
        if OWL.Class in types:
            kind = "Class"
        elif OWL.ObjectProperty in types and link:
            kind = "Link property"
        elif OWL.ObjectProperty in types:
            kind = "Concept property"
        elif OWL.DatatypeProperty in types:
            kind = "Datatype property"
        elif OWL.AnnotationProperty in types:
            kind = "Annotation property"
        elif SKOS.ConceptScheme in types:
            kind = "Concept scheme"
        elif SKOS.Concept in types:
            kind = "Concept"
        else:
            kind = "Other"

        def texts(p: URIRef, node: URIRef = s) -> list[str]:
            return sorted(str(o) for o in g.objects(node, p) if isinstance(o, Literal))

        def names(*ps: URIRef, node: URIRef = s) -> tuple[str, ...]:
            found = {_short(g, o) for p in ps for o in g.objects(node, p)}
            return tuple(sorted(found))

        prop = g.value(s, URIRef(stsm + "changePropagation"))
        scheme = g.value(s, SKOS.inScheme)
        terms.append(
            Term(
                name=str(s)[len(stsm) :],
                kind=kind,
                label=(texts(RDFS.label) or [""])[0],
                definition=(texts(SKOS.definition) or [""])[0],
                superclasses=names(RDFS.subClassOf),
                domain=names(RDFS.domain, URIRef(SCHEMA + "domainIncludes")),
                range=names(RDFS.range, URIRef(SCHEMA + "rangeIncludes")),
                practices=tuple(texts(URIRef(stsm + "practice"))),
                propagation=_short(g, prop) if prop is not None else None,
                scheme=_short(g, scheme) if scheme is not None else None,
            )
        )
    terms.sort(key=lambda t: (_KIND_ORDER.index(t.kind), t.name))
    return terms


def namespace_source(terms: list[Term]) -> str:
    """Return the Python source of ``namespace.py``."""
    lines = [
        '"""The ``stsm:`` vocabulary as a typed rdflib namespace.',
        "",
        "Generated from ``ontology/stsm.ttl`` by ``python -m stsm_graph.generators``;",
        "do not edit.",
        "A misspelt term raises ``AttributeError`` instead of minting a new IRI.",
        "",
        "Examples",
        "--------",
        ">>> STSM.StandardService",
        "rdflib.term.URIRef('https://w3id.org/stsm#StandardService')",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        '__all__ = ["STSM"]',
        "",
        "",
        "class STSM(DefinedNamespace):",
        '    """Terms of ``https://w3id.org/stsm#``, one attribute each."""',
        "",
        "    _fail = True",
        '    _NS = Namespace("https://w3id.org/stsm#")',
        "",
    ]
    kind = None
    for t in terms:
        if t.kind != kind:
            kind = t.kind
            lines.append(f"    # {kind}")
        lines.append(f"    {t.name}: URIRef  # {t.label}")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def reference_markdown(terms: list[Term]) -> str:
    """Return the Markdown of ``docs/ontology.md``."""
    out = [
        "# Ontology reference",
        "",
        "Generated from `ontology/stsm.ttl` by `python -m stsm_graph.generators`; do not edit.",
        'Namespace `https://w3id.org/stsm#`, prefix `stsm:`. "Propagation" says which way a',
        "change travels along a link (see the impact analysis): `stsm:ObjectToSubject` means a",
        "change to the object affects the subject.",
        "",
    ]
    for kind in _KIND_ORDER:
        group = [t for t in terms if t.kind == kind]
        if not group:
            continue
        out += [f"## {_PLURAL[kind]}", ""]
        if kind == "Class":
            out += [
                "| term | label | definition | subclass of | practices |",
                "|---|---|---|---|---|",
            ]
            for t in group:
                out.append(
                    f"| `stsm:{t.name}` | {_cell(t.label)} | {_cell(t.definition)} | "
                    f"{', '.join(t.superclasses)} | {', '.join(t.practices)} |"
                )
        elif kind.endswith("property"):
            out += [
                "| term | label | definition | domain | range | propagation | practices |",
                "|---|---|---|---|---|---|---|",
            ]
            for t in group:
                out.append(
                    f"| `stsm:{t.name}` | {_cell(t.label)} | {_cell(t.definition)} | "
                    f"{', '.join(t.domain)} | {', '.join(t.range)} | "
                    f"{t.propagation or ''} | {', '.join(t.practices)} |"
                )
        else:
            out += ["| term | label | definition | scheme | practices |", "|---|---|---|---|---|"]
            for t in group:
                out.append(
                    f"| `stsm:{t.name}` | {_cell(t.label)} | {_cell(t.definition)} | "
                    f"{t.scheme or ''} | {', '.join(t.practices)} |"
                )
        out.append("")
    return "\n".join(out + authoring_markdown())


def authoring_markdown() -> list[str]:
    """Return the lines of the section on how the vocabulary is written in YAML and JSON."""
    from stsm_graph.authoring.model import SECTIONS

    out = [
        "## In the authoring format (YAML, JSON)",
        "",
        "A document has one section per class; each entry has an `id`, a `label`, an optional",
        "`description`, and one field per property of its class. The conventions:",
        "",
        "- A field is named after its property in snake case: `stsm:hasNeed` is `has_need`. A",
        "  property that takes several text values has a plural name: `stsm:allowedValue` is",
        "  `allowed_values`.",
        "- A link field holds the ids of other entries (one id, or a list).",
        "- A value that names a term of the vocabulary is written as the term's local name,",
        "  exactly as in `stsm:`: `status: Active`, `comparator: AtLeast`,",
        "  `action_kind: AddService`, `audience: CustomerAudience`, and `kind: MarketTrend`",
        "  for an entry of a subclass.",
        "  Documents written before this rule said `kind: market_trend`; the older spellings",
        "  (" + ", ".join(f"`{k}`" for m in SECTIONS.values() for k in m.former_kinds) + ")",
        "  are still read, and the library writes the new one.",
        "- Numbers are numbers (`target_value: 99.90`, kept digit for digit), dates are",
        "  `2026-01-31`.",
        "",
        "| section | class | `kind` | fields (property) |",
        "|---|---|---|---|",
    ]
    for section, model in SECTIONS.items():
        fields = []
        for name, info in model.model_fields.items():
            extra = info.json_schema_extra
            if isinstance(extra, dict):
                fields.append(f"`{name}` (`stsm:{extra['rdf']}`)")
        kinds = ", ".join(f"`{k}`" for k in model.kinds)
        out.append(f"| `{section}` | `stsm:{model.rdf_class}` | {kinds} | {', '.join(fields)} |")
    out.append("")
    return out


def main(root: str = ".") -> int:
    """Regenerate every generated file under ``root`` (the repository root)."""
    from stsm_graph.generators.shapes import shapes_source
    from stsm_graph.generators.tables import read_tables, tables_source

    base = Path(root)
    ttl = (base / "ontology" / "stsm.ttl").read_text(encoding="utf-8")
    terms = read_terms(ttl)
    targets = {
        base / "src" / "stsm_graph" / "vocabulary" / "namespace.py": namespace_source(terms),
        base / "src" / "stsm_graph" / "vocabulary" / "tables.py": tables_source(read_tables(ttl)),
        base / "docs" / "ontology.md": reference_markdown(terms),
        base / "ontology" / "shapes_generated.ttl": shapes_source(ttl),
    }
    for path, text in targets.items():
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(*sys.argv[1:]))
