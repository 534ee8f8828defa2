"""What changed between two versions of a portfolio: entities added, removed and changed.

The two graphs are compared as sets of canonical triples: each side is read in bulk (one
N-Triples serialisation of its store, on whichever store it lives) and parsed once by
Oxigraph, whose text of a triple is canonical (one escaping, no ``^^xsd:string``), so the
same portfolio gives the same set from a file, a store folder or a server, and a file that
only reorders its entries gives no change. The two dumps are walked side by side first, and
only the lines the walk does not pass over are compared as sets (see
:mod:`stsm_graph.analysis._align`): two versions share most of their lines, mostly in the
same order. The differences are grouped by subject into
entity changes, matched by IRI (a renamed label is a change of the ``label`` field, not a
removal), each field and link named by the vocabulary's tables (``status``,
``target_value``, ``addresses``, ...).

Blank nodes: the authoring format makes none; RDF files may. The triples that hold one are
compared isomorphically (rdflib's canonical labelling, :func:`rdflib.compare.to_canonical_graph`,
applied to that part only), so two files naming the same blank structure differently give no
change, and a real difference shows under the blank nodes' canonical labels (``_:cb0``, ...,
given in a canonical order of the blank part, so a node changed in place keeps its label).

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> old, new = Portfolio(), Portfolio()
>>> old.add(model.StandardService(id="s", label="Backup", status="Active"))
>>> new.add(model.StandardService(id="s", label="Backups", status="Retired"))
>>> d = diff(old, new)
>>> [(c.node.rsplit("/", 1)[-1], c.change) for c in d.changed]
[('s', 'changed')]
>>> [(f.field, f.before, f.after) for f in d.changed[0].fields]  # doctest: +NORMALIZE_WHITESPACE
[('label', ('Backup',), ('Backups',)),
 ('status', ('https://w3id.org/stsm#Active',), ('https://w3id.org/stsm#Retired',))]
>>> diff(old, old).empty
True
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import RDF, RDFS

from stsm_graph.analysis._align import unshared_lines
from stsm_graph.analysis._common import Finding, bulk
from stsm_graph.analysis.impact import node_names
from stsm_graph.stores import OxigraphStore
from stsm_graph.vocabulary.namespace import STSM
from stsm_graph.vocabulary.tables import FIELDS, LINK_SUBJECTS

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = [
    "Diff",
    "EntityChange",
    "FieldChange",
    "LinkChange",
    "canonical_dump",
    "canonical_triples",
    "diff",
]

_NT = ox.RdfFormat.N_TRIPLES
_END = b" .\n"


class FieldChange(Finding):
    """A field of an entity whose values changed: the values only each version holds.

    For a single-valued field (``status``, ``target_value``) these are its value before and
    after; for a field of several values, those removed and those added (each sorted).
    """

    #: the authoring field (``status``, ``label``, ``target_value``, ``type``), or the
    #: property's IRI when the vocabulary names no field for it
    field: str
    property: str
    before: tuple[str, ...]
    after: tuple[str, ...]


class LinkChange(Finding):
    """A link of an entity added or removed: its field, property and the node it points to."""

    field: str
    property: str
    target: str


class EntityChange(Finding):
    """One entity (a subject, matched by IRI) added, removed or changed, field by field."""

    node: str
    #: its label in the new version (in the old one when removed)
    label: str
    type: str | None
    change: Literal["added", "removed", "changed"]
    fields: tuple[FieldChange, ...] = ()
    links_added: tuple[LinkChange, ...] = ()
    links_removed: tuple[LinkChange, ...] = ()


class Diff(Finding):
    """The difference between two versions: entities, and the triples it is made of."""

    added: tuple[EntityChange, ...]
    removed: tuple[EntityChange, ...]
    changed: tuple[EntityChange, ...]
    #: the canonical N-Triples lines only the new version holds, sorted
    triples_added: tuple[str, ...]
    #: the canonical N-Triples lines only the old version holds, sorted
    triples_removed: tuple[str, ...]

    @property
    def empty(self) -> bool:
        """Tell whether the two versions hold the same graph."""
        return not (self.triples_added or self.triples_removed)

    @property
    def entities(self) -> tuple[EntityChange, ...]:
        """Every entity change, added then removed then changed."""
        return self.added + self.removed + self.changed

    @property
    def nodes(self) -> tuple[str, ...]:
        """The IRIs (or blank node labels) of every entity changed, sorted."""
        return tuple(sorted(e.node for e in self.entities))

    def to_json(self) -> dict[str, Any]:
        """Return the documented JSON form (``docs/review.schema.json``'s ``diff``)."""
        return {
            "added": [e.model_dump(mode="json") for e in self.added],
            "removed": [e.model_dump(mode="json") for e in self.removed],
            "changed": [e.model_dump(mode="json") for e in self.changed],
            "triples": {"added": len(self.triples_added), "removed": len(self.triples_removed)},
        }


def canonical_triples(portfolio: Portfolio) -> set[bytes]:
    """Return the portfolio's triples as canonical N-Triples lines in UTF-8 (without `` .``).

    Bytes, not text: a million lines compare as well undecoded, and only the lines that
    differ are decoded. The lines of :func:`canonical_dump`.

    Examples
    --------
    >>> from stsm_graph import Portfolio
    >>> nt = '<urn:a> <urn:p> "x"^^<http://www.w3.org/2001/XMLSchema#string> .'
    >>> for kind in ("oxigraph", "memory"):
    ...     p = Portfolio(store=kind)
    ...     p.parse(nt, format="nt")
    ...     print(sorted(canonical_triples(p)))
    [b'<urn:a> <urn:p> "x"']
    [b'<urn:a> <urn:p> "x"']
    """
    lines = set(canonical_dump(portfolio).split(_END))
    lines.discard(b"")  # after the last statement
    return lines


def canonical_dump(portfolio: Portfolio) -> bytes:
    r"""Return the portfolio's graph as canonical N-Triples, each triple once, on its own line.

    One serialisation of the graph. Oxigraph writes canonical N-Triples itself, so its dump
    is taken as it is, in its own order (a server's graph is downloaded into one); another
    store's serialisation is parsed once by Oxigraph and written back, sorted. The triples
    holding a blank node are relabelled canonically (see the module's text).

    Examples
    --------
    >>> from stsm_graph import Portfolio
    >>> p = Portfolio(store="memory")
    >>> p.parse('<urn:b> <urn:p> <urn:c> .\n<urn:a> <urn:p> "x" .', format="nt")
    >>> print(canonical_dump(p).decode(), end="")
    <urn:a> <urn:p> "x" .
    <urn:b> <urn:p> <urn:c> .
    """
    store = portfolio.store
    held = store if isinstance(store, OxigraphStore) else store.copy()
    data = held.serialize("nt", {})
    if isinstance(held, OxigraphStore) and b"_:" not in data:
        # a line break inside a term is written as an escape: each statement ends " .\n"
        return data
    triples = list(ox.parse(data, format=_NT))
    blank = ox.BlankNode
    plain = [t for t in triples if type(t.subject) is not blank and type(t.object) is not blank]
    lines = {str(t).encode() for t in plain}
    if len(plain) < len(triples):
        held_blank = {
            str(t) for t in triples if type(t.subject) is blank or type(t.object) is blank
        }
        graph = Graph().parse(data="\n".join(f"{t} ." for t in held_blank), format="nt")
        data = to_canonical_graph(graph).serialize(format="nt", encoding="utf-8")
        lines.update(str(t).encode() for t in ox.parse(data, format=_NT))
    return b"".join(line + _END for line in sorted(lines))


def _subjects(portfolio: Portfolio, dump: bytes, nodes: Iterable[str]) -> set[str]:
    """Return which of ``nodes`` are the subject of some triple of the portfolio.

    One query for the IRIs; a blank node's canonical label is looked for at a line's start
    in the portfolio's canonical ``dump``.
    """
    iris = [URIRef(n) for n in nodes if not n.startswith("_:")]
    found = {r[0] for r in portfolio.store.select_values(_HAS_TRIPLES, "s", iris) if r[0]}
    for node in nodes:
        if node.startswith("_:"):
            key = node.encode() + b" "
            if dump.startswith(key) or b"\n" + key in dump:
                found.add(node)
    return found


_HAS_TRIPLES = "SELECT DISTINCT ?s WHERE { VALUES ?s { } ?s ?p ?o }"


def _node_text(term: ox.NamedNode | ox.BlankNode | ox.Triple) -> str:
    """Return a subject's key: an IRI's text, a blank node as ``_:label``."""
    return term.value if isinstance(term, ox.NamedNode) else str(term)


@bulk
def diff(old: Portfolio, new: Portfolio) -> Diff:
    """Return what changed from ``old`` to ``new`` (two portfolios, on any stores).

    Parameters
    ----------
    old, new
        The two versions (not modified).

    Returns
    -------
    Diff
        Entities added (subjects only ``new`` describes), removed (only ``old``) and changed,
        each sorted by IRI, with their field and link changes; and the triples themselves.
    """
    old_dump, new_dump = canonical_dump(old), canonical_dump(new)
    only_old, only_new = unshared_lines(old_dump, new_dump)
    added = sorted(line.decode() for line in only_new)
    removed = sorted(line.decode() for line in only_old)
    links = {str(p) for p in (*old.link_directions(), *new.link_directions())}
    links.update(str(STSM) + name for name in LINK_SUBJECTS)
    after = _by_subject(added)
    before = _by_subject(removed)
    nodes = sorted({*after, *before})
    old_subjects = _subjects(old, old_dump, nodes)
    new_subjects = _subjects(new, new_dump, nodes)
    iris = [n for n in nodes if not n.startswith("_:")]  # a blank node is named by its label
    names = {
        **node_names(old, [n for n in iris if n not in new_subjects and n in old_subjects]),
        **node_names(new, [n for n in iris if n in new_subjects]),
    }
    groups: dict[str, list[EntityChange]] = {"added": [], "removed": [], "changed": []}
    for node in nodes:
        change: Literal["added", "removed", "changed"] = (
            "added"
            if node not in old_subjects
            else "removed"
            if node not in new_subjects
            else "changed"
        )
        cls, label = names.get(node) or (None, node)
        groups[change].append(
            _entity(node, label, cls, change, before.get(node, []), after.get(node, []), links)
        )
    return Diff(
        added=tuple(groups["added"]),
        removed=tuple(groups["removed"]),
        changed=tuple(groups["changed"]),
        triples_added=tuple(added),
        triples_removed=tuple(removed),
    )


#: (property, object is a literal, object's text)
_Value = tuple[str, bool, str]


def _by_subject(lines: Iterable[str]) -> dict[str, list[_Value]]:
    """Group canonical N-Triples lines by subject: one parse of the (few) differing lines."""
    grouped: dict[str, list[_Value]] = defaultdict(list)
    data = "".join(f"{line} .\n" for line in lines).encode()
    for t in ox.parse(data, format=_NT):
        obj = t.object
        literal = isinstance(obj, ox.Literal)
        value = obj.value if isinstance(obj, ox.Literal | ox.NamedNode) else str(obj)
        grouped[_node_text(t.subject)].append((t.predicate.value, literal, value))
    return grouped


def _field_name(prop: str) -> str:
    """Name a property as the authoring format does (``target_value``), else by its IRI."""
    if prop == str(RDFS.label):
        return "label"
    if prop == str(RDF.type):
        return "type"
    if prop.startswith(str(STSM)) and (name := FIELDS.get(prop[len(str(STSM)) :])):
        return name
    return prop


def _link_order(link: LinkChange) -> tuple[str, str]:
    return (link.field, link.target)


def _entity(
    node: str,
    label: str,
    cls: str | None,
    change: Literal["added", "removed", "changed"],
    before: list[_Value],
    after: list[_Value],
    links: set[str],
) -> EntityChange:
    """Build one entity's change from its triples only the old and only the new version hold."""
    gone: dict[str, set[str]] = defaultdict(set)
    came: dict[str, set[str]] = defaultdict(set)
    links_removed: list[LinkChange] = []
    links_added: list[LinkChange] = []
    for values, into, link_list in ((before, gone, links_removed), (after, came, links_added)):
        for prop, literal, value in values:
            if prop in links and not literal:
                link_list.append(LinkChange(field=_field_name(prop), property=prop, target=value))
            else:
                into[prop].add(value)
    fields = tuple(
        FieldChange(
            field=_field_name(p),
            property=p,
            before=tuple(sorted(gone.get(p, ()))),
            after=tuple(sorted(came.get(p, ()))),
        )
        for p in sorted({*gone, *came}, key=lambda p: (_field_name(p), p))
    )
    return EntityChange(
        node=node,
        label=label,
        type=cls,
        change=change,
        fields=fields,
        links_added=tuple(sorted(links_added, key=_link_order)),
        links_removed=tuple(sorted(links_removed, key=_link_order)),
    )
