"""Parsed, checked triples on their way into a store: what every store loads from.

The readers (:mod:`stsm_graph.ingest.reading`) parse and check a whole file before any store is
touched, and hand the result over as a :class:`Staging`. A store reads it in whichever form
suits it: rdflib triples (:meth:`Staging.triples`), N-Triples lines for a SPARQL update
(:meth:`Staging.ntriples_lines`) or one N-Triples text (:meth:`Staging.ntriples`). The staging
area is an in-memory Oxigraph store; :meth:`Staging.oxigraph_store` hands it over as it is, an
optimisation that only the embedded Oxigraph store uses, so no store's interface names a
pyoxigraph type.

Examples
--------
>>> from rdflib import URIRef
>>> staging = Staging.of_triples([(URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b"))])
>>> len(staging), list(staging.ntriples_lines())
(1, ['<urn:a> <urn:p> <urn:b> .'])
>>> [str(t) for t in next(staging.triples())]
['urn:a', 'urn:p', 'urn:b']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib.term import Node

from stsm_graph.common.terms import from_ox, to_ox

__all__ = ["Staging", "Triple"]

Triple = tuple[Node, Node, Node]


class Staging:
    """The triples of one parsed, checked input, in its default graph.

    Parameters
    ----------
    store
        The in-memory pyoxigraph store the input was parsed into; a new empty one by default.
        Only the readers of this library make one from a pyoxigraph store.
    """

    __slots__ = ("_store",)

    def __init__(self, store: ox.Store | None = None) -> None:
        self._store = store if store is not None else ox.Store()

    @classmethod
    def of_triples(cls, triples: Iterable[Triple]) -> Staging:
        """Stage rdflib triples as they are.

        Unchecked: :func:`stsm_graph.ingest.reading.parse_triples` stages and checks them.

        Examples
        --------
        >>> from rdflib import Literal, URIRef
        >>> len(Staging.of_triples([(URIRef("urn:a"), URIRef("urn:p"), Literal(1))] * 2))
        1
        """
        store = ox.Store()
        store.extend(
            ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph()) for s, p, o in triples
        )
        return cls(store)

    def __len__(self) -> int:
        return len(self._store)

    def _quads(self) -> Iterator[ox.Quad]:
        return iter(self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def triples(self) -> Iterator[Triple]:
        """Yield each triple as rdflib terms."""
        for q in self._quads():
            yield from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)  # type: ignore[misc]

    def ntriples_lines(self) -> Iterator[str]:
        """Yield each triple as one line of N-Triples, without its line break."""
        for q in self._quads():
            yield f"{q.subject} {q.predicate} {q.object} ."

    def ntriples(self) -> bytes:
        r"""Return every triple as one N-Triples text.

        Examples
        --------
        >>> from rdflib import URIRef
        >>> Staging.of_triples([(URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b"))]).ntriples()
        b'<urn:a> <urn:p> <urn:b> .\n'
        """
        data = self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        assert data is not None
        return bytes(data)

    def oxigraph_store(self) -> ox.Store:
        """Hand over the pyoxigraph store the triples are staged in (not a copy).

        For :class:`stsm_graph.stores.oxigraph.OxigraphStore`, which adopts a fresh staging area
        as its own store instead of copying it. A staging area is loaded into one store.
        """
        return self._store
