"""German words as the search and the similarity of contributions understand them: one place, so
that both understand the same words (docs/search.md, docs/similarity.md).

* `word_forms(word)`: the stems of a word and of its lemma (simplemma), case-folded (ß → ss),
  without accents or umlauts, stemmed by the German Snowball stemmer: "Busse" → {"buss", "bus"}.
* `canonical(word)`: the one form a word counts as when texts are compared: the stem of its lemma.
* `compound_parts(word)`: the two parts of a compound that simplemma's dictionary knows, found by
  trying the split points from the longest last part ("Busfahrplan" → Bus, Fahrplan), with the
  usual linking letters ("Wohnungsleerstand" → Wohnung(s), Leerstand).
* `concepts(form)`: the groups of words that mean the same thing in municipal contributions
  ("Kita" and "Kindergarten", "ÖPNV" and "Bus"), from our own word list german_concepts.txt.

Everything here ships inside packages or this repository: nothing is downloaded, nothing leaves the
server. simplemma's German dictionary takes about 110 MB per process and 1–2 s to load
(`search.warm_up()` loads it before an application server forks).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import simplemma
import snowballstemmer

# Letters and digits; hyphens, apostrophes and underscores separate words ("Kinder-Spielplatz").
WORD = re.compile(r"[^\W_]+")

# Function words: left out of search terms and of comparisons. The Snowball project's German stop
# word list (a subset), case-folded and without umlauts, as forms are compared after folding, plus
# a few words that carry no topic in contributions ("gibt", "mehr", "bitte").
_STOP_WORDS = """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes auch auf aus
    bei bin bis bist da damit dann das dass dem den der des dessen dich die dies diese diesem diesen dieser
    dieses dir doch dort du durch ein eine einem einen einer eines er es etwas fur hat hatte ich ihr ihre im
    in ist ja jede jedem jeden jeder jedes kein keine man mich mir mit nach nicht noch nun nur ob oder ohne
    sehr sein seine sich sie sind so soll sollte sondern um und uns unser unter vom von vor war waren was
    weil wenn wer wie wir wird wo zu zum zur zwar zwischen uber
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

# Words that are no function words for the search (someone may look for "mehr") but say nothing
# about what a contribution is about; left out when texts are compared.
_FILLER_WORDS = """
    bitte gibt geben gabe mehr mehrere viel viele vielen wenig wenige weniger ganz immer einfach wieder
    schon gerade leider endlich eigentlich wirklich bereits sollen sollten mussen konnen konnte wurde
    wurden werden worden haben habe hatten hab gut besser neu neue neuen neuer gross grosse grossen
    klein kleine kleinen ersten letzte letzten heute jetzt mal gern gerne etwa dafur dazu daher deshalb
    keinen keinem keiner keines konnten wurde waren ware sein seien gehen geht kommen kommt machen macht
    finden findet brauchen braucht sollen soll wollen will mochte toll schon schön gut bisschen oft
    hier dort unsere unserer unseren unserem euch euer ihnen ihm ihn seit beim ins fur sowie bzw usw
    stadt gemeinde ort orte man leute menschen jahr jahre jahren tag tage
"""
FILLER_WORDS = frozenset(_FILLER_WORDS.split())

_stemmer = snowballstemmer.stemmer("german")


def fold(word: str) -> str:
    """Case-fold (ß → ss) and strip accents and umlauts (é → e, ä → a)."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stem(word: str) -> str:
    return _stemmer.stemWord(fold(word))


def words(text: str) -> list[str]:
    """The words of a text: runs of letters and digits, one letter alone left out."""
    return [w for w in WORD.findall(text or "") if len(w) >= 2 or w.isdigit()]


def is_stop_word(word: str) -> bool:
    return fold(word) in STOP_WORDS


@lru_cache(maxsize=200_000)
def word_forms(word: str) -> frozenset[str]:
    """The forms under which a word is stored and searched: stems of the word and of its lemma.

    simplemma looks nouns up capitalised ("busse" → "bussen", but "Busse" → "Bus"), and people type
    queries in lower case, so a lower-case word is also looked up with a capital letter.
    """
    forms = {stem(word), stem(simplemma.lemmatize(word, lang="de"))}
    if word[:1].islower():
        forms.add(stem(simplemma.lemmatize(word.capitalize(), lang="de")))
    return frozenset(form for form in forms if len(form) >= 2)


@lru_cache(maxsize=200_000)
def canonical(word: str) -> str:
    """The one form a word counts as when texts are compared: the stem of its lemma.

    A lower-case word that the dictionary knows as a noun is taken as the noun ("busse" → "bus"),
    since people write nouns in lower case on phones; otherwise as it stands ("fährt" → "fahr").
    """
    if word[:1].islower() and _known(word.capitalize()):
        lemma = simplemma.lemmatize(word.capitalize(), lang="de")
        if lemma != word.capitalize() or not _known(word):
            return stem(lemma)
    return stem(simplemma.lemmatize(word, lang="de"))


def _known(word: str) -> bool:
    return simplemma.is_known(word, lang="de")


# The letters that join the parts of a compound ("Wohnung-s-leerstand", "Senior-en-treff").
_LINKS = ("", "s", "es", "n", "en", "e", "ns")
# A compound is split only when it is at least this long, and each part at least MIN_PART letters:
# shorter splits are mostly wrong ("Jugend" is no "Jug" + "end").
MIN_COMPOUND = 7
MIN_PART = 3


# Parts of three letters are mostly wrong ("Rat-haus", "Ell-efeld"), except these common ones.
SHORT_PARTS = frozenset({"bus", "rad", "weg", "bad", "tal", "amt", "hof", "zug", "tag", "ruf", "see", "kur"})


def _part_ok(part: str) -> bool:
    if is_stop_word(part):
        return False
    return len(part) >= 4 or fold(part) in SHORT_PARTS


@lru_cache(maxsize=200_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """The two known parts of a compound: "Busfahrplan" → ("Bus", "Fahrplan"); "Busch" → ().

    The split with the longest known last part (the head of a German compound) whose first part is
    known too, with or without a linking letter, wins. Parts of three letters count only when they
    are common ones (SHORT_PARTS) and function words never ("Nachbarschaft" is not "nach" +
    "barschaft"). The parts are not split again: "Spielplatz" in "Kinderspielplatz" stays whole, so
    that a playground does not meet a parking space ("Parkplatz") through "Platz".
    """
    if len(word) < MIN_COMPOUND or not word.isalpha():
        return ()
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        head = word[i:].capitalize()
        if not _part_ok(head) or not _known(head):
            continue
        modifier = word[:i]
        for link in _LINKS:
            if link and not modifier.lower().endswith(link):
                continue
            first = modifier[: len(modifier) - len(link)] if link else modifier
            if len(first) < MIN_PART or not _part_ok(first):
                continue
            if _known(first) or _known(first.capitalize()):
                return (first[:1].upper() + first[1:], head)
    return ()


def _read_concepts() -> dict[str, frozenset[str]]:
    """Each canonical form of german_concepts.txt → the names of the concepts it belongs to."""
    concepts: dict[str, set[str]] = {}
    path = Path(__file__).with_name("german_concepts.txt")
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or ":" not in line:
            continue
        name, members = line.split(":", 1)
        for member in members.split(","):
            member = member.strip()
            if not member:
                continue
            # A member of several words ("nach 18 Uhr") stands for its content words together.
            parts = [w for w in words(member) if not is_stop_word(w)]
            key = " ".join(canonical(w) for w in parts)
            concepts.setdefault(key, set()).add(name.strip())
    return {key: frozenset(names) for key, names in concepts.items()}


@lru_cache(maxsize=1)
def concept_table() -> dict[str, frozenset[str]]:
    return _read_concepts()


def concepts(form: str) -> frozenset[str]:
    """The concepts a canonical form belongs to ("kita" → {"kinderbetreuung"}); none for most words."""
    return concept_table().get(form, frozenset())
