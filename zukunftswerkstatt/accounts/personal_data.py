"""What the accounts app keeps about a person (see accounts/privacy.py)."""

from django.utils.translation import gettext_lazy as _

from . import personal_data_audit  # noqa: F401  (core's audit log, first in the download)
from .privacy import Treatment, registry, role_records, stamp

D = Treatment.DELETED


def account(user) -> dict:
    return {
        "email": user.email,
        "public_name": user.display_name,
        "date_joined": stamp(user.date_joined),
        "last_login": stamp(user.last_login),
        "is_under_16": user.is_under_16,
        "age_group": user.age_group,
        "home_municipality": str(user.home_municipality) if user.home_municipality_id else "",
        "wants_active_participation": user.wants_active_participation,
        "language": user.language,
    }


def email_addresses(user) -> list[dict]:
    from allauth.account.models import EmailAddress

    return [
        {"email": a.email, "verified": a.verified, "primary": a.primary}
        for a in EmailAddress.objects.filter(user=user).order_by("pk")
    ]


def consents(user) -> list[dict]:
    return [
        {
            "purpose": c.purpose,
            "wording": c.wording,
            "given_at": stamp(c.given_at),
            "withdrawn_at": stamp(c.withdrawn_at),
        }
        for c in user.consents.order_by("pk")
    ]


def parental_consents(user) -> list[dict]:
    return [
        {
            "parent_email": p.parent_email,
            "requested_at": stamp(p.requested_at),
            "confirmed_at": stamp(p.confirmed_at),
            "revoked_at": stamp(p.revoked_at),
        }
        for p in user.parental_consents.order_by("pk")
    ]


def roles(user) -> list[dict]:
    return [
        {"organisation": m.organisation.name, "role": m.role, "town": m.municipality.name if m.municipality else ""}
        for m in user.memberships.select_related("organisation", "municipality").order_by("pk")
    ]


def two_factor(user) -> dict:
    """Whether two-factor sign-in is on, and since when; never the key or the recovery codes."""
    from allauth.mfa.models import Authenticator

    found = {a.type: a for a in Authenticator.objects.filter(user=user)}
    app = found.get(Authenticator.Type.TOTP)
    codes = found.get(Authenticator.Type.RECOVERY_CODES)
    return {
        "authenticator_app": app is not None,
        "authenticator_app_since": stamp(app.created_at) if app else None,
        "authenticator_app_last_used": stamp(app.last_used_at) if app else None,
        "recovery_codes_unused": len(codes.wrap().get_unused_codes()) if codes else 0,
    }


registry.register(
    key="account",
    title=_("Your account"),
    fields={"accounts.User.email": D},
    export=account,
)
registry.register(
    key="email_addresses",
    title=_("E-mail addresses"),
    fields={"account.EmailAddress.user": D, "account.EmailAddress.email": D},
    export=email_addresses,
)
registry.register(key="consents", title=_("Consents"), fields={"accounts.Consent.user": D}, export=consents)
registry.register(
    key="parental_consents",
    title=_("Parental consent requests"),
    fields={"accounts.ParentalConsent.user": D, "accounts.ParentalConsent.parent_email": D},
    export=parental_consents,
)
registry.register(
    key="two_factor",
    title=_("Two-factor sign-in"),
    description=_(
        "Whether you sign in with a code from an authenticator app. The key your app creates the codes "
        "from and your recovery codes are stored for signing you in and are not part of this download."
    ),
    fields={"mfa.Authenticator.user": D},
    export=two_factor,
    labels={
        "authenticator_app": _("authenticator app active"),
        "authenticator_app_since": _("active since"),
        "authenticator_app_last_used": _("last used"),
        "recovery_codes_unused": _("unused recovery codes"),
    },
)
registry.register(key="roles", title=_("Roles"), fields={"accounts.Membership.user": D}, export=roles)
registry.register(
    key="records_in_a_role",
    title=_("Records of what you did in a role"),
    description=_(
        "Staff and moderators leave traces of their work, e.g. who decided on a suggestion. "
        "Listed here by kind and number; the records themselves belong to the organisation."
    ),
    fields={},
    export=role_records,
)
registry.declare_role_records(
    "admin.LogEntry.user", reason=_("the back office's log of changes, deleted with the account")
)
registry.declare_not_personal(
    "core.Organisation.contact_email",
    reason=_("the public contact address of an organisation, entered by its staff"),
)
registry.declare_not_personal(
    "core.Organisation.mail_from_address",
    reason=_("the address an organisation's e-mails come from, an office address set by the platform administration"),
)
registry.declare_not_personal(
    "mailer.DontSendEntry.to_address",
    reason=_("django-mailer's list of blocked addresses; the platform never fills it"),
)

# The fields each export was written against (see Registry.review).
registry.review(
    "accounts.User",
    "id password last_login is_superuser is_staff is_active date_joined email display_name "
    "is_under_16 age_group home_municipality wants_active_participation language",
)
registry.review(
    "account.EmailAddress",
    "id user email verified primary",
)
registry.review(
    "accounts.Consent",
    "id created modified user purpose wording given_at withdrawn_at",
)
registry.review(
    "accounts.ParentalConsent",
    "id created modified user parent_email token_hash requested_at confirmed_at revoked_at",
)
registry.review("mfa.Authenticator", "id user type data created_at last_used_at")
registry.review(
    "accounts.Membership",
    "id created modified user organisation role municipality",
)
