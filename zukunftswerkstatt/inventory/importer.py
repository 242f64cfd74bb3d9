"""The inventory's import template and the import of a filled-in CSV or XLSX file.

The template is made from the current vocabularies (towns with their official keys, fields of
action, statuses, kinds of provider, target groups). An upload is read completely and every row
checked before anything is saved; errors name the row and column as the spreadsheet shows them
("row 3, column C “Towns”"). Only a file without any error is imported, in one transaction
(services.items_import).

Column headers are matched by their label in any of the platform's languages or by their key, so
a template downloaded in English can be imported with the German interface and vice versa.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from zukunftswerkstatt.core.models import Municipality, TargetGroup, Topic
from zukunftswerkstatt.core.spreadsheets import csv_bytes, row_safe
from zukunftswerkstatt.core.uploads import UnreadableText, decode_text_upload, table_limits_error, xlsx_check
from zukunftswerkstatt.processes.models import Module

from .dates import parse_partial_date
from .models import InventoryItem, ProviderKind, Status

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
LIST_SEPARATORS = re.compile(r"[;,\n]")
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old Excel format (.xls)


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    help: str | Promise
    header_required: bool = False
    """The file must have this column."""
    value_required: bool = False
    """Every row must fill it in."""
    model_field: str = ""
    """The InventoryItem field whose max_length applies."""


COLUMNS: tuple[Column, ...] = (
    Column(
        "title",
        gettext_lazy("Title"),
        gettext_lazy("The name of the offer or project. Required."),
        header_required=True,
        value_required=True,
        model_field="title",
    ),
    Column(
        "description",
        gettext_lazy("Description"),
        gettext_lazy("What is offered, for whom, how often. Up to 5,000 characters."),
        model_field="description",
    ),
    Column(
        "towns",
        gettext_lazy("Towns"),
        gettext_lazy("Names or official keys (AGS) of the towns, separated by commas. Empty: the whole association."),
        header_required=True,
    ),
    Column(
        "field_of_action",
        gettext_lazy("Field of action"),
        gettext_lazy("Exactly one of the fields of action listed below, or empty."),
        header_required=True,
    ),
    Column(
        "target_groups",
        gettext_lazy("Target groups"),
        gettext_lazy("Target groups listed below, separated by commas, or empty."),
    ),
    Column(
        "provider_kind",
        gettext_lazy("Kind of provider"),
        gettext_lazy("One of the kinds listed below. Empty: other."),
    ),
    Column(
        "provider_name",
        gettext_lazy("Provider"),
        gettext_lazy("Who runs it, e.g. the name of the club."),
        model_field="provider_name",
    ),
    Column(
        "status",
        gettext_lazy("Status"),
        gettext_lazy("running, planned or ended (the key or the word listed below). Required."),
        header_required=True,
        value_required=True,
    ),
    Column("since", gettext_lazy("Since"), gettext_lazy("A year (2019) or a date (15.03.2019).")),
    Column(
        "until",
        gettext_lazy("Until"),
        gettext_lazy("A year or a date, not before “since”. Empty: open-ended."),
    ),
    Column(
        "funding",
        gettext_lazy("Funding"),
        gettext_lazy("How it is paid for, e.g. “town budget, donations”."),
        model_field="funding",
    ),
    Column(
        "contact_name",
        gettext_lazy("Contact person"),
        gettext_lazy("Public contact of the offer (a person or an office)."),
        model_field="contact_name",
    ),
    Column(
        "contact_phone",
        gettext_lazy("Contact telephone"),
        gettext_lazy("Public telephone number of the offer."),
        model_field="contact_phone",
    ),
    Column(
        "contact_email",
        gettext_lazy("Contact e-mail"),
        gettext_lazy("Public e-mail address of the offer."),
        model_field="contact_email",
    ),
    Column(
        "link",
        gettext_lazy("Web link"),
        gettext_lazy("A web address starting with https:// or www."),
        model_field="link",
    ),
)
COLUMNS_BY_KEY = {c.key: c for c in COLUMNS}
# Columns an export adds that an import skips, so that an export can be imported again.
IGNORED_COLUMNS = (gettext_lazy("Address"),)
IGNORED = "-"


@dataclass(frozen=True)
class ImportProblem:
    """One problem: `row` and `column` as the spreadsheet shows them (row 1 is the header)."""

    message: str
    row: int | None = None
    column: int | None = None
    """1-based column index in the file."""
    column_label: str = ""

    @property
    def column_letter(self) -> str:
        return get_column_letter(self.column) if self.column else ""

    def __str__(self) -> str:
        if self.row and self.column:
            return _("Row %(row)d, column %(letter)s “%(label)s”: %(message)s") % {
                "row": self.row,
                "letter": self.column_letter,
                "label": self.column_label,
                "message": self.message,
            }
        if self.row:
            return _("Row %(row)d: %(message)s") % {"row": self.row, "message": self.message}
        if self.column:
            return _("Column %(letter)s “%(label)s”: %(message)s") % {
                "letter": self.column_letter,
                "label": self.column_label,
                "message": self.message,
            }
        return self.message


@dataclass
class ImportResult:
    rows: list[dict] = field(default_factory=list)
    """Keyword arguments for services.item_create, one per data row."""
    errors: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _FileError(Exception):
    def __init__(self, message: str, *, row: int | None = None) -> None:
        super().__init__(message)
        self.row = row


# -- vocabularies ---------------------------------------------------------------------------------


def _norm(value: str) -> str:
    return " ".join(str(value).replace("*", " ").split()).casefold()


def _labels_in_every_language(choices) -> dict[str, str]:
    """key → key, and each translated label → key (casefolded)."""
    mapping = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for value, label in choices:
                mapping[_norm(str(label))] = value
    for value, _label in choices:
        mapping[_norm(value)] = value
    return mapping


@dataclass
class Vocabularies:
    towns: list[Municipality]
    topics: list[Topic]
    groups: list[TargetGroup]

    @classmethod
    def for_module(cls, module: Module) -> Vocabularies:
        process = module.phase.process
        return cls(
            towns=list(process.municipalities.order_by("name")),
            topics=list(Topic.objects.filter(organisation_id=process.organisation_id)),
            groups=list(TargetGroup.objects.all()),
        )

    def town_lookup(self) -> dict[str, Municipality]:
        lookup: dict[str, Municipality] = {}
        short_names: dict[str, list[Municipality]] = {}
        for town in self.towns:
            lookup[town.ags] = town
            lookup[_norm(town.name)] = town
            short_names.setdefault(_norm(town.name.split("/")[0]), []).append(town)
        for short, towns in short_names.items():  # "Auerbach" for "Auerbach/Vogtl.", if unambiguous
            if len(towns) == 1:
                lookup.setdefault(short, towns[0])
        return lookup


def _header_lookup() -> dict[str, str]:
    mapping = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for column in COLUMNS:
                mapping[_norm(str(column.label))] = column.key
            for label in IGNORED_COLUMNS:
                mapping[_norm(str(label))] = IGNORED
    for column in COLUMNS:
        mapping[_norm(column.key)] = column.key
    return mapping


# -- reading files --------------------------------------------------------------------------------


def _delimiter(first_line: str) -> str:
    semicolons, commas, tabs = first_line.count(";"), first_line.count(","), first_line.count("\t")
    if tabs > semicolons and tabs > commas:
        return "\t"
    if commas > semicolons:
        return ","
    return ";"


def _read_csv(data: bytes) -> list[list]:
    try:
        text = decode_text_upload(data)
    except UnreadableText as error:
        raise _FileError(error.messages[0], row=error.line) from error
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line), strict=True)
    rows = []
    try:
        for row in reader:
            rows.append(row[: settings.IMPORT_MAX_COLUMNS])
            _check_cells(row)
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error as error:
        raise _FileError(
            _("Row %(row)d could not be read as CSV (check the quotation marks).") % {"row": reader.line_num}
        ) from error
    return rows


def _check_cells(row: list) -> None:
    limit = settings.IMPORT_MAX_CELL_CHARS
    if any(isinstance(cell, str) and len(cell) > limit for cell in row):
        raise _FileError(table_limits_error(cell_chars=limit).messages[0])


def _read_xlsx(data: bytes) -> list[list]:
    try:
        xlsx_check(data)  # the unpacked size is bounded before openpyxl reads anything
    except ValidationError as problem:
        raise _FileError(problem.messages[0]) from problem
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise _FileError(_("The Excel file could not be read. Please save it again as .xlsx.")) from error
    except Exception as error:  # openpyxl raises its own exceptions for damaged files
        raise _FileError(_("The Excel file could not be read. Please save it again as .xlsx.")) from error
    try:
        sheet = workbook.worksheets[0]
        rows = []
        # max_col: a cell far to the right (XFD1) would otherwise pad every row to 16,384 columns.
        for row in sheet.iter_rows(values_only=True, max_col=settings.IMPORT_MAX_COLUMNS):
            rows.append(list(row))
            _check_cells(rows[-1])
            if len(rows) > MAX_ROWS + 1:
                break
    finally:
        workbook.close()
    return rows


def read_table(*, name: str, data: bytes) -> list[list]:
    """The rows of an uploaded CSV or XLSX file (the header first). Raises _FileError."""
    suffix = Path(name or "").suffix.lower()
    if len(data) > MAX_UPLOAD_BYTES:
        raise _FileError(
            _("The file is too large. At most %(max)s MB are allowed.") % {"max": f"{MAX_UPLOAD_BYTES // 1024 // 1024}"}
        )
    if not data:
        raise _FileError(_("The file is empty."))
    if data.startswith(OLE_MAGIC):
        raise _FileError(_("This is an old Excel file (.xls). Please save it as .xlsx or CSV and upload it again."))
    if data.startswith(XLSX_MAGIC):
        if suffix not in (".xlsx", ".xlsm", ""):
            raise _FileError(_("This is not a CSV or XLSX file. Please use the template."))
        return _read_xlsx(data)
    if suffix not in (".csv", ".txt", ""):
        raise _FileError(_("This is not a CSV or XLSX file. Please use the template."))
    return _read_csv(data)


# -- checking rows --------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y")
    return str(value).strip()


def _split(value: str) -> list[str]:
    return [part.strip() for part in LIST_SEPARATORS.split(value) if part.strip()]


class _RowChecker:
    def __init__(self, module: Module, allowed_town_ids: set[int] | None) -> None:
        self.vocabularies = Vocabularies.for_module(module)
        self.towns = self.vocabularies.town_lookup()
        self.topics = {_norm(t.name): t for t in self.vocabularies.topics}
        self.groups = {_norm(g.name): g for g in self.vocabularies.groups}
        self.statuses = _labels_in_every_language(Status.choices)
        self.provider_kinds = _labels_in_every_language(ProviderKind.choices)
        self.allowed_town_ids = allowed_town_ids
        self.url_validator = URLValidator(schemes=["http", "https"])

    def check(self, cells: dict[str, object], error) -> dict | None:
        """The service arguments of one row; calls error(key, message) for each problem."""
        values: dict = {}
        failed = False

        def fail(key: str, message: str) -> None:
            nonlocal failed
            failed = True
            error(key, message)

        for column in COLUMNS:
            raw = cells.get(column.key)
            text = _text(raw)
            if column.value_required and not text:
                fail(column.key, _("This field is required."))
                continue
            if column.model_field:
                max_length = InventoryItem._meta.get_field(column.model_field).max_length
                if max_length and len(text) > max_length:
                    fail(
                        column.key,
                        _("Too long: at most %(max)d characters, this has %(length)d.")
                        % {"max": max_length, "length": len(text)},
                    )
                    continue
            handler = getattr(self, f"_{column.key}", None)
            if handler is None:
                values[column.key] = text
                continue
            try:
                handler(raw, text, values)
            except ValidationError as problem:
                for message in problem.messages:
                    fail(column.key, message)
        return None if failed else values

    def _towns(self, raw, text, values) -> None:
        towns, unknown = [], []
        for part in _split(text):
            town = self.towns.get(part) or self.towns.get(_norm(part))
            if town is None:
                unknown.append(part)
            elif town not in towns:
                towns.append(town)
        if unknown:
            raise ValidationError(
                _("Unknown town “%(value)s”. Use a name or official key (AGS) from the list of towns.")
                % {"value": ", ".join(unknown)}
            )
        if self.allowed_town_ids is not None:
            if not towns:
                raise ValidationError(
                    _(
                        "You may only add entries for your own towns; "
                        "an entry for the whole association needs a moderator."
                    )
                )
            if any(t.pk not in self.allowed_town_ids for t in towns):
                raise ValidationError(_("You may only add entries for your own towns."))
        values["municipalities"] = towns

    def _field_of_action(self, raw, text, values) -> None:
        if not text:
            values["topic"] = None
            return
        topic = self.topics.get(_norm(text))
        if topic is None:
            raise ValidationError(
                _("Unknown field of action “%(value)s”. Use one from the list of fields of action.") % {"value": text}
            )
        values["topic"] = topic

    def _target_groups(self, raw, text, values) -> None:
        groups, unknown = [], []
        for part in _split(text):
            group = self.groups.get(_norm(part))
            if group is None:
                unknown.append(part)
            elif group not in groups:
                groups.append(group)
        if unknown:
            raise ValidationError(
                _("Unknown target group “%(value)s”. Use one from the list of target groups.")
                % {"value": ", ".join(unknown)}
            )
        values["target_groups"] = groups

    def _provider_kind(self, raw, text, values) -> None:
        if not text:
            values["provider_kind"] = ProviderKind.OTHER
            return
        kind = self.provider_kinds.get(_norm(text))
        if kind is None:
            raise ValidationError(
                _("Unknown kind of provider “%(value)s”. Use one from the list of kinds of provider.") % {"value": text}
            )
        values["provider_kind"] = kind

    def _status(self, raw, text, values) -> None:
        status = self.statuses.get(_norm(text))
        if status is None:
            raise ValidationError(
                _("Unknown status “%(value)s”. Allowed: %(allowed)s.")
                % {"value": text, "allowed": ", ".join(f"{key} ({label})" for key, label in Status.choices)}
            )
        values["status"] = status

    def _date(self, name: str, raw, text, values, *, end_of_year: bool) -> None:
        try:
            date, precision = parse_partial_date(raw if not isinstance(raw, str) else text, end_of_year=end_of_year)
        except ValueError as problem:
            raise ValidationError(
                _("“%(value)s” is not a year (2019) or a date (15.03.2019).") % {"value": text}
            ) from problem
        values[name] = date
        values[f"{name}_precision"] = precision

    def _since(self, raw, text, values) -> None:
        self._date("since", raw, text, values, end_of_year=False)

    def _until(self, raw, text, values) -> None:
        self._date("until", raw, text, values, end_of_year=True)
        since = values.get("since")
        if since and values["until"] and values["until"] < since:
            raise ValidationError(_("“Until” cannot be before “since”."))

    def _contact_email(self, raw, text, values) -> None:
        if text:
            try:
                validate_email(text)
            except ValidationError as problem:
                raise ValidationError(_("“%(value)s” is not a valid e-mail address.") % {"value": text}) from problem
        values["contact_email"] = text

    def _link(self, raw, text, values) -> None:
        if text.startswith("www."):
            text = "https://" + text
        if text:
            try:
                self.url_validator(text)
            except ValidationError as problem:
                raise ValidationError(_("“%(value)s” is not a valid web address.") % {"value": text}) from problem
        values["link"] = text


def parse_upload(*, module: Module, name: str, data: bytes, allowed_town_ids: set[int] | None = None) -> ImportResult:
    """Read and check an uploaded file completely. `allowed_town_ids`: town staff's own towns."""
    result = ImportResult()
    try:
        table = read_table(name=name, data=data)
    except _FileError as problem:
        result.errors.append(ImportProblem(message=str(problem), row=problem.row))
        return result

    # Skip empty lines before the header (some programs write one).
    while table and not any(_text(cell) for cell in table[0]):
        table.pop(0)
    if not table:
        result.errors.append(ImportProblem(message=_("The file has no header row. Please use the template.")))
        return result
    if len(table) > MAX_ROWS + 1:
        result.errors.append(
            ImportProblem(message=_("The file has more than %(max)d rows. Please split it.") % {"max": MAX_ROWS})
        )
        return result

    header = [_text(cell) for cell in table[0]]
    headers = _header_lookup()
    positions: dict[str, int] = {}
    for index, label in enumerate(header, start=1):
        if not label:
            continue
        key = headers.get(_norm(label))
        if key == IGNORED:
            continue
        if key is None:
            result.errors.append(
                ImportProblem(
                    row=1, column=index, column_label=label, message=_("Unknown column. Please use the template.")
                )
            )
        elif key in positions:
            result.errors.append(
                ImportProblem(row=1, column=index, column_label=label, message=_("This column appears twice."))
            )
        else:
            positions[key] = index
    for column in COLUMNS:
        if column.header_required and column.key not in positions:
            result.errors.append(
                ImportProblem(
                    row=1,
                    message=_("The column “%(label)s” is missing. Please use the template.") % {"label": column.label},
                )
            )
    if result.errors:
        return result

    checker = _RowChecker(module, allowed_town_ids)
    seen: dict[tuple, int] = {}
    existing = {(_norm(title), frozenset(towns)) for title, towns in _existing_keys(module)}
    for row_number, row in enumerate(table[1:], start=2):
        if not any(_text(cell) for cell in row):
            continue
        cells = {key: (row[index - 1] if index - 1 < len(row) else None) for key, index in positions.items()}

        def error(key: str, message: str, _row=row_number) -> None:
            index = positions.get(key)
            result.errors.append(
                ImportProblem(row=_row, column=index, column_label=header[index - 1] if index else "", message=message)
            )

        values = checker.check(cells, error)
        if values is None:
            continue
        key = (_norm(values["title"]), frozenset(t.pk for t in values.get("municipalities", [])))
        if key in seen:
            error(
                "title",
                _("This row repeats row %(row)d (same title and towns).") % {"row": seen[key]},
            )
            continue
        if key in existing:
            error("title", _("The inventory already has an entry with this title for the same towns."))
            continue
        seen[key] = row_number
        result.rows.append(values)
    if not result.rows and not result.errors:
        result.errors.append(ImportProblem(message=_("The file has no entries below the header row.")))
    return result


def _existing_keys(module: Module) -> list[tuple[str, list[int]]]:
    items = InventoryItem.objects.filter(module=module).prefetch_related("municipalities")
    return [(item.title, [m.pk for m in item.municipalities.all()]) for item in items]


# -- the template ---------------------------------------------------------------------------------


def template_header() -> list[str]:
    return [str(column.label) for column in COLUMNS]


def template_csv() -> bytes:
    return csv_bytes([template_header()])


def template_xlsx(*, module: Module) -> bytes:
    """The entries sheet (header only, with drop-down lists) and a guide with every allowed value."""
    vocabularies = Vocabularies.for_module(module)
    workbook = Workbook()
    entries = workbook.active
    entries.title = _("Entries")[:31]
    entries.append(template_header())
    for index, _column in enumerate(COLUMNS, start=1):
        entries.cell(row=1, column=index).font = Font(bold=True)
        entries.column_dimensions[get_column_letter(index)].width = 24
    entries.freeze_panes = "A2"

    guide = workbook.create_sheet(_("Guide")[:31])
    guide.column_dimensions["A"].width = 28
    guide.column_dimensions["B"].width = 14
    guide.column_dimensions["C"].width = 80
    guide.append([_("How to fill in the inventory")])
    guide["A1"].font = Font(bold=True, size=13)
    guide.append([_("One row per offer or project in the first sheet. Keep the first row (the column names).")])
    guide.append([_("The file is imported only if every row is correct; otherwise you see a list of errors.")])
    guide.append([])
    guide.append([_("Column"), _("Required"), _("What to write")])
    for cell in guide[guide.max_row]:
        cell.font = Font(bold=True)
    yes, no = _("yes"), _("no")
    for column in COLUMNS:
        guide.append([str(column.label), yes if column.value_required else no, str(column.help)])

    def block(title: str, header: list[str], rows: list[list]) -> tuple[int, int]:
        guide.append([])
        guide.append([title])
        guide.cell(row=guide.max_row, column=1).font = Font(bold=True)
        guide.append(header)
        for cell in guide[guide.max_row]:
            cell.font = Font(bold=True)
        first = guide.max_row + 1
        for row in rows:
            guide.append(row_safe(row))
        return first, guide.max_row

    block(_("Towns"), [_("Name"), _("Official key (AGS)")], [[t.name, t.ags] for t in vocabularies.towns])
    topics = block(_("Fields of action"), [_("Name")], [[t.name] for t in vocabularies.topics])
    statuses = block(_("Status"), [_("Word"), _("Key")], [[str(label), value] for value, label in Status.choices])
    kinds = block(
        _("Kinds of provider"), [_("Word"), _("Key")], [[str(label), value] for value, label in ProviderKind.choices]
    )
    block(_("Target groups"), [_("Name")], [[g.name] for g in vocabularies.groups])

    # Drop-down lists in the entries sheet, fed from the guide (values with commas work this way).
    sheet_ref = "'" + guide.title.replace("'", "''") + "'"
    for key, (first, last) in (("field_of_action", topics), ("status", statuses), ("provider_kind", kinds)):
        if last < first:
            continue
        letter = get_column_letter(list(COLUMNS_BY_KEY).index(key) + 1)
        validation = DataValidation(
            type="list", formula1=f"{sheet_ref}!$A${first}:$A${last}", allow_blank=True, showErrorMessage=False
        )
        entries.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")

    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
