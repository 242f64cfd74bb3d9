"""What everyone sees and does: the plan with its documents and versions, a measure (follow it,
offer to help), the prioritisation (vote) and its results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zukunftswerkstatt.core.documents import document_recover
from zukunftswerkstatt.core.models import DocumentStatus
from zukunftswerkstatt.processes.models import Module, PhaseState
from zukunftswerkstatt.processes.registry import registry

from .. import exports, selectors, services
from ..forms import AdoptionForm, HelpOfferForm, MilestoneForm
from ..models import Measure
from .common import form_page, get_measure, get_module, get_version, page_context, plan_module, rate_limited, require


def plan(request: HttpRequest, module_pk: int) -> HttpResponse:
    """The Werkstattplan as a web page: the current measures by field of action."""
    module = get_module(request, module_pk, "action_plan")
    process = module.phase.process
    document = selectors.plan_document(rows=selectors.plan_rows(process=process))
    versions = selectors.plan_versions(process=process)
    can_manage = request.user.has_perm("plans.manage_versions", process)
    return render(
        request,
        "plans/plan.html",
        {
            **page_context(process, module),
            "document": document,
            "sections": registry.section_parts("plan", process=process, for_print=False),
            "versions": versions,
            "adopted": next((v for v in versions if v.is_adopted), None),
            "changes": selectors.recent_changes(process=process),
            "can_manage": can_manage,
            "can_add_measure": request.user.has_perm("plans.add_measure", process),
        },
    )


def _document_response(request, *, process, module, version, file_format: str) -> HttpResponse:
    """The document if it is ready; otherwise it is queued and the person is asked to come back."""
    if file_format not in exports.CONTENT_TYPES:
        raise Http404
    can_retry = request.user.has_perm("plans.manage_versions", process)
    export = services.plan_export_request(
        process=process, version=version, file_format=file_format, show_failed=can_retry
    )
    export.refresh_from_db()  # a small installation's task runner may have finished it already
    if document_recover(row=export):  # its worker died: it is queued again (or given up)
        export.refresh_from_db()
    if export.status == DocumentStatus.DONE:
        stem = f"werkstattplan-{process.slug}" + (f"-v{version.number}" if version else "")
        response = FileResponse(
            export.file.open("rb"),
            as_attachment=True,
            filename=f"{stem}.{file_format}",
            content_type=exports.CONTENT_TYPES[file_format],
        )
        response["Cache-Control"] = "private, no-store"
        return response
    return render(
        request,
        "plans/document_wait.html",
        {
            **page_context(process, module),
            "export": export,
            "version": version,
            "file_format": file_format.upper(),
            "can_retry": can_retry,
        },
        status=202,
    )


def plan_export(request: HttpRequest, module_pk: int, file_format: str) -> HttpResponse:
    module = get_module(request, module_pk, "action_plan")
    return _document_response(
        request, process=module.phase.process, module=module, version=None, file_format=file_format
    )


def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One version: an adopted one shows its snapshot; a draft shows the measures as they are now."""
    version = get_version(request, pk)
    process = version.process
    rows = version.snapshot if version.is_adopted else selectors.plan_rows(process=process)
    return render(
        request,
        "plans/version.html",
        {
            **page_context(process, plan_module(process)),
            "version": version,
            "document": selectors.plan_document(rows=rows),
            "sections": registry.section_parts("plan", process=process, for_print=False),
            "can_manage": request.user.has_perm("plans.manage_versions", process),
            "lacking": services.measures_lacking_owner(process)
            if not version.is_adopted and request.user.has_perm("plans.manage_versions", process)
            else [],
            "adoption_form": AdoptionForm(),
        },
    )


def version_export(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    version = get_version(request, pk)
    process = version.process
    return _document_response(
        request, process=process, module=plan_module(process), version=version, file_format=file_format
    )


def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_measure(request, pk)
    measure = selectors.measure_detail(pk=measure.pk)
    process = measure.process
    user = request.user
    can_change = user.has_perm("plans.change_measure", measure)
    return render(
        request,
        "plans/measure.html",
        {
            **page_context(process, plan_module(process)),
            "measure": measure,
            "following": selectors.is_following(measure=measure, user=user),
            "can_follow": user.has_perm("plans.follow_measure", measure),
            "can_offer_help": user.has_perm("plans.offer_help", measure),
            "can_change": can_change,
            "can_view_offers": user.has_perm("plans.view_help_offers", measure),
            "milestone_form": MilestoneForm() if can_change else None,
            "help_form": HelpOfferForm(),
            "today": timezone.localdate(),
        },
    )


@require_POST
def measure_follow(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_measure(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(measure.get_absolute_url())
    require(request, "plans.follow_measure", measure)
    following = services.measure_follow_set(
        measure=measure, user=request.user, follow=request.POST.get("follow") == "1"
    )
    messages.success(
        request,
        _("You will be told by e-mail when this measure changes.")
        if following
        else _("You no longer follow this measure."),
    )
    return redirect(measure.get_absolute_url())


@require_http_methods(["GET", "POST"])
def help_offer(request: HttpRequest, pk: int) -> HttpResponse:
    """“Ich mache mit”: a short form with a message and the consent to pass on one's contact."""
    measure = get_measure(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    require(request, "plans.offer_help", measure)
    form = HelpOfferForm(request.POST or None)
    if request.method == "POST" and not rate_limited(request, "help") and form.is_valid():
        offer = services.help_offer_create(measure=measure, user=request.user, **form.cleaned_data)
        if offer.forwarded_at:
            messages.success(
                request, _("Thank you! Your offer has been passed on to the contact person of the measure.")
            )
        else:
            messages.success(request, _("Thank you! The staff of the municipality will see your offer."))
        return redirect(measure.get_absolute_url())
    return form_page(
        request,
        form,
        process=measure.process,
        module=plan_module(measure.process),
        title=_("I want to help: “%(title)s”") % {"title": measure.title},
        submit=_("Send my offer"),
        cancel=measure.get_absolute_url(),
        measure=measure,
    )


def prioritisation(request: HttpRequest, module_pk: int) -> HttpResponse:
    """The dot vote: candidates with the person's points, the allowance, and +/− buttons or a form."""
    module = get_module(request, module_pk, "prioritisation")
    process = module.phase.process
    candidates = selectors.vote_candidates(module=module)
    points = selectors.my_points(module=module, user=request.user)
    allowance = services.prioritisation_allowance(module)
    used = sum(points.values())
    return render(
        request,
        "plans/prioritisation.html",
        {
            **page_context(process, module),
            "candidates": [(m, points.get(m.pk, 0)) for m in candidates],
            "allowance": allowance,
            "used": used,
            "left": allowance - used,
            "stacking": services.prioritisation_stacking(module),
            "is_open": services.prioritisation_is_open(module),
            "opens_on": module.phase.first_day if module.phase.state() == PhaseState.UPCOMING else None,
            "can_vote": request.user.has_perm("plans.vote", module),
            "can_enter_tally": request.user.has_perm("plans.enter_tally", module),
            "can_see_results": request.user.has_perm("plans.view_results", module),
            "can_change_settings": request.user.has_perm("plans.change_settings", module),
            **_results_state(module),
        },
    )


def _results_state(module: Module) -> dict:
    """What the vote and results pages say about the results: public yet, live, when the vote ends."""
    return {
        "results_public": services.prioritisation_results_public(module),
        "results_live": services.prioritisation_results_live(module),
        "has_closed": services.prioritisation_has_closed(module),
        "closes_on": module.phase.last_day,
    }


@require_POST
def vote(request: HttpRequest, module_pk: int) -> HttpResponse:
    """One click (+1 / −1 on a measure) or the whole form (points per measure)."""
    module = get_module(request, module_pk, "prioritisation")
    if not request.user.is_authenticated:
        return redirect_to_login(module.get_absolute_url())
    if not request.user.has_perm("plans.vote", module):
        messages.error(request, _("The vote is closed. Your points can no longer be changed."))
        return redirect(module.get_absolute_url())
    if rate_limited(request, "vote"):
        return redirect(module.get_absolute_url())
    try:
        if "add" in request.POST or "remove" in request.POST:
            measure_pk = request.POST.get("add") or request.POST.get("remove")
            measure = Measure.objects.filter(pk=measure_pk if str(measure_pk).isdigit() else 0).first()
            if measure is None:
                raise Http404
            if "add" in request.POST:
                left = services.dot_add(module=module, user=request.user, measure=measure)
            else:
                left = services.dot_remove(module=module, user=request.user, measure=measure)
        else:
            points = {}
            for key, value in request.POST.items():
                if key.startswith("points-"):
                    measure_id = key.removeprefix("points-")
                    value = value.strip() or "0"
                    if not measure_id.isdigit() or not value.lstrip("-").isdigit():
                        raise ValidationError(_("Please enter whole numbers of points."))
                    points[int(measure_id)] = int(value)
            left = services.ballot_set(module=module, user=request.user, points=points)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Your points have been saved. Points left: %(left)s.") % {"left": left},
        )
    return redirect(module.get_absolute_url() + "#vote")


def results(request: HttpRequest, module_pk: int) -> HttpResponse:
    """The count, for everyone once the vote has closed (or live if staff chose so), for the team at
    any time. Before that the address answers with a page that says when the results come, not numbers."""
    module = get_module(request, module_pk, "prioritisation")
    state = _results_state(module)
    if not request.user.has_perm("plans.view_results", module):
        return render(request, "plans/results_pending.html", {**page_context(module.phase.process, module), **state})
    return render(
        request,
        "plans/results.html",
        {
            **page_context(module.phase.process, module),
            **state,
            "results": selectors.prioritisation_results(module=module),
            "is_open": services.prioritisation_is_open(module),
        },
    )
