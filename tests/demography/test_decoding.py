"""The population importers read text files by the platform's one decoding policy
(core.uploads.decode_text_upload): the official files come as Latin-1 (GENESIS before 2024) or
UTF-8 with BOM (GENESIS-Online since 2024), files saved by Excel on Windows as Windows-1252; UTF-16
and binary files are refused with a clear message, and then nothing is stored."""

from __future__ import annotations

import pytest

from tests.demography.helpers import age_template_csv, classic_long_csv, real_file, uniform_population
from tests.demography.test_importers import _english, problems_of, run, two_towns  # noqa: F401 - a fixture
from zukunftswerkstatt.demography import importers
from zukunftswerkstatt.demography.models import PopulationCount


def official_text(town_a, town_b) -> str:
    text = classic_long_csv(two_towns(town_a, town_b)).decode("latin-1")
    return text.replace("Stand:", "„Stand“ (Gebühr 0 €):")


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", False), ("utf-8", True), ("cp1252", False)],
)
def test_a_file_in_an_accepted_encoding_is_imported(organisation, town_a, town_b, encoding, bom):
    text = official_text(town_a, town_b)
    content = (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)
    assert importers.decode(content) == text
    batch = run(organisation, content, "rdb_classic")
    assert batch.row_count == 2 * 17 * 2


def test_a_latin1_file_is_read_as_it_always_was(organisation, town_a, town_b):
    content = classic_long_csv(two_towns(town_a, town_b))
    assert importers.decode(content) == content.decode("latin-1")
    assert "Ämter" in importers.decode(content)
    run(organisation, content, "rdb_classic")
    assert PopulationCount.objects.filter(municipality=town_b).exists()


@pytest.mark.parametrize(
    "name",
    [
        "regionaldatenbank_12411-02-03-5-B_kreise_2018.csv",
        "regionaldatenbank_12411-02-03-5-B_deutschland_2018.csv",
        "genesis_12411-0012_flat_laender_altersjahre_2019.csv",
        "genesis_12411-0017_kreise_altersgruppen_2019.csv",
        "genesis_12411-0005_deutschland_altersjahre_1970-2022.csv",
        "statistik-sachsen_12410-010Z_bevoelkerung-30-06_gemeinden_2011-2022_EXCERPT.csv",
        "statistik-sachsen_12613-010Z_gestorbene_gemeinden_1980-2022_EXCERPT.csv",
        "statistik-sachsen_12613-020Z_gestorbene-je-1000-ew_gemeinden_1983-2022_EXCERPT.csv",
    ],
)
def test_the_official_latin1_files_decode_to_their_text(name):
    content = real_file(name)
    assert importers.decode(content) == content.decode("latin-1")


def test_a_utf16_file_is_refused_in_line_1_and_nothing_is_stored(organisation, town_a, town_b):
    for content in (
        official_text(town_a, town_b).encode("utf-16"),  # with byte-order mark, as Excel's "Unicode text"
        official_text(town_a, town_b).encode("utf-16-le"),  # without
    ):
        problems = problems_of(organisation, content, "rdb_classic")
        assert problems[0].line == 1
        assert "UTF-16" in problems[0].message


def test_binary_garbage_is_refused_as_not_a_text_file(organisation):
    garbage = bytes(range(256)) * 8
    problems = problems_of(organisation, garbage, "rdb_classic")
    assert "not a text (CSV) file" in problems[0].message
    problems = problems_of(organisation, garbage, "age_template", file_name="vorlage.csv")
    assert "not a text (CSV) file" in problems[0].message


def test_a_windows_1252_template_is_imported(organisation, town_a):
    """The templates' header says "männlich": Excel on Windows writes it as one byte, 0xE4."""
    content = age_template_csv({town_a.ags: {2023: uniform_population(1)}}).decode("utf-8").encode("cp1252")
    assert b"m\xe4nnlich" in content
    run(organisation, content, "age_template", file_name="vorlage.csv")
    assert PopulationCount.objects.filter(municipality=town_a).exists()
