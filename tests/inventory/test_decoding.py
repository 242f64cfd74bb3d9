"""The inventory import reads text files by the platform's one decoding policy
(core.uploads.decode_text_upload): UTF-8 with or without BOM, else Windows-1252 (which covers
Latin-1); UTF-16 and binary files are refused with a clear message, and then nothing is imported."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.inventory.test_importer import HEADER, csv_bytes
from tests.inventory.test_views import upload
from zukunftswerkstatt.inventory import importer
from zukunftswerkstatt.inventory.models import InventoryItem

pytestmark = pytest.mark.django_db

ROW = [
    "Café Größenwahn",
    "Frühstück für 2 € – jeden Tag „offen“",
    "Auerbach/Vogtl.",
    "",
    "",
    "club",
    "Verein",
    "running",
]
LATIN1_ROW = ["Café Größenwahn", "Frühstück für Groß und Klein", "Auerbach/Vogtl.", "", "", "club", "Verein", "running"]


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("row", "encoding", "bom"),
    [
        (ROW, "utf-8", False),
        (ROW, "utf-8", True),
        (ROW, "cp1252", False),  # Excel on Windows, "CSV (Trennzeichen-getrennt)": € is 0x80, „ is 0x84
        (LATIN1_ROW, "latin-1", False),  # the older official files; the same bytes as Windows-1252
    ],
)
def test_a_file_in_an_accepted_encoding_is_imported_with_every_character(
    client_for, inventory_module, town_a, vocabularies, staff_a, row, encoding, bom
):
    data = csv_bytes([row], header=HEADER[:8], encoding=encoding, bom=bom)
    response = upload(client_for(staff_a), inventory_module, data)
    assert response.status_code == 302, response.content.decode()
    item = InventoryItem.objects.get()
    assert (item.title, item.description) == (row[0], row[1])


def refused(client, module, data: bytes) -> str:
    """The problems (in English) of a file the import page refuses without importing anything."""
    response = upload(client, module, data)
    assert response.status_code == 422
    assert InventoryItem.objects.count() == 0
    with translation.override("en"):  # the page's request switched the language
        return " ".join(
            str(problem) for problem in importer.parse_upload(module=module, name="b.csv", data=data).errors
        )


def test_a_utf16_file_is_refused_and_nothing_is_imported(client_for, inventory_module, town_a, vocabularies, staff_a):
    data = "\t".join(HEADER[:8]).encode("utf-16") + "\n\t".join(LATIN1_ROW).encode("utf-16-le")
    message = refused(client_for(staff_a), inventory_module, data)
    assert "UTF-16" in message
    assert "CSV UTF-8" in message


def test_binary_garbage_is_refused_as_not_a_text_file(client_for, inventory_module, town_a, vocabularies, staff_a):
    garbage = bytes(range(256)) * 4
    message = refused(client_for(staff_a), inventory_module, b"Title;Status\n" + garbage[:31] + garbage[128:])
    assert "not a text (CSV) file" in message


def test_a_byte_that_windows_1252_does_not_define_is_refused_with_its_row(
    client_for, inventory_module, town_a, vocabularies, staff_a
):
    data = csv_bytes([LATIN1_ROW], header=HEADER[:8], encoding="cp1252").replace(b"Caf\xe9", b"Caf\x81")
    message = refused(client_for(staff_a), inventory_module, data)
    assert message.startswith("Row 2:")
    assert "CSV UTF-8" in message
