"""Write the rules ``unit-dimension`` and ``unit-factor``: the units levels compare across.

A service level "24 hours" meets a requirement of "at most 2 days": both are times. The units
a portfolio may write and convert are listed here by dimension (time, ratio, data size); pint
(the units library) reads each spelling and gives its factor to the dimension's base unit (the
second, the ratio 1, the megabyte). The table is written into the packaged queries as one string
the rules ``unit-dimension`` and ``unit-factor`` look a unit up in (:func:`unit_rules`), so that
the queries compare levels in one pass, no Python reads a unit at run time, and pint is needed
only here, when the queries are generated. A unit not listed (``"score 1-5"``, ``"devices"``)
is compared by its text only, as before.

Examples
--------
>>> scales = unit_scales()
>>> scales["hours"], scales["days"], scales["%"]
(('time', Decimal('3600')), ('time', Decimal('86400')), ('ratio', Decimal('0.01')))
>>> scales["TB"], scales["bit"]
(('data', Decimal('1000000')), ('data', Decimal('1.25E-7')))
>>> "|h=time 3600|" in "".join(unit_rules()["unit-factor"][1])
True
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

__all__ = ["SPELLINGS", "unit_rules", "unit_scales"]

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

    registry: pint.UnitRegistry = pint.UnitRegistry()  # type: ignore[type-arg]
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
            exact = Decimal(repr(factor))
            whole = exact == exact.to_integral_value()
            scales[spelling] = (
                dimension,
                exact.quantize(Decimal(1)) if whole else exact.normalize(),
            )
    return scales


#: the datatype a factor is read as
_DECIMAL = "<http://www.w3.org/2001/XMLSchema#decimal>"


def _table() -> str:
    """Return the table as one SPARQL string: ``|SPELLING=DIMENSION FACTOR|`` per unit.

    A spelling holds no ``|``, ``=`` or space, so a unit's text free of ``|`` and ``=`` finds
    ``|TEXT=`` in the table exactly when it is a listed spelling (the rules refuse any other).
    """
    entries = [f"|{u}={d} {format(f, 'f')}|" for u, (d, f) in unit_scales().items()]
    for entry in entries:
        if entry.count("|") != 2 or entry.count("=") != 1 or entry.count(" ") != 1:
            raise ValueError(f"a unit spelling cannot be written into the table: {entry!r}")
        if '"' in entry or "\\" in entry:
            raise ValueError(f"a unit spelling cannot be quoted: {entry!r}")
    lines = [" ".join(entries[i : i + 4]) for i in range(0, len(entries), 4)]
    return '"""' + "\n".join(lines) + '"""'


def unit_rules() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Return the rules ``unit-dimension ?unit`` and ``unit-factor ?unit``: name -> (vars, text).

    Two expressions over the table of :func:`unit_scales`, evaluated only when an offered
    level's unit is not written as the required one (the rule ``meets`` of
    ``rules.sparql`` compares the common case as written, at no extra cost).
    ``unit-dimension`` is the listed unit's dimension (``"time"``, ``"ratio"``, ``"data"``),
    ``""`` for any other text (one holding ``|`` or ``=`` too); ``unit-factor`` is what one
    of a listed unit is in its dimension's base unit, an ``xsd:decimal``, and an error (so
    unbound) for any other text, on every store.

    Examples
    --------
    >>> rules = unit_rules()
    >>> rules["unit-factor"][0], rules["unit-factor"][1][0]
    (('?unit',), '<http://www.w3.org/2001/XMLSchema#decimal>(STRBEFORE(STRAFTER(STRAFTER(CONCAT(')
    """
    table = _table().split("\n")
    found = 'CONCAT("|", STR(?unit), "=")'
    dimension = (
        'IF(CONTAINS(STR(?unit), "|") || CONTAINS(STR(?unit), "="), "",',
        "   STRBEFORE(STRAFTER(",
        *table,
        f'   , {found}), " "))',
    )
    # the lookup reads the table with the unit's own entry " none" after it: a unit not listed
    # finds that one, and "none" is no number on any store (an empty string would be: Virtuoso
    # 7 casts "" to 0)
    factor = (
        f"{_DECIMAL}(STRBEFORE(STRAFTER(STRAFTER(CONCAT(",
        *table,
        f'   , {found}, " none|")',
        f'   , {found}), " "), "|"))',
    )
    return {"unit-dimension": (("?unit",), dimension), "unit-factor": (("?unit",), factor)}
