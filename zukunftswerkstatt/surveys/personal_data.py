"""What the surveys app keeps about a person (see accounts/privacy.py, docs/privacy.md "Surveys").

A response given with an account keeps the account only so that it cannot answer twice; results and
exports never show it. The person's download lists the surveys they answered with their answers
(it is their data). When the account is deleted the response stays, without the link to the account
(`Response.user` is SET_NULL): the answers keep counting, as anonymous as a guest's.

Guests' responses carry only a hash of their browser's random number (`guest_token`), which
nothing ties to a person; paper and phone answers carry no person at all.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.privacy import Treatment, registry, stamp

from .models import Answer, Kind, Response


def _answer_text(question, answers: list[Answer]) -> str:
    """One question's answer in words, as the person gave it (the questionnaire's own texts)."""
    kind = question.kind
    if kind in (Kind.SINGLE, Kind.YES_NO, Kind.MULTIPLE):
        return ", ".join(a.option.text for a in answers if a.option is not None)
    if kind == Kind.SCALE:
        labels = list(question.scale_labels or [])
        point = answers[0].value or 0
        label = labels[point - 1] if 0 < point <= len(labels) else ""
        return f"{point} – {label}" if label else str(point)
    if kind == Kind.NUMBER:
        number = answers[0].number
        text = str(number.normalize()) if number is not None else ""
        return f"{text} {question.unit}".strip()
    if kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
        return answers[0].text  # "" once the retention time deleted it
    if kind == Kind.RANKING:
        ranked = sorted(answers, key=lambda a: a.value or 0)
        return ", ".join(f"{a.value}. {a.option.text}" for a in ranked if a.option is not None)
    if kind == Kind.MATRIX:
        return "; ".join(f"{a.option.text}: {a.value}" for a in answers if a.option is not None)
    return ""


def survey_answers(user) -> dict:
    """The surveys the person answered with their account (survey, date, channel, town, age
    group), and their answers question by question."""
    responses = list(
        Response.objects.filter(user=user)
        .select_related("survey__module__phase__process", "participant_town")
        .order_by("pk")
    )
    answers = (
        Answer.objects.filter(response__in=[r.pk for r in responses])
        .select_related("question", "option")
        .order_by("response_id", "question__position", "question_id", "option__position", "pk")
    )
    grouped: dict[tuple[int, int], list[Answer]] = defaultdict(list)
    questions = {}
    for answer in answers:
        grouped[(answer.response_id, answer.question_id)].append(answer)
        questions[answer.question_id] = answer.question
    titles = {r.pk: r.survey.module.title for r in responses}
    return {
        "surveys_answered": [
            {
                "id": response.pk,
                "survey": response.survey.module.title,
                "process": response.survey.module.phase.process.title,
                "created": stamp(response.created),
                "channel": response.get_channel_display(),
                "lives_in": response.participant_town.name if response.participant_town else None,
                "age_group": response.participant_age_group,
            }
            for response in responses
        ],
        "survey_answers": [
            {
                "survey": titles[response_id],
                "question": questions[question_id].text,
                "answer": _answer_text(questions[question_id], rows),
            }
            for (response_id, question_id), rows in grouped.items()
        ],
    }


registry.register(
    key="survey_responses",
    title=_("Surveys you answered"),
    description=_(
        "Surveys you answered while logged in, with your answers. Results and exports never show your "
        "account with them; if you delete your account, the answers stay without any link to you."
    ),
    fields={"surveys.Response.user": Treatment.WITHOUT_NAME},
    export=survey_answers,
    labels={
        "surveys_answered": _("Surveys answered"),
        "survey_answers": _("Your answers"),
        "survey": _("Survey"),
        "process": _("Process"),
        "question": _("Question"),
        "answer": _("Answer"),
        "lives_in": _("Lives in"),
    },
)
registry.declare_role_records(
    "surveys.Response.entered_by",
    "surveys.SurveyExport.requested_by",
    "surveys.PaperForms.requested_by",
    reason=_("staff who typed in paper or telephone answers, or had survey exports or paper forms made"),
)

# The fields the export was written against (see Registry.review).
registry.review(
    "surveys.Response",
    "id created modified survey channel user participant_town participant_age_group "
    # Left out: the hash of a guest's browser mark (empty for accounts), the paper form's number and
    # who typed it in (paper and phone answers have no account).
    "guest_token paper_number entered_by",
)
