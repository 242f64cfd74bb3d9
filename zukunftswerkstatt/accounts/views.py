from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import i18n as i18n_views
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .data_export import build_zip, zip_filename
from .forms import AccountDeleteForm, ParentalConsentRequestForm, ProfileForm
from .two_factor import two_factor_missing, two_factor_required_message


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST, user=user)
        if form.is_valid():
            services.profile_update(user=user, **form.cleaned_data)
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(user), user=user)
    parental_consent = user.parental_consents.order_by("-requested_at").first() if user.is_under_16 else None
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "parental_form": ParentalConsentRequestForm(),
            "parental_consent": parental_consent,
            "may_keep_profile_data": services.user_may_keep_profile_data(user),
            "roles": user.memberships.select_related("organisation", "municipality"),
            "two_factor_missing": two_factor_required_message(user) if two_factor_missing(user) else "",
        },
    )


@login_required
@require_POST
def parental_consent_request(request: HttpRequest) -> HttpResponse:
    form = ParentalConsentRequestForm(request.POST)
    if form.is_valid():
        try:
            services.parental_consent_request(user=request.user, parent_email=form.cleaned_data["parent_email"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("We have sent your parent an e-mail with a link to agree."))
    else:
        for error in form.errors.get("parent_email", []):
            messages.error(request, error)
    return redirect("accounts:profile")


@require_http_methods(["GET", "POST"])
def parental_consent(request: HttpRequest, token: str) -> HttpResponse:
    """The page a parent reaches from the e-mail link; agreeing needs a click (POST), not just a visit."""
    consent = services.parental_consent_for_token(token=token)
    if consent is None:
        raise Http404
    if request.method == "POST":
        if request.POST.get("decision") == "agree":
            try:
                services.parental_consent_confirm(consent=consent)
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, _("Thank you. Your consent has been recorded."))
        elif request.POST.get("decision") == "refuse":
            services.parental_consent_revoke(consent=consent)
            messages.info(request, _("You have not agreed. No optional information about your child is stored."))
        return redirect("accounts:parental_consent", token=token)
    return render(request, "accounts/parental_consent.html", {"consent": consent, "token": token})


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """The page that says what the download holds, with the button to get it."""
    from .privacy import registry

    return render(request, "accounts/export.html", {"sections": registry.ordered_sections()})


@login_required
def export_download(request: HttpRequest) -> FileResponse:
    """The ZIP, built in the request: a heavy user's (500 contributions, 2,000 comments) takes
    well under a second (see docs/privacy.md), so no background task is needed."""
    archive = build_zip(user=request.user)
    return FileResponse(archive, as_attachment=True, filename=zip_filename(), content_type="application/zip")


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = AccountDeleteForm(request.POST, user=request.user)
        if form.is_valid():
            user = request.user
            logout(request)
            services.account_delete(user=user)
            messages.success(request, _("Your account has been deleted. Thank you for taking part."))
            return redirect("core:home")
    else:
        form = AccountDeleteForm(user=request.user)
    return render(request, "accounts/delete.html", {"form": form})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers the choice for e-mails to a signed-in person."""
    response = i18n_views.set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and translation.check_for_language(language):
        services.user_language_set(user=request.user, language=language)
    return response
