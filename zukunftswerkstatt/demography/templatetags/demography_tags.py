"""Formatting of indicator values for pages and PDFs."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def indicator_value(result) -> str:
    """An IndicatorResult's value with its indicator's decimals, localised; “–” without a value."""
    if result is None or result.value is None:
        return "–"
    decimals = result.indicator.decimals
    return number_format(round(result.value, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def number(value, decimals: int = 0) -> str:
    if value is None or value == "":
        return "–"
    return number_format(round(value, int(decimals)), decimal_pos=int(decimals), use_l10n=True, force_grouping=True)


@register.simple_tag
def chart_csv_url(csv_base: str, slug: str) -> str:
    """The CSV download address of a chart: `csv_base` ends with a query string or without one."""
    if not csv_base:
        return ""
    separator = "&" if "?" in csv_base else "?"
    return f"{csv_base}{separator}chart={slug}"
