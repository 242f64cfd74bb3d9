"""openpyxl parses uploaded XLSX through defusedxml: no entity expansion, no external references.

openpyxl switches to defusedxml by itself when the package is importable (openpyxl.xml.DEFUSEDXML),
so the only guard is that it stays installed: these tests fail if it is dropped."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl.xml
import pytest
from defusedxml import EntitiesForbidden
from django.utils import translation
from openpyxl import Workbook, load_workbook

from zukunftswerkstatt.demography.importers import ImportFailed, table_rows
from zukunftswerkstatt.inventory import importer

REQUIREMENTS = Path(__file__).resolve().parents[2] / "requirements.txt"


def xlsx_with_an_entity() -> bytes:
    """A valid workbook whose sheet declares an entity (the first step of "billion laughs" and XXE)."""
    workbook = Workbook()
    workbook.active.append(["Titel", "Status"])
    plain = io.BytesIO()
    workbook.save(plain)
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source, zipfile.ZipFile(output, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                data = b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY lol "lollollol">]>' + data
            target.writestr(name, data)
    return output.getvalue()


def test_defusedxml_is_a_pinned_requirement():
    assert any(line.startswith("defusedxml==") for line in REQUIREMENTS.read_text().splitlines())


def test_openpyxl_parses_with_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True


def test_openpyxl_refuses_a_workbook_that_declares_an_entity():
    with pytest.raises(ValueError, match="could not read worksheets") as failure:
        load_workbook(io.BytesIO(xlsx_with_an_entity()), read_only=True, data_only=True)
    assert isinstance(failure.value.__cause__ or failure.value.__context__, EntitiesForbidden)


@pytest.mark.django_db
def test_both_importers_refuse_it_as_unreadable():
    with translation.override("en"), pytest.raises(importer._FileError, match="could not be read"):
        importer.read_table(name="bestand.xlsx", data=xlsx_with_an_entity())
    with translation.override("en"), pytest.raises(ImportFailed) as failure:
        table_rows(xlsx_with_an_entity(), "vorlage.xlsx")
    assert "not a readable Excel workbook" in failure.value.problems[0].message
