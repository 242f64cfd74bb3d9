"""The readability hints (core/readability.py) on German sentences checked by hand."""

from __future__ import annotations

import pytest
from django.utils import translation

from zukunftswerkstatt.core.readability import Grade, readability_analyse, sentences_of, syllables, word_split


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_the_syllables_are_counted_with_the_german_hyphenation_dictionary():
    # Bür-ger-be-tei-li-gung, Ent-schei-dun-gen.
    assert syllables("Bürgerbeteiligung") == 6
    assert syllables("Entscheidungen") == 4
    assert syllables("Bus") == 1


def test_a_hard_sentence_gets_the_wiener_sachtextformel_worked_out_by_hand():
    # 7 words, 1 sentence: SL = 7. Three or more syllables: Bürgerbeteiligung (6), verbessert (3),
    # Entscheidungen (4), Verwaltung (3): MS = 4/7 = 57.14 %. More than six letters: the same four:
    # IW = 57.14 %. One syllable: Die, die, der: ES = 42.86 %.
    # 0.1935·57.14 + 0.1672·7 + 0.1297·57.14 − 0.0327·42.86 − 0.875 = 17.36
    analysis = readability_analyse("Die Bürgerbeteiligung verbessert die Entscheidungen der Verwaltung.")

    assert analysis.words == 7
    assert analysis.sentences == 1
    assert analysis.score == pytest.approx(17.4, abs=0.05)
    assert analysis.grade == "very hard"


def test_a_text_in_leichte_sprache_is_easy_and_never_below_zero():
    # 9 words in 2 sentences, no long words, 7 of one syllable: 0.1672·4.5 − 0.0327·77.8 − 0.875 < 0.
    analysis = readability_analyse("Das ist ein Haus. Wir gehen in den Garten.")

    assert analysis.score == 0.0
    assert analysis.grade == "easy – fits Leichte Sprache"
    assert analysis.hint_count == 0


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (4.5, "easy – fits Leichte Sprache"),
        (7, "fairly easy"),
        (10, "medium – simplify for Leichte Sprache"),
        (12, "hard"),
        (15, "very hard"),
    ],
)
def test_the_figure_is_graded_in_plain_words(score, grade):
    assert Grade.of(score) == grade


def test_a_sentence_over_15_words_is_marked_with_its_count():
    long = (
        "Wir laden alle Bürgerinnen und Bürger aus Auerbach, Ellefeld, Falkenstein und Rodewisch herzlich "
        "zum ersten Treffen im Rathaus ein."
    )
    analysis = readability_analyse(f"{long} Das Treffen ist kurz.")

    assert [hint.text for hint in analysis.long_sentences] == [long]
    assert "19 words" in analysis.long_sentences[0].suggestion


def test_a_sentence_of_15_words_is_not_marked():
    fifteen = "Eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn fünfzehn."
    assert readability_analyse(fifteen).long_sentences == []


def test_the_full_stops_of_abbreviations_end_no_sentence():
    assert sentences_of("Wir treffen uns z. B. im Rathaus. Dann reden wir usw. mit allen.") == [
        "Wir treffen uns z. B. im Rathaus.",
        "Dann reden wir usw. mit allen.",
    ]


@pytest.mark.parametrize(
    ("word", "split"),
    [
        ("Bürgerbeteiligung", "Bürger·beteiligung"),
        ("Datenschutzerklärung", "Daten·schutz·erklärung"),
        ("Bürgerbeteiligungsverfahren", "Bürger·beteiligungs·verfahren"),
        ("Gemeindeverwaltungsmitarbeiter", "Gemeinde·verwaltungs·mitarbeiter"),
    ],
)
def test_a_long_compound_is_split_with_a_mediopunkt_between_its_parts(word, split):
    assert word_split(word) == split


def test_long_words_are_marked_with_a_split_and_short_ones_are_not():
    analysis = readability_analyse("Die Bürgerbeteiligung ist gut. Das Rathaus ist offen.")

    assert [hint.text for hint in analysis.long_words] == ["Bürgerbeteiligung"]
    assert "Bürger·beteiligung" in analysis.long_words[0].suggestion


def test_a_word_already_split_with_a_mediopunkt_is_not_marked():
    assert readability_analyse("Die Bürger·beteiligung ist gut.").long_words == []


def test_abbreviations_and_words_in_capitals_are_marked_with_what_to_write():
    analysis = readability_analyse(
        "Es gibt z.B. Treffen, Feste usw. Kommen Sie bzw. rufen Sie an. Die SWOT-Analyse liegt vor. Wir sind ca. 20."
    )

    found = {hint.text: hint.suggestion for hint in analysis.abbreviations}
    assert set(found) == {"z.B.", "usw.", "bzw.", "ca.", "SWOT"}
    assert "zum Beispiel" in found["z.B."]
    assert "und so weiter" in found["usw."]
    assert "ungefähr" in found["ca."]
    assert "explain" in found["SWOT"]


def test_d_h_nr_and_etc_are_found_with_or_without_spaces():
    analysis = readability_analyse("Das heißt d. h. wenig. Zimmer Nr. 4 etc. sind offen.")
    assert {hint.text for hint in analysis.abbreviations} == {"d. h.", "Nr.", "etc."}


def test_markdown_marks_and_links_are_no_words():
    analysis = readability_analyse("## Wir laden ein\n\n- Kommen Sie.\n- [Hier lesen](https://example.org/lang/)")
    assert analysis.abbreviations == []
    assert analysis.words == 7
    assert analysis.sentences == 3


def test_an_empty_text_has_no_figure():
    analysis = readability_analyse("   ")
    assert analysis.score is None
    assert analysis.hint_count == 0


def test_the_web_process_needs_no_nltk_for_the_figure():
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    code = (
        "import os, sys, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup();"
        "import zukunftswerkstatt.core.readability, zukunftswerkstatt.easyread.views;"
        "print('nltk' in sys.modules or 'sklearn' in sys.modules)"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        env={**__import__("os").environ, "PYTHONPATH": str(root), "DEBUG": "true"},
    )
    assert result.stdout.strip().endswith("False")
