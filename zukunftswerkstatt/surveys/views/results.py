"""Survey views: results (docs/surveys.md, "Results"): the results page with its breakdown by town or
age group, the review of free-text answers, the comparison of two rounds and the export of the raw
answers (queued for the task worker, its progress, the download)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zukunftswerkstatt.core.audit import audit_export_record
from zukunftswerkstatt.core.documents import document_recover
from zukunftswerkstatt.core.models import DocumentStatus
from zukunftswerkstatt.core.views_common import require
from zukunftswerkstatt.processes.selectors import module_for_view

from .. import exports, texts
from ..models import TEXT_KINDS, ExportFormat, Survey, SurveyExport, TextReview
from ..results import BREAKDOWNS, rounds_compare, survey_results
from ..selectors import numbered, questions_for_answering, survey_of

TEXTS_PER_PAGE = 50


def _survey(request: HttpRequest, module_pk: int, permission: str) -> Survey:
    module = module_for_view(request, module_pk, type="survey")
    survey = survey_of(module)
    require(request, permission, survey)
    return survey


def _page(survey: Survey) -> dict:
    process = survey.module.phase.process
    return {"survey": survey, "module": survey.module, "process": process, "organisation": process.organisation}


def _links(request: HttpRequest, survey: Survey) -> dict:
    user = request.user
    return {
        "can_review": user.has_perm("surveys.review_texts", survey),
        "can_export": user.has_perm("surveys.export", survey),
        "can_compare": survey.previous_round_id is not None,
        "is_team": user.has_perm("surveys.enter", survey),
    }


def results(request: HttpRequest, module_pk: int) -> HttpResponse:
    """Every question's counts and shares with a chart and a table, optionally by town or age group."""
    survey = _survey(request, module_pk, "surveys.view_results")
    breakdown = request.GET.get("by") or None
    if breakdown not in (None, *BREAKDOWNS):
        breakdown = None
    outcome = survey_results(survey, breakdown)
    texts.quotes_add(outcome)
    return render(
        request,
        "surveys/results/results.html",
        {**_page(survey), **_links(request, survey), "results": outcome, "breakdown": breakdown},
    )


@require_http_methods(["GET", "POST"])
def text_review(request: HttpRequest, module_pk: int) -> HttpResponse:
    """The free-text answers of one question, to mark publishable or not for publication, in bulk."""
    survey = _survey(request, module_pk, "surveys.review_texts")
    questions = [(n, q) for n, q in numbered(questions_for_answering(survey)) if q.kind in TEXT_KINDS]
    if not questions:
        return render(request, "surveys/results/texts.html", {**_page(survey), "questions": []})
    chosen = _int(request.GET.get("q") or request.POST.get("q"))
    number, question = next(((n, q) for n, q in questions if q.pk == chosen), questions[0])
    review = request.GET.get("review", "") if request.method == "GET" else request.POST.get("review_filter", "")
    if review not in TextReview.values:
        review = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        ids = [pk for pk in (_int(value) for value in request.POST.getlist("answer")) if pk is not None]
        if action not in TextReview.values:
            messages.error(request, _("Please choose what to mark the texts as."))
        elif not ids:
            messages.error(request, _("Please tick at least one text."))
        else:
            changed = texts.text_reviews_set(survey=survey, answer_ids=ids, review=action)
            label = TextReview(action).label
            messages.success(request, _("%(n)s texts marked “%(review)s”.") % {"n": changed, "review": label})
        query = {"q": question.pk, **({"review": review} if review else {})}
        page = _int(request.POST.get("page"))
        if page and page > 1:
            query["page"] = page
        return redirect(f"{reverse('surveys:texts', args=[module_pk])}?{urlencode(query)}")
    answers = texts.text_answers(survey=survey, question_id=question.pk, review=review)
    page = Paginator(answers, TEXTS_PER_PAGE).get_page(request.GET.get("page"))
    counts = texts.text_counts(survey=survey)
    return render(
        request,
        "surveys/results/texts.html",
        {
            **_page(survey),
            "questions": [(n, q, sum(v for (pk, _r), v in counts.items() if pk == q.pk)) for n, q in questions],
            "question": question,
            "number": number,
            "page": page,
            "review": review,
            "reviews": [(value, label, counts.get((question.pk, value), 0)) for value, label in TextReview.choices],
            "total": sum(v for (pk, _r), v in counts.items() if pk == question.pk),
            "retention_until": texts.retention_until(survey),
        },
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def compare(request: HttpRequest, module_pk: int) -> HttpResponse:
    """This round against the earlier round of the same questionnaire."""
    survey = _survey(request, module_pk, "surveys.view_results")
    previous = survey.previous_round
    if previous is not None:
        previous = Survey.objects.select_related("module__phase__process__organisation").get(pk=previous.pk)
        if not request.user.has_perm("surveys.view_results", previous):
            raise PermissionDenied
    comparison = rounds_compare(survey, previous) if previous else None
    return render(request, "surveys/results/compare.html", {**_page(survey), "comparison": comparison})


@require_POST
def export(request: HttpRequest, module_pk: int) -> HttpResponse:
    """Queue an export of the raw answers (CSV or XLSX) and show its progress."""
    survey = _survey(request, module_pk, "surveys.export")
    file_format = request.POST.get("file_format", "")
    if file_format not in ExportFormat.values:
        messages.error(request, _("Please choose CSV or XLSX."))
        return redirect("surveys:results", module_pk=module_pk)
    row = exports.survey_export_request(
        survey=survey, file_format=file_format, requested_by=request.user, language=get_language()
    )
    return redirect("surveys:export_state", module_pk=module_pk, pk=row.pk)


def _export(survey: Survey, pk: int) -> SurveyExport:
    row = SurveyExport.objects.filter(survey=survey, pk=pk).first()
    if row is None:
        raise Http404
    return row


def export_state(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    """Being made (with its progress), ready or failed; htmx asks for the state alone until it is done."""
    survey = _survey(request, module_pk, "surveys.export")
    row = _export(survey, pk)
    if document_recover(row=row):  # its worker died: it is queued again (or given up)
        row.refresh_from_db()
    context = {
        **_page(survey),
        "export": row,
        "percent": int(100 * row.rows_done / row.rows_total) if row.rows_total else 0,
    }
    if request.headers.get("HX-Request"):
        return render(request, "surveys/results/_export_state.html", context)
    return render(request, "surveys/results/export.html", context)


def export_download(request: HttpRequest, module_pk: int, pk: int) -> FileResponse:
    survey = _survey(request, module_pk, "surveys.export")
    row = _export(survey, pk)
    if row.status != DocumentStatus.DONE or not row.file:
        raise Http404
    file_format = ExportFormat(row.file_format)
    audit_export_record(
        actor=request.user,
        organisation=survey.module.phase.process.organisation,
        obj=survey,
        export=f"survey_answers_{file_format}",
        rows=row.rows_total,
    )
    response = FileResponse(
        row.file.open("rb"),
        as_attachment=True,
        filename=f"umfrage-{survey.pk}-{row.created:%Y-%m-%d}.{exports.SUFFIXES[file_format]}",
        content_type=exports.CONTENT_TYPES[file_format],
    )
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("m/<int:module_pk>/results/", results, name="results"),
    path("m/<int:module_pk>/texts/", text_review, name="texts"),
    path("m/<int:module_pk>/compare/", compare, name="compare"),
    path("m/<int:module_pk>/export/", export, name="export"),
    path("m/<int:module_pk>/export/<int:pk>/", export_state, name="export_state"),
    path("m/<int:module_pk>/export/<int:pk>/download/", export_download, name="export_download"),
]
