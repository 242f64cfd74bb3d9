"""What citizens see and do: the list, a contribution, contributing, commenting, supporting."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from zukunftswerkstatt.conversation.views import comments_prepare
from zukunftswerkstatt.core.limits import over_limit
from zukunftswerkstatt.core.maps import maps_enabled
from zukunftswerkstatt.core.models import TargetGroup, Topic
from zukunftswerkstatt.core.pagecache import visitor_cache

from .. import maps, selectors, services
from ..forms import (
    WHOLE_ASSOCIATION,
    CommentForm,
    FilterForm,
    GuestIdeaForm,
    IdeaEditForm,
    IdeaForm,
    ReportForm,
    WithdrawForm,
)
from ..models import KIND_QUESTIONS, Channel, Idea, Kind, Visibility
from ..rules import contributing_open
from ..similarity import SimilarIdea, similar_ideas
from .common import add_service_errors, get_comment, get_idea, get_module, rate_limited, require

PAGE_SIZE = 20


def _int_or_none(value: str) -> int | None:
    return int(value) if value and value.isdigit() else None


def _filters_from(request: HttpRequest, form: FilterForm) -> selectors.IdeaFilters:
    data = form.cleaned_data if form.is_valid() else {}
    sort = data.get("sort") or "newest"
    if sort == "random":
        seed = request.session.get("ideas_random_seed")
        if seed is None:
            seed = secrets.randbelow(1_000_000_007)
            request.session["ideas_random_seed"] = seed
    town = data.get("town") or ""
    return selectors.IdeaFilters(
        kind=data.get("kind") or "",
        topic=_int_or_none(data.get("topic") or ""),
        municipality=_int_or_none(town),
        whole_association=town == WHOLE_ASSOCIATION,
        target_group=_int_or_none(data.get("group") or ""),
        status=data.get("status") or "",
        youth=data.get("youth") or "",
        query=data.get("q") or "",
        sort=sort,
        random_seed=request.session.get("ideas_random_seed", 0),
    )


@visitor_cache
def idea_list(request: HttpRequest, module_pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    process = module.phase.process
    topics = list(Topic.objects.filter(organisation_id=process.organisation_id))
    towns = list(process.municipalities.all())
    groups = list(TargetGroup.objects.all())
    form = FilterForm(request.GET or None, module=module, topics=topics, towns=towns, groups=groups)
    filters = _filters_from(request, form)
    queryset = selectors.idea_list(module=module, filters=filters, user=request.user)
    page = selectors.idea_page(queryset=queryset, number=request.GET.get("page"), per_page=PAGE_SIZE)
    ideas = page.object_list
    selectors.ideas_highlight(ideas=ideas, query=filters.query)
    show_map = request.GET.get("view") == "map"
    places, places_truncated = maps.ideas_with_place(queryset=queryset) if show_map else ([], False)
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    return render(
        request,
        "ideas/list.html",
        {
            "module": module,
            "process": process,
            "organisation": process.organisation,
            "phase": module.phase,
            "form": form,
            "page": page,
            "ideas": ideas,
            "supported_ids": selectors.supported_idea_ids(user=request.user, ideas=ideas),
            "can_contribute": request.user.has_perm("ideas.add_idea", module),
            "can_moderate": request.user.has_perm("ideas.moderate", module),
            "can_record_offline": request.user.has_perm("ideas.record_offline", module),
            "open_kinds": [(k, Kind(k).label, KIND_QUESTIONS[Kind(k)]) for k in services.open_kinds(module)],
            "filtered": bool(
                request.GET.get("q")
                or any(request.GET.get(k) for k in ("kind", "topic", "town", "group", "status", "youth"))
            ),
            "query_without_page": query_without_page.urlencode(),
            "show_map": show_map,
            "places": places,
            "places_truncated": places_truncated,
            "places_pinned": sum(1 for place in places if place["has_pin"]),
            "map_data": (
                {**maps.map_config(area=maps.process_map_area(process=process)), "places": maps.places_geojson(places)}
                if show_map and maps_enabled()
                else None
            ),
            "map_enabled": maps_enabled(),
        },
    )


def _comment_urls(idea):
    def urls(comment) -> dict[str, str]:
        args = [idea.module_id, idea.pk, comment.pk]
        return {
            "edit": reverse("ideas:comment_edit", args=args),
            "report": reverse("ideas:report_comment", args=args),
            "visibility": reverse("ideas:comment_visibility", args=args),
        }

    return urls


def _detail_context(request: HttpRequest, module, idea, comment_form: CommentForm) -> dict:
    user = request.user
    comments = selectors.idea_comments(idea=idea, page=request.GET.get("page", 1))
    # What each comment offers (edit, report) is asked of has_perm here, not decided in the template.
    comments_prepare(
        user=user,
        comments=comments,
        perm_change="ideas.change_comment",
        perm_report="ideas.report",
        urls=_comment_urls(idea),
    )
    return {
        "module": module,
        "process": module.phase.process,
        "organisation": module.phase.process.organisation,
        "idea": idea,
        "comments": comments,
        "history": selectors.idea_status_history(idea=idea),
        "state": selectors.idea_person_state(idea=idea, user=user),
        "comment_form": comment_form,
        "can_comment": user.has_perm("ideas.comment_idea", idea),
        "can_support": user.has_perm("ideas.support_idea", idea),
        "can_follow": user.has_perm("ideas.follow_idea", idea),
        "can_edit": user.has_perm("ideas.change_idea", idea),
        "can_withdraw": user.has_perm("ideas.withdraw_idea", idea),
        "can_moderate": user.has_perm("ideas.moderate", module),
        "can_answer": user.has_perm("ideas.answer_idea", idea),
        "can_change_status": user.has_perm("ideas.change_status", idea),
        "can_view_contact": user.has_perm("ideas.view_offline_contact", module),
        "map_enabled": maps_enabled(),
        "place_map": maps.idea_place_data(idea=idea) if maps_enabled() else None,
        "channels": [c for c in Channel.choices if c[0] != Channel.ONLINE],
    }


@visitor_cache
def idea_detail(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    idea = get_idea(request, module, pk)
    return render(request, "ideas/detail.html", _detail_context(request, module, idea, CommentForm()))


@require_http_methods(["GET", "POST"])
def idea_create(request: HttpRequest, module_pk: int) -> HttpResponse:
    """The contribution form; its "Preview" button checks and shows what was typed, with similar
    contributions of the collection, and stores nothing (the same hints htmx shows while typing)."""
    module = get_module(request, module_pk)
    if not request.user.has_perm("ideas.add_idea", module):
        if not request.user.is_authenticated and contributing_open(request.user, module):
            return redirect_to_login(request.get_full_path())  # open, but not for guests: log in first
        raise PermissionDenied
    form_class = IdeaForm if request.user.is_authenticated else GuestIdeaForm
    person = request.user if request.user.is_authenticated else None
    preview, hints = None, []
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, module=module, person=person)
        if "preview" in request.POST:
            if form.is_valid():
                preview = _preview_of(form, module=module, person=person)
            hints = _similar_hints(request, module, title=request.POST.get("title"), text=request.POST.get("text"))
        elif form.is_valid() and not rate_limited(request, "idea"):
            arguments = form.service_arguments()
            try:
                idea = services.idea_create(
                    module=module,
                    author=request.user if request.user.is_authenticated else None,
                    language=get_language() or "",
                    **arguments,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                # The confirmation page may show this one contribution to this browser, even while
                # it waits for moderation and its guest author cannot open it otherwise.
                received = request.session.get(RECEIVED_SESSION_KEY, [])[-9:]
                request.session[RECEIVED_SESSION_KEY] = [*received, idea.pk]
                return redirect("ideas:received", module_pk=module.pk, pk=idea.pk)
        if request.FILES.get("image"):
            # A browser never fills a file field in again: say so rather than lose the picture silently.
            form.ask_for_the_image_again()
    else:
        initial = {"kind": request.GET.get("kind")} if request.GET.get("kind") in Kind.values else {}
        form = form_class(module=module, person=person, initial=initial)
    return render(
        request,
        "ideas/form.html",
        {
            "module": module,
            "process": module.phase.process,
            "organisation": module.phase.process.organisation,
            "form": form,
            "is_guest": not request.user.is_authenticated,
            "held": services.idea_held_for_moderation(
                module=module, author=request.user if request.user.is_authenticated else None
            ),
            "preview": preview,
            "hints": hints,
            "hints_shown": _shown(hints),
            **maps.picker_context(form=form),
        },
    )


def _preview_of(form: IdeaForm, *, module, person) -> Idea:
    """The contribution as it would be shown, never saved (its target groups are the form's)."""
    data = form.cleaned_data
    return Idea(
        module=module,
        kind=data["kind"],
        title=data["title"],
        text=data["text"],
        topic=data.get("topic"),
        municipality=data.get("municipality"),
        place_name=data.get("place_name", ""),
        author=person,
        author_name=(data.get("guest_name") or "").strip(),
    )


# Hints start once the title and the text together have this many words: before that, nearly
# everything "shares" the one word typed.
HINT_MIN_WORDS = 3
# What is compared: at most as much as the form takes (a longer text posted by hand is cut).
HINT_TITLE_MAX, HINT_TEXT_MAX = 150, 5000


def _similar_hints(request: HttpRequest, module, *, title: str | None, text: str | None) -> list[SimilarIdea]:
    """Up to five published contributions of the collection that say something similar, for a text
    being written; none for a text of a word or two, nor beyond the person's rate."""
    title, text = (title or "")[:HINT_TITLE_MAX], (text or "")[:HINT_TEXT_MAX]
    if len(f"{title} {text}".split()) < HINT_MIN_WORDS:
        return []
    # Silently over the limit: the hints are a help, not something to complain about while typing.
    if request.user.is_authenticated:
        over = over_limit(request, "ideas.hints:account", message="")
    else:
        over = over_limit(request, "ideas.hints:ip", message="")
    if over:
        return []
    return similar_ideas(module=module, title=title, text=text)


def _shown(hints: list[SimilarIdea]) -> str:
    return ",".join(str(hint.idea.pk) for hint in hints)


@require_POST
def idea_hints(request: HttpRequest, module_pk: int) -> HttpResponse:
    """The similar contributions for what is being typed in the contribution form (htmx, while typing).

    Whoever may contribute may ask. The answer replaces the hint box; when the hints are the ones
    already shown it is empty (204: htmx leaves the page alone, and screen readers are not told
    again). Too short a text or too many requests: an empty box."""
    module = get_module(request, module_pk)
    require(request, "ideas.add_idea", module)
    hints = _similar_hints(request, module, title=request.POST.get("title"), text=request.POST.get("text"))
    shown = _shown(hints)
    if shown == request.POST.get("similar_shown", ""):
        return HttpResponse(status=204)
    return render(
        request,
        "ideas/_similar_hints.html",
        {"module": module, "hints": hints, "hints_shown": shown, "fragment": True},
    )


def similar_explained(request: HttpRequest) -> HttpResponse:
    """For citizens, in plain words: how the hints find similar contributions, and what they do not do."""
    return render(request, "ideas/similar_explained.html")


RECEIVED_SESSION_KEY = "ideas_received"


def idea_received(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    """The confirmation after contributing: the reference, and what happens next."""
    module = get_module(request, module_pk)
    if pk not in request.session.get(RECEIVED_SESSION_KEY, []):
        idea = get_idea(request, module, pk)  # otherwise only who may see the contribution anyway
    else:
        try:
            idea = selectors.idea_get_for_detail(module=module, pk=pk)
        except Idea.DoesNotExist as error:
            raise Http404 from error
    return render(
        request,
        "ideas/received.html",
        {
            "module": module,
            "process": module.phase.process,
            "organisation": module.phase.process.organisation,
            "idea": idea,
            "held": idea.visibility == Visibility.PENDING,
            "has_guest_contact": services.guest_contact_exists(idea=idea),
            "lookup_module": selectors.lookup_module(process=module.phase.process),
        },
    )


@require_http_methods(["GET", "POST"])
def idea_withdraw(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    """The author takes their contribution back, after a confirmation step."""
    module = get_module(request, module_pk)
    idea = get_idea(request, module, pk)
    require(request, "ideas.withdraw_idea", idea)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.idea_withdraw(idea=idea, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("You have withdrawn your contribution. It stays readable as “withdrawn”."))
            return redirect(idea.get_absolute_url())
    return render(
        request,
        "ideas/withdraw.html",
        {
            "module": module,
            "process": module.phase.process,
            "organisation": module.phase.process.organisation,
            "idea": idea,
            "form": form,
        },
    )


# One click from the e-mail: mail programs send a POST without a CSRF token (RFC 8058);
# the signed token is the protection. A GET only shows the confirmation button.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def guest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    contact = services.guest_contact_from_token(token)
    done = request.method == "POST"
    if contact is None and not done:
        # Already deleted (or never valid): nothing is kept, which is what the person wanted.
        return render(request, "ideas/guest_unsubscribe.html", {"done": True, "gone": True})
    if done and contact is not None:
        services.guest_contact_delete(contact=contact)
    return render(
        request,
        "ideas/guest_unsubscribe.html",
        {"done": done, "idea": contact.idea if contact else None, "token": token},
    )


@require_http_methods(["GET", "POST"])
def idea_edit(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    idea = get_idea(request, module, pk)
    require(request, "ideas.change_idea", idea)
    if request.method == "POST":
        form = IdeaEditForm(request.POST, request.FILES, module=module, idea=idea, editor=request.user)
        if form.is_valid():
            try:
                services.idea_update(idea=idea, editor=request.user, **form.service_arguments())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The contribution has been saved."))
                return redirect(idea.get_absolute_url())
    else:
        form = IdeaEditForm(module=module, idea=idea, editor=request.user, initial=IdeaEditForm.initial_for(idea))
    return render(
        request,
        "ideas/form.html",
        {
            "module": module,
            "process": module.phase.process,
            "organisation": module.phase.process.organisation,
            "form": form,
            "idea": idea,
            "is_moderator_edit": idea.author_id != request.user.pk,
            **maps.picker_context(form=form),
        },
    )


@require_POST
def comment_create(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    idea = get_idea(request, module, pk)
    require(request, "ideas.comment_idea", idea)
    form = CommentForm(request.POST)
    if form.is_valid() and not rate_limited(request, "comment"):
        parent = None
        if form.cleaned_data.get("parent"):
            parent = get_comment(idea, form.cleaned_data["parent"])
        try:
            comment = services.comment_create(
                idea=idea, author=request.user, text=form.cleaned_data["text"], parent=parent
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your comment has been published."))
            return redirect(_comment_url(idea, comment))
    elif form.errors:
        # Keep what was typed: show the contribution again with the comment form filled in.
        return render(request, "ideas/detail.html", _detail_context(request, module, idea, form), status=400)
    return redirect(f"{idea.get_absolute_url()}#comments")


def _comment_url(idea, comment) -> str:
    """The comment on its page of the contribution's comments."""
    page = selectors.comment_page_number(comment=comment)
    query = f"?page={page}" if page > 1 else ""
    return f"{idea.get_absolute_url()}{query}#comment-{comment.pk}"


@require_http_methods(["GET", "POST"])
def comment_edit(request: HttpRequest, module_pk: int, pk: int, comment_pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    idea = get_idea(request, module, pk)
    comment = get_comment(idea, comment_pk)
    require(request, "ideas.change_comment", comment)
    if request.method == "POST":
        form = CommentForm(request.POST)
        if request.POST.get("delete"):
            services.comment_delete(comment=comment)
            messages.success(request, _("Your comment has been deleted."))
            return redirect(f"{idea.get_absolute_url()}#comments")
        if form.is_valid():
            services.comment_update(comment=comment, text=form.cleaned_data["text"])
            messages.success(request, _("Your comment has been saved."))
            return redirect(_comment_url(idea, comment))
    else:
        form = CommentForm(initial={"text": comment.text})
    return render(
        request,
        "ideas/comment_edit.html",
        {
            "module": module,
            "process": module.phase.process,
            "organisation": module.phase.process.organisation,
            "idea": idea,
            "comment": comment,
            "form": form,
        },
    )


@require_POST
def support(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    idea = get_idea(request, module, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(idea.get_absolute_url())
    require(request, "ideas.support_idea", idea)
    if rate_limited(request, "support"):
        return redirect(idea.get_absolute_url())
    # A form that says what the person wants ("support"/"withdraw") makes a double submit harmless;
    # without it the button toggles.
    wanted = request.POST.get("action")
    if wanted in ("support", "withdraw"):
        supported, count = services.support_set(idea=idea, user=request.user, supported=wanted == "support")
    else:
        supported, count = services.support_toggle(idea=idea, user=request.user)
    idea.support_count = count
    if request.headers.get("HX-Request"):
        return render(
            request,
            "ideas/_support_button.html",
            {"idea": idea, "supported": supported, "can_support": True, "announce": True},
        )
    messages.success(request, _("Thank you for your support.") if supported else _("Your support has been taken back."))
    return redirect(idea.get_absolute_url())


@require_POST
def follow(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    idea = get_idea(request, module, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(idea.get_absolute_url())
    require(request, "ideas.follow_idea", idea)
    following = services.follow_toggle(idea=idea, user=request.user)
    messages.success(
        request,
        _("You now follow this contribution. We will tell you by e-mail when something happens.")
        if following
        else _("You no longer follow this contribution."),
    )
    return redirect(idea.get_absolute_url())


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, module_pk: int, pk: int, comment_pk: int | None = None) -> HttpResponse:
    module = get_module(request, module_pk)
    idea = get_idea(request, module, pk)
    comment = get_comment(idea, comment_pk) if comment_pk else None
    if comment is not None and not comment.is_visible:
        # The page quotes the comment: one hidden by moderation or deleted by its author is not there.
        raise Http404
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid() and not rate_limited(request, "report"):
            services.report_create(
                reporter=request.user,
                reason=form.cleaned_data["reason"],
                idea=None if comment else idea,
                comment=comment,
            )
            messages.success(request, _("Thank you. The moderators will look at it."))
            return redirect(idea.get_absolute_url())
    else:
        form = ReportForm()
    return render(
        request,
        "ideas/report.html",
        {
            "module": module,
            "process": module.phase.process,
            "organisation": module.phase.process.organisation,
            "idea": idea,
            "comment": comment,
            "form": form,
        },
    )
