"""Write the rule ``unit-scale``: the units a level can be compared across, with pint.

A service level "24 hours" meets a requirement of "at most 2 days": both are times. The units
a portfolio may write and convert are listed here by dimension (time, ratio, data size); pint
(the units library) reads each spelling and gives its factor to the dimension's base unit (the
second, the ratio 1, the megabyte). The table is written into the packaged queries as a ``VALUES``
block by :func:`unit_rule`, so that the queries compare levels in one pass, no Python reads a
unit at run time, and pint is needed only here, when the queries are generated. A unit not
listed (``"score 1-5"``, ``"devices"``) is compared by its text only, as before.

Examples
--------
>>> scales = unit_scales()
>>> scales["hours"], scales["days"], scales["%"], scales["TB"]
(('time', Decimal('3600')), ('time', Decimal('86400')), ('ratio', Decimal('0.01')), ('data', Decimal('1000000')))
>>> print(unit_rule_lines()[1])
OPTIONAL { VALUES (?unitKey ?dimension ?factor) {
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

__all__ = ["SPELLINGS", "UNIT_SCALE_VARIABLES", "unit_rule_lines", "unit_scales"]

#: the variables the rule ``unit-scale`` names, in order
UNIT_SCALE_VARIABLES = ("?unit", "?unitKey", "?dimension", "?factor")

#: the unit spellings converted, by dimension; each is read by pint. Units stated with other
#: spellings (or none) are compared by their text, so a portfolio's own units keep working.
SPELLINGS: dict[str, tuple[str, ...]] = {
    "time": (
        "ms", "millisecond", "milliseconds", "s", "sec", "second", "seconds",
        "min", "minute", "minutes", "h", "hr", "hour", "hours", "d", "day", "days",
        "week", "weeks", "month", "months", "year", "years",
    ),
    "ratio": ("%", "percent", "permille", "ppm"),
    "data": (
        "bit", "bits", "B", "byte", "bytes", "kB", "MB", "GB", "TB", "PB",
        "KiB", "MiB", "GiB", "TiB", "PiB", "kbit", "Mbit", "Gbit", "Tbit",
    ),
}  # fmt: skip

#: the base unit of each dimension, as pint names it
#: (a megabyte for data sizes: a store's xsd:decimal holds about 20 digits before the point
#: and 18 after, and a value times its factor must fit, from bits to pebibytes)
_BASE = {"time": "second", "ratio": "dimensionless", "data": "megabyte"}


@lru_cache(maxsize=1)
def unit_scales() -> dict[str, tuple[str, Decimal]]:
    """Return each listed spelling's dimension and factor to its dimension's base unit.

    Raises
    ------
    ValueError
        If pint does not read a listed spelling as a unit of its dimension (a data size is
        dimensionless to pint, so its root unit is checked to be the bit).
    """
    import pint  # a generator's dependency only: nothing imports it at run time

    registry = pint.UnitRegistry()
    scales: dict[str, tuple[str, Decimal]] = {}
    for dimension, spellings in SPELLINGS.items():
        base = registry.parse_units(_BASE[dimension])
        for spelling in spellings:
            unit = registry.parse_units(spelling)
            roots = str(registry.get_root_units(unit)[1])
            is_data = roots == "bit"
            if not unit.is_compatible_with(base) or is_data != (dimension == "data"):
                raise ValueError(f"pint does not read {spelling!r} as a {dimension} unit")
            factor = (1 * unit).to(base).magnitude
            scales[spelling] = (dimension, Decimal(repr(factor)).normalize())
    return scales


def _number(value: Decimal) -> str:
    """Write a factor as a SPARQL decimal literal (``3600.0``, ``0.01``)."""
    plain = format(value, "f")
    return plain if "." in plain else plain + ".0"


def unit_rule_lines() -> tuple[str, ...]:
    """Return the text of the rule ``unit-scale ?unit ?unitKey ?dimension ?factor``.

    It binds ``?unitKey`` to the unit's text (``""`` when there is none) and, for a listed
    unit, ``?dimension`` and ``?factor`` (what one of the unit is in the dimension's base
    unit); both stay unbound for any other unit. The ``meets`` rule of ``rules.sparql``
    reads them.
    """
    lines = ['BIND(COALESCE(STR(?unit), "") AS ?unitKey)']
    lines.append("OPTIONAL { VALUES (?unitKey ?dimension ?factor) {")
    for spelling, (dimension, factor) in unit_scales().items():
        quoted = spelling.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'  ("{quoted}" "{dimension}" {_number(factor)})')
    lines.append("} }")
    return tuple(lines)
