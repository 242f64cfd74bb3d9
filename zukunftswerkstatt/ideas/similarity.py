"""Similar contributions in a collection: the hints while writing and the moderators' suggested
duplicates (core/similarity.py says how texts are compared; docs/similarity.md why).

Each contribution's features are rows of `SimilarityTerm` (term, weight), written with the
contribution. For a new text, five queries whatever the size of the collection:

1. how many contributions the collection has, 2. in how many of them each of the text's terms
occurs (the terms' rarity), 3. the CANDIDATES contributions with the largest sum of shared terms'
weights (SQL, one index on module and term), 4. those contributions, 5. the rarity of their other
terms; then the exact score of each candidate in Python, and the best ones above the threshold.
A word of the new text that no contribution has and that may be a spelling slip costs one more
query (the collection's words with the same first letters) and two more (the rarity, again).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Case, Count, F, FloatField, Q, Sum, Value, When

from zukunftswerkstatt.core import similarity
from zukunftswerkstatt.processes.models import Module

from .models import Idea, SimilarityTerm, Status, Visibility

# How many contributions the SQL step hands to the exact comparison.
CANDIDATES = 40
# A text's strongest terms that look for candidates (a long text has many; the rest still count
# in the exact comparison).
QUERY_TERMS = 24
HINTS = 5
# At most this many words of the collection are read to correct the spelling slips of a new text.
VOCABULARY = 5000
# Contributions that are not shown as similar: gone from the list or already merged.
_HIDDEN_STATUSES = (Status.WITHDRAWN, Status.MERGED)


@dataclass
class SimilarIdea:
    idea: Idea
    score: float


def idea_features(idea: Idea) -> similarity.Features:
    return similarity.features(idea.title, idea.text)


def similarity_rows(idea: Idea) -> list[SimilarityTerm]:
    """The index rows of a contribution's features, not saved (also for bulk writes: the reindex
    command, the benchmark)."""
    return [
        SimilarityTerm(idea_id=idea.pk, module_id=idea.module_id, term=term[:64], weight=round(weight, 4))
        for term, weight in idea_features(idea).weights.items()
    ]


@transaction.atomic
def idea_index_similarity(idea: Idea) -> None:
    """Write the contribution's features (after a change of its title or text)."""
    SimilarityTerm.objects.filter(idea=idea).delete()
    SimilarityTerm.objects.bulk_create(similarity_rows(idea))


def _frequencies(*, module: Module, terms) -> dict[str, int]:
    """In how many contributions of the collection each of the terms occurs (one GROUP BY)."""
    return dict(
        SimilarityTerm.objects.filter(module=module, term__in=list(terms))
        .values_list("term")
        .annotate(n=Count("id"))
        .values_list("term", "n")
    )


def _visible() -> Q:
    return Q(idea__visibility=Visibility.PUBLISHED) & ~Q(idea__status__in=_HIDDEN_STATUSES)


def _corrected(*, module: Module, unknown: list[str]) -> dict[str, str]:
    """Words of a new text that no contribution has, mapped to a word of the collection they nearly
    are ("bushaltestele" → "bushaltestell"): the collection's words with the same first three letters."""
    prefixes = Q()
    for term in unknown:
        prefixes |= Q(term__startswith=term[:3])
    vocabulary = list(
        SimilarityTerm.objects.filter(module=module)
        .filter(prefixes)
        .values_list("term", flat=True)
        .distinct()[:VOCABULARY]
    )
    return similarity.slip_corrections(unknown, vocabulary)


def similar_ideas(
    *,
    module: Module,
    title: str = "",
    text: str = "",
    exclude: int | None = None,
    limit: int = HINTS,
    threshold: float = similarity.DUPLICATE_THRESHOLD,
) -> list[SimilarIdea]:
    """The published contributions of the collection that say something similar, most similar first."""
    query = similarity.features(title, text)
    if not query.weights:
        return []
    terms = sorted(query.weights, key=lambda t: -query.weights[t])[:QUERY_TERMS]
    documents = Idea.objects.filter(module=module).count()
    if not documents:
        return []
    frequencies = _frequencies(module=module, terms=terms)
    unknown = [t for t in terms if t not in frequencies and similarity.may_be_a_slip(t)]
    if unknown:
        corrected = _corrected(module=module, unknown=unknown)
        if corrected:
            query = similarity.with_corrections(query, corrected)
            terms = sorted(query.weights, key=lambda t: -query.weights[t])[:QUERY_TERMS]
            frequencies = _frequencies(module=module, terms=terms)
    if not frequencies:
        return []
    idfs = {term: similarity.idf(frequencies.get(term, 0), documents) for term in terms}
    weights = Case(
        *[When(term=term, then=Value(query.weights[term] * idfs[term] ** 2)) for term in frequencies],
        default=Value(0.0),
        output_field=FloatField(),
    )
    candidates = (
        SimilarityTerm.objects.filter(module=module, term__in=list(frequencies))
        .filter(_visible())
        .exclude(idea_id=exclude)
        .values("idea_id")
        .annotate(overlap=Sum(F("weight") * weights))
        .order_by("-overlap", "-idea_id")
        .values_list("idea_id", flat=True)[:CANDIDATES]
    )
    ids = list(candidates)
    if not ids:
        return []
    ideas = list(Idea.objects.filter(pk__in=ids).select_related("module"))
    candidate_features = {idea.pk: idea_features(idea) for idea in ideas}
    others = {term for f in candidate_features.values() for term in f.weights} - set(idfs)
    if others:
        found = _frequencies(module=module, terms=sorted(others))
        idfs.update({term: similarity.idf(n, documents) for term, n in found.items()})
    default = similarity.idf(0, documents)
    scored = [
        SimilarIdea(idea=idea, score=similarity.score(query, candidate_features[idea.pk], idfs, default))
        for idea in ideas
    ]
    scored = [s for s in scored if s.score >= threshold]
    scored.sort(key=lambda s: (-s.score, -s.idea.pk))
    return scored[:limit]


@dataclass
class DuplicatePair:
    newer: Idea
    older: Idea
    score: float


# The overview compares the newest contributions with all others (a moderator goes through what is
# new; comparing every pair of 10,000 would be 50 million pairs).
PAIR_NEWEST = 300
PAIRS = 50


def duplicate_pairs(*, module: Module, limit: int = PAIRS, newest: int = PAIR_NEWEST) -> list[DuplicatePair]:
    """The pairs of published contributions of a collection most likely to say the same thing, best
    first: the overview a moderator starts from. Each of the `newest` contributions is compared with
    every other one, with the same three signals and model as the hints (core.similarity), as sparse
    matrix products (scipy): two queries, then arithmetic. Spelling slips are not corrected here."""
    import numpy as np
    from scipy import sparse

    visible = Q(visibility=Visibility.PUBLISHED) & ~Q(status__in=_HIDDEN_STATUSES)
    ideas = {
        idea.pk: idea
        for idea in Idea.objects.filter(module=module)
        .filter(visible)
        .only("pk", "module_id", "title", "text", "reference", "created")
    }
    if len(ideas) < 2:
        return []
    order = sorted(ideas, key=lambda pk: (ideas[pk].created, pk))
    row_of = {pk: i for i, pk in enumerate(order)}
    columns: dict[str, int] = {}
    cells: list[tuple[int, int, float]] = []
    for idea_id, term, weight in SimilarityTerm.objects.filter(module=module, idea_id__in=order).values_list(
        "idea_id", "term", "weight"
    ):
        cells.append((row_of[idea_id], columns.setdefault(term, len(columns)), weight))
    if not cells:
        return []
    rows_, cols_, weights_ = (np.array(values) for values in zip(*cells, strict=True))
    shape = (len(order), len(columns))
    present = sparse.csr_matrix((np.ones(len(cells)), (rows_, cols_)), shape=shape)
    frequency = np.asarray(present.sum(axis=0)).ravel()
    idfs = np.log((1 + len(order)) / (1 + frequency)) + 1
    default = similarity.idf(0, len(order))
    vectors = sparse.csr_matrix((weights_ * idfs[cols_], (rows_, cols_)), shape=shape)
    norms = np.sqrt(np.asarray(vectors.multiply(vectors).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    vectors = sparse.diags(1 / norms) @ vectors
    first_recent = max(len(order) - newest, 0)
    shared = (present[first_recent:] @ present.T).tocoo()
    firsts = shared.row + first_recent
    cosines = np.asarray((vectors[first_recent:] @ vectors.T).tocsr()[shared.row, shared.col]).ravel()
    # Each pair once (the newer first), and only pairs that can reach the threshold: enough shared
    # terms for the model, or alike enough to be near-identical texts.
    keep = (shared.col < firsts) & ((shared.data >= _min_shared()) | (cosines >= NEAR_IDENTICAL_COSINE))
    indices, pointers = present.indices, present.indptr
    terms_of: dict[int, set] = {}

    def terms(row: int) -> set:
        if row not in terms_of:
            terms_of[row] = set(indices[pointers[row] : pointers[row + 1]].tolist())
        return terms_of[row]

    found = []
    for first, second, count, cosine in zip(
        firsts[keep], shared.col[keep], shared.data[keep], cosines[keep], strict=True
    ):
        rarity = max(idfs[t] for t in terms(first) & terms(second)) / default
        value = similarity.probability(similarity.Signals(float(cosine), int(count), float(rarity)))
        if cosine >= NEAR_IDENTICAL_COSINE:
            a, b = idea_features(ideas[order[first]]), idea_features(ideas[order[second]])
            if similarity.is_near_identical(a, b):
                value = max(value, similarity.NEAR_IDENTICAL_SCORE)
        if value >= similarity.DUPLICATE_THRESHOLD:
            found.append(DuplicatePair(newer=ideas[order[first]], older=ideas[order[second]], score=value))
    found.sort(key=lambda pair: (-pair.score, -pair.newer.pk, -pair.older.pk))
    return found[:limit]


def _min_shared() -> int:
    """The fewest shared terms with which the model can reach the threshold (at the most favourable
    cosine and rarity)."""
    model = similarity.MODEL
    target = math.log(similarity.DUPLICATE_THRESHOLD / (1 - similarity.DUPLICATE_THRESHOLD))
    rest = model["intercept"] + max(model["cosine"], 0) + max(model["rarity"], 0)
    return max(math.ceil((target - rest) / model["shared"]), 1)


# Only pairs this alike in their weighted words can be near-identical texts: the check with rapidfuzz
# runs for them alone.
NEAR_IDENTICAL_COSINE = 0.8
