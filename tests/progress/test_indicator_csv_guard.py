"""The indicator's CSV guards a note a spreadsheet would run as a formula (core/spreadsheets.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.progress.factories import indicator_make
from zukunftswerkstatt.progress import services

pytestmark = pytest.mark.django_db


def test_a_note_that_looks_like_a_formula_is_exported_as_text(client, review_module, measure, staff_a):
    indicator = indicator_make(measure=measure, by=staff_a)
    services.indicator_value_record(
        indicator=indicator, actor=staff_a, date=dt.date(2025, 6, 1), value=Decimal("-3"), note="=HYPERLINK(1)"
    )
    response = client.get(reverse("progress:indicator_csv", args=[review_module.pk, indicator.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    measured = rows[2]
    assert measured[0] == "2025-06-01"
    assert measured[1] == "-3.00"  # a number stays a number
    assert measured[-1] == "'=HYPERLINK(1)"
