"""Survey views: paper and phone (docs/surveys.md, "Paper and phone").

- `entry`: the team types in paper questionnaires and phone answers, keyboard only (surveys.enter,
  town staff included); the latest entries with correction and deletion. Online answers never
  appear here.
- `paper`: print runs of numbered paper questionnaires, made by the task worker (surveys.manage),
  with their status page, download and "try again".
- `poster`: the A4 poster with the QR code to the online form (surveys.enter: town staff hang them).
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zukunftswerkstatt.accounts.models import AgeGroup
from zukunftswerkstatt.core.models import DocumentStatus
from zukunftswerkstatt.core.views_common import document_retry_response, document_state_response, require
from zukunftswerkstatt.processes.selectors import module_for_view

from .. import printing, services
from ..answering import values_of
from ..forms_entry import EntryForm, PaperRunForm, entry_hints
from ..keyed import towns_of
from ..models import STAFF_CHANNELS, PaperForms, Response, ResponseChannel, Survey
from ..printing import paper_code
from ..selectors import questions_for_answering, survey_of

LATEST_ENTRIES = 20


def _survey(request: HttpRequest, module_pk: int, permission: str) -> Survey:
    module = module_for_view(request, module_pk, type="survey")
    survey = survey_of(module)
    require(request, permission, survey)
    return survey


def _staff_response(request: HttpRequest, pk: int) -> tuple[Response, Survey]:
    """A paper or phone entry the person may correct, and its survey; online answers do not exist here."""
    module_pk = Response.objects.filter(pk=pk, channel__in=STAFF_CHANNELS).values_list("survey__module_id", flat=True)
    if not module_pk:
        raise Http404
    survey = _survey(request, module_pk[0], "surveys.enter")
    response = Response.objects.get(pk=pk, survey=survey)
    response.survey = survey
    return response, survey


def entries_latest(survey: Survey) -> list[Response]:
    """The latest paper and phone entries, newest first, with who entered them."""
    return list(
        Response.objects.filter(survey=survey, channel__in=STAFF_CHANNELS)
        .select_related("entered_by")
        .order_by("-created", "-pk")[:LATEST_ENTRIES]
    )


def _entry_url(survey: Survey, **query) -> str:
    url = reverse("surveys:entry", kwargs={"module_pk": survey.module_id})
    query = {key: value for key, value in query.items() if value}
    return f"{url}?{urlencode(query)}" if query else url


def _focus(form: EntryForm, default: str) -> None:
    """Put the cursor where the person goes on: the first error, else `default`."""
    name = next((bound.name for bound in form if bound.errors), default)
    if name in form.fields:
        form.fields[name].widget.attrs["autofocus"] = True


def _first_question_field(form: EntryForm) -> str:
    return next((name for name in form.fields if name.startswith("q")), "paper_number")


def _entry_page(request, survey: Survey, form: EntryForm, *, status: int = 200, response: Response | None = None):
    return render(
        request,
        "surveys/entry/entry.html",
        {
            "survey": survey,
            "module": survey.module,
            "form": form,
            "rows": form.rows(),
            "hints": entry_hints(),
            "entries": entries_latest(survey) if response is None else [],
            "entries_total": (
                Response.objects.filter(survey=survey, channel__in=STAFF_CHANNELS).count() if response is None else 0
            ),
            "editing": response,
            "entry_messages": json.dumps(
                {
                    "none": _("no such answer"),
                    "twice": _("typed twice"),
                    "one": _("one number only"),
                    "number": _("not a number"),
                    "skipped": _("skipped: the condition is not met"),
                },
                ensure_ascii=False,
            ),
        },
        status=status,
    )


def _saved_message(response: Response, *, corrected: bool) -> str:
    if response.channel == ResponseChannel.PAPER:
        number = {"number": response.paper_number}
        if corrected:
            return _("Questionnaire No. %(number)s corrected.") % number
        return _("Questionnaire No. %(number)s saved.") % number
    return _("Phone answers corrected.") if corrected else _("Phone answers saved.")


@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, module_pk: int) -> HttpResponse:
    survey = _survey(request, module_pk, "surveys.enter")
    questions = questions_for_answering(survey)
    towns = towns_of(survey)
    if request.method == "POST":
        form = EntryForm(request.POST, survey=survey, questions=questions, towns=towns)
        if form.is_valid():
            try:
                response = services.response_submit(
                    survey=survey,
                    values=form.values,
                    channel=form.cleaned_data["channel"],
                    town=form.town,
                    age_group=form.age_group,
                    paper_number=form.cleaned_data["paper_number"],
                    entered_by=request.user,
                    questions=questions,
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _saved_message(response, corrected=False))
                return redirect(_entry_url(survey, channel=response.channel, after=response.paper_number or ""))
        _focus(form, "paper_number")
        return _entry_page(request, survey, form, status=400)
    channel = request.GET.get("channel")
    channel = channel if channel in STAFF_CHANNELS else ResponseChannel.PAPER
    after = request.GET.get("after", "")
    number = printing.paper_entry_number(survey, after=int(after) if after.isdigit() else None)
    form = EntryForm(
        survey=survey,
        questions=questions,
        towns=towns,
        initial={"channel": channel, "paper_number": number if channel == ResponseChannel.PAPER else None},
    )
    _focus(form, "paper_number" if channel == ResponseChannel.PAPER else _first_question_field(form))
    return _entry_page(request, survey, form)


@require_http_methods(["GET", "POST"])
def response_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a paper or phone entry: its answers are replaced as a whole."""
    response, survey = _staff_response(request, pk)
    questions = questions_for_answering(survey)
    towns = towns_of(survey)
    common = {"survey": survey, "questions": questions, "towns": towns, "fixed_channel": response.channel}
    if request.method == "POST":
        form = EntryForm(request.POST, **common)
        if form.is_valid():
            try:
                services.response_replace(
                    response=response,
                    values=form.values,
                    town=form.town,
                    age_group=form.age_group,
                    by=request.user,
                    paper_number=form.cleaned_data["paper_number"],
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _saved_message(response, corrected=True))
                return redirect(_entry_url(survey, channel=response.channel))
        _focus(form, "paper_number")
        return _entry_page(request, survey, form, status=400, response=response)
    initial = {"channel": response.channel, "paper_number": response.paper_number}
    if response.participant_town_id:
        initial["town"] = next(
            (str(index) for index, town in enumerate(towns, start=1) if town.pk == response.participant_town_id), ""
        )
    if response.participant_age_group:
        initial["age_group"] = next(
            (str(index) for index, group in enumerate(AgeGroup, start=1) if group == response.participant_age_group),
            "",
        )
    values = values_of(response.answers.all(), questions)
    form = EntryForm(initial=initial, values=values, **common)
    _focus(form, "paper_number" if response.channel == ResponseChannel.PAPER else _first_question_field(form))
    return _entry_page(request, survey, form, response=response)


@require_http_methods(["GET", "POST"])
def response_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a paper or phone entry (e.g. a form entered twice), after asking."""
    response, survey = _staff_response(request, pk)
    if request.method == "POST":
        services.response_delete(response=response)
        if response.channel == ResponseChannel.PAPER:
            messages.success(request, _("Questionnaire No. %(number)s deleted.") % {"number": response.paper_number})
        else:
            messages.success(request, _("The phone answers were deleted."))
        return redirect(_entry_url(survey, channel=response.channel))
    return render(
        request,
        "surveys/entry/response_delete.html",
        {"survey": survey, "module": survey.module, "response": response, "answers": response.answers.count()},
    )


# --- paper questionnaires and the poster ------------------------------------------------------


@require_http_methods(["GET", "POST"])
def paper(request: HttpRequest, module_pk: int) -> HttpResponse:
    """Ask for a print run of numbered questionnaires; the runs made so far."""
    survey = _survey(request, module_pk, "surveys.manage")
    next_number = printing.paper_next_number(survey)
    if request.method == "POST":
        form = PaperRunForm(request.POST)
        if form.is_valid():
            try:
                row = printing.paper_forms_request(
                    survey=survey,
                    copies=form.cleaned_data["copies"],
                    first_number=form.cleaned_data["first_number"],
                    language=form.cleaned_data["language"],
                    requested_by=request.user,
                )
            except ValidationError as error:
                for name, errors in error.error_dict.items():
                    form.add_error(name, errors)
            else:
                return redirect(row.get_absolute_url())
        status = 400
    else:
        form = PaperRunForm(initial={"first_number": next_number, "language": get_language()})
        status = 200
    return render(
        request,
        "surveys/entry/paper.html",
        {
            "survey": survey,
            "module": survey.module,
            "form": form,
            "runs": printing.paper_forms_of(survey),
            "next_number": next_number,
            "max_copies": printing.MAX_COPIES,
        },
        status=status,
    )


def _run(request: HttpRequest, module_pk: int, pk: int) -> PaperForms:
    survey = _survey(request, module_pk, "surveys.manage")
    row = PaperForms.objects.filter(pk=pk, survey=survey).first()
    if row is None:
        raise Http404
    row.survey = survey
    return row


def paper_status(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    """One print run: being made (polled), ready with its download, or failed with "try again"."""
    row = _run(request, module_pk, pk)
    return document_state_response(
        request,
        row=row,
        template="surveys/entry/paper_status.html",
        context={
            "survey": row.survey,
            "module": row.survey.module,
            "run": row,
            "first": paper_code(row.first_number),
            "last": paper_code(row.first_number + row.copies - 1),
        },
        download_url=reverse("surveys:paper_download", args=[module_pk, row.pk]),
        retry_url=reverse("surveys:paper_retry", args=[module_pk, row.pk]),
    )


@require_POST
def paper_retry(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    row = _run(request, module_pk, pk)
    return document_retry_response(
        request, row=row, permission="surveys.manage", obj=row.survey, next_url=row.get_absolute_url()
    )


def paper_download(request: HttpRequest, module_pk: int, pk: int) -> FileResponse:
    row = _run(request, module_pk, pk)
    if row.status != DocumentStatus.DONE or not row.file:
        raise Http404
    filename = (
        f"fragebogen-{row.survey.form_code}-{paper_code(row.first_number)}-"
        f"{paper_code(row.first_number + row.copies - 1)}.pdf"
    )
    response = FileResponse(row.file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response


def poster(request: HttpRequest, module_pk: int) -> HttpResponse:
    """The A4 poster with the QR code to the online form, shown in the browser ready to print."""
    survey = _survey(request, module_pk, "surveys.enter")
    response = HttpResponse(printing.poster_pdf(survey), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="aushang-umfrage-{survey.module_id}.pdf"'
    return response


urlpatterns = [
    path("m/<int:module_pk>/entry/", entry, name="entry"),
    path("r/<int:pk>/edit/", response_edit, name="response_edit"),
    path("r/<int:pk>/delete/", response_delete, name="response_delete"),
    path("m/<int:module_pk>/paper/", paper, name="paper"),
    path("m/<int:module_pk>/paper/<int:pk>/", paper_status, name="paper_status"),
    path("m/<int:module_pk>/paper/<int:pk>/download/", paper_download, name="paper_download"),
    path("m/<int:module_pk>/paper/<int:pk>/retry/", paper_retry, name="paper_retry"),
    path("m/<int:module_pk>/poster.pdf", poster, name="poster"),
]
