"""Search that understands German word forms, the same on SQLite and PostgreSQL.

How it works (docs/search.md has the reasoning and the trade-offs):

* At write time a text becomes a string of *terms*: every word is lemmatised with simplemma
  ("Spielplätze" → "Spielplatz", "Busse" → "Bus") and each form is case-folded (ß → ss), stripped of
  accents (é → e, ä → a) and stemmed with the German Snowball stemmer (snowballstemmer), which also
  folds umlauts and "ae/oe/ue". A word keeps all of its forms: " busse buss bus ". The string starts
  and ends with a space, so that " bus " is a whole term.
* At query time every word of the query is turned into the same forms. A word matches when one of
  its forms is *contained in* the stored terms: "spielplatz" is in " kinderspielplatz ", "bus" in
  " busverbind ". That is how a query that is part of a compound finds the compound, without a
  dictionary of compounds. The price: "bus" also finds "Busch"; ranking puts whole words first.
* Matching is a plain LIKE '%term%' on a text column, which both databases do the same way; on
  PostgreSQL a trigram index (pg_trgm) serves it.

The functions here know nothing about models, so ideas, the inventory or SWOT can all use them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Case, ExpressionWrapper, IntegerField, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# The word handling is shared with the similarity of contributions (core/german.py), so that the
# search and the duplicate hints understand the same words.
from .german import STOP_WORDS, WORD, compound_parts, concept_table, word_forms
from .german import is_stop_word as _is_stop_word
from .german import words as _words

__all__ = ["STOP_WORDS", "WORD", "word_forms"]

# A query of more words than this is cut: each word adds a condition to the SQL.
MAX_QUERY_WORDS = 10


def warm_up() -> None:
    """Load simplemma's German dictionary now (about 2 s, 110 MB) rather than on the first search:
    called before an application server forks its workers, they share one copy."""
    word_forms.cache_clear()
    word_forms("Spielplätze")
    compound_parts("Busverbindung")
    concept_table()


def terms(*texts: str) -> str:
    """The stored form of one or more texts: each word's forms, once each, between spaces."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in _words(text):
            if _is_stop_word(word):
                continue
            for form in sorted(word_forms(word)):
                seen.setdefault(form, None)
            # The parts of a compound are words of their own: "Busverbindung" holds "bus" as a whole
            # word, so it ranks with the whole-word matches for "Bus" (ahead of "Busch").
            for part in compound_parts(word):
                for form in sorted(word_forms(part)):
                    seen.setdefault(form, None)
    return f" {' '.join(seen)} " if seen else ""


@dataclass(frozen=True)
class SearchQuery:
    """A query as lists of alternatives: every word must match through one of its forms."""

    words: tuple[frozenset[str], ...]
    excluded: tuple[frozenset[str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.words or self.excluded)

    def matches_word(self, word: str) -> bool:
        """Whether a word of a text is (part of) what was searched for: the same rule as the database's."""
        forms = word_forms(word)
        return any(candidate in form for alternatives in self.words for candidate in alternatives for form in forms)


# "-Radweg": leave out what contains this word (as search engines, and PostgreSQL's websearch, do).
EXCLUDED = re.compile(r"(?:^|\s)-([^\W_]+)")


def _alternatives(words: list[str]) -> tuple[frozenset[str], ...]:
    alternatives: list[frozenset[str]] = []
    for word in words:
        forms = word_forms(word)
        if forms and forms not in alternatives:
            alternatives.append(forms)
    return tuple(alternatives[:MAX_QUERY_WORDS])


def parse_query(query: str) -> SearchQuery:
    """The words of a query in their searchable forms. Function words are left out unless there is
    nothing else ("Die Brücke" searches "Brücke"; "die" alone still searches "die")."""
    excluded = [w for w in EXCLUDED.findall(query or "") if not _is_stop_word(w)]
    words = _words(EXCLUDED.sub(" ", query or ""))
    content = [w for w in words if not _is_stop_word(w)] or words
    return SearchQuery(words=_alternatives(content), excluded=_alternatives(excluded))


def highlight(text: str, query: SearchQuery) -> SafeString:
    """The text, escaped, with every word that matched the query inside <mark>."""
    if not query:
        return escape(text)
    parts: list[str] = []
    position = 0
    for match in WORD.finditer(text):
        if query.matches_word(match.group()):
            parts.append(escape(text[position : match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece of user text above went through escape()


def excerpt(text: str, query: SearchQuery, *, words: int = 40, before: int = 8) -> SafeString:
    """About `words` words of the text, starting a little before the first match, highlighted.

    Without a match in the text it is the text's beginning, as the list shows it without a search.
    """
    tokens = text.split()
    start = 0
    if query:
        first = next((i for i, token in enumerate(tokens) if any(map(query.matches_word, WORD.findall(token)))), None)
        if first is not None and first >= words - before:
            start = first - before
    window = " ".join(tokens[start : start + words])
    html = highlight(window, query)
    prefix = "… " if start else ""
    suffix = " …" if start + words < len(tokens) else ""
    return mark_safe(f"{prefix}{html}{suffix}")  # noqa: S308 - highlight() escaped the text


def _contains(field: str, alternatives: frozenset[str], *, whole: bool = False) -> Q:
    condition = Q()
    for form in sorted(alternatives):
        # `contains` (LIKE '%…%', Django escapes % and _) rather than `icontains`: the terms are
        # already case-folded, and PostgreSQL's trigram index serves LIKE on the bare column.
        condition |= Q(**{f"{field}__contains": f" {form} " if whole else form})
    return condition


def search_queryset(queryset: QuerySet, query: SearchQuery, *, title_field: str, text_field: str) -> QuerySet:
    """Rows that match every word of the query, in their title terms or their text terms.

    Adds two aliases for ordering, computed the same way on every database:
    `search_title_hits` (how many query words the title matches) and `search_whole_hits` (how many
    match a whole word rather than part of a compound or a longer word). Order by
    `SEARCH_ORDER` first and the list's own order after it.
    """
    title_hits = []
    whole_hits = []
    for alternatives in query.words:
        in_title = _contains(title_field, alternatives)
        queryset = queryset.filter(in_title | _contains(text_field, alternatives))
        title_hits.append(Case(When(in_title, then=Value(1)), default=Value(0), output_field=IntegerField()))
        whole = _contains(title_field, alternatives, whole=True) | _contains(text_field, alternatives, whole=True)
        whole_hits.append(Case(When(whole, then=Value(1)), default=Value(0), output_field=IntegerField()))
    for alternatives in query.excluded:
        queryset = queryset.exclude(_contains(title_field, alternatives) | _contains(text_field, alternatives))
    if not title_hits:
        return queryset.alias(search_title_hits=Value(0), search_whole_hits=Value(0))
    return queryset.alias(search_title_hits=_sum(title_hits), search_whole_hits=_sum(whole_hits))


def _sum(expressions: list) -> ExpressionWrapper:
    total = expressions[0]
    for expression in expressions[1:]:
        total = total + expression
    return ExpressionWrapper(total, output_field=IntegerField())


# The ranking rules: title matches before text matches, whole words before parts of words.
SEARCH_ORDER = ("-search_title_hits", "-search_whole_hits")
