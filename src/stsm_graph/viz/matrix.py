"""The traceability matrices of a picture's page: needs x services and objectives x services.

The rows, columns, their order and each cell's state are the analysis's
(:func:`~stsm_graph.analysis.service_matrix`, shared with the report and the ``matrix``
command); this module only holds them as the page draws them, and their colours.

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> p = Portfolio()
>>> p.add(model.Need(id="n", label="Backups"), model.Need(id="m", label="Archive"),
...       model.StandardService(id="s", label="Backup", addresses=["n"]),
...       model.StandardService(id="t", label="Archiving", addresses=["m"], status="Planned"))
>>> needs, _objectives = matrices(p)
>>> [(label, state) for _iri, label, state in needs.rows]
[('Archive', 'unmet'), ('Backups', 'met')]
>>> sorted(needs.cells.values())
['met', 'planned']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from stsm_graph.analysis import ServiceMatrix, coverage, service_matrix

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = ["CELL_COLOURS", "MATRIX_MAX_CELLS", "Matrix", "matrices"]

#: a cell's colour by what it says
CELL_COLOURS = {
    "met": "#59a14f",
    "partially met": "#f28e2b",
    "planned": "#c9d7e8",
    "retired": "#bab0ac",
}
#: the most cells the page draws as a table; past it the matrices are left out
MATRIX_MAX_CELLS = 40_000


@dataclass(frozen=True)
class Matrix:
    """One matrix as the page draws it.

    ``rows`` are ``(iri, label, state)``, gaps first; ``columns`` ``(iri, label)``; ``cells``
    maps a linked ``(row, column)`` to its state (a key of :data:`CELL_COLOURS`).
    """

    title: str
    row_kind: str
    rows: tuple[tuple[str, str, str], ...]
    columns: tuple[tuple[str, str], ...]
    cells: dict[tuple[str, str], str]


def matrices(portfolio: Portfolio) -> tuple[Matrix, Matrix]:
    """Return the needs x services and objectives x services matrices of ``portfolio``."""
    report = coverage(portfolio)
    return (
        _drawn(service_matrix(portfolio, "needs", report=report), "need"),
        _drawn(service_matrix(portfolio, "objectives", report=report), "objective"),
    )


def _drawn(m: ServiceMatrix, row_kind: str) -> Matrix:
    return Matrix(
        m.title,
        row_kind,
        tuple((r.node, r.label, r.state) for r in m.rows),
        tuple((c.node, c.label) for c in m.columns),
        {(r, c): state for r, c, state in m.cells},
    )
