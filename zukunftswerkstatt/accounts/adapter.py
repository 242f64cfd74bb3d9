"""django-allauth, made to speak like the rest of the platform.

Account mails (confirmation, password reset, …) are addressed like every other mail
(core/mail.py: the organisation is the sender and leads the subject) and their links follow the
same rule (core/links.py: absolute to SITE_URL, never the host of the request that triggered
them). The German wording is ours: templates/account/ overrides allauth's templates with our own
msgids, and ERROR_MESSAGES below replaces the adapter's texts, because allauth's German says "du".
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.core.mail import mail_context, mail_from, mail_reply_to, mail_subject
from zukunftswerkstatt.core.models import Organisation
from zukunftswerkstatt.core.selectors import organisation_default, organisation_for_request

from .two_factor import two_factor_missing

ERROR_MESSAGES = {
    "account_inactive": _("This account is switched off."),
    "cannot_remove_primary_email": _("You cannot remove your main e-mail address."),
    "duplicate_email": _("This e-mail address is already linked to your account."),
    "email_password_mismatch": _("The e-mail address or the password is not correct."),
    "email_taken": _("There is already an account with this e-mail address."),
    "enter_current_password": _("Please enter your current password."),
    "incorrect_code": _("The code is not correct."),
    "incorrect_password": _("The password is not correct."),
    "invalid_or_expired_key": _("The code is not valid or has expired."),
    "invalid_login": _("The log-in did not work."),
    "invalid_password_reset": _("The link for a new password is not valid."),
    "max_email_addresses": _("You cannot add more than %d e-mail addresses."),
    # Also shown for wrong two-factor codes (allauth's mfa uses the same limit, per person).
    "too_many_login_attempts": _(
        "Too many failed attempts for this account. To protect it, it is locked for a few minutes. "
        "Please try again later."
    ),
    "unknown_email": _("There is no account with this e-mail address."),
    "unverified_primary_email": _("Your main e-mail address must be confirmed first."),
    "select_only_one": _("Please choose only one."),
    "same_as_current": _("The new value must differ from the current one."),
    "rate_limited": _("Too many requests in a short time. Please wait a moment and try again."),
}


# Texts allauth's forms use directly, with allauth's own msgids: listed here so that
# `make messages` keeps them in our catalogue, whose formal German then wins over allauth's
# (LOCALE_PATHS come first). tests/core/test_all_mails.py reads the account pages for "du".
ALLAUTH_FORM_MSGIDS = (
    gettext_noop("You must type the same password each time."),
    gettext_noop("You must type the same email each time."),
    gettext_noop("You cannot remove your primary email address."),
    gettext_noop("Please type your current password."),
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("Please select only one."),
    gettext_noop("Your primary email address must be verified."),
    gettext_noop("You cannot add more than %d email addresses."),
    gettext_noop("The new value must be different from the current one."),
    gettext_noop("Remember Me"),
    gettext_noop("Current Password"),
    gettext_noop("New Password"),
    gettext_noop("New Password (again)"),
    gettext_noop("Password (again)"),
    gettext_noop("Email (again)"),
    gettext_noop("Invalid or expired key."),
)


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {**DefaultAccountAdapter.error_messages, **ERROR_MESSAGES}

    def _organisation(self) -> Organisation | None:
        request = allauth_context.request
        if request is not None and getattr(request, "resolver_match", None) is not None:
            return organisation_for_request(request)
        return organisation_default()

    def get_login_redirect_url(self, request) -> str:
        # Staff whose organisation requires two-factor sign-in and who have not set it up go to
        # the set-up page first, which says why; their roles are paused until then (two_factor.py).
        if two_factor_missing(request.user):
            return reverse("mfa_index")
        return super().get_login_redirect_url(request)

    def get_from_email(self) -> str:
        return mail_from(self._organisation())

    def format_email_subject(self, subject: str) -> str:
        return mail_subject(subject, organisation=self._organisation())

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        organisation = self._organisation()
        context = {**mail_context(organisation), **context}
        if "signup_url" in context:
            context["signup_url"] = absolute_url(reverse("account_signup"))
        message = self.render_mail(template_prefix, email, {"email": email, **context})
        message.reply_to = mail_reply_to(organisation) or []
        message.send()

    def send_notification_mail(self, template_prefix: str, user, context=None, email=None) -> None:
        # Account notifications are off (ACCOUNT_EMAIL_NOTIFICATIONS), but two-factor sign-in switched
        # on or off, or new recovery codes, are always told: if someone else did it, this is how the
        # person finds out.
        if not template_prefix.startswith("mfa/"):
            return super().send_notification_mail(template_prefix, user, context, email)
        from allauth.account.models import EmailAddress

        email = email or EmailAddress.objects.get_primary_email(user)
        if email:
            context = {"timestamp": timezone.now(), "ip": self.get_client_ip(self.request), **(context or {})}
            self.send_mail(template_prefix, email, {"user": user, **context})
        return None

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        # The same path allauth builds, with our host (see allauth's flows.password_reset).
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))

    def send_account_already_exists_mail(self, email: str) -> None:
        context = {
            "signup_url": absolute_url(reverse("account_signup")),
            "password_reset_url": absolute_url(reverse("account_reset_password")),
        }
        self.send_mail("account/email/account_already_exists", email, context)
