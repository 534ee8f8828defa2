"""Traceability matrices as people read them: labelled, ordered gaps first, cells with a state.

Needs x services and objectives x services come from :func:`~stsm_graph.analysis.coverage`'s
matrices; stakeholders x services links a stakeholder to each live service that addresses one
of its needs. Rows are sorted gaps first (unmet needs, then partially met, then met;
objectives no active service supports, then the others; stakeholders none of whose needs is
covered, then those partly covered, then the others), each group by label; columns by label.
A linked cell says *planned* (the service is planned: it covers nothing yet), *retired*, or
else *met* / *partially met* (the need's state; an objective an active service supports is
met; for a stakeholder, the best state of its needs the service addresses). The picture's
page (:mod:`stsm_graph.viz.matrix`), the report and the ``matrix`` command all read these.

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> p = Portfolio()
>>> p.add(model.Need(id="n", label="Backups"), model.Need(id="m", label="Archive"),
...       model.StandardService(id="s", label="Backup", addresses=["n"]),
...       model.StandardService(id="t", label="Archiving", addresses=["m"], status="Planned"))
>>> needs = service_matrix(p, "needs")
>>> [(r.label, r.state) for r in needs.rows]
[('Archive', 'unmet'), ('Backups', 'met')]
>>> needs.table()[0]
['Need', 'Archiving', 'Backup']
>>> needs.table()[1]
['Archive', 'planned', '']
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from stsm_graph.analysis._common import Finding, bulk, iri, keep_smallest, run
from stsm_graph.analysis.coverage import CoverageReport, TraceabilityMatrix, coverage
from stsm_graph.analysis.summary import AnalysisReport
from stsm_graph.analysis.views import need_states, stated_statuses
from stsm_graph.vocabulary.namespace import STSM

if TYPE_CHECKING:
    from stsm_graph.portfolio import Portfolio

__all__ = ["MATRIX_ROWS", "MatrixColumn", "MatrixRow", "ServiceMatrix", "service_matrix"]

#: the row kinds of a matrix, each against the services, with its title and row heading
MATRIX_ROWS = {
    "needs": ("Needs x services", "Need"),
    "objectives": ("Objectives x services", "Objective"),
    "stakeholders": ("Stakeholders x services", "Stakeholder"),
}
#: the order of the rows' states: gaps first
_ROW_ORDER = {"unmet": 0, "unsupported": 0, "partially met": 1, "met": 2, "supported": 2}
_CELL_RANK = {"met": 0, "partially met": 1, "unmet": 2, "retired": 3}


class MatrixRow(Finding):
    """A row of a matrix: its node, its label and its state."""

    node: str
    label: str
    #: unmet, partially met or met (needs, stakeholders); unsupported or supported (objectives)
    state: str


class MatrixColumn(Finding):
    """A column of a matrix: a service that is not retired."""

    node: str
    label: str


class ServiceMatrix(Finding):
    """One matrix: ordered rows and columns, and the state of each linked cell."""

    kind: str
    title: str
    row_heading: str
    rows: tuple[MatrixRow, ...]
    columns: tuple[MatrixColumn, ...]
    #: ``(row, column, state)`` of each linked cell: met, partially met, planned or retired
    cells: tuple[tuple[str, str, str], ...]

    def table(self) -> list[list[str]]:
        """Return the matrix as rows of text: a header of labels, then a row per row node.

        The first column holds the rows' labels, each cell its state or ``""`` when the row
        and the column are not linked: what the CSV, the spreadsheet and Markdown hold.
        """
        column = {c.node: i for i, c in enumerate(self.columns, start=1)}
        row = {r.node: i for i, r in enumerate(self.rows, start=1)}
        blank = [""] * len(self.columns)
        out = [[self.row_heading, *(c.label for c in self.columns)]]
        out += [[r.label, *blank] for r in self.rows]
        for r, c, state in self.cells:  # a matrix is sparse: fill only the linked cells
            out[row[r]][column[c]] = state
        return out


@bulk
def service_matrix(
    portfolio: Portfolio,
    rows: str = "needs",
    *,
    report: CoverageReport | None = None,
    analysis: AnalysisReport | None = None,
) -> ServiceMatrix:
    """Return a traceability matrix of ``rows`` (a key of :data:`MATRIX_ROWS`) x services.

    Parameters
    ----------
    portfolio
        The portfolio (not modified).
    rows
        ``needs``, ``objectives`` or ``stakeholders``.
    report
        The portfolio's :func:`~stsm_graph.analysis.coverage`, when already computed.
    analysis
        The portfolio's :func:`~stsm_graph.analysis.analyze`, when already computed: its
        coverage, unmet and partially met needs give the rows' states, and nothing about
        the needs is read again.

    Raises
    ------
    ValueError
        If ``rows`` is not a kind of :data:`MATRIX_ROWS`.
    """
    if rows not in MATRIX_ROWS:
        raise ValueError(f"unknown matrix rows {rows!r}; choose from {', '.join(MATRIX_ROWS)}")
    if analysis is not None:
        report = analysis.coverage
        unmet = {u.need for u in analysis.unmet_needs}
        partial = {n.need for n in analysis.partially_met_needs}
        need_state = {
            n: "unmet" if n in unmet else "partially met" if n in partial else "met"
            for n in report.needs_matrix.rows
        }
    else:
        report = report or coverage(portfolio)
        states = need_states(portfolio)
        need_state = {n: "met" if s == "fully met" else s for n, s in states.items()}
    if rows == "needs":
        row_state, m = need_state, report.needs_matrix
        links = list(m.links)
    elif rows == "objectives":
        m = report.objectives_matrix
        supported = {o.objective for o in report.objectives if o.supported}
        row_state = {o: "supported" if o in supported else "unsupported" for o in m.rows}
        links = list(m.links)
    else:
        return _stakeholder_matrix(portfolio, report, need_state)
    return _build(rows, m, row_state, links, _cell_states(portfolio, m, row_state, links))


def _cell_states(
    portfolio: Portfolio,
    m: TraceabilityMatrix,
    row_state: dict[str, str],
    links: list[tuple[str, str]],
) -> dict[tuple[str, str], str]:
    """Return each link's state: planned or retired by the service's status, else the row's."""
    statuses = stated_statuses(portfolio, sorted(m.columns)).statuses
    cells = {}
    for r, c in links:
        status = statuses.get(c, str(STSM.Active))
        if status == str(STSM.Planned):
            cells[(r, c)] = "planned"
        elif status == str(STSM.Retired):
            cells[(r, c)] = "retired"
        else:
            state = row_state.get(r, "retired")
            cells[(r, c)] = "met" if state == "supported" else state
    return cells


def _stakeholder_matrix(
    portfolio: Portfolio, report: CoverageReport, need_state: dict[str, str]
) -> ServiceMatrix:
    """Stakeholders x services: a stakeholder's needs' links, its cells the best of them."""
    needs_of: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for who, _kind, label, need in run(portfolio, "stakeholder_needs"):
        key = iri(who)
        if key is None:
            continue
        keep_smallest(labels, key, label)
        if (n := iri(need)) is not None:
            needs_of[key].add(n)
    by_need: dict[str, list[str]] = defaultdict(list)
    for n, s in report.needs_matrix.links:
        by_need[n].append(s)
    need_cells = _cell_states(
        portfolio, report.needs_matrix, need_state, list(report.needs_matrix.links)
    )
    cells: dict[tuple[str, str], str] = {}
    for who, needs in needs_of.items():
        for n in needs:
            for s in by_need.get(n, ()):
                state = need_cells[(n, s)]
                had = cells.get((who, s))
                if had is None or _CELL_RANK.get(state, 4) < _CELL_RANK.get(had, 4):
                    cells[(who, s)] = state
    row_state = {}
    for sc in report.stakeholders:
        covered, whole = sc.covered, sc.needs
        row_state[sc.stakeholder] = (
            "met" if sc.fully_met == whole else "partially met" if covered else "unmet"
        )
    m = report.needs_matrix.model_copy(
        update={
            "row_kind": "stakeholder",
            "rows": tuple(row_state),
            "row_labels": tuple(labels.get(k, k) for k in row_state),
        }
    )
    return _build("stakeholders", m, row_state, list(cells), cells)


def _build(
    kind: str,
    m: TraceabilityMatrix,
    row_state: dict[str, str],
    links: list[tuple[str, str]],
    cells: dict[tuple[str, str], str],
) -> ServiceMatrix:
    rows = sorted(
        (
            MatrixRow(node=r, label=label, state=row_state.get(r, "retired"))
            for r, label in zip(m.rows, m.row_labels, strict=True)
        ),
        key=lambda r: (_ROW_ORDER.get(r.state, 3), r.label, r.node),
    )
    columns = sorted(
        (
            MatrixColumn(node=c, label=label)
            for c, label in zip(m.columns, m.column_labels, strict=True)
        ),
        key=lambda c: (c.label, c.node),
    )
    title, heading = MATRIX_ROWS[kind]
    return ServiceMatrix(
        kind=kind,
        title=title,
        row_heading=heading,
        rows=tuple(rows),
        columns=tuple(columns),
        cells=tuple(sorted((r, c, cells[(r, c)]) for r, c in links)),
    )
