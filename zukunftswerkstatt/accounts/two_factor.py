"""Two-factor sign-in: who has it, who must have it, and django-allauth's mfa made to speak like us.

Anyone may protect their account with a code from an authenticator app (TOTP, RFC 6238) and
one-time recovery codes; django-allauth's `allauth.mfa` does the work (set-up, the code after the
password, re-authentication, rate limits). What is ours:

- An organisation may require it of its staff (`Organisation.require_two_factor`), and
  `MFA_REQUIRED_FOR_PLATFORM_ADMINS` requires it of platform administrators. A person who must
  have it and has not set it up keeps their account, but their roles are paused:
  `roles.memberships_of` leaves out the memberships in organisations that require it, and
  `rules.is_platform_admin` is false. So every permission check refuses staff actions, and
  `middleware.TwoFactorRequiredMiddleware` sends them from a staff page or the back office to the
  set-up page with the reason.
- `TwoFactorAdapter`: our error messages (allauth's German says "du"), the issuer the app shows,
  and the QR code drawn by segno (already used for the workshop board) instead of the qrcode package.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

_ACTIVE_ATTRIBUTE = "_zw_two_factor_active"

ERROR_MESSAGES = {
    "add_email_blocked": _("An account protected by two-factor sign-in cannot add another e-mail address."),
    "cannot_delete_authenticator": _("Two-factor sign-in cannot be switched off for this account."),
    "cannot_generate_recovery_codes": _("Recovery codes can be created only once two-factor sign-in is active."),
    "incorrect_code": _("The code is not correct."),
    "unverified_email": _("Please confirm your e-mail address before you switch on two-factor sign-in."),
}


def two_factor_active(user: Any) -> bool:
    """True if the person signs in with an authenticator app (recovery codes alone do not count)."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, _ACTIVE_ATTRIBUTE, None)
    if cached is None:
        cached = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()
        setattr(user, _ACTIVE_ATTRIBUTE, cached)
    return cached


def platform_admin_needs_two_factor(user: Any) -> bool:
    return bool(
        settings.MFA_REQUIRED_FOR_PLATFORM_ADMINS
        and getattr(user, "is_superuser", False)
        and getattr(user, "is_active", False)
    )


def two_factor_requirements(user: Any) -> list[str]:
    """Who requires two-factor sign-in of this person: organisation names, and the platform."""
    from .roles import all_memberships_of

    names = sorted({m.organisation.name for m in all_memberships_of(user) if m.organisation.require_two_factor})
    if platform_admin_needs_two_factor(user):
        names.insert(0, gettext("platform administration"))
    return names


def two_factor_required_message(user: Any) -> str:
    return gettext(
        "Two-factor sign-in is required for your role ({names}). Until you have set it up, your role is paused "
        "and you cannot work in it. Please set it up now: it takes two minutes with an authenticator app on "
        "your phone."
    ).format(names=", ".join(two_factor_requirements(user)))


def two_factor_missing(user: Any) -> bool:
    """True if someone requires two-factor sign-in of this person and it is not set up: roles paused."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(two_factor_requirements(user)) and not two_factor_active(user)


class TwoFactorAdapter(DefaultMFAAdapter):
    error_messages = {**DefaultMFAAdapter.error_messages, **ERROR_MESSAGES}

    def get_totp_issuer(self) -> str:
        if settings.MFA_TOTP_ISSUER:
            return settings.MFA_TOTP_ISSUER
        from zukunftswerkstatt.core.selectors import organisation_default

        # Not translated: the name stays the same in the app whatever language the page had.
        organisation = organisation_default()
        return f"Zukunftswerkstatt {organisation.name}" if organisation else "Zukunftswerkstatt"

    def build_totp_svg(self, url: str) -> str:
        import segno

        svg = segno.make(url, error="m", micro=False).svg_inline(
            scale=5, border=4, dark="#000", light="#fff", omitsize=True, title=gettext("QR code for your app")
        )
        # An image with its name (the <title>), for screen readers.
        return svg.replace("<svg ", '<svg role="img" ', 1)
