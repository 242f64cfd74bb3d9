"""How alike two short German texts are: duplicate hints and themes (docs/similarity.md).

A text becomes *features*, each a term with a weight (core/german.py gives the words):

* every content word in its canonical form (lemma, stem, folded): "Busse" → "bus", weight 1;
* the known parts of a compound, weight PART_WEIGHT: "Busverbindung" → "bus", "verbind";
* the concepts of german_concepts.txt a word or a part belongs to, weight CONCEPT_WEIGHT, as a term
  of its own ("~nahverkehr"), so that "Kita" and "Kindergarten" meet.

Two texts are compared by the cosine of their feature vectors weighted by how rare a term is in the
collection (inverse document frequency: a word in every contribution says nothing). Before that,
a word of one text that the other has with a spelling slip ("Bushaltestele") counts as the same
word (rapidfuzz, ratio ≥ SLIP_RATIO), and two texts that are near-identical word for word count as
duplicates whatever their weights.

The functions here know no models; ideas/similarity.py keeps the features of each contribution in
an index table and asks for the candidates in SQL; themes cluster items with scikit-learn.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from . import german

PART_WEIGHT = 0.5
CONCEPT_WEIGHT = 0.6
# A word that appears several times counts at most this much.
MAX_TERM_WEIGHT = 2.0
# Words in the title say what a contribution is about: they count this much more.
TITLE_WEIGHT = 1.5
# Two words are the same word with a slip when rapidfuzz's ratio reaches this, and both are this long.
SLIP_RATIO = 84
SLIP_MIN_LENGTH = 5
# Near-identical texts (the same person twice, a copy): word-order-free ratio of the folded texts.
NEAR_IDENTICAL_RATIO = 90
NEAR_IDENTICAL_SCORE = 0.95
NEAR_IDENTICAL_MIN_WORDS = 4

# Scores at or above this are shown as "similar contributions" (tuned on the dev half of
# tests/similarity/data/pairs.tsv, measured on the other half: benchmarks/similarity.py).
DUPLICATE_THRESHOLD = 0.5

CONCEPT_PREFIX = "~"


@dataclass
class Features:
    """A text's terms with their weights, the words they came from (for theme names) and the folded
    text for the near-identical check."""

    weights: dict[str, float] = field(default_factory=dict)
    surfaces: dict[str, Counter] = field(default_factory=dict)
    folded: str = ""

    def add(self, term: str, weight: float, surface: str = "") -> None:
        self.weights[term] = min(self.weights.get(term, 0.0) + weight, MAX_TERM_WEIGHT)
        if surface:
            self.surfaces.setdefault(term, Counter())[surface] += 1


@lru_cache(maxsize=1)
def _filler_forms() -> frozenset[str]:
    """Function and filler words in their canonical forms: "könnten" is left out as "konnt" is."""
    return frozenset(german.canonical(w) for w in german.STOP_WORDS | german.FILLER_WORDS)


def _content_words(text: str) -> list[str]:
    result = []
    fillers = _filler_forms()
    for word in german.words(text):
        folded = german.fold(word)
        if folded in german.STOP_WORDS or folded in german.FILLER_WORDS or german.canonical(word) in fillers:
            continue
        result.append(word)
    return result


def _add_text(result: Features, text: str, factor: float) -> list[str]:
    content = _content_words(text)
    forms = [german.canonical(w) for w in content]
    for word, form in zip(content, forms, strict=True):
        if len(form) < 2:
            continue
        result.add(form, factor, word)
        for concept in german.concepts(form):
            result.add(CONCEPT_PREFIX + concept, factor * CONCEPT_WEIGHT)
        parts = german.compound_parts(word)
        for part in parts:
            part_form = german.canonical(part)
            if len(part_form) >= 3 and part_form != form:
                result.add(part_form, factor * PART_WEIGHT, part)
                for concept in german.concepts(part_form):
                    result.add(CONCEPT_PREFIX + concept, factor * PART_WEIGHT * CONCEPT_WEIGHT)
    # Concepts of several words ("nach 18 Uhr" → "18 uhr", "junge Leute" → "jung leut").
    for size in (2, 3):
        for i in range(len(forms) - size + 1):
            for concept in german.concepts(" ".join(forms[i : i + size])):
                result.add(CONCEPT_PREFIX + concept, factor * CONCEPT_WEIGHT)
    return [german.fold(w) for w in content]


def features(title: str = "", text: str = "") -> Features:
    """The features of a contribution (title and text) or of a card (text only)."""
    result = Features()
    folded = _add_text(result, title, TITLE_WEIGHT) + _add_text(result, text, 1.0)
    result.folded = " ".join(folded)
    return result


def idf(document_frequency: int, documents: int) -> float:
    """Smoothed inverse document frequency, as scikit-learn computes it."""
    return math.log((1 + documents) / (1 + document_frequency)) + 1


def weighted(features_: Features, idfs: Mapping[str, float], default_idf: float) -> dict[str, float]:
    return {term: weight * idfs.get(term, default_idf) for term, weight in features_.weights.items()}


def _norm(vector: Mapping[str, float]) -> float:
    return math.sqrt(sum(v * v for v in vector.values()))


def _with_slips(vector: dict[str, float], other: Mapping[str, float]) -> dict[str, float]:
    """The vector with each word the other vector lacks renamed to the other's word it nearly is."""
    missing = [t for t in vector if t not in other and len(t) >= SLIP_MIN_LENGTH and not t.startswith(CONCEPT_PREFIX)]
    if not missing:
        return vector
    candidates = [t for t in other if t not in vector and len(t) >= SLIP_MIN_LENGTH and not t.startswith("~")]
    if not candidates:
        return vector
    result = dict(vector)
    for term in missing:
        best = max(candidates, key=lambda c: fuzz.ratio(term, c))
        if fuzz.ratio(term, best) >= SLIP_RATIO:
            result[best] = result.get(best, 0.0) + result.pop(term)
    return result


def may_be_a_slip(term: str) -> bool:
    """Whether a term that a collection lacks could be a word written with a slip."""
    return len(term) >= SLIP_MIN_LENGTH and not term.startswith(CONCEPT_PREFIX) and term.isalpha()


def slip_corrections(unknown: Iterable[str], vocabulary: list[str]) -> dict[str, str]:
    """Each unknown term mapped to the term of the vocabulary it nearly is, where there is one."""

    result = {}
    for term in unknown:
        match = process.extractOne(term, vocabulary, scorer=fuzz.ratio, score_cutoff=SLIP_RATIO)
        if match is not None:
            result[term] = match[0]
    return result


def with_corrections(features_: Features, corrections: Mapping[str, str]) -> Features:
    """The features with corrected words: the word's weight moves to the word it was meant to be."""
    result = Features(surfaces=features_.surfaces, folded=features_.folded)
    for term, weight in features_.weights.items():
        result.add(corrections.get(term, term), weight)
    return result


@dataclass(frozen=True)
class Signals:
    """What a comparison of two texts measures: the cosine of their weighted vectors, how many terms
    they share (words, parts, concepts), and how rare the rarest shared term is (its idf as a share of
    the idf of a term no text has, so the same for a small and a large collection)."""

    cosine: float
    shared: int
    rarity: float


def signals(a: Features, b: Features, idfs: Mapping[str, float], default_idf: float) -> Signals:
    va = weighted(a, idfs, default_idf)
    vb = weighted(b, idfs, default_idf)
    va = _with_slips(va, vb)
    na, nb = _norm(va), _norm(vb)
    if not na or not nb:
        return Signals(0.0, 0, 0.0)
    shared = [t for t in va if t in vb]
    cosine = sum(va[t] * vb[t] for t in shared) / (na * nb)
    rarity = max((idfs.get(t, default_idf) for t in shared), default=0.0) / default_idf
    return Signals(cosine, len(shared), rarity)


# The score is a logistic regression of the signals, fitted on the "dev" pairs of
# tests/similarity/data/pairs.tsv (duplicate against related and unrelated) by
# `benchmarks/similarity.py --fit`: the cosine alone cannot tell a duplicate from a contribution on
# the same topic with another concern; how many terms two texts share, and how rare, helps.
MODEL = {"intercept": -3.304, "cosine": -0.182, "shared": 0.678, "rarity": 0.789}


def probability(found: Signals, model: Mapping[str, float] | None = None) -> float:
    m = model or MODEL
    z = m["intercept"] + m["cosine"] * found.cosine + m["shared"] * found.shared + m["rarity"] * found.rarity
    return 1 / (1 + math.exp(-z))


def is_near_identical(a: Features, b: Features) -> bool:
    return bool(
        a.folded
        and b.folded
        and min(a.folded.count(" "), b.folded.count(" ")) + 1 >= NEAR_IDENTICAL_MIN_WORDS
        and fuzz.token_sort_ratio(a.folded, b.folded) >= NEAR_IDENTICAL_RATIO
    )


def score(a: Features, b: Features, idfs: Mapping[str, float], default_idf: float) -> float:
    """How likely two texts say the same thing, from 0 to 1 (the model's probability of a duplicate)."""
    if is_near_identical(a, b):
        return NEAR_IDENTICAL_SCORE
    found = signals(a, b, idfs, default_idf)
    if not found.shared:
        return 0.0
    return probability(found)


def cosine(a: Features, b: Features, idfs: Mapping[str, float], default_idf: float) -> float:
    """The cosine of the two texts' weighted vectors (what themes cluster by)."""
    return signals(a, b, idfs, default_idf).cosine


def document_frequencies(items: Iterable[Features]) -> tuple[dict[str, int], int]:
    counts: Counter = Counter()
    n = 0
    for item in items:
        n += 1
        counts.update(item.weights.keys())
    return dict(counts), n


def idfs_from(items: Iterable[Features]) -> tuple[dict[str, float], float]:
    """The idf of every term of a collection, and the idf of a term it does not have."""
    counts, n = document_frequencies(items)
    return {term: idf(df, n) for term, df in counts.items()}, idf(0, n)
