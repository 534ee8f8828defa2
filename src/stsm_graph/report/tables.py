"""The traceability matrices as files: CSV, one XLSX workbook, Markdown.

Each matrix is :meth:`stsm_graph.analysis.ServiceMatrix.table`: a header row of the
services' labels, then one row per need, objective or stakeholder, labelled in the first
column, each cell the link's state (``met``, ``partially met``, ``planned``, ``retired``) or
empty. The CSV and the workbook hold the same cells (:func:`spreadsheet_rows`): a text a
spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) gets a leading ``'``, in both, a control character an XLSX file cannot
hold becomes U+FFFD, in both, and the workbook stores every cell as text (an empty cell is
left empty).
Both the ``matrix`` command and the report write their files with these functions.

Examples
--------
>>> from stsm_graph import Portfolio, model
>>> from stsm_graph.analysis import service_matrix
>>> p = Portfolio()
>>> p.add(model.Need(id="n", label="=Backups"),
...       model.StandardService(id="s", label="Backup", addresses=["n"]))
>>> print(matrix_csv(service_matrix(p)), end="")
Need,Backup
'=Backups,met
>>> print(matrix_markdown(service_matrix(p)), end="")
| Need | Backup |
|---|---|
| =Backups | met |
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from stsm_graph.common.escaping import for_markdown
from stsm_graph.errors import OutputError

if TYPE_CHECKING:
    from stsm_graph.analysis import ServiceMatrix

__all__ = [
    "XLSX_MAX_COLUMNS",
    "XLSX_MAX_ROWS",
    "matrix_csv",
    "matrix_markdown",
    "matrix_xlsx",
    "spreadsheet_rows",
]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: the most characters Excel keeps in a sheet's name
_SHEET_NAME_MAX = 31
#: the most rows and columns a sheet holds
XLSX_MAX_ROWS, XLSX_MAX_COLUMNS = 1_048_576, 16_384


#: characters a workbook cannot hold (XML 1.0 forbids them), shown as U+FFFD in both files
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _cell(text: str) -> str:
    text = _UNWRITABLE.sub("\ufffd", text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def spreadsheet_rows(m: ServiceMatrix) -> list[list[str]]:
    """Return the matrix's cells as the CSV and the workbook hold them (formulas defused).

    Only the labels (the header row and the first column) can be anything; a cell says one of
    a few fixed words.
    """
    rows = m.table()
    rows[0] = [_cell(c) for c in rows[0]]
    for row in rows[1:]:
        row[0] = _cell(row[0])
    return rows


def matrix_csv(m: ServiceMatrix) -> str:
    """Return the matrix as CSV text (newline line ends), labels in header and first column.

    The cells of :func:`spreadsheet_rows`, written sparsely: a row without a link is its
    label and as many commas as there are services.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([_cell(m.row_heading), *(_cell(c.label) for c in m.columns)])
    column = {c.node: i for i, c in enumerate(m.columns)}
    linked: dict[str, dict[int, str]] = {}
    for node, service, state in m.cells:
        linked.setdefault(node, {})[column[service]] = state
    empty = "," * len(m.columns) + "\n"
    for r in m.rows:
        cells = linked.get(r.node)
        if cells is None:
            writer.writerow([_cell(r.label)])
            out.seek(out.tell() - 1)  # the label's line end gives way to the empty cells
            out.write(empty)
        else:
            row = [""] * len(m.columns)
            for i, state in cells.items():
                row[i] = state
            writer.writerow([_cell(r.label), *row])
    return out.getvalue()


def matrix_markdown(m: ServiceMatrix) -> str:
    """Return the matrix as a Markdown table, every cell escaped."""
    rows = m.table()
    lines = ["| " + " | ".join(for_markdown(c) for c in rows[0]) + " |"]
    lines.append("|" + "---|" * len(rows[0]))
    lines += ["| " + " | ".join(for_markdown(c) for c in row) + " |" for row in rows[1:]]
    return "\n".join(lines) + "\n"


def matrix_xlsx(matrices: Sequence[ServiceMatrix]) -> bytes:
    """Return one XLSX workbook with a sheet per matrix (named by its title), as bytes.

    Raises
    ------
    OutputError
        If a matrix has more rows or columns than a sheet holds.

    Examples
    --------
    >>> from io import BytesIO
    >>> from openpyxl import load_workbook
    >>> from stsm_graph import Portfolio, model
    >>> from stsm_graph.analysis import service_matrix
    >>> p = Portfolio()
    >>> p.add(model.Need(id="n", label="Backups"))
    >>> book = load_workbook(BytesIO(matrix_xlsx([service_matrix(p)])))
    >>> book.sheetnames, [c.value for c in book.active[2]]
    (['Needs x services'], ['Backups'])
    """
    from openpyxl import Workbook

    for m in matrices:
        if len(m.rows) + 1 > XLSX_MAX_ROWS or len(m.columns) + 1 > XLSX_MAX_COLUMNS:
            raise OutputError(
                f"{m.title}: {len(m.rows):,} rows x {len(m.columns):,} services is more than a "
                f"spreadsheet holds ({XLSX_MAX_ROWS:,} rows, {XLSX_MAX_COLUMNS:,} columns); "
                "write it as CSV"
            )

    book = Workbook(write_only=True)  # streamed: many times faster than cell by cell
    for m in matrices:
        _sheet(book, m)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(book: Any, m: ServiceMatrix) -> None:
    """Add ``m`` to ``book`` as a sheet: labels in bold, then only the linked cells.

    The labels are those of :func:`spreadsheet_rows`; a matrix is sparse, so each row is
    written up to its last linked cell, its other cells left empty.
    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    sheet = book.create_sheet(m.title[:_SHEET_NAME_MAX])
    sheet.freeze_panes = "B2"
    bold = Font(bold=True)

    def label(text: str) -> Any:
        cell = WriteOnlyCell(sheet, value=_cell(text))
        cell.data_type = "s"  # text, never a formula
        cell.font = bold
        return cell

    sheet.append([label(m.row_heading), *(label(c.label) for c in m.columns)])
    column = {c.node: i for i, c in enumerate(m.columns, start=1)}
    linked: dict[str, dict[int, str]] = {}
    for node, service, state in m.cells:
        linked.setdefault(node, {})[column[service]] = state
    for r in m.rows:
        cells = linked.get(r.node, {})
        row: list[Any] = [label(r.label), *([None] * max(cells, default=0))]
        for i, state in cells.items():
            row[i] = state
        sheet.append(row)
