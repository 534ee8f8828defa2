"""The traceability matrices of a picture's page: needs x services and objectives x services.

Every fact comes from the public analysis API: the matrices' rows, columns and links from
:func:`~stsm_graph.analysis.coverage`, each need's state from
:func:`~stsm_graph.analysis.need_states`, each service's status from
:func:`~stsm_graph.analysis.stated_statuses`. Rows are sorted gaps first (unmet needs, then
partially met, then met; objectives no active service supports, then the others), each group
by label; columns by label. A linked cell is coloured by what it says: *planned* (the service
is planned: it covers nothing yet), *retired*, or else *met* / *partially met* (the need's
state; an objective an active service supports is met).

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

from stsm_graph.analysis import TraceabilityMatrix, coverage, need_states, stated_statuses
from stsm_graph.viz.style import local

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
_ROW_ORDER = {"unmet": 0, "unsupported": 0, "partially met": 1, "met": 2, "supported": 2}


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
    states = need_states(portfolio)
    services = set(report.needs_matrix.columns) | set(report.objectives_matrix.columns)
    statuses = {
        s: local(v) for s, v in stated_statuses(portfolio, sorted(services)).statuses.items()
    }
    supported = {o.objective for o in report.objectives if o.supported}
    need_state = {n: "met" if s == "fully met" else s for n, s in states.items()}
    objective_state = {
        o: "supported" if o in supported else "unsupported" for o in report.objectives_matrix.rows
    }
    return (
        _matrix("Needs x services", report.needs_matrix, need_state, statuses),
        _matrix("Objectives x services", report.objectives_matrix, objective_state, statuses),
    )


def _matrix(
    title: str, m: TraceabilityMatrix, row_state: dict[str, str], statuses: dict[str, str]
) -> Matrix:
    rows = sorted(
        (
            (r, label, row_state.get(r, "retired"))
            for r, label in zip(m.rows, m.row_labels, strict=True)
        ),
        key=lambda t: (_ROW_ORDER.get(t[2], 3), t[1], t[0]),
    )
    columns = sorted(zip(m.columns, m.column_labels, strict=True), key=lambda t: (t[1], t[0]))
    cells: dict[tuple[str, str], str] = {}
    for r, c in m.links:
        status = statuses.get(c, "Active")
        if status == "Planned":
            cells[(r, c)] = "planned"
        elif status == "Retired":
            cells[(r, c)] = "retired"
        else:
            state = row_state.get(r, "retired")
            cells[(r, c)] = "met" if state == "supported" else state
    return Matrix(title, m.row_kind, tuple(rows), tuple(columns), cells)
