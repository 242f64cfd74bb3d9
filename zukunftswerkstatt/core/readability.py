"""Readability hints for staff writing public German text: a hint, never a block.

The figure is the first Wiener Sachtextformel (Bamberger and Vanecek 1984), computed here with
syllables from pyphen's German hyphenation dictionary (the hyphenation points of a word plus one, as
textstat does). We computed it with textstat at first, but textstat imports nltk, which imports
scikit-learn: about 300 modules in every web process for a formula of one line (tests/themes keeps
scikit-learn out of the web process):

    WSTF1 = 0.1935·MS + 0.1672·SL + 0.1297·IW − 0.0327·ES − 0.875

MS: percentage of words with three or more syllables, SL: mean sentence length in words, IW:
percentage of words with more than six letters, ES: percentage of words with one syllable. The
result reads roughly as a school year: 4 is very easy, 15 very hard.

Beside the figure, the places the rules of Leichte Sprache (Netzwerk Leichte Sprache; BITV 2.0 §4)
ask to change: sentences over 15 words, long compound words (with a split at a Mediopunkt, found by
core.german.compound_parts or else by hyphenation), abbreviations and words in capitals. The checks
are simple on purpose; docs/easyread.md says what they cannot see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import pyphen
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .german import compound_parts

LONG_SENTENCE_WORDS = 15
LONG_WORD_LETTERS = 15
MAX_TEXT = 20_000
MEDIOPUNKT = "·"
# A part of a compound this long is split again ("Beteiligungs·verfahren").
SPLIT_AGAIN = 10

# The abbreviations staff write most, each with what to write instead (German: the text is German).
ABBREVIATIONS: dict[str, str] = {
    "z. B.": "zum Beispiel",
    "z.B.": "zum Beispiel",
    "u. a.": "unter anderem",
    "u.a.": "unter anderem",
    "d. h.": "das heißt",
    "d.h.": "das heißt",
    "i. d. R.": "in der Regel",
    "u. U.": "unter Umständen",
    "usw.": "und so weiter",
    "etc.": "und so weiter",
    "bzw.": "oder",
    "ca.": "ungefähr",
    "ggf.": "wenn nötig",
    "evtl.": "vielleicht",
    "inkl.": "mit",
    "vgl.": "siehe",
    "bspw.": "zum Beispiel",
    "sog.": "so genannt",
    "Nr.": "Nummer",
    "Tel.": "Telefon",
    "Str.": "Straße",
    "Std.": "Stunde",
    "max.": "höchstens",
    "min.": "mindestens",
}
_ABBREVIATION = re.compile(
    "|".join(
        r"(?<![\w.])" + re.escape(short).replace(r"\ ", r"\s?") + r"(?!\w)"
        for short in sorted(ABBREVIATIONS, key=len, reverse=True)
    )
)
# Words in capitals ("SWOT", "DGS", "ÖPNV"); a single capital letter is a letter, not an abbreviation.
_CAPITALS = re.compile(r"(?<![\w-])[A-ZÄÖÜ]{2,}s?(?!\w)")
_WORD = re.compile(r"[^\W\d_]+(?:[-·][^\W\d_]+)*")
# A sentence ends at . ! ? : or at the end of a line (a heading, a list item, a line of Leichte
# Sprache), once the abbreviations' full stops are out of the way.
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\s*\n\s*")


class Grade:
    """The figure's meaning in plain words."""

    # (below this figure, label): roughly the school year a reader needs.
    LABELS = (
        (6.0, gettext_lazy("easy – fits Leichte Sprache")),
        (9.0, gettext_lazy("fairly easy")),
        (12.0, gettext_lazy("medium – simplify for Leichte Sprache")),
        (14.0, gettext_lazy("hard")),
        (float("inf"), gettext_lazy("very hard")),
    )

    @classmethod
    def of(cls, score: float) -> str:
        return str(next(label for upper, label in cls.LABELS if score < upper))


@dataclass(frozen=True)
class Hint:
    text: str
    """The passage the hint is about."""
    suggestion: str


@dataclass(frozen=True)
class Analysis:
    words: int
    sentences: int
    score: float | None
    """The first Wiener Sachtextformel; None for a text without words."""
    grade: str
    long_sentences: list[Hint] = field(default_factory=list)
    long_words: list[Hint] = field(default_factory=list)
    abbreviations: list[Hint] = field(default_factory=list)

    @property
    def hint_count(self) -> int:
        return len(self.long_sentences) + len(self.long_words) + len(self.abbreviations)


@lru_cache(maxsize=1)
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="de_DE")


def plain_text(text: str) -> str:
    """The text without the Markdown marks that are no words (headings, lists, emphasis, links)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"https?://\S+|\S+@\S+\.\w+", " ", text)
    text = re.sub(r"^\s*(?:#+|[-*+]|\d+\.)\s+", "", text, flags=re.MULTILINE)
    return re.sub(r"[*_`>]+", "", text)


def sentences_of(text: str) -> list[str]:
    """The sentences of a plain text; the full stops of abbreviations ("z. B.") end none."""
    masked = _ABBREVIATION.sub(lambda match: match.group(0).replace(".", "\x00"), text)
    parts = (part.replace("\x00", ".").strip() for part in _SENTENCE_END.split(masked))
    return [part for part in parts if _WORD.search(part)]


def word_split(word: str, *, hyphenate: bool = True) -> str:
    """A long word with a Mediopunkt where it may be split: "Bürgerbeteiligung" → "Bürger·beteiligung".

    The compound's parts when core.german knows them (each long part split again), else (with
    `hyphenate`) the hyphenation point nearest the middle; the word unchanged when neither finds a place."""
    parts = compound_parts(word)
    if parts:
        first, head = parts
        link = word[len(first) : len(word) - len(head)]
        if len(first) >= SPLIT_AGAIN:
            first = word_split(first, hyphenate=False)
        if len(head) >= SPLIT_AGAIN:
            head = word_split(head, hyphenate=False)
        return f"{first}{link}{MEDIOPUNKT}{head[:1].lower()}{head[1:]}"
    if not hyphenate:
        return word
    positions = _hyphenator().positions(word)
    if not positions:
        return word
    middle = min(positions, key=lambda position: abs(position - len(word) / 2))
    return f"{word[:middle]}{MEDIOPUNKT}{word[middle:]}"


def _long_words(text: str) -> list[Hint]:
    hints: list[Hint] = []
    seen: set[str] = set()
    for match in _WORD.finditer(text):
        for word in re.split(r"[-·]", match.group(0)):
            if len(word) <= LONG_WORD_LETTERS or word in seen:
                continue
            seen.add(word)
            split = word_split(word)
            if split != word:
                suggestion = _("Split it with a Mediopunkt: “%(split)s”, or use a shorter word.") % {"split": split}
            else:
                suggestion = _("Use a shorter word, or explain it in a sentence of its own.")
            hints.append(Hint(text=word, suggestion=suggestion))
    return hints


def _abbreviations(text: str) -> list[Hint]:
    hints: list[Hint] = []
    seen: set[str] = set()
    for match in _ABBREVIATION.finditer(text):
        short = match.group(0)
        key = re.sub(r"\s", "", short)
        if key in seen:
            continue
        seen.add(key)
        full = next(value for abbr, value in ABBREVIATIONS.items() if re.sub(r"\s", "", abbr) == key)
        hints.append(Hint(text=short, suggestion=_("Write “%(full)s” instead.") % {"full": full}))
    for match in _CAPITALS.finditer(text):
        word = match.group(0)
        if word in seen:
            continue
        seen.add(word)
        hints.append(Hint(text=word, suggestion=_("Write the words out, or explain the short form the first time.")))
    return hints


def syllables(word: str) -> int:
    """Syllables of a German word: its hyphenation points plus one."""
    return len(_hyphenator().positions(word.lower())) + 1


def wiener_sachtextformel(sentences: list[list[str]]) -> float:
    """The first Wiener Sachtextformel of sentences given as their words (see the module's text)."""
    words = [word for sentence in sentences for word in sentence]
    if not words:
        return 0.0
    counts = [syllables(word) for word in words]
    ms = 100 * sum(1 for count in counts if count >= 3) / len(words)
    sl = len(words) / len(sentences)
    iw = 100 * sum(1 for word in words if len(word) > 6) / len(words)
    es = 100 * sum(1 for count in counts if count == 1) / len(words)
    return 0.1935 * ms + 0.1672 * sl + 0.1297 * iw - 0.0327 * es - 0.875


def readability_analyse(text: str) -> Analysis:
    """The readability figure of a German text and the places to change, each with a suggestion."""
    text = plain_text((text or "")[:MAX_TEXT])
    sentences = sentences_of(text)
    word_count = sum(len(_WORD.findall(sentence)) for sentence in sentences)
    if not word_count:
        return Analysis(words=0, sentences=0, score=None, grade="")
    # Very short, plain texts come out below zero; 0 reads better and means the same: very easy.
    score = max(0.0, round(wiener_sachtextformel([_WORD.findall(sentence) for sentence in sentences]), 1))
    long_sentences = []
    for sentence in sentences:
        count = len(_WORD.findall(sentence))
        if count > LONG_SENTENCE_WORDS:
            long_sentences.append(
                Hint(
                    text=sentence,
                    suggestion=_("%(count)s words: make two or more sentences, one statement each.") % {"count": count},
                )
            )
    return Analysis(
        words=word_count,
        sentences=len(sentences),
        score=score,
        grade=Grade.of(score),
        long_sentences=long_sentences,
        long_words=_long_words(text),
        abbreviations=_abbreviations(text),
    )
