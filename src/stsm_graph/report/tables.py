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
from typing import TYPE_CHECKING

from stsm_graph.common.escaping import for_markdown

if TYPE_CHECKING:
    from stsm_graph.analysis import ServiceMatrix

__all__ = ["matrix_csv", "matrix_markdown", "matrix_xlsx", "spreadsheet_rows"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: the most characters Excel keeps in a sheet's name
_SHEET_NAME_MAX = 31


#: characters a workbook cannot hold (XML 1.0 forbids them), shown as U+FFFD in both files
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _cell(text: str) -> str:
    text = _UNWRITABLE.sub("\ufffd", text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def spreadsheet_rows(m: ServiceMatrix) -> list[list[str]]:
    """Return the matrix's cells as the CSV and the workbook hold them (formulas defused)."""
    return [[_cell(c) for c in row] for row in m.table()]


def matrix_csv(m: ServiceMatrix) -> str:
    """Return the matrix as CSV text (newline line ends), labels in header and first column."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(spreadsheet_rows(m))
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
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for m in matrices:
        sheet = book.create_sheet(m.title[:_SHEET_NAME_MAX])
        for r, row in enumerate(spreadsheet_rows(m), start=1):
            for c, text in enumerate(row, start=1):
                if not text:
                    continue
                cell = sheet.cell(row=r, column=c)
                cell.value = text
                cell.data_type = "s"  # text, never a formula
                if r == 1 or c == 1:
                    cell.font = Font(bold=True)
        sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
