"""``Portfolio``: one graph of a service provider's standard services, and its store.

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> p = Portfolio(store="memory")
>>> p.add(model.Customer(id="acme", label="ACME", has_need=["n1"]),
...       model.Need(id="n1", label="Restores that work"))
>>> rows = p.query("SELECT ?label WHERE { ?c stsm:hasNeed ?n . ?n rdfs:label ?label }")
>>> [str(r[0]) for r in rows]
['Restores that work']
>>> p.summary()["Need"]
1
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from stsm_graph.authoring.documents import (
    BUILTIN_PREFIXES,
    document_from_triples,
    document_triples,
    dump_document,
)
from stsm_graph.authoring.model import Entity, PortfolioDocument
from stsm_graph.common.files import write_text_atomically
from stsm_graph.common.positions import in_callers_text
from stsm_graph.common.terms import sparql_term, valid_iri
from stsm_graph.errors import (
    InputError,
    OutputError,
    QueryError,
    StsmGraphError,
    UnknownNodeError,
)
from stsm_graph.ingest.reading import format_for, parse_source, parse_triples, read_file
from stsm_graph.ingest.validation import ValidationReport, validate_graph
from stsm_graph.stores.base import Rows, Store, query_form
from stsm_graph.stores.kinds import open_store
from stsm_graph.stores.oxigraph import OxigraphStore, is_store_directory
from stsm_graph.vocabulary.graph import link_directions, most_specific_class
from stsm_graph.vocabulary.namespace import STSM
from stsm_graph.vocabulary.resources import fill_lists

__all__ = ["PREFIXES", "Portfolio", "as_term"]

#: prefixes declared for every query and written into every Turtle file
PREFIXES: dict[str, str] = {
    "stsm": str(STSM),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
}
_PROLOGUE = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
#: what a keyword argument of Portfolio.query binds: a term, a str, or a list for a VALUES list
Binding = Node | str | Sequence[Node | str]
#: a variable a binding may name
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def check_store_folder(directory: str | os.PathLike[str]) -> Path:
    """Check that an on-disk store may be made or opened in ``directory``; change nothing.

    It may be missing, an empty folder, or a store made before.

    Raises
    ------
    OutputError
        If ``directory`` is a file, a folder holding other things than a store, or a path
        that cannot be used (no permission, a name too long for the file system).
    """
    path = Path(directory)
    try:
        if not path.exists() or is_store_directory(path):
            return path
        if not path.is_dir():
            raise OutputError(f"{path}: a file, not a directory; give a folder for the store")
        if any(path.iterdir()):
            raise OutputError(
                f"{path}: this folder holds files but no stsm-graph store; give a new or "
                "empty folder (nothing was written)"
            )
    except OSError as exc:  # no permission, a name too long, a link loop...
        raise OutputError(f"{path}: cannot use the folder ({exc.strerror or exc})") from exc
    return path


class Portfolio:
    """A portfolio graph held in a store.

    Parameters
    ----------
    store
        ``"oxigraph"`` (default: embedded, in memory), ``"memory"`` (rdflib's store), another
        registered kind that opens without a path (see :mod:`stsm_graph.stores.kinds`), or a
        :class:`~stsm_graph.stores.base.Store` instance.
    """

    def __init__(self, store: str | Store = "oxigraph") -> None:
        self.store: Store = open_store(store)
        self.base: str | None = None
        #: prefixes declared by the files loaded (``""``: the base of a YAML document)
        self.prefixes: dict[str, str] = {}

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(
        cls,
        source: str | os.PathLike[str],
        *,
        store: str | Store = "oxigraph",
        format: str | None = None,
    ) -> Portfolio:
        """Open a portfolio file (Turtle, N-Triples, JSON-LD, YAML or JSON) or store directory.

        A file is loaded into a new store of kind ``store``. A directory is an on-disk
        Oxigraph store made by :meth:`create` (or ``stsm-graph load``): it is opened as it
        is, loaded once and analysed many times.

        Raises
        ------
        PortfolioFileNotFoundError
            If ``source`` does not exist.
        InputError
            If the file cannot be accepted (the message names file, entry and field), or
            ``source`` is a directory that holds no Oxigraph store; such a directory is left
            as it is.
        """
        if os.path.isdir(source):  # False for a name too long: the load then says so
            if not is_store_directory(source):
                raise InputError(
                    "a directory that holds no stsm-graph store",
                    file=os.fspath(source),
                    expected="a portfolio file (Turtle, N-Triples, JSON-LD, YAML or JSON) or a "
                    "store directory made by `stsm-graph load --store` or Portfolio.create",
                    hint="Nothing was written to it",
                )
            return cls(OxigraphStore(source))
        p = cls(store)
        p.load(source, format=format)
        return p

    @classmethod
    def create(cls, directory: str | os.PathLike[str]) -> Portfolio:
        """Create (or open) an on-disk Oxigraph store in ``directory``.

        ``directory`` may be missing (it is made), empty, or a store made before.

        Raises
        ------
        OutputError
            If ``directory`` is a file, or a folder holding other things than a store; nothing
            is written to it.

        Examples
        --------
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     with Portfolio.create(d) as p:
        ...         p.parse("<urn:x:a> a <https://w3id.org/stsm#Need> .", format="turtle")
        ...     len(Portfolio.open(d))
        1
        """
        path = check_store_folder(directory)
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{path}: cannot make the store's folder ({exc.strerror})") from exc
        return cls(OxigraphStore(directory))

    @classmethod
    def connect(
        cls,
        query_url: str,
        update_url: str | None = None,
        *,
        graph: str | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = 60.0,
        batch_size: int = 20_000,
        progress: Callable[[int, int], None] | None = None,
    ) -> Portfolio:
        """Use a portfolio held by a SPARQL 1.1 server (see :class:`~stsm_graph.RemoteStore`).

        Every analysis runs on the server; nothing is downloaded to answer a question.
        :meth:`load` writes ``batch_size`` triples per SPARQL update and calls
        ``progress(written, total)`` after each batch.
        """
        from stsm_graph.stores.remote import RemoteStore

        store = RemoteStore(
            query_url, update_url, graph=graph, auth=auth, timeout=timeout, batch_size=batch_size
        )
        store.progress = progress
        return cls(store)

    def load(
        self, source: str | os.PathLike[str], *, format: str | None = None, append: bool = False
    ) -> None:
        """Load a file as the portfolio: its content replaces what the store holds.

        The whole file is read and checked before the store is touched, so a bad file
        changes nothing. The replacement is one transaction on Oxigraph (in memory and on
        disk) and rdflib's store; on a SPARQL server the file goes into a temporary named
        graph that then takes the portfolio's place in one update (see
        :meth:`stsm_graph.RemoteStore.replace_from`). With ``append=True`` the file's
        triples are added to those already there instead (all or nothing, too), and the
        prefixes and base it declares join those known.

        Parameters
        ----------
        source
            The file: Turtle, N-Triples, JSON-LD, YAML or JSON.
        format
            One of ``turtle``, ``nt``, ``json-ld``, ``yaml``, ``json``; by default it comes
            from the suffix.
        append
            Add to the portfolio instead of replacing it.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> with tempfile.TemporaryDirectory() as d:
        ...     f = pathlib.Path(d, "p.ttl")
        ...     _ = f.write_text("<urn:x:a> a <https://w3id.org/stsm#Need> .")
        ...     p = Portfolio()
        ...     p.load(f)
        ...     p.load(f)  # loaded again: the same portfolio, not twice the triples
        ...     _ = f.write_text("<urn:x:b> a <https://w3id.org/stsm#Need> .")
        ...     p.load(f, append=True)
        ...     len(p)
        2
        """
        staging, prefixes = read_file(source, format)
        if append:
            self.store.add_from(staging)
        else:
            self.store.replace_from(staging)
            self.prefixes, self.base = {}, None  # those of the file that replaced them
        self._remember(prefixes)

    def parse(self, data: str, *, format: str, source: str = "<data>") -> None:
        """Add content given as text in a named format; on any error nothing is added.

        Unlike :meth:`load`, which loads a whole portfolio in the place of the one there,
        ``parse`` adds a fragment to what the portfolio holds.
        """
        staging, prefixes = parse_source(data, format_for(source, format, data), source=source)
        self.store.add_from(staging)
        self._remember(prefixes)

    def _remember(self, prefixes: Mapping[str, str]) -> None:
        for prefix, ns in prefixes.items():
            self.prefixes.setdefault(prefix, ns)
        if self.base is None and prefixes.get(""):
            self.base = prefixes[""]

    def add(self, *entities: Entity, base: str | None = None) -> None:
        """Add typed entities (see :mod:`stsm_graph.authoring.model`); ids resolve against ``base``.

        Links resolve to the entities of the same call and to nodes already in the portfolio.
        """
        base = base or self.base or PortfolioDocument.model_fields["base"].default
        sections: dict[str, list[Entity]] = {}
        for e in entities:
            sections.setdefault(e.section, []).append(e)
        doc = PortfolioDocument.model_validate(
            {"base": base, **{k: [e.model_dump() for e in v] for k, v in sections.items()}}
        )
        triples = document_triples(doc, source="Portfolio.add", exists=self._exists)
        staging = parse_triples(triples, source="Portfolio.add")
        self.store.add_from(staging)

    # ------------------------------------------------------------------ saving
    def serialize(self, format: str = "turtle") -> str:
        """Return the graph as text in ``turtle``, ``nt``, ``json-ld``, ``yaml`` or ``json``."""
        fmt = format_for("x", format)
        if fmt in ("yaml", "json"):
            return dump_document(self.to_document(), fmt=fmt)
        prefixes = {
            k: v for k, v in self.prefixes.items() if v not in PREFIXES.values() and valid_iri(v)
        }
        if self.base:
            prefixes[""] = self.base
        return self.store.serialize(fmt, {**PREFIXES, **prefixes}).decode("utf-8")

    def save(self, path: str | os.PathLike[str], *, format: str | None = None) -> None:
        """Write the graph to ``path`` atomically (a temporary file, then a rename)."""
        write_text_atomically(path, self.serialize(format_for(Path(path), format)))

    def to_document(self) -> PortfolioDocument:
        """Return the graph as an authoring document (see :mod:`stsm_graph.authoring.documents`)."""
        rows = self.store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
        return document_from_triples(
            ((s, p, o) for s, p, o in rows.rows),  # type: ignore[misc]
            base=self.base,
        )

    # ------------------------------------------------------------------ asking
    def query(self, sparql: str, **bindings: Binding) -> Rows | bool | Graph:
        """Run a SPARQL query; keyword arguments pre-bind variables (never text-formatted).

        The prefixes ``stsm``, ``rdf``, ``rdfs``, ``xsd``, ``owl``, ``skos`` and ``dcterms``
        are declared for you. In a ``SELECT``, every bound variable must also be projected
        (Oxigraph's substitution rule, kept on every store). A ``str`` binding is taken as an
        IRI when it is ``<...>``, has ``://``, starts with ``urn:`` or is a prefixed name of
        those prefixes; anything else is a plain literal (pass ``URIRef``/``Literal`` to
        choose yourself). A ``VALUES ?name`` list the query's header names under
        ``Parameters`` (the packaged queries', :mod:`stsm_graph.vocabulary.resources`) takes
        ``name=``
        one node or a list of them, and a required one (left empty) must be given.

        Returns
        -------
        Rows | bool | rdflib.Graph
            Rows for ``SELECT``, a bool for ``ASK``, a graph for ``CONSTRUCT``/``DESCRIBE``.

        Raises
        ------
        QueryError
            If the query is malformed (the position counted in ``sparql``), a required list
            is not given, or a binding names no variable.
        """
        sparql, rest = fill_lists(sparql, bindings, as_term)
        with _in_callers_text():
            return self.store.query(_PROLOGUE + sparql, _bindings(rest))

    def select(self, sparql: str, **bindings: Binding) -> Rows:
        """Run a ``SELECT`` query (like :meth:`query`, typed for rows).

        Raises
        ------
        QueryError
            If the query is not a ``SELECT`` (use :meth:`query` for the other forms).
        """
        form = query_form(sparql)
        if form != "SELECT":
            raise QueryError(
                f"select() runs SELECT queries and this one is {form}: use query(), which "
                "answers a bool for ASK and a graph for CONSTRUCT or DESCRIBE"
            )
        sparql, rest = fill_lists(sparql, bindings, as_term)
        with _in_callers_text():
            return self.store.select(_PROLOGUE + sparql, _bindings(rest))

    def validate(self) -> ValidationReport:
        """Validate against the SHACL shapes; see :mod:`stsm_graph.ingest.validation`."""
        graph = self.store.to_rdflib()
        # a graph made for this call is validated as it is; a store's live graph is copied
        return validate_graph(graph, copy=not self.store.to_rdflib_copies)

    def __len__(self) -> int:
        return len(self.store)

    def summary(self) -> dict[str, int]:
        """Return how many instances of each ``stsm:`` class the portfolio holds."""
        rows = self.select(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c "
            'FILTER(STRSTARTS(STR(?c), "https://w3id.org/stsm#")) } GROUP BY ?c'
        )
        out = {str(c)[len(str(STSM)) :]: int(n) for c, n in rows.rows}  # type: ignore[call-overload]
        return dict(sorted(out.items()))

    def link_directions(self) -> dict[URIRef, URIRef]:
        """Return every link property with its change direction: the ontology's and the data's.

        A user's own property takes part by declaring ``stsm:changePropagation`` in the data.
        """
        rows = self.select("SELECT ?p ?d WHERE { ?p stsm:changePropagation ?d }")
        found = dict(link_directions())
        for p, d in rows.rows:
            if isinstance(p, URIRef) and d in (STSM.ObjectToSubject, STSM.SubjectToObject):
                found[p] = d  # type: ignore[assignment]
        return found

    def to_networkx(self) -> nx.MultiDiGraph:
        """Return the link triples as a ``MultiDiGraph``.

        Nodes are IRIs (strings) with ``type`` (an IRI: of several classes the most specific,
        ``stsm:`` first; see :func:`stsm_graph.vocabulary.graph.most_specific_class`) and ``label``
        (the smallest of several, else the IRI) attributes; each edge
        goes subject -> object with ``predicate`` (an IRI) as key and attribute. Only
        triples of declared link properties are included.
        """
        links = sorted(self.link_directions())
        values = " ".join(sparql_term(p) for p in links)
        rows = self.select(f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o }}")
        g = nx.MultiDiGraph()
        g.add_edges_from(
            (str(s), str(o), str(p), {"predicate": str(p)})
            for s, p, o in rows.rows
            if isinstance(o, URIRef)
        )
        # of several labels the smallest, of several classes the most specific, as everywhere
        query = "SELECT ?s (MIN(STR(?v)) AS ?m) WHERE { ?s rdfs:label ?v } GROUP BY ?s"
        for s, value in self.store.select_text(_PROLOGUE + query):
            if s in g and value is not None:
                g.nodes[s]["label"] = value
        classes: dict[str, set[str]] = {}
        for s, c in self.store.select_text("SELECT ?s ?c WHERE { ?s a ?c FILTER(isIRI(?c)) }"):
            if s is not None and c is not None and s in g:
                classes.setdefault(s, set()).add(c)
        for s, found in classes.items():
            g.nodes[s]["type"] = most_specific_class(frozenset(found))
        for n, data in g.nodes(data=True):
            data.setdefault("type", None)
            data.setdefault("label", n)
        return g

    # ------------------------------------------------------------------ nodes
    def label(self, node: str | URIRef) -> str:
        """Return the smallest label of a node, or its IRI when it has none."""
        rows = self.select(
            "SELECT ?n (MIN(STR(?l)) AS ?label) WHERE { ?n rdfs:label ?l } GROUP BY ?n",
            n=URIRef(str(node)),
        )
        return str(rows.rows[0][1]) if rows.rows else str(node)

    def resolve(self, name: str) -> URIRef:
        """Turn a name into a node of the portfolio.

        Tried in order: a full IRI or ``<IRI>``, a prefixed name (the vocabulary's prefixes
        and those the loaded files declare), an id relative to the base of a loaded YAML
        document, an exact label, and the local name of exactly one node.

        Raises
        ------
        UnknownNodeError
            If nothing matches; the error lists near matches, each by the shortest name
            that resolves back to it (its local name, else its IRI) and its label.
        """
        iri = _expand(name, self.prefixes)
        if iri is not None and self._exists(iri):
            return iri
        rows = self.select(
            "SELECT ?n ?l ?name WHERE { ?n rdfs:label ?l FILTER(STR(?l) = ?name) }",
            name=Literal(name),
        )
        labelled = sorted({str(n) for n, _l, _name in rows.rows if isinstance(n, URIRef)})
        if len(labelled) == 1:
            return URIRef(labelled[0])
        if len(labelled) > 1:
            raise UnknownNodeError(
                name,
                [f"{n} ({name})" for n in labelled],
                reason=f"is the label of {len(labelled)} nodes: name one by its IRI",
            )
        candidates = self.select("SELECT ?n ?l WHERE { ?n rdfs:label ?l }")
        # every way of naming a node (label, IRI, local name) -> the nodes it names
        keys: dict[str, set[str]] = {}
        by_local: dict[str, set[str]] = {}
        labels: dict[str, str] = {}
        for n, lbl in candidates.rows:
            node, text = str(n), str(lbl)
            keys.setdefault(text, set()).add(node)
            keys.setdefault(node, set()).add(node)
            keys.setdefault(_local_name(node), set()).add(node)
            by_local.setdefault(_local_name(node), set()).add(node)
            labels[node] = min(labels.get(node, text), text)
        local = {node for node in keys.get(name, ()) if _local_name(node) == name}
        if len(local) == 1:
            return URIRef(local.pop())

        all_labels = {str(lbl) for _n, lbl in candidates.rows}

        def shown_as(node: str) -> str:
            # the shortest name resolve takes back to this very node: its local name when no
            # other node has it, no label is it, and it does not name a node as an IRI,
            # prefixed name or id; else the IRI itself
            short = _local_name(node)
            iri = _expand(short, self.prefixes) if short else None
            if (
                not short
                or len(by_local.get(short, ())) != 1
                or short in all_labels
                or (iri is not None and str(iri) != node and self._exists(iri))
            ):
                short = node
            return f"{short} ({labels[node]})" if node in labels else short

        shown: dict[str, str] = {}
        for key in difflib.get_close_matches(name, list(keys), n=10, cutoff=0.5):
            for node in sorted(keys[key]):
                shown.setdefault(node, shown_as(node))  # each node once, nearest first
        raise UnknownNodeError(name, list(shown.values())[:5])

    def _exists(self, node: URIRef) -> bool:
        """Tell whether ``node`` appears in any triple of the portfolio."""
        return bool(
            self.store.ask(_PROLOGUE + "ASK { { ?n ?p ?o } UNION { ?s ?p ?n } }", {"n": node})
        )

    def copy(self) -> Portfolio:
        """Return an independent copy in a store of the same kind (in memory)."""
        new = Portfolio.__new__(Portfolio)
        new.store = self.store.copy()
        new.base = self.base
        new.prefixes = dict(self.prefixes)
        return new

    def close(self) -> None:
        """Release the store (flushes an on-disk store)."""
        self.store.close()

    def __enter__(self) -> Portfolio:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[1] is None:
            self.close()
            return
        # the error that ended the block is the one to tell: a failure to close after it
        # (a full disk fails the flush as it failed the write) only repeats it
        with contextlib.suppress(StsmGraphError, OSError):
            self.close()

    def __repr__(self) -> str:
        return f"<Portfolio store={self.store.kind} triples={len(self)}>"


def _local_name(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _expand(name: str, prefixes: Mapping[str, str] | None = None) -> URIRef | None:
    """Expand a full IRI, ``<IRI>``, a prefixed name or (with a base) a bare id."""
    if name.startswith("<") and name.endswith(">"):
        name = name[1:-1]
    known = {**(prefixes or {}), **BUILTIN_PREFIXES}
    prefix, sep, local = name.partition(":")
    if sep and prefix in known and "//" not in local:
        expanded = known[prefix] + local
        return URIRef(expanded) if valid_iri(expanded) else None
    if valid_iri(name):
        return URIRef(name)
    if not sep and known.get("") and valid_iri(known[""] + name):
        return URIRef(known[""] + name)
    return None


@contextmanager
def _in_callers_text() -> Iterator[None]:
    """Count the positions of a query's error in the caller's text, not behind the prologue."""
    try:
        yield
    except QueryError as exc:
        message = in_callers_text(str(exc), lines=_PROLOGUE.count("\n"))
        if message == str(exc):
            raise
        raise QueryError(message) from exc


def as_term(value: Node | str) -> Node:
    """Return a binding's value as a term: a ``str`` as :meth:`Portfolio.query` reads it.

    Examples
    --------
    >>> as_term("stsm:Need"), as_term("Backups")
    (rdflib.term.URIRef('https://w3id.org/stsm#Need'), rdflib.term.Literal('Backups'))
    """
    if isinstance(value, str) and not isinstance(value, URIRef | Literal):
        iri = _expand(value)
        looks_like_iri = value.startswith("<") or "://" in value or value.startswith("urn:")
        prefixed = value.partition(":")[0] in BUILTIN_PREFIXES
        return iri if iri is not None and (looks_like_iri or prefixed) else Literal(value)
    return value


def _bindings(bindings: Mapping[str, Any]) -> dict[str, Node]:
    bad = [key for key in bindings if not _VARIABLE.fullmatch(key)]
    if bad:
        raise QueryError(f"{bad[0]!r} is not a SPARQL variable name (letters, digits and _)")
    lists = [key for key, v in bindings.items() if isinstance(v, list | tuple)]
    if lists:
        raise QueryError(
            f"?{lists[0]} is given a list, and the query's header names no VALUES ?{lists[0]} "
            "list under Parameters: bind it to one value"
        )
    return {key: as_term(v) for key, v in bindings.items()}
