"""The audit log page of an organisation and its CSV download (organisation administrators)."""

from __future__ import annotations

from itertools import chain

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .audit import audit_actors, audit_entries, audit_export_record, object_links
from .forms import AuditFilterForm
from .models import Organisation
from .selectors import organisation_for_request
from .spreadsheets import csv_text
from .views_common import require

PAGE_SIZE = 50


def _organisation(request: HttpRequest, organisation_slug: str) -> Organisation:
    # The same look-up as the page frame's (core.selectors), so the organisation is read once.
    organisation = organisation_for_request(request)
    if organisation is None or organisation.slug != organisation_slug:
        raise Http404
    require(request, "core.view_audit_log", organisation)
    return organisation


def _details_text(details: dict) -> str:
    """ "new → accepted; reason: …", the same on every database (PostgreSQL's jsonb reorders keys)."""
    details = dict(details)
    parts = []
    if "from" in details and "to" in details:
        parts.append(f"{details.pop('from')} → {details.pop('to')}")
    for key in sorted(details):
        value = details[key]
        if value in ("", None, []):
            continue
        parts.append(f"{key}: {', '.join(map(str, value)) if isinstance(value, list) else value}")
    return "; ".join(parts)


@require_GET
def audit_log(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    organisation = _organisation(request, organisation_slug)
    form = AuditFilterForm(request.GET or None, actors=audit_actors(organisation=organisation))
    entries = audit_entries(organisation=organisation, **form.filters())
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    links = object_links(rows)
    for entry in rows:
        entry.link = links.get(entry.pk, "")
        entry.details_text = _details_text(entry.details)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_log.html",
        {
            "organisation": organisation,
            "retention_days": settings.AUDIT_LOG_RETENTION_DAYS,
            "form": form,
            "page": page,
            "entries": rows,
            "filtered": bool(form.filters() and any(form.filters().values())),
            "query": query.urlencode(),
            "query_without_page": query.urlencode(),
        },
    )


@require_GET
def audit_log_csv(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    """The filtered log as CSV (semicolons, UTF-8 with BOM, as every export). The download itself is
    recorded in the log, after the rows are read, so it is in the next download, not this one."""
    organisation = _organisation(request, organisation_slug)
    form = AuditFilterForm(request.GET or None, actors=audit_actors(organisation=organisation))
    filters = form.filters()
    tz = timezone.get_current_timezone()
    header = [_("Date and time"), _("Person"), _("Action"), _("Action (identifier)"), _("Object"), _("Details")]
    rows = (
        [
            entry.created.astimezone(tz).isoformat(timespec="seconds"),
            entry.actor_display,
            entry.action_label,
            entry.action,
            entry.object_repr,
            _details_text(entry.details),
        ]
        for entry in audit_entries(organisation=organisation, **filters).iterator(chunk_size=1000)
    )
    body = csv_text(chain([header], rows))  # rows are read in chunks, not all at once
    audit_export_record(
        actor=request.user,
        organisation=organisation,
        export="audit_log_csv",
        **{f"filter_{key}": str(value) for key, value in filters.items() if value},
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    stamp = date_format(timezone.localdate(), "Y-m-d")
    response["Content-Disposition"] = f'attachment; filename="protokoll-{organisation.slug}-{stamp}.csv"'
    return response
