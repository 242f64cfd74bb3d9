from __future__ import annotations

from django.http import Http404, HttpRequest

from zukunftswerkstatt.conversation.models import Comment
from zukunftswerkstatt.core.views_common import add_service_errors, require  # noqa: F401 - used by the views
from zukunftswerkstatt.core.views_common import rate_limited as core_rate_limited
from zukunftswerkstatt.processes.models import Module
from zukunftswerkstatt.processes.selectors import module_for_view

from ..models import Idea
from ..selectors import idea_get_for_detail


def get_module(request: HttpRequest, module_pk: int) -> Module:
    return module_for_view(request, module_pk, type="ideas")


def get_idea(request: HttpRequest, module: Module, pk: int) -> Idea:
    try:
        idea = idea_get_for_detail(module=module, pk=pk)
    except Idea.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("ideas.view_idea", idea):
        raise Http404
    return idea


def get_comment(idea: Idea, comment_pk: int) -> Comment:
    comment = Comment.objects.on(idea).select_related("author").filter(pk=comment_pk).first()
    if comment is None:
        raise Http404
    comment.target = idea
    return comment


def rate_limited(request: HttpRequest, group: str) -> bool:
    """True (and a message for the person) when they have written too much too fast."""
    return core_rate_limited(request, group=f"ideas.{group}")
