"""Search that understands German: word forms, compounds, accents and ß, ranked and highlighted
the same way on SQLite and PostgreSQL (run this file with DATABASE_URL pointing at PostgreSQL too)."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.ideas.factories import IdeaFactory
from tests.ideas.helpers import url
from zukunftswerkstatt.ideas import services
from zukunftswerkstatt.ideas.models import Idea, Kind

pytestmark = pytest.mark.django_db

# title → (text, place)
CORPUS = {
    "Kinderspielplatz in Rodewisch": ("Der Kinderspielplatz braucht neue Schaukeln.", ""),
    "Neue Spielplätze für Ellefeld": ("Mehr Platz zum Spielen im Grünen.", ""),
    "Zu wenig Busse am Abend": ("Nach 19 Uhr fährt nichts mehr.", "Haltestelle Markt"),
    "Bessere Busverbindung nach Auerbach": ("Der Busfahrplan passt nicht zur Schule.", ""),
    "Ein Schulbus für Falkenstein": ("Morgens um sieben.", ""),
    "Jugendcafé im Zentrum": ("Ein Treff für Jugendliche, mit Kicker.", ""),
    "Sichere Straße zur Grundschule": ("Der Gehweg ist zu schmal.", ""),
    "Städte gemeinsam planen": ("Die vier Orte sollen zusammenarbeiten.", ""),
    "Leerstehende Häuser nutzen": ("Viele stehen seit Jahren leer.", ""),
    "Ärzte aufs Land": ("Es fehlt eine Hausarztpraxis.", ""),
    "Belebung des Marktes": ("Samstags ist wenig los.", ""),
    "Mehr Sitzbänke": ("Für Ältere zum Ausruhen.", "Rathausplatz"),
}

PLAYGROUNDS = {"Kinderspielplatz in Rodewisch", "Neue Spielplätze für Ellefeld"}
BUSES = {"Zu wenig Busse am Abend", "Bessere Busverbindung nach Auerbach", "Ein Schulbus für Falkenstein"}
HOUSES = {"Leerstehende Häuser nutzen", "Ärzte aufs Land", "Mehr Sitzbänke"}  # Haus in Hausarzt, Rathaus

# query → the titles it must find, exactly (so everything else must not be found).
FINDS = [
    # plural, umlaut plural and singular find each other
    ("Spielplätze", PLAYGROUNDS),
    ("Spielplatz", PLAYGROUNDS),
    ("spielplaetze", PLAYGROUNDS),
    ("Kinderspielplätze", {"Kinderspielplatz in Rodewisch"}),
    ("Bus", BUSES),
    ("Busse", BUSES),
    ("Busses", BUSES),
    ("busse", BUSES),
    ("Busverbindung", {"Bessere Busverbindung nach Auerbach"}),
    ("Busverbindungen", {"Bessere Busverbindung nach Auerbach"}),
    ("Busfahrplan", {"Bessere Busverbindung nach Auerbach"}),
    ("Stadt", {"Städte gemeinsam planen"}),
    ("Städte", {"Städte gemeinsam planen"}),
    ("Städten", {"Städte gemeinsam planen"}),
    ("Haus", HOUSES),
    ("Häuser", HOUSES),
    ("Hauses", HOUSES),
    ("Arzt", {"Ärzte aufs Land"}),
    ("Ärzte", {"Ärzte aufs Land"}),
    ("aerzte", {"Ärzte aufs Land"}),
    ("Hausarzt", {"Ärzte aufs Land"}),
    # genitive
    ("Marktes", {"Belebung des Marktes", "Zu wenig Busse am Abend"}),  # and the place "Haltestelle Markt"
    ("des Marktes", {"Belebung des Marktes", "Zu wenig Busse am Abend"}),
    ("Markt", {"Belebung des Marktes", "Zu wenig Busse am Abend"}),
    # compounds where the query is a part
    ("Kinder", {"Kinderspielplatz in Rodewisch"}),
    (
        "Schule",
        {"Bessere Busverbindung nach Auerbach", "Ein Schulbus für Falkenstein", "Sichere Straße zur Grundschule"},
    ),
    ("Platz", PLAYGROUNDS | {"Mehr Sitzbänke"}),  # Rathausplatz
    ("Bänke", {"Mehr Sitzbänke"}),
    # accents, ß/ss and case
    ("Jugendcafe", {"Jugendcafé im Zentrum"}),
    ("Jugendcafé", {"Jugendcafé im Zentrum"}),
    ("JUGENDCAFE", {"Jugendcafé im Zentrum"}),
    ("cafe", {"Jugendcafé im Zentrum"}),
    ("Straße", {"Sichere Straße zur Grundschule"}),
    ("Strasse", {"Sichere Straße zur Grundschule"}),
    ("STRASSEN", {"Sichere Straße zur Grundschule"}),
    # every word must match; function words do not count; "-word" leaves out
    ("Spielplätze Rodewisch", {"Kinderspielplatz in Rodewisch"}),
    ("die Busse", BUSES),
    ("Bus -Schule", {"Zu wenig Busse am Abend"}),
    ("Spielplatz Bus", set()),
    ("Schwimmbad", set()),
    ("<script>", set()),
    ("%", set(CORPUS)),  # no word: no search, the whole list
    ("_", set(CORPUS)),
]


def titles(response) -> list[str]:
    return [idea.title for idea in response.context["ideas"]]


@pytest.fixture
def corpus(ideas_module):
    for title, (text, place) in CORPUS.items():
        IdeaFactory(module=ideas_module, title=title, text=text, place_name=place)


@pytest.mark.parametrize(("query", "expected"), FINDS, ids=[q for q, _ in FINDS])
def test_search_finds_german_word_forms_compounds_accents_and_sharp_s(client, ideas_module, corpus, query, expected):
    response = client.get(url("list", ideas_module), {"q": query})
    assert set(titles(response)) == expected


def test_title_matches_come_first_then_whole_words_then_the_lists_order(client, ideas_module):
    start = timezone.now() - dt.timedelta(days=10)
    for day, (title, text) in enumerate(
        [
            ("Busch am Wanderweg schneiden", "Er wächst über den Weg."),  # title, part of a word
            ("Haltestelle am Friedhof", "Der Bus hält hier zu selten."),  # text, whole word
            ("Bessere Busverbindung", "Nach Auerbach."),  # title, a part of a compound: a whole word
            ("Zu wenig Busse", "Abends."),  # title, whole word (plural)
            ("Radweg", "Mit dem Rad statt mit der Busverbindung."),  # text, a part of a compound
            ("Neue Bänke", "Am Markt."),  # no match
        ]
    ):
        idea = IdeaFactory(module=ideas_module, title=title, text=text)
        Idea.objects.filter(pk=idea.pk).update(created=start + dt.timedelta(days=day))
    expected = [
        "Zu wenig Busse",
        "Bessere Busverbindung",
        "Busch am Wanderweg schneiden",
        "Radweg",
        "Haltestelle am Friedhof",
    ]
    assert titles(client.get(url("list", ideas_module), {"q": "Bus"})) == expected
    assert titles(client.get(url("list", ideas_module), {"q": "Busse", "sort": "supported"})) == expected
    # Without a search, the list's own order.
    assert titles(client.get(url("list", ideas_module)))[0] == "Neue Bänke"


def test_matches_are_highlighted_in_escaped_text(client, ideas_module):
    IdeaFactory(
        module=ideas_module,
        title="<script>alert(1)</script> Neue Spielplätze & mehr",
        text="Ein <b>Kinderspielplatz</b> am Markt.",
    )
    html = client.get(url("list", ideas_module), {"q": "Spielplatz"}).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Neue <mark>Spielplätze</mark> &amp; mehr" in html
    assert "Ein &lt;b&gt;<mark>Kinderspielplatz</mark>&lt;/b&gt; am Markt." in html
    assert "<script>alert(1)" not in html
    assert "<b>Kinderspielplatz" not in html


def test_the_excerpt_starts_near_a_match_deep_in_a_long_text(client, ideas_module):
    text = " ".join(["Vorrede"] * 100 + ["Der", "Jugendcafé", "fehlt."] + ["Nachwort"] * 100)
    IdeaFactory(module=ideas_module, title="Lang", text=text)
    html = client.get(url("list", ideas_module), {"q": "Jugendcafe"}).content.decode()
    assert "<mark>Jugendcafé</mark>" in html
    assert "… Vorrede" in html


def test_without_a_search_nothing_is_marked(client, ideas_module, corpus):
    html = client.get(url("list", ideas_module)).content.decode()
    assert "<mark>" not in html


def test_editing_a_contribution_indexes_it_again(client, ideas_module, participant):
    idea = IdeaFactory(module=ideas_module, author=participant, title="Sitzbänke", text="Am Markt.")
    services.idea_update(
        idea=idea, editor=participant, title="Neue Spielplätze", text="Im Stadtpark.", kind=Kind.PROPOSAL
    )
    assert titles(client.get(url("list", ideas_module), {"q": "Spielplatz"})) == ["Neue Spielplätze"]
    assert titles(client.get(url("list", ideas_module), {"q": "Stadt"})) == ["Neue Spielplätze"]
    assert titles(client.get(url("list", ideas_module), {"q": "Sitzbank"})) == []


def test_the_migration_indexes_existing_contributions(client, ideas_module, corpus):
    Idea.objects.update(search_title_terms="", search_text_terms="")  # as rows were before the migration
    assert titles(client.get(url("list", ideas_module), {"q": "Spielplatz"})) == []
    migration = importlib.import_module("zukunftswerkstatt.ideas.migrations.0005_search_terms_for_german_word_forms")
    migration.index_existing(apps, None)
    assert set(titles(client.get(url("list", ideas_module), {"q": "Spielplatz"}))) == PLAYGROUNDS


def test_the_reindex_command_indexes_every_contribution(client, ideas_module, corpus):
    from django.core.management import call_command

    Idea.objects.update(search_title_terms="", search_text_terms="")
    call_command("ideas_reindex_search", stdout=None)
    assert set(titles(client.get(url("list", ideas_module), {"q": "Busse"}))) == BUSES


def test_a_search_costs_no_extra_query(client, ideas_module, corpus):
    def count(params) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("list", ideas_module), params).status_code == 200
        return len(queries)

    plain = count({})
    assert count({"q": "Spielplätze Rodewisch"}) == plain
    assert count({"q": "Busse -Schule Abend Markt Haltestellen", "sort": "supported"}) == plain
