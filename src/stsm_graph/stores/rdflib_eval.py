"""Two of rdflib's SPARQL steps made fast, on the memory store's graphs only.

**MINUS.** rdflib evaluates ``MINUS`` by comparing every row on the left with every row on the right
(``evalutils._minus``): quadratic, so ``unmet_needs.rq`` took 8.7 s at 100k triples on the
memory store. :func:`hash_minus` gives the same rows in the same order from hash lookups: it
groups the right-hand rows by the variables they bind and, for each group, indexes them by
the variables a left row shares with it. A left row is dropped exactly when rdflib drops it:
when some right row shares a variable with it and agrees on every shared one. Any query run
with ``initBindings`` is left to rdflib: there rdflib reads an unbound variable of a row
through the initial bindings, and the plain comparison would not.

**Basic graph patterns.** rdflib orders a pattern's triples once, before it starts, by how
many of their terms are unbound, and then matches them in that order. In
``?a a stsm:StandardService ; stsm:dependsOn ?b . ?b a stsm:StandardService`` both type
triples come first, so it tries every pair of services (1.5 million at 100k triples, 13 s)
before it looks at a single ``dependsOn``. :func:`adaptive_bgp` chooses the next triple at
each step instead, as the values found so far bind more variables: the one with the fewest
unbound terms, and of those the one that shares the most variables already bound (so it
follows the links from what it has), then the first written. A pattern is a conjunction, so
the rows are the same; only the order in which they come may differ.

**An empty VALUES block.** rdflib parses ``VALUES ?x { }`` and then fails on it with an
``AttributeError``; :func:`empty_values` answers it as SPARQL does, with no rows (a packaged
query's node list is empty until its caller fills it).

All three are registered in rdflib's ``CUSTOM_EVALS`` (rdflib's own extension point) and take
part only for graphs passed to :func:`use_for`, so nobody else's rdflib queries change.

Examples
--------
>>> from rdflib import BNode, Graph, Variable
>>> g = Graph()
>>> _ = g.parse(data="<urn:a> <urn:p> <urn:x> . <urn:b> <urn:p> <urn:y> . <urn:b> <urn:q> 1 .",
...             format="turtle")
>>> use_for(g)
>>> q = "SELECT ?s WHERE { ?s <urn:p> ?o MINUS { ?s <urn:q> ?v } }"
>>> [str(row.s) for row in g.query(q)]
['urn:a']
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from typing import Any

from rdflib import BNode, Graph, Variable
from rdflib.plugins.sparql import CUSTOM_EVALS
from rdflib.plugins.sparql.evaluate import evalPart
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import AlreadyBound, QueryContext

__all__ = ["adaptive_bgp", "empty_values", "hash_minus", "use_for"]

#: the graphs hash_minus serves, by identity (rdflib graphs compare by their identifier)
_GRAPHS: weakref.WeakValueDictionary[int, Graph] = weakref.WeakValueDictionary()


def use_for(graph: Graph) -> None:
    """Have :func:`hash_minus`, :func:`adaptive_bgp` and :func:`empty_values` serve ``graph``."""
    _GRAPHS[id(graph)] = graph
    CUSTOM_EVALS.setdefault("stsm_graph.empty_values", empty_values)
    CUSTOM_EVALS.setdefault("stsm_graph.hash_minus", hash_minus)
    CUSTOM_EVALS.setdefault("stsm_graph.adaptive_bgp", adaptive_bgp)


def _ours(ctx: QueryContext) -> bool:
    return ctx.graph is not None and _GRAPHS.get(id(ctx.graph)) is ctx.graph


def hash_minus(ctx: QueryContext, part: CompValue) -> Iterator[Any]:
    """Evaluate a ``Minus`` algebra node as rdflib does, in linear time.

    Raises
    ------
    NotImplementedError
        For any other node, another graph, or a query with initial bindings: rdflib then
        evaluates it itself.
    """
    if part.name != "Minus" or ctx.initBindings or not _ours(ctx):
        raise NotImplementedError
    left = evalPart(ctx, part.p1)
    # rdflib evaluates both sides in this context, so every right-hand row also carries the
    # values the context gives (inside an OPTIONAL: the row on its left); they are kept apart
    outer = dict(ctx.solution())
    groups, index = _right_side(ctx, part.p2, outer)

    def dropped(row: Any) -> bool:
        names = frozenset(row)
        from_outer = [v for v in outer if v in names]
        if any(row[v] != outer[v] for v in from_outer):
            return False  # every right-hand row disagrees with it on a value of the context
        for domain, rights in groups.items():
            shared = tuple(sorted(names & domain))
            if not shared:
                if from_outer:
                    return True  # they share only the context's values, and agree on them
                continue  # disjoint domains: this group cannot drop the row
            keys = index.get((domain, shared))
            if keys is None:
                keys = index[(domain, shared)] = {tuple(r[v] for v in shared) for r in rights}
            if tuple(row[v] for v in shared) in keys:
                return True
        return False

    return (row for row in left if not dropped(row))


#: the key, in a query's own ``bnodes`` map, of that query's memo of MINUS right sides
_MEMO = object()

_RightSide = tuple[
    dict[frozenset[Any], list[dict[Any, Any]]],
    dict[tuple[frozenset[Any], tuple[Any, ...]], set[tuple[Any, ...]]],
]


def _right_side(ctx: QueryContext, p2: CompValue, outer: dict[Any, Any]) -> _RightSide:
    """Return a MINUS's right-hand rows without the context's values, grouped, and an index.

    The rows are grouped by the variables they bind; the index starts empty, for
    :func:`hash_minus` to fill.

    rdflib evaluates the right side again wherever the MINUS is evaluated again: inside an
    ``OPTIONAL`` once for every row on the left of it (``stakeholder_needs.rq``: once per
    stakeholder, 2.5 s at 100k). When the right side is a basic graph pattern its rows,
    without the context's values, depend only on the graph and on the values the context
    gives the variables the pattern names; they are kept for the rest of the query under
    that key, in the query's own ``bnodes`` map (the one object rdflib shares between a
    query's contexts and makes anew for every query), under a key no blank node can have.
    """
    memo: dict[Any, _RightSide] | None = None
    key: tuple[Any, ...] = ()
    if p2.name == "BGP":
        # what the context may give the pattern: its variables, and its blank nodes (rdflib
        # reads those through the context as it does variables)
        names = sorted(
            {t for triple in p2.triples for t in triple if isinstance(t, Variable | BNode)}
        )
        shared: Any = ctx.bnodes  # typed as blank nodes by label; the memo's key is no label
        memo = shared.setdefault(_MEMO, {})
        key = (id(p2), id(ctx.graph), tuple((v, outer.get(v)) for v in names))
        found = memo.get(key) if memo is not None else None
        if found is not None:
            return found
    groups: dict[frozenset[Any], list[dict[Any, Any]]] = {}
    for row in set(evalPart(ctx, p2)):
        own = {k: v for k, v in row.items() if k not in outer}
        groups.setdefault(frozenset(own), []).append(own)
    built: _RightSide = (groups, {})
    if memo is not None:
        memo[key] = built
    return built


def empty_values(ctx: QueryContext, part: CompValue) -> Iterator[Any]:
    """Evaluate an inline ``VALUES`` block with no rows: no solutions.

    Raises
    ------
    NotImplementedError
        For any other node or another graph: rdflib then evaluates it itself.
    """
    if part.name != "ToMultiSet" or part.p != [] or not _ours(ctx):
        raise NotImplementedError
    return iter(())


def adaptive_bgp(ctx: QueryContext, part: CompValue) -> Iterator[Any]:
    """Evaluate a ``BGP`` algebra node, choosing the next triple as values are found.

    Raises
    ------
    NotImplementedError
        For any other node or another graph: rdflib then evaluates it itself.
    """
    if part.name != "BGP" or not _ours(ctx):
        raise NotImplementedError
    return _match(ctx, list(part.triples))


def _rank(ctx: QueryContext, triple: tuple[Any, Any, Any]) -> tuple[int, int]:
    """Fewer unbound terms first; then more variables already bound."""
    unbound = sum(1 for term in triple if ctx[term] is None)
    bound = sum(1 for term in triple if isinstance(term, Variable) and ctx[term] is not None)
    return unbound, -bound


def _match(ctx: Any, triples: list[tuple[Any, Any, Any]]) -> Iterator[Any]:
    """Match as rdflib's ``evalBGP`` does, choosing the next triple at each step, not once."""
    if not triples:
        yield ctx.solution()
        return
    first = min(range(len(triples)), key=lambda i: (*_rank(ctx, triples[i]), i))
    # ctx is a QueryContext, typed Any: rdflib types its item access loosely (str | Path)
    s, p, o = triples[first]
    rest = triples[:first] + triples[first + 1 :]
    _s, _p, _o = ctx[s], ctx[p], ctx[o]
    for ss, sp, so in ctx.graph.triples((_s, _p, _o)):
        c = ctx.push() if None in (_s, _p, _o) else ctx
        try:  # a variable twice in one triple: the second must agree with the first
            if _s is None:
                c[s] = ss
            if _p is None:
                c[p] = sp
            if _o is None:
                c[o] = so
        except AlreadyBound:
            continue
        yield from _match(c, rest)
