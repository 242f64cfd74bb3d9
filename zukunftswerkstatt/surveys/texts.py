"""Free-text answers: read by those who coordinate, marked publishable or not for publication, and
quoted on the results page once publishable (docs/surveys.md, "Results").

A text is never published on its own: every new text is “not reviewed yet”, and only the ones the
team marked publishable are quoted, without the person, their town or age group. Texts are deleted
when the survey's retention time runs out (`services.texts_expire`); `retention_until` says when.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import RowNumber

from .models import TEXT_KINDS, Answer, Survey, TextReview
from .results import SurveyResults

QUOTES_PER_QUESTION = 12
"""How many publishable texts the results page quotes per question (the newest reviewed first)."""


def retention_until(survey: Survey) -> dt.date:
    """The day the survey's free-text answers are deleted."""
    return (survey.module.phase.end + dt.timedelta(days=survey.text_retention_days)).date()


def text_answers(*, survey: Survey, question_id: int, review: str = "") -> QuerySet[Answer]:
    """The texts of one question (optionally in one review state), oldest first."""
    answers = (
        Answer.objects.filter(survey=survey, question_id=question_id, question__kind__in=TEXT_KINDS)
        .exclude(text="")
        .only("pk", "text", "text_review", "question_id")
        .order_by("pk")
    )
    if review:
        answers = answers.filter(text_review=review)
    return answers


def text_counts(*, survey: Survey) -> dict[tuple[int, str], int]:
    """(question, review state) → texts, for every text question of the survey (one query)."""
    rows = (
        Answer.objects.filter(survey=survey, question__kind__in=TEXT_KINDS)
        .exclude(text="")
        .order_by()
        .values_list("question_id", "text_review")
        .annotate(n=Count("*"))
    )
    return {(question_id, review): n for question_id, review, n in rows}


def text_reviews_set(*, survey: Survey, answer_ids: Iterable[int], review: str) -> int:
    """Mark texts of the survey publishable, not for publication or not reviewed yet; returns how many
    changed. Ids of other surveys or of answers that are not texts are ignored."""
    if review not in TextReview.values:
        raise ValueError(f"unknown review {review!r}")
    ids = [int(pk) for pk in answer_ids]
    with transaction.atomic():
        return (
            Answer.objects.filter(survey=survey, pk__in=ids, question__kind__in=TEXT_KINDS)
            .exclude(text="")
            .exclude(text_review=review)
            .update(text_review=review)
        )


def quotes_add(results: SurveyResults, *, per_question: int = QUOTES_PER_QUESTION) -> None:
    """Fill in each text question's publishable texts (at most `per_question`) and how many there are
    in all: one query, whatever the number of questions."""
    text_ids = [result.question.pk for result in results.with_texts]
    if not text_ids:
        return
    rows = (
        Answer.objects.filter(survey=results.survey, question_id__in=text_ids, text_review=TextReview.PUBLISHED)
        .exclude(text="")
        .annotate(
            place=Window(RowNumber(), partition_by=[F("question_id")], order_by=[F("pk").desc()]),
            published=Window(Count("*"), partition_by=[F("question_id")]),
        )
        .filter(place__lte=per_question)
        .order_by("question_id", "place")
        .values_list("question_id", "text", "published")
    )
    by_question = {result.question.pk: result for result in results.with_texts}
    for question_id, text, published in rows:
        result = by_question[question_id]
        result.quotes.append(text)
        result.published = published
