"""Pieces the Word files share (python-docx): a table of figures as the document sections write it."""

from __future__ import annotations

from collections.abc import Sequence


def docx_figure_table(document, rows: Sequence[Sequence]) -> None:
    """A grid table of `rows` (the first one the head), head row and first column in bold."""
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for row_index, values in enumerate(rows):
        for column, value in enumerate(values):
            cell = table.cell(row_index, column)
            cell.text = str(value)
            if row_index == 0 or column == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
