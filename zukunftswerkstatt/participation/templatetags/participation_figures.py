"""Filters for the participation figures: shares as percentages and the widths of the bars."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(share: float | None) -> str:
    """0.125 → “12,5 %” (in the active language); None → “–”."""
    if share is None:
        return "–"
    return f"{number_format(share * 100, 1)} %"


@register.filter
def bar_width(share: float | None) -> str:
    """The width of a share's bar in a viewBox of 100 (0 … 100)."""
    if share is None:
        return "0"
    return f"{max(0.0, min(100.0, share * 100)):.1f}"


@register.filter
def index_width(index: float | None) -> str:
    """The width of an index's bar in a viewBox of 100: 1 (represented as in the population) is 50."""
    if index is None:
        return "0"
    return f"{max(0.0, min(100.0, index * 50)):.1f}"


@register.filter
def lookup(mapping, key):
    return mapping.get(key) if mapping else None
