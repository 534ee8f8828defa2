"""Practice evidence (appraisal readiness): what the portfolio holds for each STSM practice.

The kinds of work product of a practice are read from the vocabulary, never listed here: each
class a portfolio can hold instances of and each link property that names the practice in an
``stsm:practice`` annotation (the generated table
:data:`~stsm_graph.vocabulary.tables.WORK_PRODUCTS`). A class is *held* when some node is
typed with it or one of its subclasses (a market trend is evidence too); a link is held when
some triple uses it, its subjects being the evidence. Each kind carries how many nodes
evidence it and a bounded sample of them (the smallest IRIs), so the answer stays small on a
portfolio of a million triples; the kinds no node evidences are the practice's *missing*
work products. One query answers every kind at once.

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> p = Portfolio()
>>> p.add(model.Customer(id="c", label="C", has_need=["n"]), model.Need(id="n", label="N"))
>>> report = practice_evidence(p)
>>> sp11 = report.practice("STSM SP 1.1")
>>> [(w.name, w.count) for w in sp11.work_products if w.held]
[('Customer', 1), ('Need', 1), ('hasNeed', 1)]
>>> "Capability" in sp11.missing_names
True
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any, Literal

from rdflib import URIRef

from stsm_graph.analysis._common import Finding, bulk, keep_smallest
from stsm_graph.vocabulary.namespace import STSM
from stsm_graph.vocabulary.tables import SUPERCLASSES, WORK_PRODUCTS

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = [
    "PracticeEvidence",
    "PracticeEvidenceReport",
    "SampleNode",
    "WorkProduct",
    "practice_evidence",
]

#: how many nodes of each kind a report shows by default
SAMPLE_SIZE = 5


class SampleNode(Finding):
    """One node evidencing a kind of work product."""

    node: str
    label: str


class WorkProduct(Finding):
    """A kind of work product of a practice, and whether the portfolio holds it."""

    kind: str
    #: its local name in ``stsm:``
    name: str
    label: str
    #: ``class`` (its instances) or ``link`` (the subjects of its triples)
    what: Literal["class", "link"]
    count: int
    #: up to the report's sample size of the nodes, smallest IRI first
    sample: tuple[SampleNode, ...]

    @property
    def held(self) -> bool:
        """Return whether any node evidences this kind."""
        return self.count > 0


class PracticeEvidence(Finding):
    """One practice: each kind of work product it names, held or missing."""

    practice: str
    work_products: tuple[WorkProduct, ...]

    @property
    def missing(self) -> tuple[WorkProduct, ...]:
        """Return the kinds the portfolio holds no node of."""
        return tuple(w for w in self.work_products if not w.held)

    @property
    def missing_names(self) -> tuple[str, ...]:
        """Return the local names of the missing kinds."""
        return tuple(w.name for w in self.missing)


class PracticeEvidenceReport(Finding):
    """The evidence of every STSM practice, in practice order."""

    practices: tuple[PracticeEvidence, ...]
    sample_size: int = SAMPLE_SIZE

    def practice(self, practice: str) -> PracticeEvidence:
        """Return the evidence of one practice, such as ``"STSM SP 1.2"``.

        Raises
        ------
        KeyError
            If the vocabulary names no such practice.
        """
        for p in self.practices:
            if p.practice == practice:
                return p
        raise KeyError(f"no practice {practice!r}; known: {[p.practice for p in self.practices]}")

    @property
    def missing(self) -> bool:
        """Return whether some practice misses some kind of work product."""
        return any(p.missing for p in self.practices)

    def to_json(self) -> dict[str, Any]:
        """Return the report in its documented JSON form (``docs/evidence.schema.json``)."""
        return {
            "sample_size": self.sample_size,
            "practices": [
                {
                    "practice": p.practice,
                    "held": sum(w.held for w in p.work_products),
                    "total": len(p.work_products),
                    "missing": [w.kind for w in p.missing],
                    "work_products": [
                        {**w.model_dump(mode="json"), "held": w.held} for w in p.work_products
                    ],
                }
                for p in self.practices
            ],
        }


def _subclasses() -> dict[str, list[str]]:
    """Return each kind of class -> itself and its subclasses (from the generated table)."""
    out: dict[str, list[str]] = defaultdict(list)
    for name, (what, _label, _practices) in WORK_PRODUCTS.items():
        if what == "class":
            out[name].append(name)
    for sub, supers in SUPERCLASSES.items():
        for sup in supers:
            if sup in out and sub not in out[sup]:
                out[sup].append(sub)
    return out


def evidence_query(sample_size: int = SAMPLE_SIZE) -> str:
    """Return the one query that counts and samples every kind of work product.

    Its text is written from the vocabulary's tables (no user input reaches it): a grouped
    count of every kind, and one ordered, limited subquery per kind for its sample.

    Examples
    --------
    >>> "stsm:informs" in evidence_query(3) and "LIMIT 3" in evidence_query(3)
    True
    """
    classes = _subclasses()
    links = [n for n, (what, _l, _p) in WORK_PRODUCTS.items() if what == "link"]
    pairs = " ".join(f"(stsm:{k} stsm:{c})" for k, cs in classes.items() for c in cs)
    samples = [
        f"{{ SELECT DISTINCT (stsm:{k} AS ?kind) ?node WHERE {{ VALUES ?type "
        f"{{ {' '.join(f'stsm:{c}' for c in cs)} }} ?node a ?type FILTER(isIRI(?node)) }} "
        f"ORDER BY (STR(?node)) LIMIT {int(sample_size)} }}"
        for k, cs in classes.items()
    ] + [
        f"{{ SELECT DISTINCT (stsm:{k} AS ?kind) ?node WHERE {{ ?node stsm:{k} ?o "
        f"FILTER(isIRI(?node)) }} ORDER BY (STR(?node)) LIMIT {int(sample_size)} }}"
        for k in links
    ]
    return (
        f"PREFIX stsm: <{STSM}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?kind ?count ?node ?label WHERE {\n"
        "  { SELECT ?kind (COUNT(DISTINCT ?n) AS ?count) WHERE {\n"
        f"      {{ VALUES (?kind ?type) {{ {pairs} }} ?n a ?type FILTER(isIRI(?n)) }}\n"
        f"      UNION {{ VALUES ?kind {{ {' '.join(f'stsm:{k}' for k in links)} }}\n"
        "        ?n ?kind ?o FILTER(isIRI(?n)) }\n"
        "    } GROUP BY ?kind }\n"
        "  UNION\n"
        "  { " + "\n    UNION ".join(samples) + "\n"
        "    OPTIONAL { ?node rdfs:label ?label } }\n"
        "}\n"
    )


@bulk
def practice_evidence(
    portfolio: Portfolio, *, sample_size: int = SAMPLE_SIZE
) -> PracticeEvidenceReport:
    """Return, for each STSM practice, the kinds of work product it names and which are held.

    Parameters
    ----------
    portfolio
        The portfolio.
    sample_size
        How many nodes of each kind to show (the count is always the whole number).

    Raises
    ------
    ValueError
        If ``sample_size`` is below 1.
    """
    if sample_size < 1:
        raise ValueError(f"sample_size must be 1 or more, not {sample_size}")
    counts: dict[str, int] = {}
    labels: dict[str, str] = {}
    nodes: dict[str, set[str]] = defaultdict(set)
    for kind, count, node, label in portfolio.store.select_text(evidence_query(sample_size)):
        if kind is None:
            continue
        name = kind[len(str(STSM)) :]
        if count is not None:
            counts[name] = int(count)
        if node is not None:
            nodes[name].add(node)
            keep_smallest(labels, node, label)
    practices: dict[str, list[WorkProduct]] = defaultdict(list)
    for name, (what, label, names) in WORK_PRODUCTS.items():
        sample = tuple(SampleNode(node=n, label=labels.get(n, n)) for n in sorted(nodes[name]))
        product = WorkProduct(
            kind=str(URIRef(str(STSM) + name)),
            name=name,
            label=label,
            what="link" if what == "link" else "class",
            count=counts.get(name, 0),
            sample=sample[:sample_size],
        )
        for practice in names:
            practices[practice].append(product)
    return PracticeEvidenceReport(
        practices=tuple(
            PracticeEvidence(practice=p, work_products=tuple(ws))
            for p, ws in sorted(practices.items())
        ),
        sample_size=sample_size,
    )
