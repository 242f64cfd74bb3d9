"""The inventory's pages: the public list, an entry, exports, suggestions; for staff the forms and the import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zukunftswerkstatt.accounts.roles import staff_municipality_ids
from zukunftswerkstatt.core.limits import person_over_limit
from zukunftswerkstatt.core.links import site_url
from zukunftswerkstatt.core.models import Topic
from zukunftswerkstatt.core.views_common import add_service_errors, require
from zukunftswerkstatt.processes.models import Module
from zukunftswerkstatt.processes.selectors import module_for_view, published_module_of_type

from . import exports, importer, selectors, services
from .forms import (
    DeclineForm,
    FilterForm,
    GuestSuggestionForm,
    ImportForm,
    InventoryModuleSettingsForm,
    ItemForm,
    SuggestionForm,
)
from .models import InventoryItem, InventorySuggestion, ProviderKind, Status, SuggestionStatus

PAGE_SIZE = 50
# Suggestions per hour: anonymous visitors are counted by IP address, people by account.


def get_module(request: HttpRequest, module_pk: int) -> Module:
    return module_for_view(request, module_pk, type="inventory")


def get_item(module: Module, pk: int) -> InventoryItem:
    try:
        return selectors.item_get_for_detail(module=module, pk=pk)
    except InventoryItem.DoesNotExist as error:
        raise Http404 from error


def _base_context(module: Module) -> dict:
    process = module.phase.process
    return {"module": module, "process": process, "organisation": process.organisation, "phase": module.phase}


def _is_moderating(request: HttpRequest, module: Module) -> bool:
    return request.user.has_perm("inventory.manage_every_town", module)


def _allowed_town_ids(request: HttpRequest, module: Module) -> set[int] | None:
    """None for moderators and admins (every town and the whole association); town staff: their towns."""
    if _is_moderating(request, module):
        return None
    return staff_municipality_ids(request.user, module.phase.process.organisation_id)


# -- public --------------------------------------------------------------------------------------


def item_list(request: HttpRequest, module_pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    choices = selectors.filter_choices(module=module)
    form = FilterForm(request.GET or None, **choices)
    filters = form.filters()
    page = Paginator(selectors.item_list(module=module, filters=filters), PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.items_highlight(items=page.object_list, query=filters.query)
    can_review = request.user.has_perm("inventory.review_suggestions", module)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "inventory/list.html",
        {
            **_base_context(module),
            "form": form,
            "page": page,
            "items": page.object_list,
            "filtered": filters.active,
            "query": query.urlencode(),
            "query_without_page": query.urlencode(),
            "can_add": request.user.has_perm("inventory.add_item", module),
            "can_import": request.user.has_perm("inventory.import_items", module),
            "can_review": can_review,
            "can_change_settings": request.user.has_perm("inventory.change_settings", module),
            "can_suggest": request.user.has_perm("inventory.suggest_item", module),
            "pending_suggestions": selectors.pending_suggestion_count(module=module) if can_review else 0,
            "document_url": _document_url(module),
        },
    )


def _document_url(module: Module) -> str:
    """The municipal profile document of the same process, if it has one (the reports app's module
    type, named by its identifier: inventory comes before reports and does not import it)."""
    document = published_module_of_type(process=module.phase.process, type="profile_document")
    return document.get_absolute_url() if document else ""


def item_detail(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    item = get_item(module, pk)
    return render(
        request,
        "inventory/detail.html",
        {
            **_base_context(module),
            "item": item,
            "swot_items": selectors.swot_items_citing(item=item),
            "can_change": request.user.has_perm("inventory.change_item", item),
            "can_delete": request.user.has_perm("inventory.delete_item", item),
        },
    )


def export(request: HttpRequest, module_pk: int, file_format: str) -> HttpResponse:
    """The list as it is filtered, as CSV or XLSX."""
    module = get_module(request, module_pk)
    form = FilterForm(request.GET or None, **selectors.filter_choices(module=module))
    items = selectors.item_list(module=module, filters=form.filters())
    site = site_url()
    if file_format == "csv":
        response = HttpResponse(exports.export_csv(items=items, site_url=site), content_type="text/csv; charset=utf-8")
    elif file_format == "xlsx":
        response = HttpResponse(
            exports.export_xlsx(items=items, site_url=site),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="bestandsaufnahme-{module.pk}-{stamp}.{file_format}"'
    return response


@require_http_methods(["GET", "POST"])
def suggest(request: HttpRequest, module_pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    require(request, "inventory.suggest_item", module)
    is_guest = not request.user.is_authenticated
    form_class = GuestSuggestionForm if is_guest else SuggestionForm
    towns = selectors.filter_choices(module=module)["towns"]
    if request.method == "POST":
        form = form_class(request.POST, towns=towns)
        if form.is_valid() and not _suggestion_rate_limited(request):
            try:
                services.suggestion_create(
                    module=module, author=None if is_guest else request.user, **form.service_arguments()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Thank you! The team will look at your suggestion and add the offer to the inventory."),
                )
                return redirect(module.get_absolute_url())
    else:
        form = form_class(towns=towns)
    return render(request, "inventory/suggest.html", {**_base_context(module), "form": form, "is_guest": is_guest})


def _suggestion_rate_limited(request: HttpRequest) -> bool:
    return person_over_limit(request, "inventory.suggest")


# -- staff ---------------------------------------------------------------------------------------


def _item_form(request: HttpRequest, module: Module, **kwargs) -> ItemForm:
    process = module.phase.process
    towns = process.municipalities.order_by("name")
    allowed = _allowed_town_ids(request, module)
    if allowed is not None:
        towns = towns.filter(pk__in=allowed)
        if len(allowed) == 1 and "initial" in kwargs and not kwargs["initial"].get("municipalities"):
            kwargs["initial"] = {**kwargs["initial"], "municipalities": list(allowed)}  # their only town
    return ItemForm(
        **kwargs,
        module=module,
        towns=towns,
        topics=Topic.objects.filter(organisation_id=process.organisation_id),
        town_required=allowed is not None,
    )


@require_http_methods(["GET", "POST"])
def item_create(request: HttpRequest, module_pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    require(request, "inventory.add_item", module)
    suggestion = _suggestion_from(request, module)
    if request.method == "POST":
        form = _item_form(request, module, data=request.POST)
        if form.is_valid():
            try:
                if suggestion is not None:
                    item = services.suggestion_accept(
                        suggestion=suggestion, by=request.user, **form.service_arguments()
                    )
                else:
                    item = services.item_create(module=module, created_by=request.user, **form.service_arguments())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The entry has been added to the inventory."))
                return redirect(item.get_absolute_url())
    else:
        initial = ItemForm.initial_from_suggestion(suggestion) if suggestion else {"status": Status.RUNNING}
        initial.setdefault("provider_kind", ProviderKind.OTHER)
        form = _item_form(request, module, initial=initial)
    return render(
        request,
        "inventory/form.html",
        {**_base_context(module), "form": form, "item": None, "suggestion": suggestion},
    )


def _suggestion_from(request: HttpRequest, module: Module) -> InventorySuggestion | None:
    pk = request.GET.get("suggestion") or request.POST.get("suggestion")
    if not pk or not str(pk).isdigit():
        return None
    require(request, "inventory.review_suggestions", module)
    suggestion = (
        InventorySuggestion.objects.select_related("municipality")
        .filter(module=module, pk=pk, status=SuggestionStatus.PENDING)
        .first()
    )
    if suggestion is None:
        raise Http404
    return suggestion


@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    item = get_item(module, pk)
    require(request, "inventory.change_item", item)
    if request.method == "POST":
        form = _item_form(request, module, data=request.POST)
        if form.is_valid():
            try:
                services.item_update(item=item, **form.service_arguments())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The entry has been saved."))
                return redirect(item.get_absolute_url())
    else:
        form = _item_form(request, module, initial=ItemForm.initial_from(item))
    return render(request, "inventory/form.html", {**_base_context(module), "form": form, "item": item})


@require_http_methods(["GET", "POST"])
def item_delete(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    item = get_item(module, pk)
    require(request, "inventory.delete_item", item)
    if request.method == "POST":
        title = item.title
        services.item_delete(item=item, by=request.user)
        messages.success(request, _("“%(title)s” has been deleted from the inventory.") % {"title": title})
        return redirect(module.get_absolute_url())
    return render(request, "inventory/delete.html", {**_base_context(module), "item": item})


def template_download(request: HttpRequest, module_pk: int, file_format: str) -> HttpResponse:
    module = get_module(request, module_pk)
    require(request, "inventory.import_items", module)
    if file_format == "csv":
        response = HttpResponse(importer.template_csv(), content_type="text/csv; charset=utf-8")
    elif file_format == "xlsx":
        response = HttpResponse(
            importer.template_xlsx(module=module),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="vorlage-bestandsaufnahme.{file_format}"'
    return response


@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, module_pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    require(request, "inventory.import_items", module)
    problems: list = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            # One byte more than allowed is enough to say "too large" without reading a huge file.
            data = upload.read(importer.MAX_UPLOAD_BYTES + 1)
            result = importer.parse_upload(
                module=module,
                name=upload.name,
                data=data,
                allowed_town_ids=_allowed_town_ids(request, module),
            )
            problems = result.errors
            if result.ok:
                try:
                    items = services.items_import(module=module, rows=result.rows, created_by=request.user)
                except (ValidationError, DatabaseError) as error:
                    messages_ = error.messages if isinstance(error, ValidationError) else [str(error)]
                    problems = [importer.ImportProblem(message=m) for m in messages_]
                else:
                    messages.success(
                        request,
                        _("%(count)d entries have been imported.") % {"count": len(items)},
                    )
                    return redirect(module.get_absolute_url())
    else:
        form = ImportForm()
    return render(
        request,
        "inventory/import.html",
        {
            **_base_context(module),
            "form": form,
            "problems": problems,
            "columns": importer.COLUMNS,
            "vocabularies": importer.Vocabularies.for_module(module),
            "statuses": Status.choices,
            "provider_kinds": ProviderKind.choices,
            "max_rows": importer.MAX_ROWS,
        },
        status=422 if problems else 200,
    )


def suggestions(request: HttpRequest, module_pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    require(request, "inventory.review_suggestions", module)
    return render(
        request,
        "inventory/suggestions.html",
        {
            **_base_context(module),
            "pending": list(selectors.suggestion_list(module=module)),
            "decided": list(selectors.suggestion_list(module=module, status=SuggestionStatus.ACCEPTED)[:20])
            + list(selectors.suggestion_list(module=module, status=SuggestionStatus.DECLINED)[:20]),
            "decline_form": DeclineForm(),
        },
    )


@require_POST
def suggestion_decline(request: HttpRequest, module_pk: int, pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    require(request, "inventory.review_suggestions", module)
    suggestion = InventorySuggestion.objects.filter(module=module, pk=pk).first()
    if suggestion is None:
        raise Http404
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.suggestion_decline(suggestion=suggestion, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The suggestion has been declined."))
    return redirect("inventory:suggestions", module_pk=module.pk)


@require_http_methods(["GET", "POST"])
def module_settings(request: HttpRequest, module_pk: int) -> HttpResponse:
    module = get_module(request, module_pk)
    require(request, "inventory.change_settings", module)
    if request.method == "POST":
        form = InventoryModuleSettingsForm(request.POST)
        if form.is_valid():
            services.module_update_settings(module=module, suggestions_open=form.cleaned_data["suggestions_open"])
            messages.success(request, _("The settings have been saved."))
            return redirect(module.get_absolute_url())
    else:
        form = InventoryModuleSettingsForm(initial={"suggestions_open": module.settings.get("suggestions_open", True)})
    return render(request, "inventory/settings.html", {**_base_context(module), "form": form})
