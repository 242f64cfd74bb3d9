"""Contributions as CSV and XLSX for staff: one row per contribution, and the comments."""

from __future__ import annotations

import csv
import io

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from zukunftswerkstatt.processes.models import Module

from .models import Comment, Idea

# Spreadsheet programs run cells that start with these as formulas; we prefix them with '.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _idea_header() -> list[str]:
    return [
        _("Number"),
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


def _rows(module: Module, site_url: str):
    ideas = (
        Idea.objects.filter(module=module)
        .select_related("topic", "municipality", "author")
        .prefetch_related(
            "target_groups",
            Prefetch("comments", queryset=Comment.objects.select_related("author").order_by("created")),
        )
        .order_by("pk")
    )
    idea_rows, comment_rows = [], []
    for idea in ideas:
        idea_rows.append(
            [
                idea.pk,
                timezone.localtime(idea.created).strftime("%Y-%m-%d %H:%M"),
                idea.get_kind_display(),
                idea.title,
                idea.text,
                idea.topic.name if idea.topic else "",
                idea.municipality.name if idea.municipality else _("the whole association"),
                ", ".join(t.name for t in idea.target_groups.all()),
                idea.place_name,
                float(idea.latitude) if idea.latitude is not None else "",
                float(idea.longitude) if idea.longitude is not None else "",
                idea.get_channel_display(),
                idea.received_on.isoformat() if idea.received_on else "",
                idea.public_author,
                idea.get_status_display(),
                idea.status_reason,
                idea.get_visibility_display(),
                idea.support_count,
                idea.comment_count,
                idea.official_answer,
                site_url + idea.get_absolute_url(),
            ]
        )
        for comment in idea.comments.all():
            comment_rows.append(
                [
                    idea.pk,
                    comment.pk,
                    comment.parent_id or "",
                    timezone.localtime(comment.created).strftime("%Y-%m-%d %H:%M"),
                    comment.author.public_name if comment.author else _("anonymous"),
                    comment.text,
                    _("yes") if comment.is_visible else _("no"),
                ]
            )
    return idea_rows, comment_rows


def export_csv(*, module: Module, site_url: str) -> bytes:
    idea_rows, _comments = _rows(module, site_url)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(_idea_header())
    for row in idea_rows:
        writer.writerow([_safe(v) for v in row])
    # UTF-8 with byte-order mark and semicolons: what German spreadsheet programs open correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx(*, module: Module, site_url: str) -> bytes:
    idea_rows, comment_rows = _rows(module, site_url)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Contributions")[:31]
    for title, header, rows in ((None, _idea_header(), idea_rows), (_("Comments"), _comment_header(), comment_rows)):
        if title:
            sheet = workbook.create_sheet(title[:31])
        sheet.append(header)
        for row in rows:
            sheet.append([_safe(v) for v in row])
        sheet.freeze_panes = "A2"
        for index, _name in enumerate(header, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = 18
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
