"""What the team does: plan versions and their adoption, a failed document built again, measures
(from contributions, edited with a check for others' changes, milestones), offers to help, letters
to offline participants, paper tallies and the vote's settings and close."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zukunftswerkstatt.core.audit import audit_export_record
from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.core.views_common import document_retry_response
from zukunftswerkstatt.ideas.models import Idea, OfflineContact, Visibility
from zukunftswerkstatt.processes.models import Process
from zukunftswerkstatt.processes.registry import registry
from zukunftswerkstatt.processes.services import module_update_settings

from .. import exports, selectors, services
from ..forms import (
    AdoptionForm,
    IdeaChoiceForm,
    MeasureForm,
    MilestoneForm,
    PaperTallyForm,
    PlanVersionForm,
    PrioritisationSettingsForm,
)
from ..models import Measure, MeasureStatus, Milestone, PaperTally, PlanExport
from .common import (
    add_service_errors,
    cancel_url,
    form_page,
    get_measure,
    get_module,
    get_process,
    get_version,
    page_context,
    plan_module,
    require,
)


@require_POST
def export_retry(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    """The team asks again for a plan document that failed; back to the document's address."""
    process = get_process(request, process_pk)
    export = PlanExport.objects.select_related("version").filter(pk=pk, process=process).first()
    if export is None or not request.user.has_perm("processes.view_process", process):
        raise Http404
    if export.version_id is not None:
        next_url = reverse("plans:version_export", kwargs={"pk": export.version_id, "file_format": export.file_format})
    else:
        module = plan_module(process)
        next_url = (
            reverse("plans:plan_export", kwargs={"module_pk": module.pk, "file_format": export.file_format})
            if module is not None
            else process.get_absolute_url()
        )
    return document_retry_response(
        request, row=export, permission="plans.manage_versions", obj=process, next_url=next_url
    )


@require_http_methods(["GET", "POST"])
def version_create(request: HttpRequest, process_pk: int) -> HttpResponse:
    process = get_process(request, process_pk)
    require(request, "plans.manage_versions", process)
    form = PlanVersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        version = services.plan_version_create(process=process, by=request.user, **form.cleaned_data)
        messages.success(request, _("The draft version has been created."))
        return redirect(version.get_absolute_url())
    return form_page(
        request,
        form,
        process=process,
        module=plan_module(process),
        title=_("New version of the action plan"),
        submit=_("Create draft"),
        cancel=cancel_url(process),
    )


@require_POST
def version_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_version(request, pk)
    require(request, "plans.manage_versions", version.process)
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
            **page_context(process, plan_module(process)),
            "version": version,
            "document": selectors.plan_document(rows=selectors.plan_rows(process=process)),
            "sections": registry.section_parts("plan", process=process, for_print=False),
            "can_manage": True,
            "lacking": services.measures_lacking_owner(process),
            "adoption_form": form,
        },
        status=400,
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
    process = get_process(request, process_pk)
    require(request, "plans.add_measure", process)
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
            **page_context(process, plan_module(process)),
            "form": form,
            "ideas": ideas,
            "title": _("New measure from contributions") if ideas else _("New measure"),
            "submit": _("Create measure"),
            "cancel_url": cancel_url(process),
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
    process = get_process(request, process_pk)
    require(request, "plans.add_measure", process)
    queryset = _idea_queryset(process)
    form = IdeaChoiceForm(request.GET or None, queryset=queryset)
    if request.GET and form.is_valid():
        query = "&".join(f"ideas={i.pk}" for i in form.cleaned_data["ideas"])
        return redirect(reverse("plans:measure_create", kwargs={"process_pk": process.pk}) + "?" + query)
    return render(
        request,
        "plans/choose_ideas.html",
        {
            **page_context(process, plan_module(process)),
            "form": form,
            "ideas": list(queryset[:500]),
            "selected": {int(i) for i in request.GET.getlist("ideas") if i.isdigit()},
        },
    )


@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_measure(request, pk)
    require(request, "plans.change_measure", measure)
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
            **page_context(process, plan_module(process)),
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
    measure = get_measure(request, pk)
    require(request, "plans.change_measure", measure)
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
    return form_page(
        request,
        form,
        process=process,
        module=plan_module(process),
        title=_("Add contributions to “%(title)s”") % {"title": measure.title},
        submit=_("Add to the measure"),
        cancel=measure.get_absolute_url(),
        measure=measure,
    )


@require_POST
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_measure(request, pk)
    require(request, "plans.change_measure", measure)
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
    require(request, "plans.change_measure", measure)
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


def help_offers(request: HttpRequest, pk: int) -> HttpResponse:
    measure = get_measure(request, pk)
    require(request, "plans.view_help_offers", measure)
    return render(
        request,
        "plans/help_offers.html",
        {
            **page_context(measure.process, plan_module(measure.process)),
            "measure": measure,
            "offers": list(measure.help_offers.select_related("user")),
        },
    )


def measure_letters(request: HttpRequest, pk: int) -> HttpResponse:
    """Letters (PDF) to the offline participants whose contribution became part of this measure."""
    measure = get_measure(request, pk)
    require(request, "plans.print_letters", measure)
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
            **page_context(measure.process),
            "measure": measure,
            "contacts": contacts,
            "measure_url": absolute_url(measure.get_absolute_url()),
        }
    )
    audit_export_record(actor=request.user, obj=measure, export="measure_letters_pdf", letters=len(contacts))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="briefe-massnahme-{measure.pk}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def tallies(request: HttpRequest, module_pk: int) -> HttpResponse:
    """Staff enter points counted on paper (events, letters, calls) and see what was entered."""
    module = get_module(request, module_pk, "prioritisation")
    require(request, "plans.enter_tally", module)
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
        {**page_context(module.phase.process, module), "form": form, "tallies": selectors.paper_tallies(module=module)},
    )


@require_http_methods(["GET", "POST"])
def prioritisation_settings(request: HttpRequest, module_pk: int) -> HttpResponse:
    module = get_module(request, module_pk, "prioritisation")
    require(request, "plans.change_settings", module)
    form = PrioritisationSettingsForm(
        request.POST or None,
        initial={"points_per_person": 5, "allow_stacking": True, **module.settings},
    )
    if request.method == "POST" and form.is_valid():
        module_update_settings(module=module, settings=form.cleaned_data)
        messages.success(request, _("The settings have been saved."))
        return redirect(module.get_absolute_url())
    return form_page(
        request,
        form,
        process=module.phase.process,
        module=module,
        title=_("Settings of the prioritisation"),
        submit=_("Save"),
        cancel=module.get_absolute_url(),
    )


@require_POST
def close_vote(request: HttpRequest, module_pk: int) -> HttpResponse:
    module = get_module(request, module_pk, "prioritisation")
    require(request, "plans.close_vote", module)
    closed = request.POST.get("closed") == "1"
    services.prioritisation_close(module=module, by=request.user, closed=closed)
    messages.success(request, _("The vote is closed.") if closed else _("The vote is open again."))
    return redirect(module.get_absolute_url())
