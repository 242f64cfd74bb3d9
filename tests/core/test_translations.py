"""German is the default language: every string in the catalogue is translated and compiled.

CI refreshes the catalogue from the code (`make messages`) before the tests, so a new string
without a German translation fails here.
"""

import re
from pathlib import Path

import pytest
from django.utils import translation

PO_FILE = Path(__file__).resolve().parents[2] / "zukunftswerkstatt" / "locale" / "de" / "LC_MESSAGES" / "django.po"


def _unquote(lines: list[str]) -> str:
    return (
        "".join(re.match(r'^(?:msg\w+(?:\[\d\])?\s+)?"(.*)"$', line).group(1) for line in lines)
        .encode("raw_unicode_escape")
        .decode("unicode_escape")
    )


def catalogue_entries() -> list[dict]:
    entries, current, key = [], {}, None
    for raw in PO_FILE.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if current:
                entries.append(current)
            current, key = {}, None
        elif line.startswith("#,"):
            current["flags"] = line
        elif line.startswith("#"):
            continue
        elif line.startswith("msg"):
            key = line.split()[0]
            current[key] = [line]
        elif key:
            current[key].append(line)
    return [
        {name: (_unquote(value) if isinstance(value, list) else value) for name, value in entry.items()}
        for entry in entries
        if entry.get("msgid") and _unquote(entry["msgid"])
    ]


ENTRIES = catalogue_entries()


def test_the_catalogue_has_entries():
    assert len(ENTRIES) > 300


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["msgid"][:40])
def test_every_string_has_a_german_translation(entry):
    assert "fuzzy" not in entry.get("flags", ""), "fuzzy translation"
    if "msgid_plural" in entry:
        assert entry.get("msgstr[0]")
        assert entry.get("msgstr[1]")
    else:
        assert entry.get("msgstr"), "untranslated"


def test_the_compiled_catalogue_matches_the_translations():
    with translation.override("de"):
        stale = [
            e["msgid"]
            for e in ENTRIES
            if "msgid_plural" not in e and "msgctxt" not in e and translation.gettext(e["msgid"]) != e["msgstr"]
        ]
    assert stale == [], "run `make messages` to compile the catalogue"
