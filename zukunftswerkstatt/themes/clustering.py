"""Grouping short German texts into themes (docs/themes.md).

1. Each item (a contribution's title and text, a card's text) becomes features
   (`core.similarity.features`: canonical words, compound parts, concepts), weighted by how rare a
   term is in this collection (`similarity.idfs_from`, `similarity.weighted`): tf-idf; concepts
   count CONCEPT_BOOST times more.
2. The vectors go into a sparse matrix (scikit-learn's DictVectorizer), each row scaled to length 1,
   so that the product of two rows is their cosine similarity.
3. Agglomerative clustering with average linkage (scikit-learn) on the cosine distances joins the
   closest groups until the average distance between two groups exceeds THRESHOLD. The distances
   are handed over precomputed (the same as `metric="cosine"`): the product of the sparse matrix
   with itself is cheap, while scikit-learn would first make the matrix dense.
4. Groups smaller than MIN_SIZE are "not in a theme".
5. A theme's words are its terms with the largest summed tf-idf weight, concepts ("~…") left out,
   each shown as the word people wrote most often for it; its suggested name joins the first
   TITLE_WORDS of them.

scikit-learn is imported inside `cluster()`: web processes that never cluster do not load it.
THRESHOLD was tuned on the dev split of tests/similarity/data/themes.tsv (benchmarks/themes.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from zukunftswerkstatt.core import german, similarity

# The largest average cosine distance at which two groups are still joined into one theme.
THRESHOLD = 0.95
# Concepts ("~nahverkehr": Bus, Bahn, Fahrplan) count this much more than in the duplicate hints:
# a theme gathers texts that speak of one subject in different words, where a duplicate says the
# same thing (tuned with THRESHOLD).
CONCEPT_BOOST = 2.0
# A theme has at least this many items; smaller groups are "not in a theme".
MIN_SIZE = 2
MAX_WORDS = 5
MIN_WORDS = 3
TITLE_WORDS = 3
# A word whose summed weight is below this share of the theme's strongest word is left out (beyond
# MIN_WORDS): it does not characterise the theme.
WORD_SHARE = 0.25


@dataclass(frozen=True)
class Item:
    """One text to group: `key` says what it is ("idea-12", "card-7")."""

    key: str
    title: str = ""
    text: str = ""


@dataclass
class Group:
    keys: list[str]
    words: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return ", ".join(self.words[:TITLE_WORDS])


def _surface(counter: Counter | None, term: str, whole_words: set[str]) -> str:
    if not counter:
        return term
    # A word people wrote rather than a part of a compound ("Fahrdienst" gives the part "Fahr").
    candidates = [pair for pair in counter.items() if german.fold(pair[0]) in whole_words] or list(counter.items())
    # The most frequent form; among equally frequent ones the shortest (the base form, usually).
    return min(candidates, key=lambda pair: (-pair[1], len(pair[0]), pair[0]))[0]


def theme_words(
    vectors: Sequence[dict[str, float]], features: Sequence[similarity.Features], limit: int = MAX_WORDS
) -> list[str]:
    """The words that characterise a group: its strongest terms by summed tf-idf weight."""
    totals: Counter = Counter()
    surfaces: dict[str, Counter] = {}
    whole_words = {word for item in features for word in item.folded.split()}
    for vector, item in zip(vectors, features, strict=True):
        for term, weight in vector.items():
            if term.startswith(similarity.CONCEPT_PREFIX):
                continue
            totals[term] += weight
            if term in item.surfaces:
                surfaces.setdefault(term, Counter()).update(item.surfaces[term])
    words: list[str] = []
    seen: set[str] = set()
    top = None
    for term, weight in totals.most_common():
        if top is None:
            top = weight
        if len(words) >= limit or (len(words) >= MIN_WORDS and weight < WORD_SHARE * top):
            break
        word = _surface(surfaces.get(term), term, whole_words)
        folded = word.casefold()
        # "Bus" from "Busse" and the part "Bus" of "Busverbindung" are one word for the reader, and
        # "Spiel" says nothing beside "Spielplatz".
        if folded in seen or any(folded in other for other in seen):
            continue
        seen.add(folded)
        words.append(word)
    # Nouns first (German writes them with a capital): "Bus, fährt, abends" reads as a name,
    # "fährt, Bus, abends" does not. Otherwise the strongest first.
    return sorted(words, key=lambda word: not word[:1].isupper())


def cluster(items: Sequence[Item], *, threshold: float = THRESHOLD, min_size: int = MIN_SIZE) -> list[Group]:
    """The themes among the items, largest first; items in no theme are left out."""
    features = [similarity.features(item.title, item.text) for item in items]
    usable = [i for i, f in enumerate(features) if f.weights]
    if len(usable) < max(min_size, 2):
        return []
    idfs, default_idf = similarity.idfs_from(features[i] for i in usable)
    vectors = [similarity.weighted(features[i], idfs, default_idf) for i in usable]
    boosted = [
        {t: w * CONCEPT_BOOST if t.startswith(similarity.CONCEPT_PREFIX) else w for t, w in v.items()} for v in vectors
    ]

    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.preprocessing import normalize

    matrix = normalize(DictVectorizer().fit_transform(boosted), norm="l2")
    distances = 1.0 - (matrix @ matrix.T).toarray()
    distances[distances < 0] = 0.0
    labels = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
    ).fit_predict(distances)

    members: dict[int, list[int]] = {}
    for position, label in enumerate(labels):
        members.setdefault(int(label), []).append(position)
    groups = []
    for positions in members.values():
        if len(positions) < min_size:
            continue
        groups.append(
            Group(
                keys=[items[usable[p]].key for p in positions],
                words=theme_words([vectors[p] for p in positions], [features[usable[p]] for p in positions]),
            )
        )
    groups.sort(key=lambda g: (-len(g.keys), g.title))
    return groups
