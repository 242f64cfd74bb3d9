"""The German search terms in core/search.py, without a database."""

from __future__ import annotations

import pytest

from zukunftswerkstatt.core import search


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Spielplätze", "Spielplatz"),
        ("Spielplaetze", "Spielplatz"),
        ("Busse", "Bus"),
        ("busses", "Bus"),
        ("Städte", "Stadt"),
        ("Häuser", "Haus"),
        ("Ärzte", "Arzt"),
        ("Marktes", "Markt"),
        ("Straße", "Strasse"),
        ("Jugendcafé", "JUGENDCAFE"),
    ],
)
def test_inflected_forms_share_a_form(one, other):
    assert search.word_forms(one) & search.word_forms(other)


def test_terms_are_folded_once_each_between_spaces_without_function_words():
    stored = search.terms("Die Busse, der Bus und des Busses Straße", "Café")
    assert stored.startswith(" ")
    assert stored.endswith(" ")
    words = stored.split()
    assert len(words) == len(set(words))
    assert {"bus", "strass", "caf"} <= set(words)
    assert not {"die", "der", "und", "des"} & set(words)
    assert search.terms("", "   ") == ""


def test_a_query_of_function_words_only_still_searches_them():
    assert search.parse_query("die").words
    assert len(search.parse_query("die Busse").words) == 1


def test_excluded_words_and_a_cap_on_the_number_of_words():
    query = search.parse_query("Bus -Schule " + " ".join(f"wort{i}" for i in range(30)))
    assert len(query.words) == search.MAX_QUERY_WORDS
    assert query.excluded == (search.word_forms("Schule"),)


def test_highlight_escapes_everything_and_marks_matches_only():
    html = search.highlight(
        "<img src=x onerror=alert(1)> \"Kinderspielplätze\" & 'Bus'", search.parse_query("Spielplatz")
    )
    assert html == (
        "&lt;img src=x onerror=alert(1)&gt; &quot;<mark>Kinderspielplätze</mark>&quot; &amp; &#x27;Bus&#x27;"
    )
    assert search.highlight("<b>", search.parse_query("")) == "&lt;b&gt;"


def test_the_excerpt_begins_at_the_start_unless_the_match_lies_beyond_it():
    query = search.parse_query("Bus")
    short = search.excerpt("Der Bus kommt.", query)
    assert short == "Der <mark>Bus</mark> kommt."
    long = search.excerpt(" ".join(["Wort"] * 60 + ["Busse"] + ["Ende"] * 60), query)
    assert long.startswith("… Wort")
    assert "<mark>Busse</mark>" in long
    assert long.endswith(" …")
