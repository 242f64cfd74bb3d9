"""Writing surveys: responses from every channel (docs/surveys.md).

One answer per person: an account answers a survey once (a unique constraint, so that two tabs or a
double click cannot both count); a browser without an account is marked by a random cookie whose
hash is stored (`guest_mark`), and the answers from one connection are rate limited in the view.
A paper questionnaire's number is entered once per survey.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zukunftswerkstatt.accounts.models import AgeGroup
from zukunftswerkstatt.core.models import Municipality
from zukunftswerkstatt.processes.rules import module_allows

from .answering import Values, answer_rows, values_check
from .models import STAFF_CHANNELS, Answer, Response, ResponseChannel, Survey
from .selectors import questions_for_answering


def survey_accepts(survey: Survey, now: dt.datetime | None = None) -> bool:
    """Whether the survey takes answers online now: its module is open (published, phase running)
    and the team has not closed it."""
    return not survey.is_closed and module_allows(survey.module, "answer", now)


def survey_module_open(module, now: dt.datetime | None = None) -> bool:
    """For the module type's call to action: the module's survey takes answers now."""
    survey = Survey.objects.filter(module=module).first()
    return survey is not None and survey_accepts(survey, now)


def survey_input_closed(module) -> bool:
    """For the module type: the team closed the survey (`Survey.is_closed`)."""
    return Survey.objects.filter(module=module, is_closed=True).exists()


def guest_mark(token: str, survey: Survey) -> str:
    """What is stored of a guest's browser cookie: a hash that cannot be turned back into the cookie."""
    return hashlib.sha256(f"{survey.pk}:{token}".encode()).hexdigest()


def _details(survey: Survey, town: Municipality | None, age_group: str) -> tuple[Municipality | None, str]:
    if town is not None and not survey.module.phase.process.municipalities.filter(pk=town.pk).exists():
        raise ValidationError({"participant_town": _("Please choose one of the towns of the process.")})
    if age_group and age_group not in AgeGroup.values:
        raise ValidationError({"participant_age_group": _("Please choose one of the age groups.")})
    return (town if survey.ask_town else None), (age_group if survey.ask_age else "")


def _checked(survey: Survey, values: Values, questions=None, *, required: bool = True) -> tuple[list, Values]:
    questions = questions if questions is not None else questions_for_answering(survey)
    kept, errors = values_check(questions, values, required=required)
    if errors:
        raise ValidationError({f"q{pk}": message for pk, message in errors.items()})
    return questions, kept


def response_submit(
    *,
    survey: Survey,
    values: Values,
    channel: str,
    user=None,
    guest_token: str = "",
    town: Municipality | None = None,
    age_group: str = "",
    paper_number: int | None = None,
    entered_by=None,
    questions=None,
    now: dt.datetime | None = None,
) -> Response:
    """Store one filled-in questionnaire. Online (`ONLINE` with `user`, `GUEST` with `guest_token`)
    only while the survey accepts answers; paper and phone by the team (`entered_by`) at any time.
    Raises ValidationError: errors by field ("q<id>", the details), or code "already" when this
    account, browser or paper number has answered already."""
    if channel not in ResponseChannel.values:
        raise ValueError(f"unknown channel {channel!r}")
    if channel in STAFF_CHANNELS:
        if entered_by is None:
            raise ValueError("paper and phone answers are entered by someone of the team")
        user, guest_token = None, ""
    else:
        if not survey_accepts(survey, now):
            raise ValidationError(_("This survey does not take answers at the moment."), code="closed")
        if channel == ResponseChannel.ONLINE and (user is None or not user.is_authenticated):
            raise ValueError("an online answer with an account needs the account")
        if channel == ResponseChannel.GUEST:
            if not survey.allow_guests:
                raise ValidationError(_("Please sign in to answer this survey."), code="account_needed")
            if not guest_token:
                raise ValueError("a guest's answer needs the browser's mark")
            user = None
        paper_number = None
    town, age_group = _details(survey, town, age_group)
    # A paper form or a phone call is recorded as answered: a required question left out stays out.
    questions, kept = _checked(survey, values, questions, required=channel not in STAFF_CHANNELS)
    response = Response(
        survey=survey,
        channel=channel,
        user=user if channel == ResponseChannel.ONLINE else None,
        guest_token=guest_mark(guest_token, survey) if channel == ResponseChannel.GUEST else "",
        paper_number=paper_number,
        entered_by=entered_by,
        participant_town=town,
        participant_age_group=age_group,
    )
    try:
        with transaction.atomic():
            response.save()
            Answer.objects.bulk_create(answer_rows(response, questions, kept))
    except IntegrityError as error:
        if paper_number is not None:
            raise ValidationError(
                {
                    "paper_number": _("The questionnaire with number %(number)s was entered already.")
                    % {"number": paper_number}
                },
                code="already",
            ) from error
        raise ValidationError(_("You have answered this survey already. Thank you!"), code="already") from error
    return response


def already_answered(survey: Survey, *, user=None, guest_token: str = "") -> bool:
    if user is not None and user.is_authenticated:
        return Response.objects.filter(survey=survey, user=user).exists()
    if guest_token:
        return Response.objects.filter(survey=survey, guest_token=guest_mark(guest_token, survey)).exists()
    return False


def response_replace(
    *,
    response: Response,
    values: Values,
    town: Municipality | None,
    age_group: str,
    by,
    paper_number: int | None = None,
) -> Response:
    """The team corrects a paper or phone entry: its answers are replaced as a whole."""
    if response.channel not in STAFF_CHANNELS:
        raise ValidationError(_("Only paper and phone answers can be corrected by the team."), code="online")
    survey = response.survey
    town, age_group = _details(survey, town, age_group)
    questions, kept = _checked(survey, values, required=False)
    response.participant_town = town
    response.participant_age_group = age_group
    response.paper_number = paper_number if response.channel == ResponseChannel.PAPER else None
    response.entered_by = by
    try:
        with transaction.atomic():
            response.save()
            response.answers.all().delete()
            Answer.objects.bulk_create(answer_rows(response, questions, kept))
    except IntegrityError as error:
        raise ValidationError(
            {
                "paper_number": _("The questionnaire with number %(number)s was entered already.")
                % {"number": paper_number}
            },
            code="already",
        ) from error
    return response


def _paper_number_taken(number: int | None) -> str:
    return _("The questionnaire with number %(number)s was entered already.") % {"number": number}


def response_delete(*, response: Response) -> None:
    """Remove a response with its answers (a paper form entered twice by mistake)."""
    response.delete()


def texts_expire(*, now: dt.datetime | None = None) -> int:
    """Delete the free-text answers whose survey's retention time has run out (counted from the end
    of the survey's phase); returns how many. Run daily (`manage.py purge_survey_texts`)."""
    now = now or timezone.now()
    expired = 0
    for survey in Survey.objects.select_related("module__phase"):
        if survey.module.phase.end + dt.timedelta(days=survey.text_retention_days) > now:
            continue
        expired += Answer.objects.filter(survey=survey).exclude(text="").update(text="")
    return expired
