"""Reading surveys: the questionnaire with its options in two queries, whether it takes answers."""

from __future__ import annotations

from django.db.models import Prefetch

from zukunftswerkstatt.processes.models import Module

from .models import Option, Question, Survey


def survey_of(module: Module) -> Survey:
    """The survey of a module of type "survey" (made on first use: the back office creates modules)."""
    try:
        return Survey.objects.select_related("module__phase__process__organisation").get(module=module)
    except Survey.DoesNotExist:
        survey, _created = Survey.objects.get_or_create(module=module)
        return Survey.objects.select_related("module__phase__process__organisation").get(pk=survey.pk)


def questions_for_answering(survey: Survey) -> list[Question]:
    """The questions in order with their options (two queries)."""
    return list(
        Question.objects.filter(survey=survey)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("options", queryset=Option.objects.order_by("position", "pk")))
    )


def numbered(questions: list[Question]) -> list[tuple[int | None, Question]]:
    """The questions with the numbers people see (section headings get none): 1, 2, 3 …"""
    result: list[tuple[int | None, Question]] = []
    number = 0
    for question in questions:
        if question.takes_answer:
            number += 1
            result.append((number, question))
        else:
            result.append((None, question))
    return result
