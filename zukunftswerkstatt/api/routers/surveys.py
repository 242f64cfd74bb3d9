"""Surveys of a process and, where the team made them public, their results.

The results are exactly those of the public results page (`surveys.results.survey_results`, with the
same small-number suppression: a figure of 1 to 4 people is null with "suppressed": true, and the
figures that would give it away are hidden with it) and the quotes staff marked publishable. No single
response, no free text beyond those quotes, nothing about a respondent.
"""

import datetime as dt
from dataclasses import fields, is_dataclass
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import Promise
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.core.suppression import Figure, Table
from zukunftswerkstatt.surveys import texts
from zukunftswerkstatt.surveys.models import Option, Question, Survey
from zukunftswerkstatt.surveys.results import BREAKDOWNS, Composition, QuestionResult, survey_results
from zukunftswerkstatt.surveys.services import survey_accepts

from ..conventions import CursorPage, choice, public_modules, public_process

router = Router(tags=["Surveys"])


class SurveyOut(Schema):
    id: int
    module: int
    title: str
    intro: str
    accepts_answers: bool = Field(..., description="Whether it takes answers online now.")
    is_closed: bool
    results_public: bool
    results: str | None = Field(None, description="API address of the results, where they are public.")
    url: str

    @staticmethod
    def resolve_module(survey: Survey) -> int:
        return survey.module_id

    @staticmethod
    def resolve_title(survey: Survey) -> str:
        return str(survey.title)

    @staticmethod
    def resolve_intro(survey: Survey) -> str:
        return str(survey.intro_text)

    @staticmethod
    def resolve_accepts_answers(survey: Survey) -> bool:
        return survey_accepts(survey)

    @staticmethod
    def resolve_results(survey: Survey) -> str | None:
        if not survey.results_public:
            return None
        process = survey.module.phase.process
        return absolute_url(
            f"/api/v1/organisations/{process.organisation.slug}/processes/{process.slug}/surveys/{survey.pk}/results"
        )

    @staticmethod
    def resolve_url(survey: Survey) -> str:
        return absolute_url(reverse("surveys:module", kwargs={"module_pk": survey.module_id}))


def _surveys(process):
    return Survey.objects.filter(module__in=public_modules(process, "survey")).select_related(
        "module__phase__process__organisation"
    )


@router.get(
    "/organisations/{org}/processes/{process}/surveys",
    response=list[SurveyOut],
    summary="Surveys of a process",
    description="The surveys of the process's published survey modules.",
)
@paginate(CursorPage, ordering=("pk",))
def survey_list(request: HttpRequest, org: str, process: str):
    return _surveys(public_process(org, process))


# What the results hold, by type: every value goes through `_plain`, which knows each kind of thing
# the results are made of and refuses anything else, so that a later field with raw numbers in it
# cannot slip out unsuppressed.
SKIPPED_FIELDS = {"survey", "counts", "population", "option_id"}


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Figure):
        return {"count": value.shown, "suppressed": value.hidden}
    if isinstance(value, Table):
        return {
            "rows": [
                {
                    "row": _plain(row),
                    "cells": [{"column": _plain(column), **_plain(value.get(row, column))} for column in value.columns],
                }  # fmt: skip
                for row in value.rows
            ]
        }
    if isinstance(value, Question):
        return {"id": value.pk, "text": str(value.text), "kind": value.kind}
    if isinstance(value, Option):
        return {"id": value.pk, "text": str(value.text)}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return {
            item.name: _plain(getattr(value, item.name)) for item in fields(value) if item.name not in SKIPPED_FIELDS
        }
    raise TypeError(f"survey results: no public form for {type(value).__name__}")


class ResultsOut(Schema):
    survey: int
    title: str
    breakdown: str | None = Field(None, description='"town" or "age" when asked for with ?by=.')
    responses: int = Field(..., description="Responses in all.")
    channels: list[dict] = Field(..., description="Responses per channel (suppressed).")
    composition: dict = Field(..., description="Respondents by town and age group (suppressed).")
    questions: list[dict] = Field(..., description="Each question's result, as on the results page.")
    url: str


@router.get(
    "/organisations/{org}/processes/{process}/surveys/{id}/results",
    response=ResultsOut,
    summary="Results of a survey",
    description="Where the team made them public; small numbers of people are suppressed as on the page.",
)
def survey_results_endpoint(request: HttpRequest, org: str, process: str, id: int, by: str | None = None):  # noqa: A002
    survey = get_object_or_404(_surveys(public_process(org, process)), pk=id)
    if not survey.results_public:
        raise Http404
    choice("by", by, BREAKDOWNS)
    outcome = survey_results(survey, by)
    texts.quotes_add(outcome)
    questions: list[QuestionResult] = outcome.questions
    composition: Composition = outcome.composition
    return {
        "survey": survey.pk,
        "title": str(survey.title),
        "breakdown": by,
        "responses": outcome.total,
        "channels": [{"channel": key, "label": label, **_plain(figure)} for key, label, figure in outcome.channels],
        "composition": {
            "table": _plain(composition.table),
            "town_labels": _plain(composition.town_labels),
            "age_labels": _plain(composition.age_labels),
        },
        "questions": [_plain(result) for result in questions],
        "url": absolute_url(reverse("surveys:results", kwargs={"module_pk": survey.module_id})),
    }
