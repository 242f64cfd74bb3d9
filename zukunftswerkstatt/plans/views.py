"""Pages of the action plan: the plan module (web page, PDF, DOCX, versions), measures, the
prioritisation module (dot voting, paper tallies, results), offers to help and follows."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zukunftswerkstatt.core.audit import audit_export_record
from zukunftswerkstatt.core.documents import document_recover
from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.core.models import DocumentStatus
from zukunftswerkstatt.core.views_common import add_service_errors, document_retry_response, rate_limited
from zukunftswerkstatt.ideas.models import Idea, OfflineContact, Visibility
from zukunftswerkstatt.processes.models import Module, Process
from zukunftswerkstatt.processes.services import module_update_settings

from . import exports, selectors, services
from .forms import (
    AdoptionForm,
    HelpOfferForm,
    IdeaChoiceForm,
    MeasureForm,
    MilestoneForm,
    PaperTallyForm,
    PlanVersionForm,
    PrioritisationSettingsForm,
)
from .models import Measure, MeasureStatus, Milestone, PaperTally, PlanExport, PlanVersion

# -- helpers -----------------------------------------------------------------------------


def _require(request: HttpRequest, permission: str, obj) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def _module(request: HttpRequest, module_pk: int, type: str) -> Module:  # noqa: A002
    try:
        module = selectors.module_get(module_pk=module_pk, type=type)
    except Module.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("plans.view_plan", module):
        raise Http404
    return module


def _process(request: HttpRequest, process_pk: int) -> Process:
    process = Process.objects.select_related("organisation").filter(pk=process_pk).first()
    if process is None:
        raise Http404
    return process


def _measure(request: HttpRequest, pk: int) -> Measure:
    measure = Measure.objects.select_related("process__organisation", "topic").filter(pk=pk).first()
    if measure is None or not request.user.has_perm("plans.view_measure", measure):
        raise Http404
    return measure


def _base(process: Process, module: Module | None = None) -> dict:
    return {"process": process, "organisation": process.organisation, "module": module}


def _plan_module(process: Process) -> Module | None:
    return Module.objects.filter(phase__process=process, type="action_plan", is_published=True).first()


def _rate_limited(request: HttpRequest, group: str) -> bool:
    return rate_limited(request, group=f"plans.{group}")


# -- the plan ----------------------------------------------------------------------------


def plan(request: HttpRequest, module_pk: int) -> HttpResponse:
    """The Werkstattplan as a web page: the current measures by field of action."""
    module = _module(request, module_pk, "action_plan")
    process = module.phase.process
    document = selectors.plan_document(rows=selectors.plan_rows(process=process))
    versions = selectors.plan_versions(process=process)
    can_manage = request.user.has_perm("plans.manage_versions", process)
    return render(
        request,
        "plans/plan.html",
        {
            **_base(process, module),
            "document": document,
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
            **_base(process, module),
            "export": export,
            "version": version,
            "file_format": file_format.upper(),
            "can_retry": can_retry,
        },
        status=202,
    )


@require_POST
def export_retry(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    """The team asks again for a plan document that failed; back to the document's address."""
    process = _process(request, process_pk)
    export = PlanExport.objects.select_related("version").filter(pk=pk, process=process).first()
    if export is None or not request.user.has_perm("processes.view_process", process):
        raise Http404
    if export.version_id is not None:
        next_url = reverse("plans:version_export", kwargs={"pk": export.version_id, "file_format": export.file_format})
    else:
        module = _plan_module(process)
        next_url = (
            reverse("plans:plan_export", kwargs={"module_pk": module.pk, "file_format": export.file_format})
            if module is not None
            else process.get_absolute_url()
        )
    return document_retry_response(
        request, row=export, permission="plans.manage_versions", obj=process, next_url=next_url
    )


def plan_export(request: HttpRequest, module_pk: int, file_format: str) -> HttpResponse:
    module = _module(request, module_pk, "action_plan")
    return _document_response(
        request, process=module.phase.process, module=module, version=None, file_format=file_format
    )


def _version(request: HttpRequest, pk: int) -> PlanVersion:
    version = PlanVersion.objects.select_related("process__organisation", "recorded_by").filter(pk=pk).first()
    if version is None or not request.user.has_perm("plans.view_plan", version):
        raise Http404
    return version


def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One version: an adopted one shows its snapshot; a draft shows the measures as they are now."""
    version = _version(request, pk)
    process = version.process
    rows = version.snapshot if version.is_adopted else selectors.plan_rows(process=process)
    return render(
        request,
        "plans/version.html",
        {
            **_base(process, _plan_module(process)),
            "version": version,
            "document": selectors.plan_document(rows=rows),
            "can_manage": request.user.has_perm("plans.manage_versions", process),
            "lacking": services.measures_lacking_owner(process)
            if not version.is_adopted and request.user.has_perm("plans.manage_versions", process)
            else [],
            "adoption_form": AdoptionForm(),
        },
    )


def version_export(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    version = _version(request, pk)
    process = version.process
    return _document_response(
        request, process=process, module=_plan_module(process), version=version, file_format=file_format
    )


@require_http_methods(["GET", "POST"])
def version_create(request: HttpRequest, process_pk: int) -> HttpResponse:
    process = _process(request, process_pk)
    _require(request, "plans.manage_versions", process)
    form = PlanVersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        version = services.plan_version_create(process=process, by=request.user, **form.cleaned_data)
        messages.success(request, _("The draft version has been created."))
        return redirect(version.get_absolute_url())
    return render(
        request,
        "plans/form.html",
        {
            **_base(process, _plan_module(process)),
            "form": form,
            "title": _("New version of the action plan"),
            "submit": _("Create draft"),
            "cancel_url": _cancel_url(process),
        },
    )


@require_POST
def version_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    _require(request, "plans.manage_versions", version.process)
    form = AdoptionForm(request.POST)
    if form.is_valid():
        try:
            services.plan_version_adopt(version=version, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The adoption has been recorded. This version is now kept as it is."))
            return redirect(version.get_absolute_url())
    process = version.process
    return render(
        request,
        "plans/version.html",
        {
            **_base(process, _plan_module(process)),
            "version": version,
            "document": selectors.plan_document(rows=selectors.plan_rows(process=process)),
            "can_manage": True,
            "lacking": services.measures_lacking_owner(process),
            "adoption_form": form,
        },
        status=400,
    )


def _cancel_url(process: Process) -> str:
    module = _plan_module(process)
    return module.get_absolute_url() if module else process.get_absolute_url()


# -- measures ----------------------------------------------------------------------------


def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    measure = selectors.measure_detail(pk=measure.pk)
    process = measure.process
    user = request.user
    can_change = user.has_perm("plans.change_measure", measure)
    return render(
        request,
        "plans/measure.html",
        {
            **_base(process, _plan_module(process)),
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


def _idea_queryset(process: Process):
    return (
        Idea.objects.filter(module__phase__process=process, visibility=Visibility.PUBLISHED)
        .select_related("module")
        .order_by("-support_count", "-created", "-pk")
    )


@require_http_methods(["GET", "POST"])
def measure_create(request: HttpRequest, process_pk: int) -> HttpResponse:
    """A new measure, from scratch or from the contributions chosen on the selection page (?ideas=…)."""
    process = _process(request, process_pk)
    _require(request, "plans.add_measure", process)
    idea_ids = request.POST.getlist("ideas") if request.method == "POST" else request.GET.getlist("ideas")
    idea_ids = [int(i) for i in idea_ids if str(i).isdigit()]
    ideas = list(Idea.objects.filter(pk__in=idea_ids).select_related("module__phase", "topic", "municipality"))
    foreign = [i for i in ideas if i.module.phase.process_id != process.pk]
    if request.method == "POST":
        form = MeasureForm(request.POST, process=process)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                measure = services.measure_create(process=process, by=request.user, ideas=ideas, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The measure has been created."))
                return redirect(measure.get_absolute_url())
    else:
        form = MeasureForm(process=process, initial=_initial_from_ideas(ideas, process))
        if foreign:
            form.add_error(
                None,
                _("Contributions from another process cannot become part of this measure: %(titles)s.")
                % {"titles": ", ".join(f"“{i.title}”" for i in foreign)},
            )
    return render(
        request,
        "plans/measure_form.html",
        {
            **_base(process, _plan_module(process)),
            "form": form,
            "ideas": ideas,
            "title": _("New measure from contributions") if ideas else _("New measure"),
            "submit": _("Create measure"),
            "cancel_url": _cancel_url(process),
        },
    )


def _initial_from_ideas(ideas: list[Idea], process: Process) -> dict:
    """Prefill the form from the merged contributions: their titles, texts, common field of action and towns."""
    if not ideas:
        return {}
    topics = {i.topic_id for i in ideas}
    towns = {i.municipality_id for i in ideas if i.municipality_id}
    return {
        "title": ideas[0].title,
        "description": "\n\n".join(f"{i.title}: {i.text}" for i in ideas),
        "topic": topics.pop() if len(topics) == 1 else None,
        "municipalities": list(towns),
        "target_groups": sorted({g.pk for i in ideas for g in i.target_groups.all()}),
    }


@require_http_methods(["GET"])
def measure_choose_ideas(request: HttpRequest, process_pk: int) -> HttpResponse:
    """Staff choose contributions of the process and make a measure from them."""
    process = _process(request, process_pk)
    _require(request, "plans.add_measure", process)
    queryset = _idea_queryset(process)
    form = IdeaChoiceForm(request.GET or None, queryset=queryset)
    if request.GET and form.is_valid():
        query = "&".join(f"ideas={i.pk}" for i in form.cleaned_data["ideas"])
        return redirect(reverse("plans:measure_create", kwargs={"process_pk": process.pk}) + "?" + query)
    return render(
        request,
        "plans/choose_ideas.html",
        {
            **_base(process, _plan_module(process)),
            "form": form,
            "ideas": list(queryset[:500]),
            "selected": {int(i) for i in request.GET.getlist("ideas") if i.isdigit()},
        },
    )


@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    _require(request, "plans.change_measure", measure)
    process = measure.process
    conflict = None
    if request.method == "POST":
        form = MeasureForm(request.POST, instance=Measure.objects.get(pk=measure.pk), process=process)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            expected = form.cleaned_data.get("version") or 0
            try:
                services.measure_update(measure=measure, by=request.user, expected_version=expected, data=data)
            except services.MeasureConflict as error:
                conflict = error
                # Keep what was typed; the next save knowingly replaces the newer version.
                post = request.POST.copy()
                post["version"] = str(error.measure.version)
                form = MeasureForm(post, instance=Measure.objects.get(pk=measure.pk), process=process)
                form.is_valid()
                form.add_error(
                    None,
                    _(
                        "Someone else saved this measure while you were editing it. Nothing has been lost: "
                        "your input is still in the form, and their changes are listed below. Check them and save "
                        "again to keep your version."
                    ),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The measure has been saved."))
                return redirect(measure.get_absolute_url())
    else:
        form = MeasureForm(instance=measure, process=process, initial={"version": measure.version})
    return render(
        request,
        "plans/measure_form.html",
        {
            **_base(process, _plan_module(process)),
            "form": form,
            "measure": measure,
            "conflict": conflict,
            "title": _("Edit measure"),
            "submit": _("Save"),
            "cancel_url": measure.get_absolute_url(),
        },
        status=409 if conflict else 200,
    )


@require_http_methods(["GET", "POST"])
def measure_link_ideas(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    _require(request, "plans.change_measure", measure)
    process = measure.process
    linked = set(measure.ideas.values_list("pk", flat=True))
    form = IdeaChoiceForm(request.POST or None, queryset=_idea_queryset(process).exclude(pk__in=linked))
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_link_ideas(measure=measure, by=request.user, ideas=form.cleaned_data["ideas"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The contributions are now part of the measure."))
            return redirect(measure.get_absolute_url())
    return render(
        request,
        "plans/form.html",
        {
            **_base(process, _plan_module(process)),
            "form": form,
            "measure": measure,
            "title": _("Add contributions to “%(title)s”") % {"title": measure.title},
            "submit": _("Add to the measure"),
            "cancel_url": measure.get_absolute_url(),
        },
    )


@require_POST
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    _require(request, "plans.change_measure", measure)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        services.milestone_create(measure=measure, by=request.user, **form.cleaned_data)
        messages.success(request, _("The milestone has been added."))
    else:
        messages.error(request, _("Please give the milestone a title and a date."))
    return redirect(measure.get_absolute_url() + "#milestones")


@require_POST
def milestone_change(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = Milestone.objects.select_related("measure__process__organisation").filter(pk=pk).first()
    if milestone is None:
        raise Http404
    measure = milestone.measure
    _require(request, "plans.change_measure", measure)
    action = request.POST.get("action")
    if action == "delete":
        services.milestone_delete(milestone=milestone, by=request.user)
        messages.success(request, _("The milestone has been removed."))
    elif action == "done":
        services.milestone_set_done(milestone=milestone, by=request.user, done_on=timezone.localdate())
        messages.success(request, _("The milestone has been marked as reached."))
    elif action == "reopen":
        services.milestone_set_done(milestone=milestone, by=request.user, done_on=None)
        messages.success(request, _("The milestone is open again."))
    return redirect(measure.get_absolute_url() + "#milestones")


@require_POST
def measure_follow(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(measure.get_absolute_url())
    _require(request, "plans.follow_measure", measure)
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
    measure = _measure(request, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    _require(request, "plans.offer_help", measure)
    form = HelpOfferForm(request.POST or None)
    if request.method == "POST" and not _rate_limited(request, "help") and form.is_valid():
        offer = services.help_offer_create(measure=measure, user=request.user, **form.cleaned_data)
        if offer.forwarded_at:
            messages.success(
                request, _("Thank you! Your offer has been passed on to the contact person of the measure.")
            )
        else:
            messages.success(request, _("Thank you! The staff of the municipality will see your offer."))
        return redirect(measure.get_absolute_url())
    return render(
        request,
        "plans/form.html",
        {
            **_base(measure.process, _plan_module(measure.process)),
            "form": form,
            "measure": measure,
            "title": _("I want to help: “%(title)s”") % {"title": measure.title},
            "submit": _("Send my offer"),
            "cancel_url": measure.get_absolute_url(),
        },
    )


def help_offers(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _measure(request, pk)
    _require(request, "plans.view_help_offers", measure)
    return render(
        request,
        "plans/help_offers.html",
        {
            **_base(measure.process, _plan_module(measure.process)),
            "measure": measure,
            "offers": list(measure.help_offers.select_related("user")),
        },
    )


def measure_letters(request: HttpRequest, pk: int) -> HttpResponse:
    """Letters (PDF) to the offline participants whose contribution became part of this measure."""
    measure = _measure(request, pk)
    _require(request, "plans.print_letters", measure)
    contacts = list(
        OfflineContact.objects.filter(idea__measures=measure)
        .exclude(contact="")
        .exclude(consent="")
        .select_related("idea")
        .order_by("name")
    )
    if not contacts:
        messages.info(request, _("No contribution of this measure came from someone who asked for an answer by post."))
        return redirect(measure.get_absolute_url())
    pdf = exports.letters_pdf(
        context={
            **_base(measure.process),
            "measure": measure,
            "contacts": contacts,
            "measure_url": absolute_url(measure.get_absolute_url()),
        }
    )
    audit_export_record(actor=request.user, obj=measure, export="measure_letters_pdf", letters=len(contacts))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="briefe-massnahme-{measure.pk}.pdf"'
    return response


# -- prioritisation ----------------------------------------------------------------------


def prioritisation(request: HttpRequest, module_pk: int) -> HttpResponse:
    """The dot vote: candidates with the person's points, the allowance, and +/− buttons or a form."""
    module = _module(request, module_pk, "prioritisation")
    process = module.phase.process
    candidates = selectors.vote_candidates(module=module)
    points = selectors.my_points(module=module, user=request.user)
    allowance = services.prioritisation_allowance(module)
    used = sum(points.values())
    return render(
        request,
        "plans/prioritisation.html",
        {
            **_base(process, module),
            "candidates": [(m, points.get(m.pk, 0)) for m in candidates],
            "allowance": allowance,
            "used": used,
            "left": allowance - used,
            "stacking": services.prioritisation_stacking(module),
            "is_open": services.prioritisation_is_open(module),
            "opens_on": module.phase.first_day if module.phase.start > timezone.now() else None,
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
    module = _module(request, module_pk, "prioritisation")
    if not request.user.is_authenticated:
        return redirect_to_login(module.get_absolute_url())
    if not request.user.has_perm("plans.vote", module):
        messages.error(request, _("The vote is closed. Your points can no longer be changed."))
        return redirect(module.get_absolute_url())
    if _rate_limited(request, "vote"):
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
    module = _module(request, module_pk, "prioritisation")
    state = _results_state(module)
    if not request.user.has_perm("plans.view_results", module):
        return render(request, "plans/results_pending.html", {**_base(module.phase.process, module), **state})
    return render(
        request,
        "plans/results.html",
        {
            **_base(module.phase.process, module),
            **state,
            "results": selectors.prioritisation_results(module=module),
            "is_open": services.prioritisation_is_open(module),
        },
    )


@require_http_methods(["GET", "POST"])
def tallies(request: HttpRequest, module_pk: int) -> HttpResponse:
    """Staff enter points counted on paper (events, letters, calls) and see what was entered."""
    module = _module(request, module_pk, "prioritisation")
    _require(request, "plans.enter_tally", module)
    measures = Measure.objects.filter(process_id=module.phase.process_id).exclude(status=MeasureStatus.DROPPED)
    form = PaperTallyForm(request.POST or None, measures=measures)
    if request.method == "POST":
        if "delete" in request.POST:
            tally = PaperTally.objects.filter(module=module, pk=request.POST.get("delete") or 0).first()
            if tally is not None:
                services.paper_tally_delete(tally=tally, by=request.user)
                messages.success(request, _("The tally has been removed."))
            return redirect(reverse("plans:tallies", kwargs={"module_pk": module.pk}))
        if form.is_valid():
            try:
                services.paper_tally_add(module=module, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The points have been entered."))
                return redirect(reverse("plans:tallies", kwargs={"module_pk": module.pk}))
    return render(
        request,
        "plans/tallies.html",
        {**_base(module.phase.process, module), "form": form, "tallies": selectors.paper_tallies(module=module)},
    )


@require_http_methods(["GET", "POST"])
def prioritisation_settings(request: HttpRequest, module_pk: int) -> HttpResponse:
    module = _module(request, module_pk, "prioritisation")
    _require(request, "plans.change_settings", module)
    form = PrioritisationSettingsForm(
        request.POST or None,
        initial={"points_per_person": 5, "allow_stacking": True, **module.settings},
    )
    if request.method == "POST" and form.is_valid():
        module_update_settings(module=module, settings=form.cleaned_data)
        messages.success(request, _("The settings have been saved."))
        return redirect(module.get_absolute_url())
    return render(
        request,
        "plans/form.html",
        {
            **_base(module.phase.process, module),
            "form": form,
            "title": _("Settings of the prioritisation"),
            "submit": _("Save"),
            "cancel_url": module.get_absolute_url(),
        },
    )


@require_POST
def close_vote(request: HttpRequest, module_pk: int) -> HttpResponse:
    module = _module(request, module_pk, "prioritisation")
    _require(request, "plans.close_vote", module)
    closed = request.POST.get("closed") == "1"
    services.prioritisation_close(module=module, by=request.user, closed=closed)
    messages.success(request, _("The vote is closed.") if closed else _("The vote is open again."))
    return redirect(module.get_absolute_url())
