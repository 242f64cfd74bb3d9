""" "Since" and "until" as people write them: a year (2019) or a day (15.03.2019 or 2019-03-15)."""

from __future__ import annotations

import datetime as dt
import re

from .models import DatePrecision

_YEAR = re.compile(r"^(\d{4})$")
_GERMAN_DAY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
MIN_YEAR, MAX_YEAR = 1800, 2200


def parse_partial_date(value, *, end_of_year: bool = False) -> tuple[dt.date | None, str]:
    """(date, precision) for a year or a day; (None, "year") for nothing. ValueError if unreadable.

    A year is its first day, or with `end_of_year` its last day (for "until").
    Spreadsheet cells may already be dates, datetimes or numbers (a year).
    """
    if value is None:
        return None, DatePrecision.YEAR
    if isinstance(value, dt.datetime):
        return value.date(), DatePrecision.DAY
    if isinstance(value, dt.date):
        return value, DatePrecision.DAY
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    text = str(value).strip()
    if not text:
        return None, DatePrecision.YEAR
    if match := _YEAR.match(text):
        year = int(match.group(1))
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(text)
        return (dt.date(year, 12, 31) if end_of_year else dt.date(year, 1, 1)), DatePrecision.YEAR
    if match := _GERMAN_DAY.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO_DAY.match(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise ValueError(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(text)
    return dt.date(year, month, day), DatePrecision.DAY  # raises ValueError for 31.02.


def format_for_input(value: dt.date | None, precision: str) -> str:
    """How a stored date is written back into a form or template: 2019 or 15.03.2019."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    return value.strftime("%d.%m.%Y")
