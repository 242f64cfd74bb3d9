"""What staff do in the front office: edit, order and delete items with their evidence, decide
suggestions, look after reported comments, ask for the matrix as PDF (made in the background) and
change the module's settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zukunftswerkstatt.accounts.roles import staff_municipality_ids
from zukunftswerkstatt.core.views_common import document_retry_response, document_state_response
from zukunftswerkstatt.processes.services import module_update_settings

from .. import selectors, services
from ..forms import (
    AcceptForm,
    DeclineForm,
    DocumentFormSet,
    IndicatorFormSet,
    ItemForm,
    SwotModuleSettingsForm,
)
from ..models import PdfScope, PdfStatus, SuggestionStatus, SwotItem, SwotPdf, SwotSuggestion
from .common import add_service_errors, get_item, get_module, page_context, require
from .public import matrix_url


def _editable_scopes(request: HttpRequest, module) -> tuple[list, bool]:
    """The towns whose items the person may edit, and whether they may edit the association's."""
    towns = selectors.scope_towns(module=module)
    if request.user.has_perm("swot.moderate", module):
        return towns, True
    own = staff_municipality_ids(request.user, module.phase.process.organisation_id)
    return [t for t in towns if t.pk in own], False


def _item_forms(
    request: HttpRequest, module, *, data=None, item: SwotItem | None = None, initial=None, form_class=ItemForm
):
    towns, allow_association = _editable_scopes(request, module)
    if not towns and not allow_association:
        raise PermissionDenied
    all_towns = selectors.scope_towns(module=module)
    form = form_class(
        data,
        module=module,
        towns=towns,
        allow_association=allow_association,
        ideas=selectors.swot_ideas_of_process(module=module),
        inventory=selectors.swot_inventory_of_process(module=module),
        initial=initial,
    )
    indicator_initial = documents_initial = None
    if item is not None and data is None:
        indicator_initial = [
            {"key": i.key, "municipality": ItemForm.scope_value(i.municipality_id)} for i in item.indicators.all()
        ]
        documents_initial = [
            {"title": d.title, "url": d.url, "published_on": d.published_on, "publisher": d.publisher}
            for d in item.documents.all()
        ]
    indicators = IndicatorFormSet(
        data, prefix="indicators", initial=indicator_initial, form_kwargs={"module": module, "towns": all_towns}
    )
    documents = DocumentFormSet(data, prefix="documents", initial=documents_initial)
    return form, indicators, documents


def _evidence_arguments(form, indicators, documents) -> dict | None:
    """The service arguments of all three forms, or None (with a message on the form) if one is invalid."""
    valid = form.is_valid()
    valid = indicators.is_valid() and valid
    valid = documents.is_valid() and valid
    if not valid:
        if form.is_bound and not form.errors:
            form.add_error(None, _("Please check the evidence below."))
        return None
    return {
        **form.service_arguments(),
        "indicators": [ref for ref in (f.ref() for f in indicators.forms) if ref],
        "documents": [ref for ref in (f.ref() for f in documents.forms) if ref],
    }


def _check_target(request: HttpRequest, module, arguments: dict) -> None:
    """The chosen scope must be one the person may edit (the form offers only those)."""
    probe = SwotItem(module=module, municipality=arguments.get("municipality"))
    require(request, "swot.change_item", probe)


def _form_page(request, module, form, indicators, documents, *, item=None, suggestion=None, status=200):
    return render(
        request,
        "swot/item_form.html",
        page_context(module, form=form, indicators=indicators, documents=documents, item=item, suggestion=suggestion),
        status=status,
    )


def manage(request: HttpRequest, module_pk: int) -> HttpResponse:
    """The staff overview: the items of every scope they may edit, waiting suggestions, reported comments."""
    module = get_module(request, module_pk)
    require(request, "swot.manage", module)
    towns, allow_association = _editable_scopes(request, module)
    scopes = [
        s for s in selectors.scopes_of(module=module) if (s.town is None and allow_association) or s.town in towns
    ]
    items = list(
        SwotItem.objects.filter(module=module).select_related("municipality", "topic").order_by("position", "pk")
    )
    for scope in scopes:
        scope.quarters = selectors.quarters([i for i in items if i.municipality_id == getattr(scope.town, "pk", None)])
        scope.url = matrix_url(module, scope.key)
    suggestions = [
        s
        for s in selectors.swot_suggestions_pending(module=module)
        if request.user.has_perm("swot.decide_suggestion", s)
    ]
    can_moderate = request.user.has_perm("swot.moderate", module)
    return render(
        request,
        "swot/manage.html",
        page_context(
            module,
            scopes=scopes,
            suggestions=suggestions,
            decided=selectors.swot_suggestions_decided(module=module) if can_moderate else [],
            reports=selectors.swot_open_reports(module=module) if can_moderate else [],
            can_moderate=can_moderate,
            can_change_settings=request.user.has_perm("swot.change_settings", module),
            can_export=request.user.has_perm("swot.export", module),
        ),
    )


@require_http_methods(["GET", "POST"])
def item_create(request: HttpRequest, module_pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    require(request, "swot.manage", module)
    if request.method == "POST":
        form, indicators, documents = _item_forms(request, module, data=request.POST)
        arguments = _evidence_arguments(form, indicators, documents)
        if arguments is not None:
            _check_target(request, module, arguments)
            try:
                item = services.swot_item_create(module=module, created_by=request.user, **arguments)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The item has been saved."))
                return redirect(item.get_absolute_url())
        return _form_page(request, module, form, indicators, documents, status=400)
    initial = {k: request.GET[k] for k in ("quadrant",) if request.GET.get(k)}
    if request.GET.get("scope"):
        initial["municipality"] = request.GET["scope"]
    form, indicators, documents = _item_forms(request, module, initial=initial)
    return _form_page(request, module, form, indicators, documents)


@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    item = get_item(module, pk)
    require(request, "swot.change_item", item)
    if request.method == "POST":
        form, indicators, documents = _item_forms(request, module, data=request.POST, item=item)
        arguments = _evidence_arguments(form, indicators, documents)
        if arguments is not None:
            _check_target(request, module, arguments)
            try:
                services.swot_item_update(item=item, **arguments)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The item has been saved."))
                return redirect(item.get_absolute_url())
        return _form_page(request, module, form, indicators, documents, item=item, status=400)
    form, indicators, documents = _item_forms(request, module, item=item, initial=ItemForm.initial_for(item))
    return _form_page(request, module, form, indicators, documents, item=item)


@require_http_methods(["GET", "POST"])
def item_delete(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    item = get_item(module, pk)
    require(request, "swot.change_item", item)
    if request.method == "POST":
        scope = ItemForm.scope_value(item.municipality_id)
        services.swot_item_delete(item=item)
        messages.success(request, _("The item has been deleted."))
        return redirect(matrix_url(module, scope))
    return render(request, "swot/item_delete.html", page_context(module, item=item))


@require_POST
def item_move(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    item = get_item(module, pk)
    require(request, "swot.change_item", item)
    direction = request.POST.get("direction", "")
    try:
        moved = services.swot_item_move(item=item, direction=direction)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if moved:
            messages.success(request, _("“%(item)s” has been moved.") % {"item": item.statement})
        else:
            messages.error(request, _("“%(item)s” cannot move further.") % {"item": item.statement})
    if request.POST.get("back") == "matrix":
        return redirect(f"{matrix_url(module, ItemForm.scope_value(item.municipality_id))}#item-{item.pk}")
    return redirect(f"{reverse('swot:manage', kwargs={'module_pk': module.pk})}#item-{item.pk}")


def _get_suggestion(module, suggestion_pk: int) -> SwotSuggestion:
    suggestion = (
        SwotSuggestion.objects.select_related("municipality", "author", "item", "decided_by")
        .filter(module=module, pk=suggestion_pk)
        .first()
    )
    if suggestion is None:
        raise Http404
    suggestion.module = module
    return suggestion


@require_http_methods(["GET", "POST"])
def suggestion_decide(request: HttpRequest, module_pk: int, suggestion_pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    suggestion = _get_suggestion(module, suggestion_pk)
    require(request, "swot.decide_suggestion", suggestion)
    decline_form = DeclineForm()
    if suggestion.status != SuggestionStatus.PENDING:
        return render(request, "swot/suggestion.html", page_context(module, suggestion=suggestion))
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "accept":
        form, indicators, documents = _item_forms(request, module, data=request.POST, form_class=AcceptForm)
        arguments = _evidence_arguments(form, indicators, documents)
        if arguments is not None:
            _check_target(request, module, arguments)
            note = form.cleaned_data.get("note", "")
            try:
                item = services.swot_suggestion_accept(
                    suggestion=suggestion, decided_by=request.user, note=note, **arguments
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The suggestion has been accepted and is now an item."))
                return redirect(item.get_absolute_url())
        status = 400
    else:
        form, indicators, documents = _item_forms(
            request, module, initial=AcceptForm.initial_from_suggestion(suggestion), form_class=AcceptForm
        )
        status = 200
        if action == "decline":
            decline_form = DeclineForm(request.POST)
            if decline_form.is_valid():
                try:
                    services.swot_suggestion_decline(
                        suggestion=suggestion, decided_by=request.user, reason=decline_form.cleaned_data["reason"]
                    )
                except ValidationError as error:
                    add_service_errors(decline_form, error)
                else:
                    messages.success(request, _("The suggestion has been declined."))
                    return redirect("swot:manage", module_pk=module.pk)
            status = 400
    return render(
        request,
        "swot/suggestion.html",
        page_context(
            module,
            suggestion=suggestion,
            form=form,
            indicators=indicators,
            documents=documents,
            decline_form=decline_form,
        ),
        status=status,
    )


def export_pdf(request: HttpRequest, module_pk: int) -> HttpResponse:
    """Ask for the matrix as PDF: one scope (?scope=all or a town) or every scope (?scope=every).

    The PDF is made by a background task (all scopes take many seconds); the person is sent to its
    status page, which offers the download when it is ready. A PDF of the same scope made in the
    last minutes from the same items is shared."""
    module = get_module(request, module_pk)
    require(request, "swot.export", module)
    scope = selectors.pdf_scope(module=module, key=request.GET.get("scope"))
    if scope is None:
        raise Http404
    kind, town = scope
    pdf = services.swot_pdf_request(
        module=module, scope=kind, municipality=town, requested_by=request.user, language=get_language()
    )
    return redirect(pdf.get_absolute_url())


def _pdf(request: HttpRequest, module_pk: int, pk: int) -> SwotPdf:
    module = get_module(request, module_pk)
    require(request, "swot.export", module)
    try:
        return selectors.pdf_get(module=module, pk=pk)
    except SwotPdf.DoesNotExist as error:
        raise Http404 from error


def _pdf_title(pdf: SwotPdf) -> str:
    if pdf.scope == PdfScope.EVERY:
        return _("all scopes")
    if pdf.scope == PdfScope.TOWN:
        return pdf.municipality.name
    return pdf.module.phase.process.organisation.name


def pdf_status(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    """The state of one PDF; htmx asks for the fragment again until it is ready."""
    pdf = _pdf(request, module_pk, pk)
    # Only the team sees the SWOT PDF (swot.export), so the reason and "try again" are for everyone here.
    return document_state_response(
        request,
        row=pdf,
        template="swot/pdf_status.html",
        context=page_context(pdf.module, scope_name=_pdf_title(pdf)),
        download_url=reverse("swot:pdf_download", args=[module_pk, pdf.pk]),
        retry_url=reverse("swot:pdf_retry", args=[module_pk, pdf.pk]),
    )


@require_POST
def pdf_retry(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    """The team asks again for a PDF that failed (the same rule as asking for it)."""
    pdf = _pdf(request, module_pk, pk)
    return document_retry_response(
        request, row=pdf, permission="swot.export", obj=pdf.module, next_url=pdf.get_absolute_url()
    )


def pdf_download(request: HttpRequest, module_pk: int, pk: int) -> FileResponse:
    pdf = _pdf(request, module_pk, pk)
    if pdf.status != PdfStatus.DONE or not pdf.file:
        raise Http404
    key = "alle" if pdf.scope == PdfScope.EVERY else pdf.scope_key
    filename = f"swot-{pdf.module.phase.process.slug}-{key}.pdf"
    response = FileResponse(pdf.file.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def module_settings(request: HttpRequest, module_pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    require(request, "swot.change_settings", module)
    if request.method == "POST":
        form = SwotModuleSettingsForm(request.POST)
        if form.is_valid():
            module_update_settings(module=module, settings=form.cleaned_data)
            messages.success(request, _("The settings have been saved."))
            return redirect("swot:manage", module_pk=module.pk)
    else:
        form = SwotModuleSettingsForm(
            initial={
                "accept_input": module.settings.get("accept_input", True),
                "allow_guests": module.settings.get("allow_guests", True),
            }
        )
    return render(request, "swot/settings.html", page_context(module, form=form))
