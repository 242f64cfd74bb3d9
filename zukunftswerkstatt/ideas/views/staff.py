"""What moderators and staff do: the moderation queue, answers, status, offline intake, export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zukunftswerkstatt.core.audit import audit_export_record
from zukunftswerkstatt.core.links import site_url
from zukunftswerkstatt.core.uploads import private_download
from zukunftswerkstatt.processes.services import module_update_settings

from .. import maps, selectors, services
from ..exports import export_csv, export_xlsx
from ..forms import AnswerForm, AnswerSentForm, BlockForm, HideForm, IdeaModuleSettingsForm, OfflineIdeaForm, StatusForm
from ..models import Idea, ModerationLogEntry, Status
from ..similarity import duplicate_pairs, similar_ideas
from .common import add_service_errors, get_comment, get_idea, get_module, require


def _next_or(request: HttpRequest, default: str) -> str:
    """Where the form asks to go back to (the moderation queue), if it is a page of this site."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def _base(module) -> dict:
    return {"module": module, "process": module.phase.process, "organisation": module.phase.process.organisation}


def moderation(request: HttpRequest, module_pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    require(request, "ideas.moderate", module)
    log = ModerationLogEntry.objects.filter(organisation_id=module.phase.process.organisation_id).select_related(
        "actor", "idea", "target_user"
    )[:30]
    queue = selectors.moderation_queue(module=module)
    # A waiting contribution may repeat a published one: the closest, for the first few (five queries each).
    for idea in queue["pending"][:PENDING_WITH_DUPLICATE_HINT]:
        found = similar_ideas(module=module, title=idea.title, text=idea.text, exclude=idea.pk, limit=1)
        idea.possible_duplicate = found[0].idea if found else None
    return render(
        request,
        "ideas/moderation.html",
        {**_base(module), **queue, "log": log, "hide_form": HideForm()},
    )


def _pairs_cached(module) -> list:
    """duplicate_pairs() kept for ten minutes, until a contribution of the collection is added or changes
    (a status, a merge, hiding): computing it for thousands of contributions takes seconds."""
    stamp = Idea.objects.filter(module=module).aggregate(n=Count("pk"), changed=Max("modified"))
    key = f"ideas:duplicate-pairs:{module.pk}:{stamp['n']}:{stamp['changed'].timestamp() if stamp['changed'] else 0}"
    pairs = cache.get(key)
    if pairs is None:
        pairs = duplicate_pairs(module=module)
        cache.set(key, pairs, 600)
    return pairs


def duplicate_overview(request: HttpRequest, module_pk: int) -> HttpResponse:
    """The pairs of the collection most likely to be duplicates, for a moderator to go through."""
    module = get_module(request, module_pk)
    require(request, "ideas.moderate", module)
    pairs = _pairs_cached(module)
    for pair in pairs:
        pair.very = pair.score >= VERY_SIMILAR
    return render(request, "ideas/duplicate_overview.html", {**_base(module), "pairs": pairs})


PENDING_WITH_DUPLICATE_HINT = 20
# The words a moderator reads instead of a score (core.similarity: the probability of a duplicate).
VERY_SIMILAR = 0.8


def duplicates(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    """Suggested duplicates of one contribution, each with a merge in either direction."""
    module = get_module(request, module_pk)
    idea = get_idea(request, module, pk)
    require(request, "ideas.change_status", idea)
    found = []
    if idea.status not in (Status.MERGED, Status.WITHDRAWN):
        found = similar_ideas(module=module, title=idea.title, text=idea.text, exclude=idea.pk)
    for similar in found:
        similar.very = similar.score >= VERY_SIMILAR
    return render(
        request,
        "ideas/duplicates.html",
        {**_base(module), "idea": idea, "similar": found, "merged": list(idea.merged_ideas.order_by("created"))},
    )


@require_POST
def merge(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    """Merge the contribution `pk` into the one the form names (`into`), with an optional reason."""
    module = get_module(request, module_pk)
    idea = get_idea(request, module, pk)
    require(request, "ideas.change_status", idea)
    target = request.POST.get("into", "")
    into = Idea.objects.filter(module=module, pk=int(target)).first() if target.isdigit() else None
    if into is None:
        messages.error(request, _("There is no such contribution in this collection."))
        return redirect("ideas:duplicates", module_pk=module.pk, pk=idea.pk)
    require(request, "ideas.change_status", into)
    try:
        services.idea_merge(idea=idea, into=into, by=request.user, reason=request.POST.get("reason", "")[:2000])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("ideas:duplicates", module_pk=module.pk, pk=idea.pk)
    messages.success(
        request,
        _("“%(title)s” has been merged into this contribution. Both authors and the followers are told.")
        % {"title": idea.title},
    )
    return redirect(into.get_absolute_url())


@require_POST
def idea_visibility(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    idea = get_idea(request, module, pk)
    require(request, "ideas.moderate", module)
    if request.POST.get("action") == "hide":
        form = HideForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Please give a public reason for hiding."))
            return redirect(_next_or(request, idea.get_absolute_url()))
        services.idea_hide(idea=idea, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The contribution has been hidden."))
    elif request.POST.get("action") == "dismiss":
        services.reports_resolve(module=module, by=request.user, idea=idea)
        messages.success(request, _("The reports have been dismissed."))
    else:
        services.idea_restore(idea=idea, by=request.user)
        messages.success(request, _("The contribution is visible."))
    return redirect(_next_or(request, idea.get_absolute_url()))


@require_POST
def comment_visibility(request: HttpRequest, module_pk: int, pk: int, comment_pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    idea = get_idea(request, module, pk)
    comment = get_comment(idea, comment_pk)
    require(request, "ideas.moderate", module)
    if request.POST.get("action") == "hide":
        form = HideForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Please give a public reason for hiding."))
        else:
            services.comment_hide(comment=comment, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("The comment has been hidden."))
    elif request.POST.get("action") == "dismiss":
        services.reports_resolve(module=module, by=request.user, comment=comment)
        messages.success(request, _("The reports have been dismissed."))
    else:
        services.comment_restore(comment=comment, by=request.user)
        messages.success(request, _("The comment is visible again."))
    return redirect(_next_or(request, f"{idea.get_absolute_url()}#comment-{comment.pk}"))


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    idea = get_idea(request, module, pk)
    require(request, "ideas.answer_idea", idea)
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if form.is_valid():
            services.idea_answer(idea=idea, by=request.user, text=form.cleaned_data["text"])
            messages.success(request, _("The answer has been published. The author and followers are told."))
            return redirect(idea.get_absolute_url())
    else:
        form = AnswerForm(initial={"text": idea.official_answer})
    return render(
        request,
        "ideas/staff_form.html",
        {
            **_base(module),
            "idea": idea,
            "form": form,
            "title": _("Official answer"),
            "submit": _("Publish the answer"),
        },
    )


@require_http_methods(["GET", "POST"])
def status(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    idea = get_idea(request, module, pk)
    require(request, "ideas.change_status", idea)
    if request.method == "POST":
        form = StatusForm(request.POST)
        if form.is_valid():
            merged_into = None
            if form.cleaned_data.get("merged_into"):
                merged_into = Idea.objects.filter(pk=form.cleaned_data["merged_into"], module=module).first()
                if merged_into is None:
                    form.add_error("merged_into", _("There is no such contribution in this collection."))
            if not form.errors:
                try:
                    services.idea_change_status(
                        idea=idea,
                        by=request.user,
                        status=form.cleaned_data["status"],
                        reason=form.cleaned_data["reason"],
                        merged_into=merged_into,
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(request, _("The status has been changed. The author and followers are told."))
                    return redirect(idea.get_absolute_url())
    else:
        form = StatusForm(initial={"status": idea.status})
    return render(
        request,
        "ideas/staff_form.html",
        {
            **_base(module),
            "idea": idea,
            "form": form,
            "title": _("Change the status"),
            "submit": _("Change the status"),
        },
    )


@require_POST
def block(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    idea = get_idea(request, module, pk)
    require(request, "ideas.moderate", module)
    user_pk = request.POST.get("user")
    person = get_object_or_404(get_user_model(), pk=user_pk) if user_pk and user_pk.isdigit() else None
    if person is None:
        raise Http404
    if request.POST.get("action") == "unblock":
        services.user_unblock(module=module, user=person, by=request.user)
        messages.success(request, _("The account may take part again."))
    else:
        form = BlockForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Please give a reason for blocking."))
        else:
            try:
                services.user_block(module=module, user=person, by=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("The account can no longer contribute or comment here."))
    return redirect(idea.get_absolute_url())


@require_http_methods(["GET", "POST"])
def offline_create(request: HttpRequest, module_pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    require(request, "ideas.record_offline", module)
    if request.method == "POST":
        form = OfflineIdeaForm(request.POST, request.FILES, module=module)
        if form.is_valid():
            try:
                idea = services.offline_idea_record(
                    module=module, recorded_by=request.user, **form.service_arguments(), **form.offline_arguments()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The contribution has been recorded and published."))
                return redirect(idea.get_absolute_url())
    else:
        form = OfflineIdeaForm(module=module)
    return render(request, "ideas/offline_form.html", {**_base(module), "form": form, **maps.picker_context(form=form)})


@require_POST
def answer_sent(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    idea = get_idea(request, module, pk)
    require(request, "ideas.view_offline_contact", module)
    if not hasattr(idea, "offline_contact"):
        raise Http404
    form = AnswerSentForm(request.POST)
    if form.is_valid():
        services.offline_answer_sent(
            idea=idea, by=request.user, channel=form.cleaned_data["channel"], sent_on=form.cleaned_data["sent_on"]
        )
        messages.success(request, _("Noted: the answer has been sent back."))
    else:
        messages.error(request, _("Please choose how and when the answer was sent."))
    return redirect(idea.get_absolute_url())


def letter(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    """A printable letter with the official answer, for people who wrote or phoned."""
    module = get_module(request, module_pk)
    idea = get_idea(request, module, pk)
    require(request, "ideas.view_offline_contact", module)
    contact = getattr(idea, "offline_contact", None)
    if contact is None or not idea.official_answer:
        raise Http404
    return render(
        request, "ideas/letter.html", {**_base(module), "idea": idea, "contact": contact, "today": timezone.localdate()}
    )


def scan(request: HttpRequest, module_pk: int, pk: int) -> FileResponse:
    module = get_module(request, module_pk)
    idea = get_idea(request, module, pk)
    require(request, "ideas.view_offline_contact", module)
    contact = getattr(idea, "offline_contact", None)
    if contact is None or not contact.scan:
        raise Http404
    # Named and typed by its content, as a download only (core/uploads.py), also for scans stored
    # before the content was checked.
    return private_download(contact.scan, filename_stem=_("scan-%(reference)s") % {"reference": idea.reference})


def export(request: HttpRequest, module_pk: int, file_format: str) -> HttpResponse:
    module = get_module(request, module_pk)
    require(request, "ideas.export", module)
    stamp = timezone.localdate().isoformat()
    site = site_url()
    if file_format == "csv":
        response = HttpResponse(export_csv(module=module, site_url=site), content_type="text/csv; charset=utf-8")
    elif file_format == "xlsx":
        response = HttpResponse(
            export_xlsx(module=module, site_url=site),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    audit_export_record(actor=request.user, obj=module, export=f"ideas_{file_format}")
    response["Content-Disposition"] = f'attachment; filename="beitraege-{module.pk}-{stamp}.{file_format}"'
    return response


@require_http_methods(["GET", "POST"])
def module_settings(request: HttpRequest, module_pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    require(request, "ideas.change_settings", module)
    if request.method == "POST":
        form = IdeaModuleSettingsForm(request.POST)
        if form.is_valid():
            module_update_settings(module=module, settings=form.cleaned_data)
            messages.success(request, _("The settings have been saved."))
            return redirect(module.get_absolute_url())
    else:
        form = IdeaModuleSettingsForm(initial={**{"open_kinds": services.open_kinds(module)}, **module.settings})
    return render(
        request,
        "ideas/staff_form.html",
        {
            **_base(module),
            "form": form,
            "title": _("Settings of the idea collection"),
            "submit": _("Save"),
        },
    )
