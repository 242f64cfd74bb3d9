"""The import of the inventory template: CSV (UTF-8 with and without BOM, Windows-1252, ; and ,)
and XLSX; every kind of bad input is reported with row and column, and then nothing is imported."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from tests.inventory.factories import InventoryItemFactory
from zukunftswerkstatt.inventory import importer, services
from zukunftswerkstatt.inventory.models import DatePrecision, InventoryItem

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """Messages are compared with their English text (the German comes from the lead's translation)."""
    from django.utils import translation

    with translation.override("en"):
        yield


HEADER = [
    "Title",
    "Description",
    "Towns",
    "Field of action",
    "Target groups",
    "Kind of provider",
    "Provider",
    "Status",
    "Since",
    "Until",
    "Funding",
    "Contact person",
    "Contact telephone",
    "Contact e-mail",
    "Web link",
]
GOOD_ROWS = [
    [
        "Seniorentreff Großmütter",
        "Kaffee, Kuchen und Gespräche – dienstags.",
        "Auerbach/Vogtl.",
        "Begegnung, Beratung und Selbsthilfe",
        "Seniorinnen und Senioren (65+)",
        "welfare",
        "Volkssolidarität",
        "running",
        "2014",
        "",
        "Stadt, Spenden",
        "Frau Müller",
        "03744 1234",
        "treff@example.org",
        "https://example.org/treff",
    ],
    [
        "Jugendclub",
        "",
        "14523090, Auerbach",
        "Ehrenamt",
        "Jugendliche (12–17), Junge Erwachsene (18–29)",
        "club",
        "Jugendverein",
        "planned",
        "01.09.2026",
        "2027",
        "",
        "",
        "",
        "",
        "www.example.org",
    ],
    ["Bürgerbus", "", "", "", "", "", "", "ended", "2015-03-01", "31.12.2019", "", "", "", "", ""],
]


def csv_bytes(rows, *, header=HEADER, delimiter=";", encoding="utf-8", bom=False) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows, *, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def parse(module, data: bytes, name: str = "bestand.csv", **kwargs) -> importer.ImportResult:
    return importer.parse_upload(module=module, name=name, data=data, **kwargs)


def problems(result) -> list[tuple]:
    return [(p.row, p.column_letter) for p in result.errors]


def import_all(module, data, name="bestand.csv"):
    result = parse(module, data, name)
    assert result.ok, [str(p) for p in result.errors]
    return services.items_import(module=module, rows=result.rows, created_by=None)


# -- good files --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("delimiter", "encoding", "bom"),
    [(";", "utf-8", True), (";", "utf-8", False), (",", "utf-8", False), (",", "utf-8", True), (";", "cp1252", False)],
)
def test_a_good_csv_is_imported_whatever_its_delimiter_and_encoding(
    inventory_module, town_a, town_b, vocabularies, delimiter, encoding, bom
):
    items = import_all(inventory_module, csv_bytes(GOOD_ROWS, delimiter=delimiter, encoding=encoding, bom=bom))

    assert [i.title for i in items] == ["Seniorentreff Großmütter", "Jugendclub", "Bürgerbus"]
    treff, club, bus = (InventoryItem.objects.get(pk=i.pk) for i in items)
    assert list(treff.municipalities.all()) == [town_a]
    assert treff.topic == vocabularies["topics"]["Begegnung, Beratung und Selbsthilfe"]
    assert treff.description == "Kaffee, Kuchen und Gespräche – dienstags."
    assert (treff.since, treff.since_precision, treff.until) == (dt.date(2014, 1, 1), DatePrecision.YEAR, None)
    assert treff.provider_kind == "welfare"
    assert treff.contact_email == "treff@example.org"
    assert set(club.municipalities.all()) == {town_a, town_b}  # by official key and by short name
    assert club.target_groups.count() == 2
    assert (club.since, club.since_precision) == (dt.date(2026, 9, 1), DatePrecision.DAY)
    assert (club.until, club.until_precision) == (dt.date(2027, 12, 31), DatePrecision.YEAR)
    assert club.link == "https://www.example.org"
    assert bus.municipalities.count() == 0  # the whole association
    assert bus.provider_kind == "other"
    assert (bus.since, bus.until) == (dt.date(2015, 3, 1), dt.date(2019, 12, 31))


def test_a_good_xlsx_with_date_and_number_cells_is_imported(inventory_module, town_a, vocabularies):
    rows = [list(GOOD_ROWS[0]), list(GOOD_ROWS[2])]
    rows[0][8] = 2014  # a year as a number
    rows[1][8] = dt.datetime(2015, 3, 1)  # noqa: DTZ001 - spreadsheet cells have no time zone
    rows[1][9] = dt.datetime(2019, 12, 31)  # noqa: DTZ001
    rows[0][12] = 37441234  # a telephone number Excel turned into a number

    items = import_all(inventory_module, xlsx_bytes(rows), name="bestand.xlsx")

    treff, bus = items
    assert (treff.since, treff.since_precision) == (dt.date(2014, 1, 1), DatePrecision.YEAR)
    assert treff.contact_phone == "37441234"
    assert (bus.since, bus.since_precision) == (dt.date(2015, 3, 1), DatePrecision.DAY)


def test_german_column_names_and_status_words_are_understood(inventory_module, town_a, vocabularies):
    from django.utils import translation

    with translation.override("de"):
        german_header = importer.template_header()
    rows = [["Treff", "", "Auerbach/Vogtl.", "", "", "", "", "running", "", "", "", "", "", "", ""]]

    items = import_all(inventory_module, csv_bytes(rows, header=german_header))

    assert items[0].title == "Treff"


def test_the_xlsx_template_lists_the_vocabularies_and_imports_once_filled_in(inventory_module, town_a, vocabularies):
    data = importer.template_xlsx(module=inventory_module)
    workbook = load_workbook(io.BytesIO(data))
    entries, guide = workbook.worksheets
    assert [c.value for c in entries[1]] == importer.template_header()
    guide_text = " ".join(str(c.value) for row in guide.iter_rows() for c in row if c.value)
    assert "14523020" in guide_text
    assert "Auerbach/Vogtl." in guide_text
    assert "Begegnung, Beratung und Selbsthilfe" in guide_text
    for key in ("running", "planned", "ended"):
        assert key in guide_text
    assert entries.data_validations.dataValidation  # drop-down lists for status, field of action, provider

    entries.append(GOOD_ROWS[0])
    output = io.BytesIO()
    workbook.save(output)
    items = import_all(inventory_module, output.getvalue(), name="vorlage.xlsx")
    assert items[0].title == "Seniorentreff Großmütter"


def test_the_csv_template_is_the_header_row_with_bom_and_semicolons(inventory_module):
    data = importer.template_csv()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").strip().split(";") == importer.template_header()


def test_an_export_can_be_imported_again(inventory_module, item_a, item_b, town_a, town_b):
    from zukunftswerkstatt.inventory import exports, selectors

    data = exports.export_csv(items=selectors.item_list(module=inventory_module), site_url="https://x")
    InventoryItem.objects.all().delete()

    items = import_all(inventory_module, data)

    assert sorted(i.title for i in items) == ["Jugendclub Ellefeld", "Seniorentreff am Markt"]


def test_empty_rows_are_skipped(inventory_module, town_a, vocabularies):
    rows = [GOOD_ROWS[0], [""] * len(HEADER), GOOD_ROWS[2]]
    assert len(import_all(inventory_module, csv_bytes(rows))) == 2


# -- bad files: whole-file errors ---------------------------------------------------------------------


def test_a_file_in_an_unreadable_encoding_gets_a_clear_error(inventory_module, vocabularies):
    data = csv_bytes([["Treff \x81", "", "", "", "", "", "", "running"]], encoding="latin-1")
    data = data.replace(b"\xc2", b"")  # 0x81 is not a Windows-1252 character
    result = parse(inventory_module, data)
    assert not result.ok
    assert "CSV UTF-8" in str(result.errors[0])


def test_a_file_that_is_too_large_is_refused(inventory_module, vocabularies):
    data = b"a" * (importer.MAX_UPLOAD_BYTES + 1)
    result = parse(inventory_module, data)
    assert "too large" in str(result.errors[0])


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bild.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("bestand.csv", b"Title;Status\x00\x00\x01\x02"),
        ("bestand.xlsx", b"PK\x03\x04 this is no workbook"),
        ("bestand.pdf", b"%PDF-1.7 a document"),
        ("alt.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel"),
    ],
)
def test_a_file_that_is_not_csv_or_xlsx_is_refused(inventory_module, vocabularies, name, data):
    result = parse(inventory_module, data, name)
    assert not result.ok
    assert result.errors[0].row is None
    assert not result.rows


def test_an_empty_file_and_a_file_without_rows_are_refused(inventory_module, vocabularies):
    assert "empty" in str(parse(inventory_module, b"").errors[0])
    assert "no entries" in str(parse(inventory_module, csv_bytes([])).errors[0])


def test_a_missing_column_is_reported_in_the_header_row(inventory_module, vocabularies):
    header = [h for h in HEADER if h != "Status"]
    rows = [[v for i, v in enumerate(GOOD_ROWS[0]) if HEADER[i] != "Status"]]
    result = parse(inventory_module, csv_bytes(rows, header=header))
    assert problems(result) == [(1, "")]
    assert "“Status” is missing" in str(result.errors[0])


def test_unknown_and_repeated_columns_are_reported_with_their_letter(inventory_module, vocabularies):
    header = [*HEADER, "Bemerkung", "Title"]
    result = parse(inventory_module, csv_bytes([[*GOOD_ROWS[0], "x", "y"]], header=header))
    assert problems(result) == [(1, "P"), (1, "Q")]
    assert "Row 1, column P “Bemerkung”: Unknown column" in str(result.errors[0])


def test_a_broken_quotation_mark_is_reported(inventory_module, vocabularies):
    data = ("\n".join([";".join(HEADER), 'Treff;"ein\nZitat'])).encode()
    result = parse(inventory_module, data)
    assert not result.ok


# -- bad rows: every error with row and column, nothing imported -------------------------------------


def row(**changes) -> list:
    values = dict(zip(HEADER, GOOD_ROWS[0], strict=True))
    values.update({k.replace("_", " "): v for k, v in changes.items()})
    return [values[h] for h in HEADER]


@pytest.mark.parametrize(
    ("changes", "column", "text"),
    [
        ({"Title": ""}, "A", "required"),
        ({"Title": "x" * 201}, "A", "Too long: at most 200 characters, this has 201"),
        ({"Description": "x" * 5001}, "B", "Too long"),
        ({"Towns": "Plauen"}, "C", "Unknown town “Plauen”"),
        ({"Field of action": "Raumfahrt"}, "D", "Unknown field of action “Raumfahrt”"),
        ({"Target groups": "Katzen"}, "E", "Unknown target group “Katzen”"),
        ({"Kind of provider": "Raumschiff"}, "F", "Unknown kind of provider"),
        ({"Provider": "x" * 201}, "G", "Too long"),
        ({"Status": "vielleicht"}, "H", "Unknown status “vielleicht”"),
        ({"Status": ""}, "H", "required"),
        ({"Since": "bald"}, "I", "is not a year (2019) or a date"),
        ({"Since": "31.02.2020"}, "I", "is not a year"),
        ({"Since": "2020", "Until": "2019"}, "J", "cannot be before"),
        ({"Until": "13/2020"}, "J", "is not a year"),
        ({"Contact telephone": "1" * 51}, "M", "Too long"),
        ({"Contact e-mail": "nicht-erreichbar"}, "N", "not a valid e-mail address"),
        ({"Web link": "ftp://example.org"}, "O", "not a valid web address"),
    ],
)
def test_each_bad_value_is_reported_with_row_and_column_and_nothing_is_imported(
    inventory_module, town_a, vocabularies, changes, column, text
):
    rows = [GOOD_ROWS[2], row(**changes)]
    result = parse(inventory_module, csv_bytes(rows))

    assert problems(result) == [(3, column)]
    assert text in str(result.errors[0])
    assert str(result.errors[0]).startswith(f"Row 3, column {column} “")
    assert InventoryItem.objects.count() == 0


def test_all_errors_of_a_file_are_listed_at_once(inventory_module, town_a, vocabularies):
    rows = [row(Title=""), GOOD_ROWS[2], row(Towns="Plauen", Status="bald")]
    result = parse(inventory_module, csv_bytes(rows))
    assert problems(result) == [(2, "A"), (4, "C"), (4, "H")]
    assert len(result.rows) == 1  # checked, but not imported


def test_a_repeated_row_is_reported(inventory_module, town_a, vocabularies):
    result = parse(inventory_module, csv_bytes([GOOD_ROWS[0], GOOD_ROWS[2], GOOD_ROWS[0]]))
    assert problems(result) == [(4, "A")]
    assert "repeats row 2" in str(result.errors[0])


def test_an_entry_that_exists_already_is_reported(inventory_module, town_a, vocabularies):
    InventoryItemFactory(module=inventory_module, title="Seniorentreff Großmütter", municipalities=[town_a])
    result = parse(inventory_module, csv_bytes([GOOD_ROWS[0]]))
    assert problems(result) == [(2, "A")]
    assert "already has an entry" in str(result.errors[0])


def test_a_town_of_another_organisation_is_unknown(inventory_module, other_organisation, vocabularies):
    from tests.factories import MunicipalityFactory

    MunicipalityFactory(organisation=other_organisation, name="Plauen", ags="14523320")
    result = parse(inventory_module, csv_bytes([row(Towns="14523320")]))
    assert problems(result) == [(2, "C")]


def test_town_staff_may_import_only_rows_of_their_towns(inventory_module, town_a, town_b, vocabularies):
    rows = [GOOD_ROWS[0], row(Title="Anderswo", Towns="Ellefeld"), row(Title="Überall", Towns="")]
    result = parse(inventory_module, csv_bytes(rows), allowed_town_ids={town_a.pk})
    assert problems(result) == [(3, "C"), (4, "C")]


def test_too_many_rows_are_refused(inventory_module, vocabularies, monkeypatch):
    monkeypatch.setattr(importer, "MAX_ROWS", 2)
    result = parse(inventory_module, csv_bytes([GOOD_ROWS[2]] * 3))
    assert "more than 2 rows" in str(result.errors[0])


def test_the_import_service_is_all_or_nothing(inventory_module, town_a, vocabularies):
    result = parse(inventory_module, csv_bytes([GOOD_ROWS[0], GOOD_ROWS[2]]))
    rows = [*result.rows, {**result.rows[1], "title": ""}]  # a row that fails in the service itself

    with pytest.raises(Exception):  # noqa: B017, PT011 - any error must roll back
        services.items_import(module=inventory_module, rows=rows, created_by=None)

    assert InventoryItem.objects.count() == 0
