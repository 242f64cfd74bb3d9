"""What citizens see and do: the matrix of a scope, an item with its evidence, commenting,
reporting a comment and suggesting an item."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zukunftswerkstatt.conversation.registry import registry as conversation
from zukunftswerkstatt.conversation.views import comment_rate_limited, comments_prepare

from .. import selectors, services
from ..forms import CommentForm, GuestSuggestionForm, HideForm, ReportForm, SuggestionForm
from ..models import SwotItem
from ..rules import input_open
from .common import add_service_errors, get_comment, get_item, get_module, page_context, rate_limited, require


def matrix_url(module, scope_key: str = selectors.WHOLE_ASSOCIATION) -> str:
    url = reverse("swot:matrix", kwargs={"module_pk": module.pk})
    return url if scope_key == selectors.WHOLE_ASSOCIATION else f"{url}?{urlencode({'scope': scope_key})}"


def matrix(request: HttpRequest, module_pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    towns = selectors.scope_towns(module=module)
    scopes = selectors.scopes_of(module=module, towns=towns)
    scope = selectors.scope_get(scopes=scopes, key=request.GET.get("scope"))
    if scope is None:
        raise Http404
    items = selectors.swot_matrix_items(module=module, municipality=scope.town)
    selectors.IndicatorResolver(module=module).attach(items)
    for each in scopes:
        each.url = matrix_url(module, each.key)
    user = request.user
    return render(
        request,
        "swot/matrix.html",
        page_context(
            module,
            phase=module.phase,
            scopes=scopes,
            scope=scope,
            items=items,
            can_suggest=user.has_perm("swot.suggest_item", module),
            input_open=input_open(module),
            can_manage=user.has_perm("swot.manage", module),
            can_export=user.has_perm("swot.export", module),
        ),
    )


def _comment_urls(module, item):
    def urls(comment) -> dict[str, str]:
        args = [module.pk, item.pk, comment.pk]
        return {
            "report": reverse("swot:report", args=args),
            "visibility": reverse("swot:comment_visibility", args=args),
        }

    return urls


def _detail_context(request: HttpRequest, module, item, comment_form: CommentForm) -> dict:
    selectors.IndicatorResolver(module=module).attach([item])
    user = request.user
    commentable = conversation.for_model(SwotItem)
    comments = selectors.swot_item_comments(item=item)
    comments_prepare(
        user=user, comments=comments, perm_report=commentable.perm_report, urls=_comment_urls(module, item)
    )
    scope_key = str(item.municipality_id) if item.municipality_id else selectors.WHOLE_ASSOCIATION
    return page_context(
        module,
        item=item,
        scope_name=item.municipality.name if item.municipality else module.phase.process.organisation.name,
        scope_url=matrix_url(module, scope_key),
        comments=comments,
        measures=selectors.swot_item_measures(item=item, user=user),
        comment_form=comment_form,
        can_comment=user.has_perm(commentable.perm_comment, item),
        can_moderate=user.has_perm(commentable.perm_moderate, commentable.moderation_object(item)),
        can_edit=user.has_perm("swot.change_item", item),
        input_open=input_open(module),
    )


def item_detail(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    item = get_item(module, pk)
    return render(request, "swot/detail.html", _detail_context(request, module, item, CommentForm()))


@require_POST
def comment_create(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    item = get_item(module, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(item.get_absolute_url())
    require(request, "swot.comment_item", item)
    form = CommentForm(request.POST)
    if form.is_valid():
        if comment_rate_limited(request, conversation.for_model(SwotItem)):
            return render(request, "swot/detail.html", _detail_context(request, module, item, form), status=429)
        comment = services.swot_comment_create(item=item, author=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Your comment has been published."))
        return redirect(f"{item.get_absolute_url()}#comment-{comment.pk}")
    # Keep what was typed: show the item again with the comment form filled in.
    return render(request, "swot/detail.html", _detail_context(request, module, item, form), status=400)


@require_http_methods(["GET", "POST"])
def comment_report(request: HttpRequest, module_pk: int, pk: int, comment_pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    item = get_item(module, pk)
    comment = get_comment(item, comment_pk)
    require(request, "swot.report_comment", comment)
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid() and not rate_limited(request, "report"):
            services.swot_comment_report(comment=comment, reporter=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("Thank you. The moderators will look at it."))
            return redirect(f"{item.get_absolute_url()}#comments")
    else:
        form = ReportForm()
    return render(request, "swot/report.html", page_context(module, item=item, comment=comment, form=form))


@require_POST
def comment_visibility(request: HttpRequest, module_pk: int, pk: int, comment_pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    item = get_item(module, pk)
    comment = get_comment(item, comment_pk)
    require(request, "swot.moderate", module)
    action = request.POST.get("action")
    if action == "hide":
        form = HideForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Please give a public reason for hiding."))
            return redirect(f"{item.get_absolute_url()}#comment-{comment.pk}")
        services.swot_comment_hide(comment=comment, moderator=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The comment has been hidden."))
    elif action == "restore":
        services.swot_comment_restore(comment=comment, moderator=request.user)
        messages.success(request, _("The comment is visible again."))
    elif action == "keep":
        services.swot_reports_resolve(comment=comment, moderator=request.user)
        messages.success(request, _("The reports have been closed; the comment stays."))
    else:
        raise PermissionDenied
    if request.POST.get("next") == "moderation":
        return redirect("swot:manage", module_pk=module.pk)
    return redirect(f"{item.get_absolute_url()}#comment-{comment.pk}")


@require_http_methods(["GET", "POST"])
def suggest(request: HttpRequest, module_pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    user = request.user
    if not user.has_perm("swot.suggest_item", module):
        if not user.is_authenticated and input_open(module):
            return redirect_to_login(request.get_full_path())  # open, but not for guests: log in first
        raise PermissionDenied
    form_class = SuggestionForm if user.is_authenticated else GuestSuggestionForm
    initial = {}
    if request.GET.get("quadrant"):
        initial["quadrant"] = request.GET["quadrant"]
    if request.GET.get("scope"):
        initial["municipality"] = request.GET["scope"]
    if request.method == "POST":
        form = form_class(request.POST, module=module)
        if form.is_valid() and not rate_limited(request, "suggestion"):
            try:
                services.swot_suggestion_create(
                    module=module, author=user if user.is_authenticated else None, **form.service_arguments()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Thank you! Your suggestion will be looked at by the staff before it appears in the analysis."),
                )
                scope = form.scope_value(getattr(form.cleaned_data.get("municipality"), "pk", None))
                return redirect(matrix_url(module, scope))
    else:
        form = form_class(module=module, initial=initial)
    return render(request, "swot/suggest.html", page_context(module, form=form, is_guest=not user.is_authenticated))
