"""What every analysis shares: running a named query, term helpers, the finding base model."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict
from rdflib import Literal, URIRef
from rdflib.term import Node

from stsm_graph.namespace import STSM
from stsm_graph.resources import query_text
from stsm_graph.stores import Rows

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = ["Finding", "iri", "number", "run", "text"]

ACTIVE = str(STSM.Active)
RETIRED = str(STSM.Retired)
PLANNED = str(STSM.Planned)


class Finding(BaseModel):
    """Base of every finding: frozen, and carrying why it was reported and which practice."""

    model_config = ConfigDict(frozen=True)


def run(portfolio: Portfolio, name: str, **bindings: Node) -> Rows:
    """Run the packaged query ``ontology/queries/<name>.rq`` on the portfolio's store."""
    return portfolio.store.select(query_text(name), bindings or None)


def iri(term: Node | None) -> str | None:
    """Return an IRI's text, or ``None`` for anything else."""
    return str(term) if isinstance(term, URIRef) else None


def text(term: Node | None, default: str = "") -> str:
    """Return a term's text, or ``default`` when unbound."""
    return str(term) if term is not None else default


def number(term: Node | None) -> Decimal | None:
    """Return a numeric literal as a ``Decimal`` (``None`` when unbound or not a number)."""
    if not isinstance(term, Literal):
        return None
    try:
        return Decimal(str(term))
    except InvalidOperation:
        try:
            return Decimal(repr(float(str(term))))
        except ValueError:
            return None


def truth(term: Node | None) -> bool:
    """Return an ``xsd:boolean`` literal's value (``False`` when unbound)."""
    return isinstance(term, Literal) and str(term).lower() in ("true", "1")
