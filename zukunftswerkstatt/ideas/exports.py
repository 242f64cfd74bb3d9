"""Contributions as CSV and XLSX for staff: one row per contribution, and the comments."""

from __future__ import annotations

import io

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from zukunftswerkstatt.conversation.models import Comment
from zukunftswerkstatt.core.spreadsheets import csv_bytes, row_safe
from zukunftswerkstatt.processes.models import Module

from .models import Channel, Idea, Kind, Status, Visibility


def _idea_header() -> list[str]:
    return [
        _("Number"),
        _("Reference"),
        _("Created"),
        _("Kind"),
        _("Title"),
        _("Text"),
        _("Field of action"),
        _("Town"),
        _("Target groups"),
        _("Place"),
        _("Latitude"),
        _("Longitude"),
        _("Channel"),
        _("Received on"),
        _("Author"),
        _("Status"),
        _("Reason for the status"),
        _("Visibility"),
        _("Supports"),
        _("Comments"),
        _("Official answer"),
        _("Address"),
    ]


def _comment_header() -> list[str]:
    return [_("Contribution"), _("Comment"), _("Reply to"), _("Created"), _("Author"), _("Text"), _("Visible")]


def _labels(choices) -> dict[str, str]:
    """Translate a set of choices once, not once per row."""
    return {value: str(label) for value, label in choices}


def _idea_rows(module: Module, site_url: str) -> list[list]:
    ideas = (
        Idea.objects.filter(module=module)
        .select_related("topic", "municipality", "author")
        .prefetch_related("target_groups")
        .order_by("pk")
    )
    kinds, channels = _labels(Kind.choices), _labels(Channel.choices)
    statuses, visibilities = _labels(Status.choices), _labels(Visibility.choices)
    whole_association = _("the whole association")
    return [
        [
            idea.pk,
            idea.reference,
            timezone.localtime(idea.created).strftime("%Y-%m-%d %H:%M"),
            kinds[idea.kind],
            idea.title,
            idea.text,
            idea.topic.name if idea.topic else "",
            idea.municipality.name if idea.municipality else whole_association,
            ", ".join(t.name for t in idea.target_groups.all()),
            idea.place_name,
            float(idea.latitude) if idea.latitude is not None else "",
            float(idea.longitude) if idea.longitude is not None else "",
            channels[idea.channel],
            idea.received_on.isoformat() if idea.received_on else "",
            idea.public_author,
            statuses[idea.status],
            idea.status_reason,
            visibilities[idea.visibility],
            idea.support_count,
            idea.comment_count,
            idea.official_answer,
            site_url + idea.get_absolute_url(),
        ]
        for idea in ideas
    ]


def _comment_rows(module: Module) -> list[list]:
    # Plain values rather than model instances: a busy collection has tens of thousands of comments.
    comments = (
        Comment.objects.filter(idea__module=module)
        .order_by("object_id", "created", "pk")
        .values_list("object_id", "pk", "parent_id", "created", "author_id", "author__display_name", "text")
        .annotate(visible=Q(is_deleted=False, is_hidden=False))  # Comment.is_visible
    )
    yes, no, anonymous, participant = _("yes"), _("no"), _("anonymous"), _("Participant")  # User.public_name
    return [
        [
            idea_id,
            pk,
            parent_id or "",
            timezone.localtime(created).strftime("%Y-%m-%d %H:%M"),
            (display_name or participant) if author_id else anonymous,
            text,
            yes if visible else no,
        ]
        for idea_id, pk, parent_id, created, author_id, display_name, text, visible in comments
    ]


def export_csv(*, module: Module, site_url: str) -> bytes:
    idea_rows = _idea_rows(module, site_url)
    return csv_bytes([_idea_header(), *idea_rows])


def export_xlsx(*, module: Module, site_url: str) -> bytes:
    # Write-only mode streams the rows instead of keeping a cell object for each value.
    workbook = Workbook(write_only=True)
    sheets = (
        (_("Contributions"), _idea_header(), _idea_rows(module, site_url)),
        (_("Comments"), _comment_header(), _comment_rows(module)),
    )
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        sheet.freeze_panes = "A2"
        for index, _name in enumerate(header, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = 18
        sheet.append(header)
        for row in rows:
            sheet.append(row_safe(row))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
