"""Event pages: the public page with registration, the event as .ics, cancelling (by link or,
logged in, on the page), the offer of free seats to a waiting party, the calendar feed, and the
staff pages (attendees, CSV, registering someone who phoned, documentation)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from zukunftswerkstatt.core.audit import audit_export_record
from zukunftswerkstatt.core.spreadsheets import csv_bytes
from zukunftswerkstatt.core.views_common import add_service_errors, require
from zukunftswerkstatt.processes.models import Module, Process

from . import limits, printing, selectors, services
from .forms import DocumentationForm, RegistrationForm, StaffRegistrationForm
from .ical import event_ical, events_ical
from .models import NEED_FLAGS, Event, Registration, Status


def _get_event(request: HttpRequest, pk: int) -> Event:
    try:
        event = selectors.event_get_for_page(pk=pk)
    except Event.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm("events.view_event", event):
        raise Http404  # an unpublished event does not exist for the public
    return event


def _base(event: Event) -> dict:
    return {"event": event, "process": event.process, "organisation": event.process.organisation}


def _registration_form(request: HttpRequest, event: Event) -> RegistrationForm:
    """The public form, bound on POST; a logged-in person finds their name, address and (consented)
    profile details filled in."""
    user = request.user
    initial = {"name": user.public_name, "email": user.email} if user.is_authenticated else {}
    data = request.POST if request.method == "POST" else None
    return RegistrationForm(data, initial=initial, organisation=event.process.organisation, user=user)


def _detail(
    request: HttpRequest,
    event: Event,
    form: RegistrationForm,
    status: int = 200,
    seat_choice: services.SeatChoiceNeeded | None = None,
) -> HttpResponse:
    user = request.user
    can_print = user.has_perm("events.print_material", event)
    own_registration = selectors.event_registration_of(event=event, user=user)
    return render(
        request,
        "events/detail.html",
        {
            **_base(event),
            "seats": selectors.event_seats(event=event),
            "documentation": selectors.event_documentation(event=event),
            "own_registration": own_registration,
            "own_outcome": services.registration_outcome_text(own_registration) if own_registration else "",
            "own_offer": services.offer_text(own_registration)
            if own_registration and own_registration.has_offer
            else "",
            "window": event.registration_window(),
            "form": form,
            "seat_choice": seat_choice,
            "can_register": user.has_perm("events.register", event),
            "can_manage": user.has_perm("events.manage_registrations", event),
            "can_document": user.has_perm("events.document_event", event),
            "can_print": can_print,
            "idea_modules": selectors.idea_modules_of(process=event.process) if can_print else [],
        },
        status=status,
    )


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _get_event(request, pk)
    return _detail(request, event, _registration_form(request, event))


@require_POST
def event_register(request: HttpRequest, pk: int) -> HttpResponse:
    event = _get_event(request, pk)
    form = _registration_form(request, event)
    if not request.user.has_perm("events.register", event):
        form.is_valid()
        form.add_error(None, _("Registration for this event is not open."))
        return _detail(request, event, form, status=400)
    # Only successful registrations count against the limits: checking counts nothing.
    limit_message = limits.registration_limit_message(request, email=request.POST.get("email", ""))
    if limit_message:
        form.is_valid()
        form.add_error(None, limit_message)
        return _detail(request, event, form, status=429)
    if form.is_valid():
        try:
            registration = services.registration_create(
                event=event,
                **form.service_arguments(),
                user=request.user if request.user.is_authenticated else None,
                language=request.LANGUAGE_CODE,
            )
        except services.SeatChoiceNeeded as choice:
            return _detail(request, event, form, seat_choice=choice)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            limits.registration_count(request, email=registration.email)
            # The same sentences as in the confirmation e-mail.
            outcome = services.registration_outcome_text(registration)
            if registration.email:
                outcome += " " + _("We have sent you this by e-mail, too.")
            if registration.status == Status.CONFIRMED:
                messages.success(request, outcome)
            else:
                messages.info(request, outcome)
            return redirect(event.get_absolute_url())
    return _detail(request, event, form, status=400)


def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """The event as an .ics file for one's calendar (no account needed)."""
    event = _get_event(request, pk)
    response = HttpResponse(event_ical(event=event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="veranstaltung-{event.pk}.ics"'
    return response


@require_http_methods(["GET", "POST"])
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the e-mail: GET asks, POST cancels (mail scanners follow links, they do not post)."""
    registration = services.registration_for_token(token)
    if registration is None:
        return render(request, "events/cancel.html", {"invalid": True}, status=404)
    return _cancel(request, registration)


def _own_registration(request: HttpRequest, registration_pk: int) -> Registration:
    registration = get_object_or_404(
        Registration.objects.select_related("event__process__organisation"), pk=registration_pk
    )
    require(request, "events.change_own_registration", registration)
    return registration


@login_required
@require_http_methods(["GET", "POST"])
def my_registration_cancel(request: HttpRequest, registration_pk: int) -> HttpResponse:
    """ "Cancel my seat" on the event page, for the logged-in person who registered: GET asks, POST cancels."""
    return _cancel(request, _own_registration(request, registration_pk))


def _cancel(request: HttpRequest, registration: Registration) -> HttpResponse:
    event = registration.event
    context = {**_base(event), "registration": registration}
    if request.method == "POST" and registration.status != Status.CANCELLED:
        try:
            services.registration_cancel(registration=registration)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your registration has been cancelled. Thank you for letting us know."))
        return redirect(event.get_absolute_url() if event.is_published else "/")
    return render(request, "events/cancel.html", context)


@require_http_methods(["GET", "POST"])
def offer(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the offer e-mail: the first waiting party takes the free seats (POST) or keeps waiting."""
    registration = services.registration_for_offer_token(token)
    if registration is None or not registration.has_offer:
        return render(request, "events/offer.html", {"invalid": True}, status=404)
    if request.method == "POST":
        return _take_offered_seats(request, registration)
    event = registration.event
    return render(
        request,
        "events/offer.html",
        {**_base(event), "registration": registration, "offer_text": services.offer_text(registration)},
    )


@login_required
@require_POST
def my_registration_take_seats(request: HttpRequest, registration_pk: int) -> HttpResponse:
    """The offer of free seats, taken on the event page by the logged-in person who registered."""
    return _take_offered_seats(request, _own_registration(request, registration_pk))


def _take_offered_seats(request: HttpRequest, registration: Registration) -> HttpResponse:
    try:
        registration = services.registration_take_offered_seats(registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, services.registration_outcome_text(registration))
    return redirect(registration.event.get_absolute_url())


def process_calendar(request: HttpRequest, process_pk: int) -> HttpResponse:
    process = get_object_or_404(Process.objects.select_related("organisation"), pk=process_pk)
    if not request.user.has_perm("processes.view_process", process):  # as the process page
        raise Http404
    body = events_ical(name=process.title, events=selectors.events_for_calendar(process=process))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{process.slug}.ics"'
    return response


# -- staff -------------------------------------------------------------------------------


def attendees(request: HttpRequest, pk: int) -> HttpResponse:
    event = _get_event(request, pk)
    require(request, "events.manage_registrations", event)
    registrations = selectors.event_attendees(event=event)
    return render(
        request,
        "events/attendees.html",
        {
            **_base(event),
            "registrations": registrations,
            "seats": selectors.event_seats(event=event),
            "needs_summary": selectors.needs_summary(registrations),
        },
    )


def attendees_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The registrations for a spreadsheet: one column per need, so that staff can count and filter."""
    event = _get_event(request, pk)
    require(request, "events.manage_registrations", event)
    field = Registration._meta.get_field
    rows = [
        [
            _("Name"),
            _("E-mail"),
            _("Telephone"),
            _("Companions"),
            _("Seats"),
            _("Status"),
            _("Place on the waiting list"),
            *[str(field(name).verbose_name) for name in NEED_FLAGS],
            str(field("needs_interpreter_language").verbose_name),
            str(field("needs_other").verbose_name),
            _("Channel"),
            _("Registered on"),
        ]
    ]
    yes = _("yes")
    for registration in selectors.event_attendees(event=event):
        rows.append(
            [
                registration.name,
                registration.email,
                registration.phone,
                registration.companions or "",  # an empty cell, never "0 companions"
                registration.seats,
                registration.get_status_display(),
                registration.place_in_queue() or "",
                *[yes if getattr(registration, name) else "" for name in NEED_FLAGS],
                registration.needs_interpreter_language,
                registration.needs_other,
                registration.get_channel_display(),
                timezone.localtime(registration.created).strftime("%d.%m.%Y %H:%M"),
            ]
        )
    response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
    audit_export_record(actor=request.user, obj=event, export="event_attendees_csv")
    response["Content-Disposition"] = f'attachment; filename="teilnehmende-{event.pk}.csv"'
    return response


@require_http_methods(["GET", "POST"])
def staff_register(request: HttpRequest, pk: int) -> HttpResponse:
    event = _get_event(request, pk)
    require(request, "events.manage_registrations", event)
    form = StaffRegistrationForm(request.POST or None, organisation=event.process.organisation)
    seat_choice = None
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        try:
            registration = services.staff_registration_create(
                event=event, registered_by=request.user, channel=form.cleaned_data["channel"], **arguments
            )
        except services.SeatChoiceNeeded as choice:
            seat_choice = choice
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is registered: %(outcome)s")
                % {"name": registration.name, "outcome": services.registration_outcome_text(registration)},
            )
            return redirect("events:attendees", pk=event.pk)
    return render(request, "events/staff_register.html", {**_base(event), "form": form, "seat_choice": seat_choice})


@require_POST
def staff_cancel(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    event = _get_event(request, pk)
    require(request, "events.manage_registrations", event)
    registration = get_object_or_404(Registration, pk=registration_pk, event=event)
    try:
        moved = services.registration_cancel(registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "The registration of %(name)s has been cancelled; %(count)s person moved up from the waiting list.",
                "The registration of %(name)s has been cancelled; %(count)s people moved up from the waiting list.",
                len(moved),
            )
            % {"name": registration.display_name, "count": len(moved)},
        )
    return redirect("events:attendees", pk=event.pk)


@require_http_methods(["GET", "POST"])
def documentation(request: HttpRequest, pk: int) -> HttpResponse:
    event = _get_event(request, pk)
    require(request, "events.document_event", event)
    existing = selectors.event_documentation(event=event)
    initial = {"minutes": existing.minutes, "results": existing.results} if existing else {}
    form = DocumentationForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        photos = [(data["photo"], data["photo_alt"])] if data.get("photo") else []
        try:
            services.documentation_save(
                event=event, written_by=request.user, minutes=data["minutes"], results=data["results"], photos=photos
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The documentation has been saved."))
            return redirect(event.get_absolute_url())
    return render(request, "events/documentation_form.html", {**_base(event), "form": form, "documentation": existing})


# -- printed material --------------------------------------------------------------------

# Rows left empty on the sign-in sheet for people who come without registering.
EMPTY_SIGN_IN_ROWS = 12


def sign_in_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The list to sign at the door: confirmed people with companions and needs, and empty rows."""
    event = _get_event(request, pk)
    require(request, "events.manage_registrations", event)
    registrations = selectors.event_sign_in_list(event=event)
    return printing.pdf_response(
        request,
        template="events/print/sign_in_sheet.html",
        context={
            **_base(event),
            "registrations": registrations,
            "seats": sum(r.seats for r in registrations),
            "needs_summary": selectors.needs_summary(registrations),
            "empty_rows": range(EMPTY_SIGN_IN_ROWS),
            "first_empty_number": len(registrations) + 1,
        },
        filename=f"unterschriften-{event.pk}.pdf",
    )


def event_poster(request: HttpRequest, pk: int) -> HttpResponse:
    """An A4 poster: what, when, where, access, how to register without the internet, a QR code."""
    event = _get_event(request, pk)
    require(request, "events.print_material", event)
    url = printing.absolute_url(event.get_absolute_url())
    return printing.pdf_response(
        request,
        template="events/print/event_poster.html",
        context={**_base(event), "url": url, "qr_svg": printing.qr_svg(url)},
        filename=f"aushang-{event.pk}.pdf",
    )


def ideas_poster(request: HttpRequest, module_pk: int) -> HttpResponse:
    """An A4 poster that leads people on the street to the online idea collection."""
    module = get_object_or_404(
        Module.objects.select_related("phase__process__organisation"), pk=module_pk, type="ideas"
    )
    require(request, "events.print_material", module)
    process = module.phase.process
    url = printing.absolute_url(module.get_absolute_url())
    return printing.pdf_response(
        request,
        template="events/print/ideas_poster.html",
        context={
            "module": module,
            "phase": module.phase,
            "process": process,
            "organisation": process.organisation,
            "url": url,
            "qr_svg": printing.qr_svg(url),
        },
        filename=f"aushang-ideen-{module.pk}.pdf",
    )
