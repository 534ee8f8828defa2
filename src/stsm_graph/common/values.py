"""Checks on the values of a portfolio's fields: text that is Unicode, numbers a store holds.

A store holds an ``xsd:decimal`` below 10^20 with at most 18 decimal places, and an
``xsd:integer`` in [-2^63, 2^63); a value outside is refused as out of range (not as the
wrong datatype), naming the number briefly.

Examples
--------
>>> bounded_decimal("99.90")
Decimal('99.90')
>>> bounded_decimal("1e400")
Traceback (most recent call last):
...
ValueError: the number 1E+400 is out of range: it must be below 10^20 in size
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = [
    "DECIMAL_INTEGER_DIGITS",
    "DECIMAL_PLACES",
    "FORMAT_VERSIONS",
    "INTEGER_BITS",
    "bounded_decimal",
    "bounded_integer",
    "number_preview",
    "refuse_surrogates",
]

#: the versions of the authoring format this library reads (``stsm_graph: 1``)
FORMAT_VERSIONS: tuple[int, ...] = (1,)
#: a decimal value holds fewer than this many digits before the point (as stores hold them)
DECIMAL_INTEGER_DIGITS = 20
#: and at most this many after it
DECIMAL_PLACES = 18
#: a whole number (priority, phase) lies in [-2**63, 2**63)
INTEGER_BITS = 63

_SURROGATE = re.compile("[\ud800-\udfff]")
_DECIMAL_RANGE = f"it must be below 10^{DECIMAL_INTEGER_DIGITS} in size"


def refuse_surrogates(v: Any) -> None:
    """Refuse text holding a lone surrogate (not Unicode: no file or store can hold it)."""
    items = v if isinstance(v, list) else list(v.items()) if isinstance(v, dict) else [v]
    for item in items:
        for text in item if isinstance(item, tuple) else (item,):
            if isinstance(text, str) and _SURROGATE.search(text):
                raise ValueError(
                    "the text holds a lone surrogate (U+D800 to U+DFFF), which is not a "
                    "character: check how the file was written"
                )


def number_preview(v: Any) -> str:
    """Return ``v`` as a message shows it: its text, cut after 40 characters.

    Examples
    --------
    >>> number_preview("1" * 50)
    '1111111111111111111111111111111111111111... (50 characters)'
    """
    text = v if isinstance(v, str) else str(v) if isinstance(v, Decimal) else repr(v)
    return text if len(text) <= 40 else f"{text[:40]}... ({len(text)} characters)"


def bounded_decimal(v: Any) -> Any:
    """Read a decimal exactly, and refuse one a store cannot hold (non-finite, huge, too fine)."""
    if isinstance(v, float):
        v = Decimal(repr(v))
    elif isinstance(v, int):
        if v.bit_length() > 4 * DECIMAL_INTEGER_DIGITS:
            raise ValueError(f"the number is out of range: {_DECIMAL_RANGE}")
        v = Decimal(v)
    elif isinstance(v, str):
        if len(v) > 100:
            raise ValueError(f"the number {number_preview(v)} is out of range: {_DECIMAL_RANGE}")
        try:
            v = Decimal(v.strip())
        except InvalidOperation:
            return v  # pydantic says it is not a number
    if not isinstance(v, Decimal):
        return v
    if not v.is_finite():
        raise ValueError(f"{v} is not a finite number")
    exponent = v.as_tuple().exponent
    if v.is_zero() and isinstance(exponent, int) and exponent > 0:
        v = Decimal(0)
    if not v.is_zero() and v.adjusted() >= DECIMAL_INTEGER_DIGITS:
        raise ValueError(f"the number {number_preview(v)} is out of range: {_DECIMAL_RANGE}")
    exponent = v.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -DECIMAL_PLACES:
        raise ValueError(
            f"the number {number_preview(v)} has more than {DECIMAL_PLACES} decimal places"
        )
    return v


def bounded_integer(v: Any) -> Any:
    """Refuse a whole number outside [-2**63, 2**63): out of range, not of the wrong type."""
    limit = 1 << INTEGER_BITS
    expected = f"it must lie between -2^{INTEGER_BITS} and 2^{INTEGER_BITS}-1"
    if isinstance(v, int) and not -limit <= v < limit:
        raise ValueError(f"the number is out of range: {expected}")
    if isinstance(v, str) and len(v.strip().lstrip("+-")) > 19 and v.strip().lstrip("+-").isdigit():
        raise ValueError(f"the number {number_preview(v)} is out of range: {expected}")
    if isinstance(v, Decimal) and v.is_finite() and not v.is_zero() and v.adjusted() >= 19:
        raise ValueError(f"the number {number_preview(v)} is out of range: {expected}")
    return v
