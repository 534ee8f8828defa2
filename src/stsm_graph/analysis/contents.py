"""Whether a graph holds a portfolio at all: no triples, triples of something else, or one.

A command given the wrong file or the wrong ``--graph`` reads an empty or a foreign graph,
and every analysis then answers "nothing found", which reads like good news. The command line
warns instead, from :func:`portfolio_contents`.

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> p = Portfolio()
>>> portfolio_contents(p)
'no triples'
>>> p.parse("<urn:x:a> <urn:x:knows> <urn:x:b> .", format="nt")
>>> portfolio_contents(p)
'no portfolio'
>>> p.add(model.Need(id="n", label="Backups"))
>>> portfolio_contents(p)
'portfolio'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from stsm_graph.common.terms import with_values
from stsm_graph.vocabulary.graph import portfolio_classes

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = ["Contents", "portfolio_contents"]

#: what a graph holds: nothing; triples, but no node of a portfolio class; a portfolio
Contents = Literal["no triples", "no portfolio", "portfolio"]


def portfolio_contents(portfolio: Portfolio) -> Contents:
    """Return whether ``portfolio`` holds no triples, no portfolio, or a portfolio.

    A graph holds a portfolio when some node is typed with a class whose instances a
    portfolio states (:func:`stsm_graph.vocabulary.graph.portfolio_classes`: ``stsm:Need``,
    ``stsm:StandardService``, ...). Two ``ASK`` queries at most, each stopping at its first
    match: cheap on a graph of any size, and on a server.

    Parameters
    ----------
    portfolio
        The portfolio, on any store.

    Returns
    -------
    str
        ``"no triples"``, ``"no portfolio"`` (triples, but no node of a portfolio class) or
        ``"portfolio"``.

    Examples
    --------
    >>> from stsm_graph import Portfolio
    >>> p = Portfolio()
    >>> p.parse("<urn:x:a> a <https://w3id.org/stsm#Customer> .", format="turtle")
    >>> portfolio_contents(p)
    'portfolio'
    """
    store = portfolio.store
    if not store.ask("ASK { ?s ?p ?o }"):
        return "no triples"
    if not store.ask(with_values("ASK { VALUES ?c { } ?s a ?c }", "c", portfolio_classes())):
        return "no portfolio"
    return "portfolio"
