"""Pages of the interim review: the plan's progress, a measure's progress, what became of a
contribution, my contributions, review rounds with ratings, and the review report."""

from __future__ import annotations

import csv
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zukunftswerkstatt.core.documents import document_recover
from zukunftswerkstatt.core.limits import over_limit
from zukunftswerkstatt.core.models import DocumentStatus, Topic
from zukunftswerkstatt.core.spreadsheets import cell_safe as _csv_safe
from zukunftswerkstatt.core.views_common import add_service_errors, document_retry_response, require
from zukunftswerkstatt.plans.models import Measure, Milestone
from zukunftswerkstatt.processes.models import Module

from . import selectors, services
from .forms import (
    IndicatorForm,
    IndicatorValueForm,
    LookupForm,
    MilestoneMetForm,
    ProgressUpdateForm,
    RatingForm,
    ReviewRoundForm,
)
from .models import Indicator, ReviewReport, ReviewRound


def _module(request: HttpRequest, module_pk: int) -> Module:
    try:
        module = selectors.module_get(module_pk=module_pk)
    except Module.DoesNotExist as error:
        raise Http404 from error
    process = module.phase.process
    if module.type != "review" or not request.user.has_perm("progress.view_progress", process):
        raise Http404
    if not module.is_published and not request.user.has_perm("progress.manage_review", process):
        raise Http404
    return module


def _base(module: Module) -> dict:
    process = module.phase.process
    return {"module": module, "process": process, "organisation": process.organisation, "phase": module.phase}


def _measure(module: Module, pk: int) -> Measure:
    try:
        return selectors.measure_get(process=module.phase.process, pk=pk)
    except Measure.DoesNotExist as error:
        raise Http404 from error


def _round(module: Module, pk: int) -> ReviewRound:
    try:
        return selectors.review_round_get(process=module.phase.process, pk=pk)
    except ReviewRound.DoesNotExist as error:
        raise Http404 from error


# --- public pages ---------------------------------------------------------------------------------


def progress_page(request: HttpRequest, module_pk: int) -> HttpResponse:
    """The state of the plan: overall, by field of action and by town, with every measure."""
    module = _module(request, module_pk)
    process = module.phase.process
    topics = list(Topic.objects.filter(organisation_id=process.organisation_id))
    towns = list(process.municipalities.all())
    topic = request.GET.get("topic", "")
    town = request.GET.get("town", "")
    topic_id = int(topic) if topic.isdigit() else None
    measures = selectors.measures_for_progress(process=process, topic_id=topic_id, town=town)
    view = request.GET.get("view") if request.GET.get("view") in ("topic", "town") else "topic"
    groups = selectors.groups_by_town(measures, towns) if view == "town" else selectors.groups_by_topic(measures)
    return render(
        request,
        "progress/progress_page.html",
        {
            **_base(module),
            "measures": measures,
            "summary": selectors.plan_summary(measures),
            "groups": groups,
            "view": view,
            "topics": topics,
            "towns": towns,
            "selected_topic": topic,
            "selected_town": town,
            "whole_association": selectors.WHOLE_ASSOCIATION,
            "filtered": bool(topic_id or town),
            "open_round": selectors.open_review_round(process=process),
            "rounds": selectors.review_rounds_of(process=process),
            "can_manage": request.user.has_perm("progress.manage_review", process),
        },
    )


def _measure_context(request: HttpRequest, module: Module, measure: Measure, **extra) -> dict:
    process = module.phase.process
    # After a refused rating, the box shows the round it was meant for, with the form as typed.
    open_round = extra.pop("rating_round", None) or selectors.open_review_round(process=process)
    own_rating = None
    if open_round is not None:
        own_rating = selectors.ratings_of_person(review_round=open_round, user=request.user).get(measure.pk)
    rating_form = extra.pop("rating_form", None)
    if rating_form is None and open_round is not None:
        initial = {"score": own_rating.score, "comment": own_rating.comment} if own_rating else {}
        rating_form = RatingForm(initial=initial, auto_id="id_rating_%s")
    return {
        **_base(module),
        **selectors.measure_progress(measure=measure),
        "measure": measure,
        "can_record": request.user.has_perm("progress.record_progress", measure),
        "open_round": open_round,
        "can_rate": open_round is not None and request.user.has_perm("progress.rate", open_round),
        "own_rating": own_rating,
        "rating_form": rating_form,
        "today": timezone.localdate(),
        **extra,
    }


def measure_page(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    module = _module(request, module_pk)
    measure = _measure(module, pk)
    return render(request, "progress/measure.html", _measure_context(request, module, measure))


def indicator_csv(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    """The indicator's baseline, measured values and target as CSV (semicolon, for German spreadsheets)."""
    module = _module(request, module_pk)
    try:
        indicator = selectors.indicator_get(process=module.phase.process, pk=pk)
    except Indicator.DoesNotExist as error:
        raise Http404 from error
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="indikator-{indicator.pk}.csv"'
    response.write("\ufeff")  # so that spreadsheet programs read UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Date"), _("Value"), _("Unit"), _("Kind"), _("Note")])
    writer.writerow([indicator.baseline_date.isoformat(), indicator.baseline_value, indicator.unit, _("baseline"), ""])
    for value in indicator.values.order_by("date", "pk"):
        writer.writerow(
            [value.date.isoformat(), value.value, _csv_safe(indicator.unit), _("measured"), _csv_safe(value.note)]
        )
    writer.writerow([indicator.target_date.isoformat(), indicator.target_value, indicator.unit, _("target"), ""])
    return response


@require_http_methods(["GET"])
def lookup(request: HttpRequest, module_pk: int) -> HttpResponse:
    """ "Was wurde aus meiner Idee?": find a contribution by number or title and see where it went."""
    module = _module(request, module_pk)
    form = LookupForm(request.GET or None)
    results = None
    if form.is_valid() and not over_limit(
        request,
        "progress.lookup:ip",
        method="GET",
        message=_("You have searched a lot in a short time. Please wait a while and try again."),
    ):
        results = selectors.contribution_lookup(process=module.phase.process, query=form.cleaned_data["q"])
    return render(request, "progress/lookup.html", {**_base(module), "form": form, "results": results})


@login_required
def my_contributions(request: HttpRequest) -> HttpResponse:
    require(request, "progress.view_own_contributions", None)
    groups = selectors.person_activity(user=request.user)
    return render(
        request,
        "progress/mine.html",
        {"groups": groups, "total": sum(group.count for group in groups)},
    )


@login_required
def my_contributions_kind(request: HttpRequest, kind: str) -> HttpResponse:
    """All of one kind, paginated (the overview shows the newest few of each)."""
    require(request, "progress.view_own_contributions", None)
    if kind not in selectors.ACTIVITY_KINDS:
        raise Http404
    try:
        page = int(request.GET.get("page", "1"))
    except ValueError:
        page = 1
    group, number, pages = selectors.person_activity_page(user=request.user, kind=kind, page=page)
    return render(
        request,
        "progress/mine_kind.html",
        {"group": group, "page_number": number, "pages": pages},
    )


# --- staff: progress entries, milestones, indicators ------------------------------------------------


@require_http_methods(["GET", "POST"])
def progress_update_create(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    module = _module(request, module_pk)
    measure = _measure(module, pk)
    require(request, "progress.record_progress", measure)
    conflict = None
    if request.method == "POST":
        form = ProgressUpdateForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.progress_update_record(
                    measure=measure,
                    author=request.user,
                    expected_version=data["version"],
                    date=data["date"],
                    text=data["text"],
                    status=data["status"],
                    status_reason=data["status_reason"],
                    percent_complete=data["percent_complete"],
                    image=data.get("image"),
                    image_alt=data["image_alt"],
                )
            except services.MeasureConflict as error:
                conflict = error
                measure = _measure(module, pk)
                # The next submit is against the current version; what was typed stays in the form.
                form.data = form.data.copy()
                form.data["version"] = measure.version
                form.add_error(None, error.messages)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The progress entry has been saved. Followers of the measure are told."))
                return redirect(reverse("progress:measure", args=[module.pk, measure.pk]) + "#updates")
    else:
        form = ProgressUpdateForm(
            initial={
                "version": measure.version,
                "date": timezone.localdate(),
                "status": measure.status,
                "percent_complete": measure.percent_complete,
            }
        )
    return render(
        request,
        "progress/update_form.html",
        {**_base(module), "measure": measure, "form": form, "conflict": conflict},
        status=409 if conflict else 200,
    )


@require_POST
def milestone_met(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    module = _module(request, module_pk)
    milestone = (
        Milestone.objects.select_related("measure__process")
        .filter(pk=pk, measure__process=module.phase.process)
        .first()
    )
    if milestone is None:
        raise Http404
    require(request, "progress.record_progress", milestone.measure)
    target = reverse("progress:measure", args=[module.pk, milestone.measure_id]) + "#milestones"
    if request.POST.get("action") == "reopen":
        services.milestone_mark_open(milestone=milestone, actor=request.user)
        messages.success(request, _("The milestone is marked as not met."))
        return redirect(target)
    form = MilestoneMetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give the date on which the milestone was met."))
        return redirect(target)
    try:
        services.milestone_mark_met(milestone=milestone, actor=request.user, done_on=form.cleaned_data["done_on"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The milestone is marked as met."))
    return redirect(target)


@require_http_methods(["GET", "POST"])
def indicator_create(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    module = _module(request, module_pk)
    measure = _measure(module, pk)
    require(request, "progress.record_progress", measure)
    if request.method == "POST":
        form = IndicatorForm(request.POST)
        if form.is_valid():
            try:
                services.indicator_create(measure=measure, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The indicator has been added."))
                return redirect(reverse("progress:measure", args=[module.pk, measure.pk]) + "#indicators")
    else:
        form = IndicatorForm()
    return render(
        request,
        "progress/staff_form.html",
        {
            **_base(module),
            "measure": measure,
            "form": form,
            "title": _("Add an indicator"),
            "submit": _("Add the indicator"),
        },
    )


@require_http_methods(["GET", "POST"])
def indicator_value_create(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    module = _module(request, module_pk)
    try:
        indicator = selectors.indicator_get(process=module.phase.process, pk=pk)
    except Indicator.DoesNotExist as error:
        raise Http404 from error
    measure = indicator.measure
    require(request, "progress.record_progress", measure)
    if request.method == "POST":
        form = IndicatorValueForm(request.POST)
        if form.is_valid():
            try:
                services.indicator_value_record(indicator=indicator, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The value has been recorded."))
                return redirect(
                    reverse("progress:measure", args=[module.pk, measure.pk]) + f"#indicator-{indicator.pk}"
                )
    else:
        form = IndicatorValueForm(initial={"date": timezone.localdate()})
    return render(
        request,
        "progress/staff_form.html",
        {
            **_base(module),
            "measure": measure,
            "form": form,
            "title": _("Record a value of “%(name)s” (%(unit)s)") % {"name": indicator.name, "unit": indicator.unit},
            "submit": _("Record the value"),
        },
    )


# --- review rounds, ratings, the report ---------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest, module_pk: int) -> HttpResponse:
    module = _module(request, module_pk)
    process = module.phase.process
    require(request, "progress.manage_review", process)
    if request.method == "POST":
        form = ReviewRoundForm(request.POST)
        if form.is_valid():
            try:
                review_round = services.review_round_open(process=process, opened_by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The review round has been created."))
                return redirect("progress:round", module.pk, review_round.pk)
    else:
        now = timezone.localtime().replace(second=0, microsecond=0)
        form = ReviewRoundForm(initial={"opens_at": now, "closes_at": now + dt.timedelta(weeks=4)})
    return render(
        request,
        "progress/staff_form.html",
        {**_base(module), "form": form, "title": _("Open a review round"), "submit": _("Create the round")},
    )


def round_page(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    """A round: every measure with its state and the person's own rating, and the staff's tools."""
    module = _module(request, module_pk)
    review_round = _round(module, pk)
    process = module.phase.process
    measures = selectors.measures_for_progress(process=process)
    own = selectors.ratings_of_person(review_round=review_round, user=request.user)
    for measure in measures:
        measure.own_rating = own.get(measure.pk)
    can_manage = request.user.has_perm("progress.manage_review", process)
    reports = selectors.reports_of(review_round=review_round) if can_manage else []
    for report in reports:
        if document_recover(row=report):  # its worker died: it is queued again (or given up)
            report.refresh_from_db()
    return render(
        request,
        "progress/round.html",
        {
            **_base(module),
            "review_round": review_round,
            "measures": measures,
            "can_rate": request.user.has_perm("progress.rate", review_round),
            "can_manage": can_manage,
            "can_view_report": request.user.has_perm("progress.view_report", review_round),
            "reports": reports,
            "rated_count": len(own),
        },
    )


@require_POST
def rate(request: HttpRequest, module_pk: int, pk: int, measure_pk: int) -> HttpResponse:
    module = _module(request, module_pk)
    review_round = _round(module, pk)
    measure = _measure(module, measure_pk)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("progress:measure", args=[module.pk, measure.pk]))
    target = reverse("progress:measure", args=[module.pk, measure.pk]) + "#rating"
    form = RatingForm(request.POST, auto_id="id_rating_%s")
    if not request.user.has_perm("progress.rate", review_round):
        message = (
            _("This review round has closed. Ratings can no longer be given or changed.")
            if review_round.is_closed()
            else _("This review round is not open for ratings.")
        )
        form.add_error(None, message)
    elif request.POST.get("action") == "withdraw":
        try:
            services.rating_withdraw(review_round=review_round, measure=measure, user=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Your rating has been withdrawn."))
            return redirect(target)
    elif form.is_valid():
        if over_limit(request, "progress.rate:account", message=""):
            form.add_error(None, _("You have sent a lot in a short time. Please wait a while and try again."))
        else:
            try:
                _rating, created = services.rating_set(
                    review_round=review_round,
                    measure=measure,
                    user=request.user,
                    score=form.cleaned_data["score"],
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Thank you for your rating.") if created else _("Your rating has been changed."),
                )
                return redirect(target)
    # Show the measure again with the form as it was filled in and the error.
    context = _measure_context(request, module, measure, rating_form=form, rating_round=review_round)
    return render(request, "progress/measure.html", context, status=400)


@require_POST
def round_close(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    module = _module(request, module_pk)
    review_round = _round(module, pk)
    require(request, "progress.manage_review", module.phase.process)
    services.review_round_close(review_round=review_round, by=request.user)
    messages.success(request, _("The review round is closed. No more ratings can be given."))
    return redirect("progress:round", module.pk, review_round.pk)


def report(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    """The review report on the web (the PDF has the same content)."""
    module = _module(request, module_pk)
    review_round = _round(module, pk)
    require(request, "progress.view_report", review_round)
    return render(
        request,
        "progress/report.html",
        {
            **_base(module),
            **selectors.review_report(review_round=review_round),
            "can_manage": request.user.has_perm("progress.manage_review", module.phase.process),
        },
    )


@require_POST
def report_pdf_request(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    module = _module(request, module_pk)
    review_round = _round(module, pk)
    require(request, "progress.manage_review", module.phase.process)
    services.review_report_request(review_round=review_round, requested_by=request.user)
    messages.success(
        request,
        _("The PDF is being made. It will appear in the list below in a moment; reload the page to see it."),
    )
    return redirect(reverse("progress:round", args=[module.pk, review_round.pk]) + "#reports")


@require_POST
def report_retry(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    """The team asks again for a review report that failed (the same rule as asking for it)."""
    module = _module(request, module_pk)
    report = ReviewReport.objects.filter(pk=pk, review_round__process=module.phase.process).first()
    if report is None:
        raise Http404
    next_url = reverse("progress:round", args=[module.pk, report.review_round_id]) + "#reports"
    return document_retry_response(
        request, row=report, permission="progress.manage_review", obj=module.phase.process, next_url=next_url
    )


def report_download(request: HttpRequest, module_pk: int, pk: int) -> FileResponse:
    module = _module(request, module_pk)
    report = (
        ReviewReport.objects.select_related("review_round__process")
        .filter(pk=pk, review_round__process=module.phase.process)
        .first()
    )
    if report is None or report.status != DocumentStatus.DONE or not report.file:
        raise Http404
    require(request, "progress.manage_review", module.phase.process)
    response = FileResponse(
        report.file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=report.file.name.rsplit("/", 1)[-1],
    )
    response["Cache-Control"] = "private, no-store"
    return response
