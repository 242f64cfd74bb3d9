"""The team's pages: the dashboard (with its live fragment), each town, the towns side by side, the
CSV of the figures, and the tallies (list, enter, correct, remove)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zukunftswerkstatt.core.models import Municipality
from zukunftswerkstatt.core.spreadsheets import csv_bytes
from zukunftswerkstatt.core.views_common import add_service_errors, require
from zukunftswerkstatt.processes.models import Process

from . import selectors, services
from .exports import figures_rows
from .figures import figures_cached
from .forms import TallyForm
from .models import Tally

PROCESS_PHASES = ("kickoff", "future_workshop", "action_plan", "review")


def _process(request: HttpRequest, process_pk: int, permission: str = "participation.view_participation") -> Process:
    try:
        process = Process.objects.select_related("organisation").get(pk=process_pk)
    except Process.DoesNotExist as error:
        raise Http404 from error
    require(request, permission, process)
    return process


def _base(process: Process) -> dict:
    return {"process": process, "organisation": process.organisation}


def dashboard(request: HttpRequest, process_pk: int) -> HttpResponse:
    """Who took part: channels × towns, the age comparison, missing groups, the tallies."""
    process = _process(request, process_pk)
    figures = figures_cached(process=process)
    return render(
        request,
        "participation/dashboard.html",
        {**_base(process), "figures": figures, "r": figures.representation, "updated": timezone.now()},
    )


def live(request: HttpRequest, process_pk: int) -> HttpResponse:
    """The dashboard's key figures and channels, asked again by htmx every 30 seconds."""
    process = _process(request, process_pk)
    figures = figures_cached(process=process)
    return render(
        request, "participation/_live.html", {**_base(process), "figures": figures, "updated": timezone.now()}
    )


def towns(request: HttpRequest, process_pk: int) -> HttpResponse:
    """The towns side by side, phase by phase: does one town dominate?"""
    process = _process(request, process_pk)
    figures = figures_cached(process=process)
    return render(
        request, "participation/towns.html", {**_base(process), "figures": figures, "r": figures.representation}
    )


def town(request: HttpRequest, process_pk: int, town_pk: int) -> HttpResponse:
    """One town's participation: its channels, its age groups against its population, who is missing."""
    process = _process(request, process_pk)
    figures = figures_cached(process=process)
    the_town = next((t for t in figures.towns if t.pk == town_pk), None)
    if the_town is None:
        raise Http404
    index = figures.town_keys.index(the_town.pk)
    channels = [(count, row[index]) for count, row, _total in figures.channel_rows()]
    phases = [(row, cells[index]) for row, cells, _total in figures.phase_table_rows()]
    return render(
        request,
        "participation/town.html",
        {
            **_base(process),
            "figures": figures,
            "r": figures.representation,
            "town": the_town,
            "channels": channels,
            "phases": phases,
            "cells": figures.representation.row_cells(the_town),
            "town_cell": figures.representation.town_cells.get(the_town.pk),
            "people": figures.representation.table.get(the_town.pk, "total"),
            "sentences": figures.town_sentences(the_town),
        },
    )


def figures_csv(request: HttpRequest, process_pk: int) -> HttpResponse:
    """Every figure of the dashboard as CSV (small numbers suppressed as on the pages)."""
    process = _process(request, process_pk)
    response = HttpResponse(
        csv_bytes(figures_rows(figures_cached(process=process))), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="teilnahme-{process.slug}.csv"'
    return response


# --- tallies --------------------------------------------------------------------------------------


def tallies(request: HttpRequest, process_pk: int) -> HttpResponse:
    process = _process(request, process_pk, "participation.manage_tallies")
    return render(
        request, "participation/tallies.html", {**_base(process), "tallies": selectors.tally_list(process=process)}
    )


def _tally_fields(form: TallyForm) -> dict:
    """What the tally services take from the form."""
    data = form.cleaned_data
    return {
        "channel": data["channel"],
        "event": data["event"],
        "module": data["module"],
        "counted_on": data["counted_on"],
        "total": data["total"],
        "cells": form.cells(),
        "note": data["note"],
    }


def _towns(process: Process) -> list[Municipality]:
    from zukunftswerkstatt.demography.selectors import process_municipalities

    return process_municipalities(process)


def tally_create(request: HttpRequest, process_pk: int) -> HttpResponse:
    process = _process(request, process_pk, "participation.manage_tallies")
    form = TallyForm(
        request.POST or None, process=process, towns=_towns(process), initial={"counted_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.tally_create(process=process, entered_by=request.user, **_tally_fields(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The tally has been entered."))
            if "another" in request.POST:
                return redirect("participation:tally_create", process_pk=process.pk)
            return redirect("participation:tallies", process_pk=process.pk)
    return render(
        request,
        "participation/tally_form.html",
        {**_base(process), "form": form, "title": _("Enter a tally"), "is_new": True},
    )


def _tally(process: Process, pk: int) -> Tally:
    try:
        return selectors.tally_get(process=process, pk=pk)
    except Tally.DoesNotExist as error:
        raise Http404 from error


def tally_edit(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    process = _process(request, process_pk, "participation.manage_tallies")
    tally = _tally(process, pk)
    form = TallyForm(request.POST or None, instance=tally, process=process, towns=_towns(process))
    if request.method == "POST" and form.is_valid():
        try:
            services.tally_update(tally=tally, **_tally_fields(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The tally has been corrected."))
            return redirect("participation:tallies", process_pk=process.pk)
    return render(
        request,
        "participation/tally_form.html",
        {**_base(process), "form": form, "tally": tally, "title": _("Correct a tally"), "is_new": False},
    )


@require_POST
def tally_delete(request: HttpRequest, process_pk: int, pk: int) -> HttpResponse:
    process = _process(request, process_pk, "participation.manage_tallies")
    services.tally_delete(tally=_tally(process, pk))
    messages.success(request, _("The tally has been removed."))
    return redirect(reverse("participation:tallies", kwargs={"process_pk": process.pk}))
