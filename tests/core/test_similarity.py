"""German word handling (core/german.py) and the comparison of texts (core/similarity.py), without a database."""

from __future__ import annotations

import pytest

from zukunftswerkstatt.core import german, similarity


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("Busverbindung", {"Bus", "Verbindung"}),
        ("Busfahrplan", {"Bus", "Fahrplan"}),
        ("Kinderspielplatz", {"Kinder", "Spielplatz"}),
        ("Wohnungsleerstand", {"Leerstand"}),
        ("Seniorentreff", {"Senioren", "Treff"}),
    ],
)
def test_compounds_are_split_into_known_parts(word, parts):
    assert parts <= set(german.compound_parts(word))


@pytest.mark.parametrize("word", ["Busch", "Jugend", "Verbindung", "Wohnung", "Nachbarschaft", "Einsamkeit"])
def test_words_that_are_no_compounds_stay_whole(word):
    assert not {p for p in german.compound_parts(word) if german.is_stop_word(p) or len(p) < 3}
    assert word not in ("Busch", "Jugend", "Wohnung") or german.compound_parts(word) == ()


@pytest.mark.parametrize(
    ("one", "other"),
    [("Busse", "Bus"), ("busse", "Bus"), ("Ärzte", "Arzt"), ("Plätze", "Platz"), ("Städte", "Stadt")],
)
def test_word_forms_meet_in_one_canonical_form(one, other):
    assert german.canonical(one) == german.canonical(other)


def test_concepts_join_words_of_the_same_meaning():
    assert german.concepts(german.canonical("Kita")) & german.concepts(german.canonical("Kindergarten"))
    assert german.concepts(german.canonical("ÖPNV")) & german.concepts(german.canonical("Bus"))
    assert not german.concepts(german.canonical("Busch"))


def _score(a: tuple[str, str], b: tuple[str, str], *others: tuple[str, str]) -> float:
    fa, fb = similarity.features(*a), similarity.features(*b)
    idfs, default = similarity.idfs_from([fa, fb, *(similarity.features(*o) for o in others)])
    return similarity.score(fa, fb, idfs, default)


BACKGROUND = [
    ("Spielplatz erneuern", "Die Schaukel am Spielplatz ist kaputt."),
    ("Mehr Ärzte", "Wir brauchen einen Hausarzt in Ellefeld."),
    ("Schnelles Internet", "In Rebesgrün gibt es kein Glasfaser."),
    ("Bänke am Markt", "Ältere Menschen brauchen Bänke zum Ausruhen."),
]


def test_a_paraphrase_with_a_compound_is_similar_and_an_unrelated_text_is_not():
    bus = ("Der Bus fährt abends nicht mehr", "Nach 18 Uhr komme ich nicht mehr nach Hause.")
    other_words = ("Keine Busverbindung am Abend", "Ab 18 Uhr fährt kein Bus mehr nach Hause.")
    assert _score(bus, other_words, *BACKGROUND) >= similarity.DUPLICATE_THRESHOLD
    assert _score(bus, ("Busch am Gehweg schneiden", "Der Busch wächst über den Weg."), *BACKGROUND) < 0.2


def test_spelling_slips_count_as_the_same_word():
    right = ("Dach für die Bushaltestelle", "An der Bushaltestelle am Markt steht man im Regen.")
    slip = ("Bushaltestele ohne Dach", "An der Bushaltestele am Markt wird man nass.")
    assert _score(slip, right, *BACKGROUND) >= similarity.DUPLICATE_THRESHOLD
    # Without the slip handling the misspelt word would share nothing.
    assert (
        similarity.signals(
            similarity.features("Bushaltestele", ""), similarity.features("Bushaltestelle", ""), {}, 2.0
        ).shared
        == 1
    )


def test_near_identical_texts_are_duplicates_and_empty_texts_are_not():
    text = ("Mehr Bänke", "Am Weg zum Friedhof fehlen Bänke zum Ausruhen für ältere Leute.")
    again = ("Mehr Bänke!", "Am Weg zum Friedhof fehlen Bänke zum Ausruhen für ältere Leute")
    assert _score(text, again) >= similarity.NEAR_IDENTICAL_SCORE
    assert _score(("", ""), text) == 0.0
    assert similarity.features("", "").weights == {}


def test_function_words_and_fillers_are_no_features():
    assert similarity.features("Es gibt leider keine mehr", "").weights == {}
