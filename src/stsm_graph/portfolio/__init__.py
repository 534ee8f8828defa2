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
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx
from rdflib import Graph, URIRef

from stsm_graph.authoring.model import Entity, PortfolioDocument
from stsm_graph.authoring.to_triples import document_triples
from stsm_graph.common.files import write_text_atomically
from stsm_graph.errors import StsmGraphError
from stsm_graph.ingest.reading import (
    OUTPUT_NAMING,
    format_for,
    parse_source,
    parse_triples,
    read_file,
)
from stsm_graph.ingest.store_validation import validate_store
from stsm_graph.ingest.validation import ValidationReport, validate_graph
from stsm_graph.portfolio.network import link_directions, to_networkx
from stsm_graph.portfolio.opening import check_store_folder as check_store_folder
from stsm_graph.portfolio.opening import make_store, open_store_folder
from stsm_graph.portfolio.querying import PREFIXES, Binding, as_term, run_query, run_select
from stsm_graph.portfolio.resolving import node_exists, resolve
from stsm_graph.portfolio.saving import serialize, to_document
from stsm_graph.stores.base import Rows, Store
from stsm_graph.stores.kinds import open_store
from stsm_graph.vocabulary.namespace import STSM

if TYPE_CHECKING:
    from stsm_graph.stores.http_auth import Auth

__all__ = ["PREFIXES", "Portfolio", "as_term"]


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
            return cls(open_store_folder(source))
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
        return cls(make_store(directory))

    @classmethod
    def connect(
        cls,
        query_url: str,
        update_url: str | None = None,
        *,
        graph: str | None = None,
        auth: Auth | None = None,
        auth_scheme: str = "basic",
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
            query_url,
            update_url,
            graph=graph,
            auth=auth,
            auth_scheme=auth_scheme,
            timeout=timeout,
            batch_size=batch_size,
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
        return serialize(self.store, format_for("x", format), self.prefixes, self.base)

    def save(self, path: str | os.PathLike[str], *, format: str | None = None) -> None:
        """Write the graph to ``path`` atomically (a temporary file, then a rename)."""
        fmt = format_for(Path(path), format, naming=OUTPUT_NAMING)
        write_text_atomically(path, self.serialize(fmt))

    def to_document(self) -> PortfolioDocument:
        """Return the graph as an authoring document (see :mod:`stsm_graph.authoring`)."""
        return to_document(self.store, self.base)

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
        return run_query(self.store, sparql, bindings)

    def select(self, sparql: str, **bindings: Binding) -> Rows:
        """Run a ``SELECT`` query (like :meth:`query`, typed for rows).

        Raises
        ------
        QueryError
            If the query is not a ``SELECT`` (use :meth:`query` for the other forms).
        """
        return run_select(self.store, sparql, bindings)

    def validate(self, *, engine: str = "sparql") -> ValidationReport:
        """Validate against the SHACL shapes; see :mod:`stsm_graph.ingest.validation`.

        ``engine="sparql"`` (the default) runs the shapes compiled to SPARQL on the store
        (:func:`~stsm_graph.ingest.store_validation.validate_store`); ``"pyshacl"`` runs pyshacl
        on an rdflib copy of the graph, the reference it agrees with, about a hundred times
        slower at a million triples.
        """
        if engine == "sparql":
            return validate_store(self.store)
        if engine != "pyshacl":
            raise ValueError(f"validate: engine {engine!r}; expected 'sparql' or 'pyshacl'")
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
        return link_directions(self.store)

    def to_networkx(self) -> nx.MultiDiGraph:
        """Return the link triples as a ``MultiDiGraph``.

        Nodes are IRIs (strings) with ``type`` (an IRI: of several classes the most specific,
        ``stsm:`` first; see :func:`stsm_graph.vocabulary.graph.most_specific_class`) and ``label``
        (the smallest of several, else the IRI) attributes; each edge
        goes subject -> object with ``predicate`` (an IRI) as key and attribute. Only
        triples of declared link properties are included.
        """
        return to_networkx(self.store, self.link_directions())

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
        return resolve(self.store, name, self.prefixes)

    def _exists(self, node: URIRef) -> bool:
        """Tell whether ``node`` appears in any triple of the portfolio."""
        return node_exists(self.store, node)

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
