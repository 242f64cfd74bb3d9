"""Grouping texts into themes, without the database: clear groups come out, with sensible words."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from zukunftswerkstatt.themes.clustering import Group, Item, cluster

TEXTS = {
    "bus": [
        "Der Bus fährt abends nicht mehr",
        "Keine Busverbindung mehr am Abend",
        "Busse fahren am Abend zu selten",
        "Abends kommt man ohne Auto nicht nach Hause, der letzte Bus fährt zu früh",
    ],
    "play": [
        "Der Spielplatz in Rodewisch ist kaputt",
        "Der Spielplatz braucht neue Spielgeräte",
        "Spielplätze für kleine Kinder fehlen",
    ],
    "doctor": [
        "Kein Hausarzt mehr in Ellefeld",
        "Wir brauchen einen Hausarzt, die Praxis hat geschlossen",
        "Hausarztpraxis für Ellefeld gesucht",
    ],
    "alone": ["Glasfaser für die Dörfer"],
}


def _items() -> list[Item]:
    return [Item(key=f"{group}-{i}", text=text) for group, texts in TEXTS.items() for i, text in enumerate(texts)]


def _group_of(groups: list[Group], key: str) -> Group | None:
    return next((g for g in groups if key in g.keys), None)


def test_clear_groups_come_out_as_themes():
    groups = cluster(_items())
    for name in ("bus", "play", "doctor"):
        first = _group_of(groups, f"{name}-0")
        assert first is not None, name
        assert {k.split("-")[0] for k in first.keys} == {name}
        assert len(first.keys) >= 2


def test_a_lone_text_is_in_no_theme():
    assert _group_of(cluster(_items()), "alone-0") is None


def test_the_words_characterise_the_theme():
    groups = cluster(_items())
    assert 3 <= len(_group_of(groups, "play-0").words) <= 5
    assert "Spielplatz" in _group_of(groups, "play-0").words
    assert any("Hausarzt" in word for word in _group_of(groups, "doctor-0").words)
    bus = _group_of(groups, "bus-0")
    assert any(word.casefold().startswith("bus") for word in bus.words)
    assert not any(word.startswith("~") for group in groups for word in group.words)


def test_the_suggested_title_joins_the_first_words():
    group = Group(keys=["a", "b"], words=["Spielplatz", "Geräte", "Kinder", "Rodewisch"])
    assert group.title == "Spielplatz, Geräte, Kinder"


def test_too_few_or_empty_items_make_no_themes():
    assert cluster([]) == []
    assert cluster([Item(key="a", text="Bus")]) == []
    assert cluster([Item(key="a", text="und oder"), Item(key="b", text="der die das")]) == []


def test_the_web_process_does_not_load_scikit_learn():
    """Importing the app's views, services and tasks leaves scikit-learn unloaded (memory)."""
    code = (
        "import os, sys, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup();"
        "import zukunftswerkstatt.themes.views, zukunftswerkstatt.themes.tasks;"
        "print('sklearn' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True, env=_env(root)
    )
    assert result.stdout.strip().endswith("False")


def _env(root: Path) -> dict:
    import os

    return {**os.environ, "PYTHONPATH": str(root), "DEBUG": "true"}
