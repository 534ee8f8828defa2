"""What every analysis shares: running a named query, term helpers, the finding base model."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict
from rdflib.term import Node

from stsm_graph.namespace import STSM
from stsm_graph.resources import query_text

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = ["Finding", "Row", "iri", "number", "run", "text", "truth"]

ACTIVE = str(STSM.Active)
RETIRED = str(STSM.Retired)
PLANNED = str(STSM.Planned)


class Finding(BaseModel):
    """Base of every finding: frozen, and carrying why it was reported and which practice."""

    model_config = ConfigDict(frozen=True)


Row = tuple[str | None, ...]


def run(portfolio: Portfolio, name: str, **bindings: Node) -> list[Row]:
    """Run the packaged query ``ontology/queries/<name>.rq``; each term as its text.

    The columns of the library's queries are known to be IRIs or literals, so the rows
    carry plain strings (an IRI, or a literal's lexical form) and ``None`` when unbound.
    """
    return portfolio.store.select_text(query_text(name), bindings or None)


def iri(value: str | None) -> str | None:
    """Return an IRI column's value (``None`` when unbound)."""
    return value


def text(value: str | None, default: str = "") -> str:
    """Return a column's text, or ``default`` when unbound."""
    return value if value is not None else default


def number(value: str | None) -> Decimal | None:
    """Return a numeric literal as a ``Decimal`` (``None`` when unbound or not a number)."""
    if value is None:
        return None
    try:
        return Decimal(value)
    except InvalidOperation:
        try:
            return Decimal(repr(float(value)))
        except ValueError:
            return None


def truth(value: str | None) -> bool:
    """Return an ``xsd:boolean`` literal's value (``False`` when unbound)."""
    return value in ("true", "1")
