"""The (filtered) inventory as CSV and XLSX, in the columns of the import template.

An export can be edited and imported into another process; cells that a spreadsheet program
would run as a formula are prefixed with ' (core/spreadsheets.py).
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from zukunftswerkstatt.core.spreadsheets import csv_bytes, row_safe

from .dates import format_for_input
from .importer import template_header
from .models import InventoryItem, ProviderKind, Status


def _header() -> list[str]:
    return [*template_header(), _("Address")]


def _rows(items: Iterable[InventoryItem], site_url: str) -> list[list]:
    statuses = {value: str(label) for value, label in Status.choices}
    kinds = {value: str(label) for value, label in ProviderKind.choices}
    return [
        [
            item.title,
            item.description,
            ", ".join(m.name for m in item.municipalities.all()),
            item.topic.name if item.topic else "",
            ", ".join(g.name for g in item.target_groups.all()),
            kinds[item.provider_kind],
            item.provider_name,
            statuses[item.status],
            format_for_input(item.since, item.since_precision),
            format_for_input(item.until, item.until_precision),
            item.funding,
            item.contact_name,
            item.contact_phone,
            item.contact_email,
            item.link,
            site_url + item.get_absolute_url(),
        ]
        for item in items
    ]


def export_csv(*, items: Iterable[InventoryItem], site_url: str) -> bytes:
    return csv_bytes([_header(), *_rows(items, site_url)])


def export_xlsx(*, items: Iterable[InventoryItem], site_url: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Inventory")[:31])
    sheet.freeze_panes = "A2"
    header = _header()
    for index, _name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 22
    sheet.append(header)
    for row in _rows(items, site_url):
        sheet.append(row_safe(row))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
