"""What every analysis shares: running a named query, term helpers, the finding base model."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from decimal import Decimal, InvalidOperation, localcontext
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from pydantic import BaseModel, ConfigDict
from rdflib.term import Node

from stsm_graph.vocabulary.namespace import STSM
from stsm_graph.vocabulary.resources import query_text

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = ["Finding", "Row", "bulk", "in_unit", "iri", "number", "run", "text", "truth"]

ACTIVE = str(STSM.Active)
RETIRED = str(STSM.Retired)
PLANNED = str(STSM.Planned)


P = ParamSpec("P")
R = TypeVar("R")


def bulk(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` with Python's cyclic garbage collector paused (an analysis entry point).

    An analysis of a large portfolio builds hundreds of thousands of short-lived row
    tuples and strings, none of them in a reference cycle (reference counting frees them);
    the cyclic collector would still walk every live object again and again while they are
    made, a fifth of the time of ``coverage`` at a million triples. The collector is turned
    back on when the outermost paused call returns or raises, and only if it was on; a
    collection may then run as usual. The switch is process-wide: an analysis running in
    another thread meanwhile runs paused too, or not, and is as correct either way.

    Examples
    --------
    >>> import gc
    >>> @bulk
    ... def state() -> bool:
    ...     return gc.isenabled()
    >>> state(), gc.isenabled()
    (False, True)
    """

    @functools.wraps(func)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():  # already paused (a nested call), or off by the caller's choice
            return func(*args, **kwargs)
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            gc.enable()

    return paused


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


def keep_smallest(labels: dict[str, str], node: str, label: str | None) -> None:
    """Keep ``label`` as ``node``'s label if it is the first or smaller than the one kept.

    Of several ``rdfs:label`` values (which the shapes report) every analysis shows the
    smallest, so no answer depends on the order rows arrive in; a node without one is
    shown by its IRI (``labels.get(node, node)``).

    Examples
    --------
    >>> labels: dict[str, str] = {}
    >>> for label in ("Backup", None, "Archive"):
    ...     keep_smallest(labels, "urn:s", label)
    >>> labels
    {'urn:s': 'Archive'}
    """
    if label is not None and (node not in labels or label < labels[node]):
        labels[node] = label


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


def in_unit(
    offered: Decimal,
    offered_unit: str | None,
    unit: str | None,
    offered_factor: str | None,
    factor: str | None,
) -> Decimal:
    """Return an offered target of a comparable unit in the requirement's unit.

    As written when the two units are the same text; else times its unit's factor, divided
    by the requirement's (the factors of the query's rule ``unit-scale``, to the dimension's
    base unit), rounded to 20 significant digits (an hour is 0.0416... of a day).

    Examples
    --------
    >>> in_unit(Decimal(24), "hours", "days", "3600.0", "86400.0")
    Decimal('1')
    >>> in_unit(Decimal(1), "h", "d", "3600.0", "86400.0")
    Decimal('0.041666666666666666667')
    >>> in_unit(Decimal("99.9"), "%", "%", None, None)
    Decimal('99.9')
    """
    if (offered_unit or "") == (unit or "") or offered_factor is None or factor is None:
        return offered
    with localcontext() as ctx:
        ctx.prec = 20
        return (offered * Decimal(offered_factor) / Decimal(factor)).normalize()


def truth(value: str | None) -> bool:
    """Return an ``xsd:boolean`` literal's value (``False`` when unbound)."""
    return value in ("true", "1")
