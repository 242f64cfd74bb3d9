"""Dates for people to read, in the active language, through the locale's own formats.

Never put a named format inside a format string (`date:"l, DATE_FORMAT"` prints the letters of
"DATE_FORMAT" as format characters: "Frnachm.CETDezember…"). Combine named formats here instead;
the few words around them ("Uhr", the dash) are translated patterns.
"""

from __future__ import annotations

import datetime as dt
from typing import overload

from django.utils import formats, timezone
from django.utils.translation import pgettext


# A date, a time or a date and time: _local returns the same kind it was given.
@overload
def _local(value: dt.datetime) -> dt.datetime: ...
@overload
def _local(value: dt.date) -> dt.date: ...
@overload
def _local(value: dt.time) -> dt.time: ...
def _local(value: dt.date | dt.time) -> dt.date | dt.time:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def weekday_date(value: dt.date | dt.datetime | None) -> str:
    """ "Freitag, 11. Dezember 2026" / "Friday, 11 December 2026"."""
    if value is None:
        return ""
    value = _local(value)
    return pgettext("weekday and date", "%(weekday)s, %(date)s") % {
        "weekday": formats.date_format(value, "l"),
        "date": formats.date_format(value, "DATE_FORMAT"),
    }


def clock_time(value: dt.datetime | dt.time) -> str:
    return formats.time_format(_local(value), "TIME_FORMAT")


def weekday_datetime(value: dt.datetime | None) -> str:
    """ "Freitag, 11. Dezember 2026, 18:00 Uhr" / "Friday, 11 December 2026, 6 p.m."."""
    if value is None:
        return ""
    return pgettext("date and time of day", "%(date)s, %(time)s") % {
        "date": weekday_date(value),
        "time": clock_time(value),
    }


def datetime_span(start: dt.datetime | None, end: dt.datetime | None) -> str:
    """When something takes place: "Freitag, 11. Dezember 2026, 18:00–20:00 Uhr", or with both
    days when it ends on another day."""
    if start is None:
        return ""
    if end is None:
        return weekday_datetime(start)
    start, end = _local(start), _local(end)
    if start.date() == end.date():
        return pgettext("date and span of time", "%(date)s, %(start)s–%(end)s") % {
            "date": weekday_date(start),
            "start": clock_time(start),
            "end": clock_time(end),
        }
    return pgettext("span over days", "%(start)s to %(end)s") % {
        "start": weekday_datetime(start),
        "end": weekday_datetime(end),
    }
