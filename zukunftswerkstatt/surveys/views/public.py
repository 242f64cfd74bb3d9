"""Survey views: what everyone sees (docs/surveys.md) – the survey's page (what we ask and why, how
long it takes, what is stored), the questionnaire, the thanks page, and the team's preview.

One answer per person: an account answers once (`ResponseChannel.ONLINE`); a browser without an
account gets a cookie with a random number (`GUEST_COOKIE`, nothing else in it) whose hash is
stored with the answers (`services.guest_mark`), so the same browser answers once; the answers
sent from one connection are rate limited (`surveys.answer:ip`, settings.RATE_LIMITS).
"""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from zukunftswerkstatt.core.views_common import add_service_errors, rate_limited, require
from zukunftswerkstatt.processes.models import PhaseState
from zukunftswerkstatt.processes.selectors import module_for_view

from ..forms import SurveyForm
from ..models import Kind, Question, ResponseChannel, Survey
from ..selectors import questions_for_answering, survey_of
from ..services import already_answered, response_submit, survey_accepts

# The browser's mark for guests: one random number for every survey (each survey stores a different
# hash of it), kept a year so that a survey running for months still knows the browser.
GUEST_COOKIE = "zw_survey"
GUEST_COOKIE_MAX_AGE = 365 * 24 * 3600
GUEST_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")

# Rough seconds per question, for "about 5 minutes" on the survey's page.
SECONDS = {Kind.LONG_TEXT: 90, Kind.SHORT_TEXT: 40, Kind.RANKING: 40, Kind.NUMBER: 20}
SECONDS_PER_STATEMENT = 10
SECONDS_DEFAULT = 15


def _survey(request: HttpRequest, module_pk: int) -> Survey:
    module = module_for_view(request, module_pk, type="survey")
    survey = survey_of(module)
    survey.module = module  # the one already read, with its phase, process and organisation
    return survey


def _results_url(survey: Survey) -> str:
    # The results pages are another part of the app (views/results.py); until they exist, no link.
    try:
        return reverse("surveys:results", kwargs={"module_pk": survey.module_id})
    except NoReverseMatch:
        return ""


def _context(survey: Survey, **extra) -> dict:
    module = survey.module
    return {
        "survey": survey,
        "module": module,
        "phase": module.phase,
        "process": module.phase.process,
        "organisation": module.phase.process.organisation,
        **extra,
    }


def guest_token(request: HttpRequest) -> str:
    """The browser's random number from its cookie ("" when it has none, or a malformed one)."""
    token = request.COOKIES.get(GUEST_COOKIE, "")
    return token if GUEST_TOKEN.match(token) else ""


def _keep_token(request: HttpRequest, response: HttpResponse, token: str) -> HttpResponse:
    """Give a guest's browser its random number (nothing for an account: `token` is empty)."""
    if token and request.COOKIES.get(GUEST_COOKIE) != token:
        response.set_cookie(
            GUEST_COOKIE,
            token,
            max_age=GUEST_COOKIE_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE or request.is_secure(),
        )
    return response


def _has_answered(request: HttpRequest, survey: Survey) -> bool:
    if request.user.is_authenticated:
        return already_answered(survey, user=request.user)
    token = guest_token(request)
    return bool(token) and already_answered(survey, guest_token=token)


def minutes_needed(questions: list[Question]) -> int:
    """About how many minutes the questionnaire takes (at least one)."""
    seconds = 0
    for question in questions:
        if not question.takes_answer:
            continue
        if question.kind == Kind.MATRIX:
            seconds += SECONDS_PER_STATEMENT * max(1, len(question.options.all()))
        else:
            seconds += SECONDS.get(question.kind, SECONDS_DEFAULT)
    return max(1, round(seconds / 60))


def _state(survey: Survey, accepting: bool) -> str:
    """open, closed (by the team), upcoming, finished, or unpublished (only the team sees it)."""
    module = survey.module
    if accepting:
        return "open"
    if not (module.is_published and module.phase.process.is_published):
        return "unpublished"
    if survey.is_closed:
        return "closed"
    state = module.phase.state()
    if state == PhaseState.UPCOMING:
        return "upcoming"
    return "finished" if state == PhaseState.FINISHED else "closed"


@require_GET
def module_page(request: HttpRequest, module_pk: int) -> HttpResponse:
    """The survey's page: what we ask and why, how long it takes, what is stored, other ways to
    answer, and the way in while it is open."""
    survey = _survey(request, module_pk)
    questions = questions_for_answering(survey)
    accepting = survey_accepts(survey)
    answered = _has_answered(request, survey)
    return render(
        request,
        "surveys/public/module.html",
        _context(
            survey,
            questions=questions,
            question_count=sum(1 for q in questions if q.takes_answer),
            minutes=minutes_needed(questions),
            state=_state(survey, accepting),
            answered=answered,
            needs_login=not request.user.is_authenticated and not survey.allow_guests,
            can_view_results=request.user.has_perm("surveys.view_results", survey),
            results_url=_results_url(survey),
            can_manage=request.user.has_perm("surveys.manage", survey),
        ),
    )


def _render_form(request: HttpRequest, survey: Survey, form: SurveyForm, *, preview: bool, status: int = 200):
    return render(
        request,
        "surveys/public/answer.html",
        _context(survey, form=form, preview=preview, blocks=form.blocks, errors=form.error_list()),
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, module_pk: int) -> HttpResponse:
    """The questionnaire. Guests get the cookie with the browser's random number on the first visit;
    a second answer from the same account or browser lands on the thanks page."""
    survey = _survey(request, module_pk)
    if not survey_accepts(survey):
        messages.info(request, _("This survey does not take answers at the moment."))
        return redirect("surveys:module", module_pk=module_pk)
    person = request.user if request.user.is_authenticated else None
    if person is None and not survey.allow_guests:
        return redirect_to_login(request.get_full_path())
    if _has_answered(request, survey):
        messages.info(request, _("You have answered this survey already. Thank you!"))
        return redirect("surveys:thanks", module_pk=module_pk)
    token = "" if person is not None else (guest_token(request) or secrets.token_urlsafe(32))
    questions = questions_for_answering(survey)
    if request.method != "POST":
        form = SurveyForm(survey=survey, questions=questions, person=person)
        return _keep_token(request, _render_form(request, survey, form, preview=False), token)
    form = SurveyForm(request.POST, survey=survey, questions=questions, person=person)
    values = form.answers()
    status = 400
    if form.is_valid():
        if rate_limited(request, group="surveys.answer"):
            status = 429
        else:
            try:
                response_submit(
                    survey=survey,
                    values=values,
                    channel=ResponseChannel.ONLINE if person is not None else ResponseChannel.GUEST,
                    user=person,
                    guest_token=token,
                    questions=questions,
                    **form.details(),
                )
            except ValidationError as error:
                if error.code == "already":
                    messages.info(request, _("You have answered this survey already. Thank you!"))
                    return _keep_token(request, redirect("surveys:thanks", module_pk=module_pk), token)
                if error.code in ("closed", "account_needed"):
                    messages.info(request, error.messages[0])
                    return redirect("surveys:module", module_pk=module_pk)
                add_service_errors(form, error)
                form.__dict__.pop("blocks", None)  # drawn again with the service's errors
            else:
                return _keep_token(request, redirect("surveys:thanks", module_pk=module_pk), token)
    return _keep_token(request, _render_form(request, survey, form, preview=False, status=status), token)


@require_GET
def thanks(request: HttpRequest, module_pk: int) -> HttpResponse:
    survey = _survey(request, module_pk)
    return render(
        request,
        "surveys/public/thanks.html",
        _context(
            survey,
            answered=_has_answered(request, survey),
            can_view_results=request.user.has_perm("surveys.view_results", survey),
            results_url=_results_url(survey),
        ),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def preview(request: HttpRequest, module_pk: int) -> HttpResponse:
    """The questionnaire as people will see it, for the team, also before it is published and after
    it closed: conditions work, sending checks the answers and shows the errors, nothing is saved."""
    survey = _survey(request, module_pk)
    require(request, "surveys.manage", survey)
    questions = questions_for_answering(survey)
    if request.method != "POST":
        return _render_form(request, survey, SurveyForm(survey=survey, questions=questions), preview=True)
    form = SurveyForm(request.POST, survey=survey, questions=questions)
    form.answers()
    if form.is_valid():
        messages.success(request, _("Preview: these answers would be accepted. Nothing has been saved."))
        return _render_form(request, survey, form, preview=True)
    return _render_form(request, survey, form, preview=True, status=400)


urlpatterns = [
    path("m/<int:module_pk>/", module_page, name="module"),
    path("m/<int:module_pk>/answer/", answer, name="answer"),
    path("m/<int:module_pk>/thanks/", thanks, name="thanks"),
    path("m/<int:module_pk>/preview/", preview, name="preview"),
]
