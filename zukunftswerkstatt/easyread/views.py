"""The pages in Leichte Sprache (public), their editor (the organisation's admins and moderators),
and the readability hints any staff text area asks for."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zukunftswerkstatt.core.limits import over_limit
from zukunftswerkstatt.core.models import Organisation
from zukunftswerkstatt.core.readability import readability_analyse
from zukunftswerkstatt.core.views_common import add_service_errors, require
from zukunftswerkstatt.processes.models import Phase

from . import selectors, services
from .forms import EasyReadPageForm, HintsForm, PhaseSentenceForm
from .models import EasyReadPage

EDIT = "easyread.change_page"


def _organisation(organisation_slug: str) -> Organisation:
    return get_object_or_404(Organisation, slug=organisation_slug)


def _kind(kind: str) -> str:
    if kind not in EasyReadPage.Kind.values:
        raise Http404
    return kind


def organisations(request: HttpRequest) -> HttpResponse:
    """Where the "Leichte Sprache" link leads on pages that belong to no organisation."""
    listed = list(Organisation.objects.order_by("name"))
    if len(listed) == 1:
        return redirect("easyread:index", organisation_slug=listed[0].slug)
    return render(request, "easyread/organisations.html", {"organisations": listed})


def index(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    organisation = _organisation(organisation_slug)
    return render(
        request,
        "easyread/index.html",
        {
            "organisation": organisation,
            "pages": selectors.easyread_pages(organisation=organisation),
            "calls": selectors.running_phase_calls(organisation=organisation),
            "may_edit": request.user.has_perm(EDIT, organisation),
        },
    )


def page(request: HttpRequest, organisation_slug: str, kind: str) -> HttpResponse:
    organisation = _organisation(organisation_slug)
    shown = get_object_or_404(EasyReadPage, organisation=organisation, kind=_kind(kind))
    may_edit = request.user.has_perm(EDIT, organisation)
    if not shown.is_published and not may_edit:
        raise Http404
    pages = selectors.easyread_pages(organisation=organisation)
    return render(
        request,
        "easyread/page.html",
        {"organisation": organisation, "page": shown, "pages": pages, "may_edit": may_edit},
    )


def now(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    """Each running phase's call to action, with the sentence staff wrote for it."""
    organisation = _organisation(organisation_slug)
    return render(
        request,
        "easyread/now.html",
        {
            "organisation": organisation,
            "calls": selectors.running_phase_calls(organisation=organisation),
            "pages": selectors.easyread_pages(organisation=organisation),
            "may_edit": request.user.has_perm(EDIT, organisation),
        },
    )


def editor(request: HttpRequest, organisation_slug: str) -> HttpResponse:
    organisation = _organisation(organisation_slug)
    require(request, EDIT, organisation)
    existing = {p.kind: p for p in selectors.easyread_pages(organisation=organisation, published_only=False)}
    return render(
        request,
        "easyread/editor.html",
        {
            "organisation": organisation,
            "kinds": [(kind, label, existing.get(kind)) for kind, label in EasyReadPage.Kind.choices],
            "phases": selectors.editable_phases(organisation=organisation),
        },
    )


def page_edit(request: HttpRequest, organisation_slug: str, kind: str) -> HttpResponse:
    organisation = _organisation(organisation_slug)
    require(request, EDIT, organisation)
    kind = _kind(kind)
    existing = EasyReadPage.objects.filter(organisation=organisation, kind=kind).first()
    if request.method == "POST":
        form = EasyReadPageForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                saved = services.easyread_page_save(organisation=organisation, kind=kind, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The page is saved."))
                return redirect("easyread:page", organisation_slug=organisation.slug, kind=saved.kind)
    elif existing:
        form = EasyReadPageForm(
            initial={
                "title": existing.title,
                "body": existing.body,
                "image_alt": existing.image_alt,
                "is_published": existing.is_published,
            }
        )
    else:
        form = EasyReadPageForm(initial={"title": EasyReadPage.Kind(kind).label})
    analysis = readability_analyse(form["body"].value() or "")
    return render(
        request,
        "easyread/page_form.html",
        {
            "organisation": organisation,
            "form": form,
            "page": existing,
            "kind_label": EasyReadPage.Kind(kind).label,
            "analysis": analysis,
        },
    )


def phase_edit(request: HttpRequest, organisation_slug: str, phase_pk: int) -> HttpResponse:
    organisation = _organisation(organisation_slug)
    require(request, EDIT, organisation)
    phase = get_object_or_404(
        Phase.objects.select_related("process", "process__organisation"),
        pk=phase_pk,
        process__organisation=organisation,
    )
    current = getattr(phase, "easyread_sentence", None)
    if request.method == "POST":
        form = PhaseSentenceForm(request.POST)
        if form.is_valid():
            try:
                services.phase_sentence_save(phase=phase, text=form.cleaned_data["text"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The sentence is saved."))
                return redirect("easyread:editor", organisation_slug=organisation.slug)
    else:
        form = PhaseSentenceForm(initial={"text": current.text if current else ""})
    return render(
        request,
        "easyread/phase_form.html",
        {
            "organisation": organisation,
            "phase": phase,
            "form": form,
            "analysis": readability_analyse(form["text"].value() or ""),
        },
    )


@require_POST
def hints(request: HttpRequest) -> HttpResponse:
    """The readability hints of a text as an HTML fragment (static/easyread/hints.js puts it in an
    aria-live region beside the text area). Nothing is stored."""
    require(request, "easyread.use_hints")
    if over_limit(request, "easyread.hints:account", message=""):
        return render(request, "easyread/_hints.html", {"limited": True}, status=429)
    form = HintsForm(request.POST)
    if not form.is_valid():
        return render(request, "easyread/_hints.html", {"too_long": True}, status=400)
    return render(request, "easyread/_hints.html", {"analysis": readability_analyse(form.cleaned_data["text"])})
