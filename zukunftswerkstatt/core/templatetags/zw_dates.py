"""Template filters for dates people read (see core/dates.py): `{{ event.start|weekday_date }}`,
`{{ event.start|datetime_span:event.end }}`, `{{ value|weekday_datetime }}`."""

from django import template

from zukunftswerkstatt.core import dates

register = template.Library()

register.filter("weekday_date", dates.weekday_date)
register.filter("weekday_datetime", dates.weekday_datetime)
register.filter("datetime_span", dates.datetime_span)
