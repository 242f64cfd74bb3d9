from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from zukunftswerkstatt.processes.models import Module

from ..models import SwotComment, SwotItem
from ..selectors import module_get, swot_item_get

# Writes per hour; anonymous visitors are counted by IP address, people by account.
RATES = {
    "suggestion": ("10/h", "30/h"),
    "comment": ("0/h", "60/h"),
    "report": ("10/h", "30/h"),
}


def get_module(request: HttpRequest, module_pk: int) -> Module:
    try:
        module = module_get(module_pk=module_pk)
    except Module.DoesNotExist as error:
        raise Http404 from error
    if module.type != "swot" or not request.user.has_perm("processes.view_process", module.phase.process):
        raise Http404
    if not module.is_published and not request.user.has_perm("swot.manage", module):
        raise Http404
    return module


def get_item(module: Module, pk: int) -> SwotItem:
    try:
        item = swot_item_get(module=module, pk=pk)
    except SwotItem.DoesNotExist as error:
        raise Http404 from error
    item.module = module
    return item


def get_comment(item: SwotItem, comment_pk: int) -> SwotComment:
    comment = SwotComment.objects.select_related("author").filter(item=item, pk=comment_pk).first()
    if comment is None:
        raise Http404
    comment.item = item
    return comment


def require(request: HttpRequest, permission: str, obj) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def rate_limited(request: HttpRequest, group: str) -> bool:
    """True (and a message for the person) when they have written too much too fast."""
    anonymous_rate, person_rate = RATES[group]
    rate = person_rate if request.user.is_authenticated else anonymous_rate
    key = "user" if request.user.is_authenticated else "ip"
    if is_ratelimited(request, group=f"swot.{group}", key=key, rate=rate, method="POST", increment=True):
        messages.error(request, _("You have sent a lot in a short time. Please wait a while and try again."))
        return True
    return False


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's validation errors on the form, so that what was typed stays."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def page_context(module: Module, **extra) -> dict:
    process = module.phase.process
    return {"module": module, "process": process, "organisation": process.organisation, **extra}
