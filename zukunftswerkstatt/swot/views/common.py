from __future__ import annotations

from django.http import Http404, HttpRequest

from zukunftswerkstatt.conversation.models import Comment
from zukunftswerkstatt.core.views_common import add_service_errors, require  # noqa: F401 - used by the views
from zukunftswerkstatt.core.views_common import rate_limited as core_rate_limited
from zukunftswerkstatt.processes.models import Module
from zukunftswerkstatt.processes.selectors import module_for_view

from ..models import SwotItem
from ..selectors import swot_item_get


def get_module(request: HttpRequest, module_pk: int) -> Module:
    return module_for_view(request, module_pk, type="swot")


def get_item(module: Module, pk: int) -> SwotItem:
    try:
        item = swot_item_get(module=module, pk=pk)
    except SwotItem.DoesNotExist as error:
        raise Http404 from error
    item.module = module
    return item


def get_comment(item: SwotItem, comment_pk: int) -> Comment:
    comment = Comment.objects.on(item).select_related("author").filter(pk=comment_pk).first()
    if comment is None:
        raise Http404
    comment.target = item
    return comment


def rate_limited(request: HttpRequest, group: str) -> bool:
    """True (and a message for the person) when they have written too much too fast."""
    return core_rate_limited(request, group=f"swot.{group}")


def page_context(module: Module, **extra) -> dict:
    process = module.phase.process
    return {"module": module, "process": process, "organisation": process.organisation, **extra}
