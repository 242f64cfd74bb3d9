"""Reading population files: the official Regionaldatenbank/GENESIS layouts and the platform's templates.

Parsers turn bytes into plain rows and collect every problem with its line (and column); they
never touch the database. `services.batch_import` checks the rows against the organisation's
towns and stores them in one transaction. Suppressed or missing values (`-`, `.`, `x`, `/`, …)
are refused with their line and column: a figure that is not known is not stored as zero, and
an indicator computed from a partial table would be wrong.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zukunftswerkstatt.core.uploads import UnreadableText, decode_text_upload, table_limits_error, xlsx_check

from .models import MAX_AGE

SUPPRESSED = {"-", ".", "x", "/", "...", "…", "–"}
"""Signs the statistics offices use for missing, secret, unknown or not sensible values."""
MAX_PROBLEMS = 200
DATE_PATTERN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
ISO_DATE_PATTERN = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@dataclass(frozen=True)
class Problem:
    line: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.line and self.column:
            return _("Line %(line)s, column %(column)s: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        if self.line:
            return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}
        return self.message


class ImportFailed(Exception):
    """The file cannot be imported; nothing was stored."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems[:5]))
        self.problems = problems


@dataclass(frozen=True)
class PopulationRow:
    line: int
    ags: str
    name: str
    reference_date: date
    sex: str
    age_from: int
    age_to: int | None
    count: int


@dataclass(frozen=True)
class MovementRow:
    line: int
    ags: str
    year: int
    births: int | None
    deaths: int | None
    moves_in: int | None
    moves_out: int | None


@dataclass
class Parsed:
    population: list[PopulationRow] = field(default_factory=list)
    movements: list[MovementRow] = field(default_factory=list)
    skipped_regions: set[str] = field(default_factory=set)


class Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, line: int | None, column: str | int, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(line=line, column=str(column) if column != "" else "", message=message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise ImportFailed(self.problems)


# --- text, lines and cells -------------------------------------------------------------------


def decode(content: bytes) -> str:
    """The file's text by the platform's one decoding policy (core.uploads.decode_text_upload), every
    line ending made a line feed; an unreadable file is refused with its line."""
    try:
        text = decode_text_upload(content)
    except UnreadableText as error:
        raise ImportFailed([Problem(error.line, "", error.messages[0])]) from error
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _limit_problem(line: int | None, error) -> ImportFailed:
    return ImportFailed([Problem(line, "", error.messages[0])])


def _bound_row(line: int, row: list[str]) -> list[str]:
    """One row within IMPORT_MAX_ROWS, IMPORT_MAX_COLUMNS and IMPORT_MAX_CELL_CHARS (settings)."""
    if line > settings.IMPORT_MAX_ROWS:
        raise _limit_problem(line, table_limits_error(rows=settings.IMPORT_MAX_ROWS))
    chars = settings.IMPORT_MAX_CELL_CHARS
    if any(len(cell) > chars for cell in row):
        raise _limit_problem(line, table_limits_error(cell_chars=chars))
    return row[: settings.IMPORT_MAX_COLUMNS]


def csv_rows(text: str) -> list[tuple[int, list[str]]]:
    """Rows with the line number they start on (quoted fields may span lines)."""
    reader = csv.reader(io.StringIO(text), delimiter=";")
    rows = []
    line = 1
    try:
        for row in reader:
            rows.append((line, _bound_row(line, [cell.strip() for cell in row])))
            line = reader.line_num + 1
    except csv.Error as error:  # e.g. a field longer than the csv module's limit (128 KB)
        raise ImportFailed(
            [Problem(line, "", _("This line could not be read as CSV (check the quotation marks)."))]
        ) from error
    return rows


def check_delimiter(line_number: int, raw: list[str], expected_columns: str) -> Problem | None:
    """A header read as one cell although it has commas or tabs: the wrong delimiter."""
    if len(raw) == 1 and ("," in raw[0] or "\t" in raw[0]):
        found = _("tab") if "\t" in raw[0] else _("comma")
        return Problem(
            line_number,
            "",
            _("The columns are separated by %(found)s, expected is a semicolon (;). Expected columns: %(columns)s.")
            % {"found": found, "columns": expected_columns},
        )
    return None


def parse_count(value: str, line: int, column: str, problems: Collector, *, allow_empty: bool = False) -> int | None:
    if value.isdigit():
        return int(value)
    text = value.strip().replace("\u00a0", "").replace(" ", "")
    if text.isdigit():
        return int(text)
    if text == "":
        if allow_empty:
            return None
        problems.add(line, column, _("The figure is missing."))
        return None
    if text in SUPPRESSED:
        problems.add(
            line,
            column,
            _(
                "“%(value)s” marks a missing or secret figure. Figures with gaps are not imported: "
                "please fill in the figure or remove the row."
            )
            % {"value": text},
        )
        return None
    digits = text.replace(".", "") if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text) else text
    if re.fullmatch(r"-\d+", digits):
        problems.add(line, column, _("“%(value)s” is negative; counts cannot be negative.") % {"value": text})
        return None
    if not re.fullmatch(r"\d+", digits):
        problems.add(line, column, _("“%(value)s” is not a whole number.") % {"value": text})
        return None
    return int(digits)


@lru_cache(maxsize=256)
def parse_date(value: str) -> date | None:
    value = value.strip()
    match = DATE_PATTERN.match(value)
    try:
        if match:
            return date(int(match[3]), int(match[2]), int(match[1]))
        match = ISO_DATE_PATTERN.match(value)
        if match:
            return date(int(match[1]), int(match[2]), int(match[3]))
        if re.fullmatch(r"\d{4}", value):
            return date(int(value), 12, 31)
    except ValueError:
        return None
    return None


AGE_LABELS = [
    (re.compile(r"^unter (\d+) Jahre?n?$"), lambda m: (0, int(m[1]) - 1)),
    (re.compile(r"^(\d+) bis unter (\d+) Jahren?$"), lambda m: (int(m[1]), int(m[2]) - 1)),
    (re.compile(r"^(\d+) Jahre und (mehr|älter)$"), lambda m: (int(m[1]), None)),
    (re.compile(r"^(\d+)-Jährige$"), lambda m: (int(m[1]), int(m[1]))),
    (re.compile(r"^(\d+) Jahre?$"), lambda m: (int(m[1]), int(m[1]))),
    (re.compile(r"^(\d+)\s*[-–]\s*(\d+)$"), lambda m: (int(m[1]), int(m[2]))),
    (re.compile(r"^(\d+)\s*(\+| und (mehr|älter))$"), lambda m: (int(m[1]), None)),
    (re.compile(r"^(\d+)$"), lambda m: (int(m[1]), int(m[1]))),
]
AGE_CODES = [
    (re.compile(r"^ALTU(\d+)$"), lambda m: (0, int(m[1]) - 1)),
    (re.compile(r"^ALT(\d{3})B(\d{2,3})$"), lambda m: (int(m[1]), int(m[2]) - 1)),
    (re.compile(r"^ALT(\d{3})UM$"), lambda m: (int(m[1]), None)),
    (re.compile(r"^ALT(\d{3})$"), lambda m: (int(m[1]), int(m[1]))),
]


@lru_cache(maxsize=1024)
def parse_age(label: str, code: str = "") -> tuple[int, int | None] | None:
    """An age group from its German label or its GENESIS code; None when neither is understood."""
    label = label.strip()
    for pattern, make in AGE_LABELS:
        match = pattern.match(label)
        if match:
            return _clip_age(make(match))
    for pattern, make in AGE_CODES:
        match = pattern.match(code.strip().upper())
        if match:
            return _clip_age(make(match))
    return None


def _clip_age(age: tuple[int, int | None]) -> tuple[int, int | None] | None:
    low, high = age
    if low > MAX_AGE or (high is not None and high < low):
        return None
    if low == MAX_AGE:
        return (MAX_AGE, None)
    if high is not None and high > MAX_AGE:
        return None
    return (low, high)


def is_total_label(label: str) -> bool:
    return label.strip().lower() in {"insgesamt", "zusammen", "total", ""}


SEX_LABELS = {"männlich": "m", "maennlich": "m", "male": "m", "weiblich": "f", "female": "f", "insgesamt": "t"}
SEX_CODES = {"GESM": "m", "GESW": "f", "": "t"}


# --- Regionaldatenbank classic -------------------------------------------------------------


def parse_regional_classic(text: str, keep=None) -> Parsed:
    """Table 12411-02-03-5 as classic CSV: the long layout (date;AGS;name;age group;total;male;female)
    or the wide “-B” layout (age groups × sex as columns, reference date in a title line)."""
    rows = csv_rows(text)
    problems = Collector()
    body = []
    for line, row in rows:
        if row and row[0].startswith("__________"):
            break
        body.append((line, row))
    if not body:
        raise ImportFailed([Problem(1, "", _("The file is empty."))])
    if all(len(r) <= 1 for _line, r in body[:12]):
        for line, row in body[:12]:
            problem = check_delimiter(line, row, "…;AGS;…")
            if problem:
                raise ImportFailed([problem])
    long_rows = [(line, row) for line, row in body if row and DATE_PATTERN.match(row[0]) and len(row) >= 5]
    if long_rows and any(len(row) >= 7 and parse_age(row[3]) or is_total_label(row[3]) for _l, row in long_rows):
        parsed = _classic_long(long_rows, problems, keep)
    else:
        parsed = _classic_wide(body, problems, keep)
    problems.raise_if_any()
    return parsed


def _classic_long(rows, problems: Collector, keep=None) -> Parsed:
    parsed = Parsed()
    totals: dict[tuple, dict] = defaultdict(dict)
    for line, row in rows:
        if keep is not None and len(row) > 1 and not keep(row[1]):
            parsed.skipped_regions.add(row[1])
            continue
        if len(row) < 7:
            problems.add(
                line,
                "",
                _("The row has %(count)s columns, expected are 7: date;AGS;name;age group;total;male;female.")
                % {"count": len(row)},
            )
            continue
        reference_date = parse_date(row[0])
        ags, name, label = row[1], row[2], row[3]
        if reference_date is None:
            problems.add(line, 1, _("“%(value)s” is not a date (DD.MM.YYYY).") % {"value": row[0]})
            continue
        values = [parse_count(row[4 + i], line, str(5 + i), problems) for i in range(3)]
        if None in values:
            continue
        total, male, female = values
        if male + female != total:
            problems.add(
                line,
                5,
                _("Total %(total)s is not men %(male)s + women %(female)s.")
                % {"total": total, "male": male, "female": female},
            )
        if is_total_label(label):
            totals[(ags, reference_date)] = {"line": line, "m": male, "f": female}
            continue
        age = parse_age(label)
        if age is None:
            problems.add(line, 4, _("“%(value)s” is not an age group this importer knows.") % {"value": label})
            continue
        for sex, count in (("m", male), ("f", female)):
            parsed.population.append(PopulationRow(line, ags, name, reference_date, sex, age[0], age[1], count))
    _check_totals(parsed.population, totals, problems)
    return parsed


def _check_totals(population: list[PopulationRow], totals: dict, problems: Collector) -> None:
    sums: dict[tuple, int] = defaultdict(int)
    for row in population:
        sums[(row.ags, row.reference_date, row.sex)] += row.count
    for (ags, reference_date), total in totals.items():
        for sex in ("m", "f"):
            found = sums.get((ags, reference_date, sex))
            if found is not None and found != total[sex]:
                problems.add(
                    total["line"],
                    "",
                    _(
                        "The age groups add up to %(sum)s, but the row “Insgesamt” says %(total)s "
                        "(%(sex)s, AGS %(ags)s)."
                    )
                    % {"sum": found, "total": total[sex], "sex": _("men") if sex == "m" else _("women"), "ags": ags},
                )


def _classic_wide(body, problems: Collector, keep=None) -> Parsed:
    parsed = Parsed()
    reference_date = None
    for _line, row in body[:12]:
        for cell in row:
            match = re.search(r"Stichtag:?\s*(\d{1,2}\.\d{1,2}\.\d{4})", cell)
            if match:
                reference_date = parse_date(match[1])
    sex_row = next(((line, row) for line, row in body if sum(1 for c in row if c.lower() in SEX_LABELS) >= 3), None)
    age_row = next(
        ((line, row) for line, row in body if sum(1 for c in row if parse_age(c) is not None and not c.isdigit()) >= 3),
        None,
    )
    if sex_row is None or age_row is None:
        problems.add(
            None,
            "",
            _(
                "The header rows of table 12411-02-03-5 (sex: männlich/weiblich and the age groups) were not found. "
                "A table without the split by sex cannot be imported."
            ),
        )
        return parsed
    if reference_date is None:
        problems.add(None, "", _("The reference date (“Stichtag: 31.12.YYYY”) was not found in the title lines."))
        return parsed
    columns: dict[int, tuple[str, tuple[int, int | None] | None]] = {}
    for index, label in enumerate(age_row[1]):
        if index < 2 or index >= len(sex_row[1]):
            continue
        sex = SEX_LABELS.get(sex_row[1][index].lower())
        if sex is None:
            continue
        age = None if is_total_label(label) else parse_age(label)
        if age is None and not is_total_label(label):
            problems.add(
                age_row[0], index + 1, _("“%(value)s” is not an age group this importer knows.") % {"value": label}
            )
            continue
        columns[index] = (sex, age)
    if not any(sex in ("m", "f") for sex, _age in columns.values()):
        problems.add(sex_row[0], "", _("The table has no columns for men and women; it cannot be imported."))
        return parsed
    header_end = max(sex_row[0], age_row[0])
    for line, row in body:
        if line <= header_end or not row or not row[0]:
            continue
        code = row[0]
        if not re.fullmatch(r"\d{2,12}|DG", code):
            continue
        if keep is not None and not keep(code):
            parsed.skipped_regions.add(code)
            continue
        name = row[1] if len(row) > 1 else ""
        cells: dict[tuple[str, tuple | None], int] = {}
        ok = True
        for index, (sex, age) in columns.items():
            if index >= len(row):
                problems.add(line, index + 1, _("The column is missing in this row."))
                ok = False
                continue
            value = parse_count(row[index], line, str(index + 1), problems)
            if value is None:
                ok = False
                continue
            cells[(sex, age)] = value
        parsed.population.extend(
            PopulationRow(line, code, name, reference_date, sex, age[0], age[1], count)
            for (sex, age), count in cells.items()
            if sex in ("m", "f") and age is not None
        )
        if ok:
            _check_wide_sums(line, code, cells, problems)
    return parsed


def _check_wide_sums(line: int, code: str, cells: dict, problems: Collector) -> None:
    ages = {age for _sex, age in cells if age is not None}
    for age in ages:
        complete = ("t", age) in cells and ("m", age) in cells and ("f", age) in cells
        if complete and cells[("m", age)] + cells[("f", age)] != cells[("t", age)]:
            problems.add(
                line,
                "",
                _("Age group %(age)s: men + women is not the total (AGS %(ags)s).")
                % {"age": _age_text(age), "ags": code},
            )
    for sex in ("m", "f", "t"):
        if (sex, None) in cells:
            found = sum(v for (s, age), v in cells.items() if s == sex and age is not None)
            if found != cells[(sex, None)]:
                problems.add(
                    line,
                    "",
                    _("The age groups add up to %(sum)s, but the column “Insgesamt” says %(total)s (AGS %(ags)s).")
                    % {"sum": found, "total": cells[(sex, None)], "ags": code},
                )


def _age_text(age: tuple[int, int | None]) -> str:
    low, high = age
    if high is None:
        return f"{low}+"
    return str(low) if low == high else f"{low}–{high}"


# --- flat / ffcsv ----------------------------------------------------------------------------

FLAT_VALUE_COLUMNS = ("value",)


def parse_regional_flat(text: str, keep=None) -> Parsed:
    """The long flat export: one value per row with its time and dimension codes.

    Older GENESIS flat files: `Zeit`, `N_Merkmal_Code`, `N_Auspraegung_Code`, `N_Auspraegung_Label`,
    a value column such as `BEVSTD__Bevoelkerungsstand__Anzahl`. The 2024+ “ffcsv”: `time`,
    `N_variable_code`, `N_variable_attribute_code`, `N_variable_attribute_label`, `value`
    (quality flags in other columns are ignored). Dimensions: the region (8-digit keys), sex
    (GESM/GESW; empty = total) and age (ALT… codes or German labels; empty = total).
    """
    rows = csv_rows(text)
    problems = Collector()
    if not rows or not rows[0][1] or rows[0][1] == [""]:
        raise ImportFailed([Problem(1, "", _("The file is empty."))])
    header_line, header = rows[0]
    problem = check_delimiter(header_line, header, "Zeit;…_Auspraegung_Code;…;BEVSTD__Bevoelkerungsstand__Anzahl")
    if problem:
        raise ImportFailed([problem])
    names = [h.strip() for h in header]
    time_column = next((i for i, h in enumerate(names) if h in ("Zeit", "time")), None)
    value_column = next((i for i, h in enumerate(names) if h in FLAT_VALUE_COLUMNS or h.endswith("__Anzahl")), None)
    dimensions = []
    for i, h in enumerate(names):
        match = re.fullmatch(r"(\d+)_(Merkmal_Code|variable_code)", h)
        if match:
            prefix = match[1]
            code_name = "Auspraegung_Code" if match[2] == "Merkmal_Code" else "variable_attribute_code"
            label_name = "Auspraegung_Label" if match[2] == "Merkmal_Code" else "variable_attribute_label"
            code_index = names.index(f"{prefix}_{code_name}") if f"{prefix}_{code_name}" in names else None
            label_index = names.index(f"{prefix}_{label_name}") if f"{prefix}_{label_name}" in names else None
            if code_index is None:
                problems.add(header_line, f"{prefix}_{code_name}", _("The column is missing."))
                continue
            dimensions.append((i, code_index, label_index))
    if time_column is None:
        problems.add(header_line, "Zeit", _("The column is missing."))
    if value_column is None:
        problems.add(header_line, "BEVSTD__Bevoelkerungsstand__Anzahl", _("The column with the figures is missing."))
    if not dimensions:
        problems.add(header_line, "1_Auspraegung_Code", _("The columns of the characteristics are missing."))
    problems.raise_if_any()
    parsed = Parsed()
    region_dim = sex_dim = age_dim = None
    data_rows = [(line, row) for line, row in rows[1:] if any(row)]
    for dim in dimensions:
        kinds = {row[dim[0]].upper() for _line, row in data_rows[:50] if len(row) > dim[0]}
        if any(k.startswith("GES") for k in kinds):
            sex_dim = dim
        elif any(k.startswith("ALT") for k in kinds):
            age_dim = dim
        else:
            region_dim = dim
    if region_dim is None or age_dim is None:
        raise ImportFailed([Problem(header_line, "", _("The file needs a region and an age characteristic."))])
    # Without a sex characteristic (e.g. 12411-0012) every figure is a total (sex "t").
    totals: dict[tuple, dict] = defaultdict(dict)
    cells: dict[tuple, dict] = defaultdict(dict)
    for line, row in data_rows:
        if len(row) < len(names):
            problems.add(
                line,
                "",
                _("The row has %(count)s columns, expected are %(expected)s.")
                % {"count": len(row), "expected": len(names)},
            )
            continue
        reference_date = parse_date(row[time_column])
        if reference_date is None:
            problems.add(
                line, names[time_column], _("“%(value)s” is not a date (DD.MM.YYYY).") % {"value": row[time_column]}
            )
            continue
        ags = row[region_dim[1]]
        if keep is not None and not keep(ags):
            parsed.skipped_regions.add(ags)
            continue
        name = row[region_dim[2]] if region_dim[2] is not None else ""
        sex = SEX_CODES.get(row[sex_dim[1]].upper()) if sex_dim is not None else "t"
        if sex is None and sex_dim is not None:
            problems.add(
                line,
                names[sex_dim[1]],
                _("“%(value)s” is not a known sex code (GESM, GESW).") % {"value": row[sex_dim[1]]},
            )
            continue
        age_code = row[age_dim[1]]
        age_label = row[age_dim[2]] if age_dim[2] is not None else ""
        count = parse_count(row[value_column], line, names[value_column], problems)
        if count is None:
            continue
        if not age_code and is_total_label(age_label):
            totals[(ags, reference_date)][sex] = (line, count)
            continue
        age = parse_age(age_label, age_code)
        if age is None:
            problems.add(
                line,
                names[age_dim[1]],
                _("“%(value)s” is not an age group this importer knows.") % {"value": age_code or age_label},
            )
            continue
        cells[(ags, reference_date, age)][sex] = (line, count)
        if sex in ("m", "f") or sex_dim is None:
            parsed.population.append(PopulationRow(line, ags, name, reference_date, sex, age[0], age[1], count))
    for (ags, _reference_date, age), by_sex in cells.items():
        if {"m", "f", "t"} <= by_sex.keys() and by_sex["m"][1] + by_sex["f"][1] != by_sex["t"][1]:
            problems.add(
                by_sex["t"][0],
                "",
                _("Age group %(age)s: men + women is not the total (AGS %(ags)s).")
                % {"age": _age_text(age), "ags": ags},
            )
    sums: dict[tuple, int] = defaultdict(int)
    for row in parsed.population:
        sums[(row.ags, row.reference_date, row.sex)] += row.count
    for (ags, reference_date), by_sex in totals.items():
        for sex in ("m", "f") if sex_dim is not None else ("t",):
            if (
                sex in by_sex
                and (ags, reference_date, sex) in sums
                and sums[(ags, reference_date, sex)] != by_sex[sex][1]
            ):
                problems.add(
                    by_sex[sex][0],
                    "",
                    _(
                        "The age groups add up to %(sum)s, but the row “Insgesamt” says %(total)s "
                        "(%(sex)s, AGS %(ags)s)."
                    )
                    % {
                        "sum": sums[(ags, reference_date, sex)],
                        "total": by_sex[sex][1],
                        "sex": {"m": _("men"), "f": _("women")}.get(sex, _("total")),
                        "ags": ags,
                    },
                )
    problems.raise_if_any()
    return parsed


# --- templates (CSV or XLSX) ----------------------------------------------------------------

AGE_TEMPLATE_COLUMNS = ["AGS", "Stichtag", "Alter", "männlich", "weiblich"]
MOVEMENT_TEMPLATE_COLUMNS = ["AGS", "Jahr", "Lebendgeborene", "Gestorbene", "Zuzüge", "Fortzüge"]


def _normalise(header: str) -> str:
    return header.strip().lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")


def table_rows(content: bytes, file_name: str) -> list[tuple[int, list[str]]]:
    """Rows of a template as text, from CSV (semicolon) or XLSX (first sheet)."""
    if file_name.lower().endswith(".xlsx") or content[:2] == b"PK":
        from openpyxl import load_workbook

        try:
            xlsx_check(content)  # the unpacked size is bounded before openpyxl reads anything
        except ValidationError as error:
            raise _limit_problem(None, error) from error
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # noqa: BLE001 - any broken workbook is the same problem for the user
            raise ImportFailed([Problem(None, "", _("The file is not a readable Excel workbook (XLSX)."))]) from error
        try:
            sheet = workbook.worksheets[0]
            rows = []
            # max_col: a cell far to the right (XFD1) would otherwise pad every row to 16,384 columns.
            values_by_row = sheet.iter_rows(values_only=True, max_col=settings.IMPORT_MAX_COLUMNS)
            for number, values in enumerate(values_by_row, start=1):
                cells = []
                for value in values:
                    if value is None:
                        cells.append("")
                    elif isinstance(value, float) and value.is_integer():
                        cells.append(str(int(value)))
                    elif hasattr(value, "strftime"):
                        cells.append(value.strftime("%d.%m.%Y"))
                    else:
                        cells.append(str(value).strip())
                rows.append((number, _bound_row(number, cells)))
        finally:
            workbook.close()
        return rows
    return csv_rows(decode(content))


def _template_header(rows, expected: list[str]) -> tuple[int, dict[str, int]]:
    first = next(((line, row) for line, row in rows if any(row)), None)
    if first is None:
        raise ImportFailed([Problem(1, "", _("The file is empty."))])
    line, header = first
    problem = check_delimiter(line, header, ";".join(expected))
    if problem:
        raise ImportFailed([problem])
    found = {_normalise(h): i for i, h in enumerate(header)}
    missing = [name for name in expected if _normalise(name) not in found]
    if missing:
        raise ImportFailed(
            [
                Problem(
                    line,
                    name,
                    _("The column “%(name)s” is missing. Expected columns: %(columns)s.")
                    % {"name": name, "columns": ";".join(expected)},
                )
                for name in missing
            ]
        )
    return line, {name: found[_normalise(name)] for name in expected}


def parse_age_template(content: bytes, file_name: str) -> Parsed:
    rows = table_rows(content, file_name)
    header_line, columns = _template_header(rows, AGE_TEMPLATE_COLUMNS)
    header = next(row for line, row in rows if line == header_line)
    total_column = next((i for i, h in enumerate(header) if _normalise(h) == "insgesamt"), None)
    if total_column is not None:
        columns["Insgesamt"] = total_column
    problems = Collector()
    parsed = Parsed()
    for line, row in rows:
        if line <= header_line or not any(row):
            continue

        def cell(name, row=row):
            index = columns[name]
            return row[index] if index < len(row) else ""

        ags = cell("AGS")
        reference_date = parse_date(cell("Stichtag"))
        if reference_date is None:
            problems.add(
                line, "Stichtag", _("“%(value)s” is not a date (DD.MM.YYYY) or a year.") % {"value": cell("Stichtag")}
            )
            continue
        age = (0, None) if cell("Alter").lower() in {"insgesamt", "zusammen"} else parse_age(cell("Alter"))
        if age is None:
            problems.add(
                line,
                "Alter",
                _("“%(value)s” is not an age (0 to 100, a group such as 75-79, or 90+).") % {"value": cell("Alter")},
            )
            continue
        split = (("m", "männlich"), ("f", "weiblich"))
        if total_column is not None and not cell("männlich") and not cell("weiblich"):
            split = (("t", "Insgesamt"),)
        for sex, name in split:
            count = parse_count(cell(name), line, name, problems)
            if count is not None:
                parsed.population.append(PopulationRow(line, ags, "", reference_date, sex, age[0], age[1], count))
    problems.raise_if_any()
    return parsed


def parse_movement_template(content: bytes, file_name: str) -> Parsed:
    rows = table_rows(content, file_name)
    header_line, columns = _template_header(rows, MOVEMENT_TEMPLATE_COLUMNS)
    problems = Collector()
    parsed = Parsed()
    for line, row in rows:
        if line <= header_line or not any(row):
            continue

        def cell(name, row=row):
            index = columns[name]
            return row[index] if index < len(row) else ""

        year_text = cell("Jahr")
        if not re.fullmatch(r"\d{4}", year_text):
            problems.add(line, "Jahr", _("“%(value)s” is not a year.") % {"value": year_text})
            continue
        values = {}
        for key, name in (
            ("births", "Lebendgeborene"),
            ("deaths", "Gestorbene"),
            ("moves_in", "Zuzüge"),
            ("moves_out", "Fortzüge"),
        ):
            values[key] = parse_count(cell(name), line, name, problems, allow_empty=True)
        parsed.movements.append(MovementRow(line, cell("AGS"), int(year_text), **values))
    problems.raise_if_any()
    return parsed


def check_age_coverage(rows: list[PopulationRow], problems: Collector) -> None:
    """Per town, date and sex the ages must not overlap and must run from 0 to an open end without gaps."""
    groups: dict[tuple, list[PopulationRow]] = defaultdict(list)
    sexes: dict[tuple, dict[str, int]] = defaultdict(dict)
    for row in rows:
        groups[(row.ags, row.reference_date, row.sex)].append(row)
        sexes[(row.ags, row.reference_date)].setdefault(row.sex, row.line)
    for (ags, reference_date), found in sexes.items():
        if "t" in found and ({"m", "f"} & found.keys()):
            problems.add(
                found["t"],
                "",
                _(
                    "AGS %(ags)s has figures for men and women and totals without split by sex on %(date)s; "
                    "please give one or the other."
                )
                % {"ags": ags, "date": reference_date.strftime("%d.%m.%Y")},
            )
        elif found.keys() & {"m", "f"} and found.keys() != {"m", "f"}:
            sex = ({"m", "f"} - found.keys()).pop()
            problems.add(
                min(found.values()),
                "",
                _("AGS %(ags)s has no figures for %(sex)s on %(date)s.")
                % {
                    "ags": ags,
                    "sex": _("men") if sex == "m" else _("women"),
                    "date": reference_date.strftime("%d.%m.%Y"),
                },
            )
    for (ags, _reference_date, _sex), items in groups.items():
        items.sort(key=lambda r: r.age_from)
        expected = 0
        for row in items:
            if row.age_from < expected:
                problems.add(
                    row.line,
                    "",
                    _("The age %(age)s appears twice for AGS %(ags)s.")
                    % {"age": _age_text((row.age_from, row.age_to)), "ags": ags},
                )
            elif row.age_from > expected:
                problems.add(
                    row.line,
                    "",
                    _("Ages %(start)s to %(end)s are missing for AGS %(ags)s.")
                    % {"start": expected, "end": row.age_from - 1, "ags": ags},
                )
            expected = (row.age_to + 1) if row.age_to is not None else MAX_AGE + 1000
            if row.age_to is None:
                break
        if expected <= MAX_AGE:
            problems.add(
                items[-1].line,
                "",
                _("The last age group of AGS %(ags)s must be open (e.g. “100” or “75 und mehr”).") % {"ags": ags},
            )


# --- GENESIS tables: Statistik Sachsen time series, tables without split by sex ----------------

MEASURES = [
    # (field, words in the title or column header that name it); the first match wins.
    ("births", ("lebendgeborene", "geborene", "geburten")),
    ("deaths", ("gestorbene", "sterbefälle")),
    ("moves_in", ("zuzüge", "zugezogene", "zuzug")),
    ("moves_out", ("fortzüge", "fortgezogene", "fortzug")),
    ("population", ("bevölkerung", "fortschreibung", "einwohner")),
]
RATE_WORDS = ("je 1000", "je 1 000", "je 1.000", "je 100 ", "je 10000", "je 10 000", "je einwohner", "%", "prozent")
RATE_ALTERNATIVES = {"12613-020Z": "12613-010Z", "12612-020Z": "12612-010Z"}
"""Rate tables of Statistik Sachsen and the table with the counts they are computed from."""
SERIES_SEX_WORDS = (("männlich", "m"), ("weiblich", "f"), ("insgesamt", "t"), ("zusammen", "t"))


@dataclass(frozen=True)
class GenesisColumn:
    index: int
    measure: str
    sex: str
    age: tuple[int, int | None] | None
    """None: all ages (the column “Insgesamt” or a table without ages)."""


def _measure_of(text: str) -> str | None:
    lowered = text.lower()
    for name, words in MEASURES:
        if any(word in lowered for word in words):
            return name
    return None


def _is_rate(text: str) -> bool:
    lowered = " ".join(text.lower().split())
    return any(word in lowered for word in RATE_WORDS)


def _sex_of(text: str) -> str:
    lowered = text.lower()
    for word, sex in SERIES_SEX_WORDS:
        if word in lowered:
            return sex
    return "t"


def parse_genesis_table(text: str, keep=None) -> Parsed:
    """A classic GENESIS CSV (Statistik Sachsen's GENESIS, GENESIS-Online of Destatis).

    Three layouts, recognised from the header lines:
    - time series by region (Statistik Sachsen's …-010Z tables): `year or date;AGS;name;values`,
      one column per sex (Insgesamt, männlich, weiblich); what the values count (population,
      live births, deaths, moves in, moves out) is read from the title and header lines;
    - regions × age groups (e.g. 12411-0017): `date;AGS;name;age groups…;Insgesamt`, sexes where
      the header names them, otherwise totals;
    - ages × reference dates for one region named in the title (e.g. 12411-0005).
    Rates (per 1,000 inhabitants, per cent) are refused: the platform computes them itself.
    """
    rows = csv_rows(text)
    body = []
    for line, row in rows:
        if row and row[0].startswith("__________"):
            break
        body.append((line, row))
    if not body or not any(any(row) for _line, row in body):
        raise ImportFailed([Problem(1, "", _("The file is empty."))])
    first_line, first = body[0]
    code_match = re.match(r"^\ufeff?(?:GENESIS-)?Tabelle:\s*(\S+)", first[0] if first else "")
    if code_match is None:
        problem = check_delimiter(first_line, first, "GENESIS-Tabelle: …")
        raise ImportFailed(
            [
                problem
                or Problem(
                    first_line,
                    "",
                    _("This is not a GENESIS table: its first line should read “GENESIS-Tabelle: <number>”."),
                )
            ]
        )
    table = code_match[1]
    titles: list[str] = []
    headers: list[tuple[int, list[str]]] = []
    data: list[tuple[int, list[str]]] = []
    for line, row in body[1:]:
        if not any(row):
            continue
        if data or (row[0] and (headers or len(row) > 1 and any(row[1:]))):
            data.append((line, row))
        elif row[0]:
            titles.append(row[0])
        else:
            headers.append((line, row))
    title = " ".join(titles)
    header_text = " ".join(cell for _line, row in headers for cell in row)
    if _is_rate(title + " " + header_text):
        alternative = RATE_ALTERNATIVES.get(table)
        message = _(
            "Table %(table)s gives a rate (per 1,000 inhabitants or per cent), not a count. The platform computes "
            "rates itself from counts and the population; please import the table with the absolute numbers"
        ) % {"table": table}
        if alternative:
            message += " " + _("(%(alternative)s).") % {"alternative": alternative}
        else:
            message += "."
        raise ImportFailed([Problem(first_line, "", message)])
    if not headers or not data:
        raise ImportFailed([Problem(first_line, "", _("The header lines or the data of the table were not found."))])
    if not re.fullmatch(r"\d{4}|\d{1,2}\.\d{1,2}\.\d{4}", data[0][1][0]):
        return _genesis_ages_by_date(title, headers, data, keep)
    return _genesis_by_region(title, headers, data, keep)


def _genesis_by_region(title, headers, data, keep) -> Parsed:
    problems = Collector()
    width = max(len(row) for _line, row in headers)
    columns: list[GenesisColumn] = []
    title_measure = _measure_of(title)
    for index in range(3, width):
        labels = [row[index] for _line, row in headers if index < len(row) and row[index]]
        label_text = " ".join(labels)
        age_labels = [label for label in labels if parse_age(label) is not None and not label.isdigit()]
        measure = _measure_of(" ".join(label for label in labels if label not in age_labels)) or title_measure
        if measure is None:
            problems.add(
                headers[-1][0],
                index + 1,
                _("What the column “%(label)s” counts (population, births, deaths, moves) is not named.")
                % {"label": label_text},
            )
            continue
        age = parse_age(age_labels[0]) if age_labels else None
        if age_labels and measure != "population":
            problems.add(headers[-1][0], index + 1, _("Only population figures can be imported by age."))
            continue
        columns.append(GenesisColumn(index, measure, _sex_of(label_text), age))
    problems.raise_if_any()
    parsed = Parsed()
    for line, row in data:
        if len(row) < 3:
            problems.add(line, "", _("The row has %(count)s columns, expected are at least 4.") % {"count": len(row)})
            continue
        ags, name = row[1], row[2]
        if keep is not None and not keep(ags):
            parsed.skipped_regions.add(ags)
            continue
        when = row[0]
        reference_date = parse_date(when)
        if reference_date is None:
            problems.add(line, 1, _("“%(value)s” is not a year or a date (DD.MM.YYYY).") % {"value": when})
            continue
        values: dict[GenesisColumn, int] = {}
        for column in columns:
            if column.index >= len(row):
                problems.add(line, column.index + 1, _("The column is missing in this row."))
                continue
            count = parse_count(row[column.index], line, str(column.index + 1), problems)
            if count is not None:
                values[column] = count
        if len(values) < len(columns):
            continue
        _genesis_row(parsed, problems, line, ags, name, reference_date, values)
    problems.raise_if_any()
    return parsed


def _genesis_row(parsed: Parsed, problems: Collector, line, ags, name, reference_date, values) -> None:
    """One region and year: the figures of its columns, checked against each other."""
    by_measure: dict[str, dict[tuple[str, tuple | None], int]] = defaultdict(dict)
    for column, count in values.items():
        by_measure[column.measure][(column.sex, column.age)] = count
    movement: dict[str, int | None] = {}
    for measure, cells in by_measure.items():
        sexes = {sex for sex, _age in cells}
        for sex in sexes:
            ages = {age: count for (s, age), count in cells.items() if s == sex and age is not None}
            if ages and (sex, None) in cells and sum(ages.values()) != cells[(sex, None)]:
                problems.add(
                    line,
                    "",
                    _("The age groups add up to %(sum)s, but the column “Insgesamt” says %(total)s (AGS %(ags)s).")
                    % {"sum": sum(ages.values()), "total": cells[(sex, None)], "ags": ags},
                )
        split = {"m", "f"} <= sexes
        if split and "t" in sexes:
            for age in {age for _sex, age in cells}:
                parts = [cells.get(("m", age)), cells.get(("f", age)), cells.get(("t", age))]
                if None not in parts and parts[0] + parts[1] != parts[2]:
                    problems.add(
                        line,
                        "",
                        _("Total %(total)s is not men %(male)s + women %(female)s.")
                        % {"total": parts[2], "male": parts[0], "female": parts[1]},
                    )
        if measure != "population":
            total = cells.get(("t", None))
            if total is None and split and ("m", None) in cells and ("f", None) in cells:
                total = cells[("m", None)] + cells[("f", None)]
            if total is None:
                problems.add(line, "", _("The column “Insgesamt” is missing."))
            movement[measure] = total
            continue
        for sex in ("m", "f") if split else ("t",):
            own = {age: count for (s, age), count in cells.items() if s == sex}
            ages = {age: count for age, count in own.items() if age is not None}
            if ages:
                for (low, high), count in ages.items():
                    parsed.population.append(PopulationRow(line, ags, name, reference_date, sex, low, high, count))
            elif None in own:
                parsed.population.append(PopulationRow(line, ags, name, reference_date, sex, 0, None, own[None]))
    if movement:
        parsed.movements.append(
            MovementRow(
                line,
                ags,
                reference_date.year,
                births=movement.get("births"),
                deaths=movement.get("deaths"),
                moves_in=movement.get("moves_in"),
                moves_out=movement.get("moves_out"),
            )
        )


def _genesis_ages_by_date(title, headers, data, keep) -> Parsed:
    """Rows are ages, columns reference dates (e.g. 12411-0005); the region is named in the title."""
    problems = Collector()
    if _measure_of(title) != "population":
        raise ImportFailed(
            [Problem(headers[0][0], "", _("Only population tables can have the ages as rows and dates as columns."))]
        )
    date_row = next(
        ((line, row) for line, row in headers if sum(1 for cell in row if DATE_PATTERN.match(cell)) >= 1), None
    )
    if date_row is None:
        raise ImportFailed([Problem(headers[-1][0], "", _("The header line with the reference dates was not found."))])
    dates = {index: parse_date(cell) for index, cell in enumerate(date_row[1]) if DATE_PATTERN.match(cell)}
    region = _region_of_title(title)
    parsed = Parsed()
    if keep is not None and not keep(region):
        parsed.skipped_regions.add(region)
        return parsed
    totals: dict[date, tuple[int, int]] = {}
    for line, row in data:
        label = row[0]
        age = None if is_total_label(label) else parse_age(label)
        if age is None and not is_total_label(label):
            problems.add(line, 1, _("“%(value)s” is not an age group this importer knows.") % {"value": label})
            continue
        for index, reference_date in dates.items():
            if reference_date is None:
                continue
            if index >= len(row):
                problems.add(line, index + 1, _("The column is missing in this row."))
                continue
            count = parse_count(row[index], line, str(index + 1), problems)
            if count is None:
                continue
            if age is None:
                totals[reference_date] = (line, count)
            else:
                parsed.population.append(PopulationRow(line, region, "", reference_date, "t", age[0], age[1], count))
    sums: dict[date, int] = defaultdict(int)
    for row in parsed.population:
        sums[row.reference_date] += row.count
    for reference_date, (line, total) in totals.items():
        if reference_date in sums and sums[reference_date] != total:
            problems.add(
                line,
                "",
                _("The age groups add up to %(sum)s, but the row “Insgesamt” says %(total)s (%(date)s).")
                % {"sum": sums[reference_date], "total": total, "date": reference_date.strftime("%d.%m.%Y")},
            )
    problems.raise_if_any()
    return parsed


def _region_of_title(title: str) -> str:
    """The region of a table whose rows are ages: an official key in the title, “Deutschland” (DG), or the name."""
    match = re.search(r"\b(\d{8}|\d{5})\b", title)
    if match:
        return match[1]
    if "deutschland" in title.lower():
        return "DG"
    return title
