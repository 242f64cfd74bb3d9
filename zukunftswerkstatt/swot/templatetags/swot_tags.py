"""`{% swot_quarters items as quarters %}`: the four fields of the matrix for swot/includes/matrix.html.

Takes a list or a queryset of SwotItem of one scope. A queryset that has not been read yet gets
the matrix's select_related/prefetch_related, so that a page including the matrix (the reports
app's Kommunalprofil) needs the same fixed number of queries as the SWOT page itself.
"""

from __future__ import annotations

from django import template
from django.db.models import QuerySet

from ..selectors import IndicatorResolver, item_queryset, quarters

register = template.Library()


@register.simple_tag
def swot_quarters(items):
    items = items or []
    if isinstance(items, QuerySet) and items._result_cache is None:
        ids = items.values("pk")
        first = items.select_related("module__phase__process__organisation").first()
        items = list(item_queryset(module=first.module).filter(pk__in=ids)) if first else []
    else:
        items = list(items)
    missing = [i for i in items if not hasattr(i, "indicator_values")]
    if missing:
        IndicatorResolver(module=missing[0].module).attach(missing)
    return quarters(items)
