"""What the action plan's public and staff pages share: finding the module, process, measure or
version a URL names (404 for those who may not see it), the page's frame, the rate limit."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from zukunftswerkstatt.core.views_common import add_service_errors, require  # noqa: F401 - used by the views
from zukunftswerkstatt.core.views_common import rate_limited as core_rate_limited
from zukunftswerkstatt.processes.models import Module, Process
from zukunftswerkstatt.processes.selectors import module_for_view

from ..models import Measure, PlanVersion


def get_module(request: HttpRequest, module_pk: int, type: str) -> Module:  # noqa: A002
    """The plan's or the vote's module, if the person may see its page (plans.view_plan, declared by
    both module types as their view permission); else 404."""
    return module_for_view(request, module_pk, type=type)


def get_process(request: HttpRequest, process_pk: int) -> Process:
    process = Process.objects.select_related("organisation").filter(pk=process_pk).first()
    if process is None:
        raise Http404
    return process


def get_measure(request: HttpRequest, pk: int) -> Measure:
    measure = Measure.objects.select_related("process__organisation", "topic").filter(pk=pk).first()
    if measure is None or not request.user.has_perm("plans.view_measure", measure):
        raise Http404
    return measure


def get_version(request: HttpRequest, pk: int) -> PlanVersion:
    version = PlanVersion.objects.select_related("process__organisation", "recorded_by").filter(pk=pk).first()
    if version is None or not request.user.has_perm("plans.view_plan", version):
        raise Http404
    return version


def page_context(process: Process, module: Module | None = None) -> dict:
    """What every page of the app needs for its frame (breadcrumbs, the organisation's name)."""
    return {"process": process, "organisation": process.organisation, "module": module}


def plan_module(process: Process) -> Module | None:
    return Module.objects.filter(phase__process=process, type="action_plan", is_published=True).first()


def cancel_url(process: Process) -> str:
    module = plan_module(process)
    return module.get_absolute_url() if module else process.get_absolute_url()


def rate_limited(request: HttpRequest, group: str) -> bool:
    """True (and a message for the person) when they have sent too much too fast."""
    return core_rate_limited(request, group=f"plans.{group}")


def form_page(
    request: HttpRequest,
    form,
    *,
    process: Process,
    module: Module | None,
    title: str,
    submit: str,
    cancel: str,
    **extra,
) -> HttpResponse:
    """The app's plain one-form page (plans/form.html): a title, the form, a button and a way back."""
    return render(
        request,
        "plans/form.html",
        {
            **page_context(process, module),
            "form": form,
            "title": title,
            "submit": submit,
            "cancel_url": cancel,
            **extra,
        },
    )
