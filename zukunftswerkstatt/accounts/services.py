"""Writes for people: profile, consent, parental consent, data export, account deletion, roles."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.core.mail import mail_build
from zukunftswerkstatt.core.models import Municipality, Organisation
from zukunftswerkstatt.core.selectors import organisation_default

from .models import Consent, Membership, ParentalConsent, Role, User
from .roles import forget_memberships

# The wording a person agrees to is stored with the consent, in the language they saw it in.
CONSENT_WORDING = {
    Consent.Purpose.PROFILE: gettext_lazy(
        "I agree that my age group and home town are stored so that the municipality can see which "
        "groups take part. I can withdraw this consent at any time; the information is then deleted."
    ),
    Consent.Purpose.ACTIVE_PARTICIPATION: gettext_lazy(
        "I agree that the municipality contacts me by e-mail to take part actively in the future "
        "workshop. I can withdraw this consent at any time."
    ),
}


def user_has_parental_consent(user: User) -> bool:
    return user.parental_consents.filter(confirmed_at__isnull=False, revoked_at__isnull=True).exists()


def user_may_keep_profile_data(user: User) -> bool:
    """Under-16s may keep optional profile data only with a confirmed parental consent."""
    return not user.is_under_16 or user_has_parental_consent(user)


def participant_details_checked(*, person, organisation_id: int, town, age_group: str) -> dict:
    """The optional town and age group (accounts.models.ParticipantDetails) to store with one record,
    checked the same way by every app that takes them: a person with an account under 16 without a
    parent's consent gives none (the profile's rule), whatever the form sent; the town must be one of
    the organisation's. `person` is the account the details describe (None: a guest, a phone at a
    workshop, or someone staff write for)."""
    if person is not None and not user_may_keep_profile_data(person):
        return {"participant_town": None, "participant_age_group": ""}
    if town is not None and town.organisation_id != organisation_id:
        raise ValidationError(
            {"participant_town": ValidationError(_("Please choose one of the towns in the list."), code="town")}
        )
    return {"participant_town": town, "participant_age_group": age_group or ""}


def _active_consent(user: User, purpose: str) -> Consent | None:
    return user.consents.filter(purpose=purpose, withdrawn_at__isnull=True).first()


def consent_give(*, user: User, purpose: str) -> Consent:
    existing = _active_consent(user, purpose)
    if existing:
        return existing
    return Consent.objects.create(user=user, purpose=purpose, wording=str(CONSENT_WORDING[purpose]))


def consent_withdraw(*, user: User, purpose: str) -> None:
    Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())


@transaction.atomic
def profile_update(
    *,
    user: User,
    display_name: str,
    is_under_16: bool,
    age_group: str = "",
    home_municipality: Municipality | None = None,
    wants_active_participation: bool = False,
    profile_consent: bool = False,
    participation_consent: bool = False,
) -> User:
    """Save the profile; optional data is kept only with its consent (and a parent's, under 16)."""
    user.display_name = display_name.strip()
    user.is_under_16 = is_under_16
    allowed = user_may_keep_profile_data(user)

    if allowed and profile_consent and (age_group or home_municipality):
        consent_give(user=user, purpose=Consent.Purpose.PROFILE)
        user.age_group = age_group
        user.home_municipality = home_municipality
    else:
        consent_withdraw(user=user, purpose=Consent.Purpose.PROFILE)
        user.age_group = ""
        user.home_municipality = None

    if allowed and participation_consent and wants_active_participation:
        consent_give(user=user, purpose=Consent.Purpose.ACTIVE_PARTICIPATION)
        user.wants_active_participation = True
    else:
        consent_withdraw(user=user, purpose=Consent.Purpose.ACTIVE_PARTICIPATION)
        user.wants_active_participation = False

    user.full_clean(exclude=["password"])
    user.save(
        update_fields=["display_name", "is_under_16", "age_group", "home_municipality", "wants_active_participation"]
    )
    return user


def user_language_set(*, user: User, language: str) -> None:
    """Remember the interface language a person chose: e-mails to them are written in it."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Unknown language."))
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def parental_consent_request(*, user: User, parent_email: str) -> ParentalConsent:
    """Send the parent a confirmation link; earlier open requests are replaced."""
    if not user.is_under_16:
        raise ValidationError(_("A parent's consent is only needed for people younger than 16."))
    if parent_email.strip().lower() == user.email.lower():
        raise ValidationError({"parent_email": _("Please give a parent's e-mail address, not your own.")})
    user.parental_consents.filter(confirmed_at__isnull=True, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token = secrets.token_urlsafe(32)
    consent = ParentalConsent(user=user, parent_email=parent_email, token_hash=_hash_token(token))
    consent.full_clean()
    consent.save()
    link = absolute_url(reverse("accounts:parental_consent", kwargs={"token": token}))
    # The parent has no account and no language of their own yet: the site's language.
    message = mail_build(
        to=[parent_email],
        subject=gettext_lazy("Your child would like to take part"),
        template="accounts/email/parental_consent.txt",
        context={"child_name": user.public_name, "link": link},
        organisation=organisation_default(),
    )
    transaction.on_commit(message.send)
    return consent


def parental_consent_for_token(*, token: str) -> ParentalConsent | None:
    return ParentalConsent.objects.select_related("user").filter(token_hash=_hash_token(token)).first()


def parental_consent_confirm(*, consent: ParentalConsent) -> ParentalConsent:
    if consent.revoked_at is not None:
        raise ValidationError(_("This request is no longer valid. Your child can send a new one."))
    if consent.confirmed_at is None:
        consent.confirmed_at = timezone.now()
        consent.save(update_fields=["confirmed_at", "modified"])
    return consent


@transaction.atomic
def parental_consent_revoke(*, consent: ParentalConsent) -> None:
    """Revoking removes the child's optional profile data at once."""
    if consent.revoked_at is not None:
        return
    consent.revoked_at = timezone.now()
    consent.save(update_fields=["revoked_at", "modified"])
    user = consent.user
    if not user_may_keep_profile_data(user):
        profile_update(user=user, display_name=user.display_name, is_under_16=True)


def account_export(*, user: User) -> dict[str, Any]:
    """Everything the platform holds about a person, machine-readable (GDPR art. 15 and 20).

    Each app declares its part in its `personal_data.py` (see accounts/privacy.py)."""
    from .privacy import registry, stamp

    data: dict[str, Any] = {"exported_at": stamp(timezone.now())}
    for section in registry.ordered_sections():
        data[section.key] = section.export(user)
    return data


@transaction.atomic
def account_delete(*, user: User, by: User | None = None) -> None:
    """Delete the account and all personal data (`by`: a platform administrator in the back office;
    None when people delete their own account).

    First each app's erase step runs (e.g. supports are taken back so counts stay exact, event
    registrations lose name and contact); then the account goes, and the foreign keys declared in
    the registry cascade (the person's own rows) or are set to NULL (public contributions stay
    without a name). The mails to and about the person's addresses leave the mail log and the queue.
    The audit log of each organisation the person worked for records the deletion, without the name.
    """
    from allauth.account.models import EmailAddress

    from zukunftswerkstatt.core.audit import audit_record
    from zukunftswerkstatt.core.maillog import mail_log_forget
    from zukunftswerkstatt.core.models import AuditAction

    from .privacy import registry

    addresses = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    addresses |= set(user.parental_consents.values_list("parent_email", flat=True))
    roles_by_organisation: dict[int, list[str]] = {}
    for organisation_id, role in user.memberships.order_by("role").values_list("organisation_id", "role"):
        roles_by_organisation.setdefault(organisation_id, []).append(role)
    for section in registry.ordered_sections():
        if section.erase is not None:
            section.erase(user=user)
    for organisation_id, roles in roles_by_organisation.items():
        audit_record(
            actor=by,
            actor_deleted=by is None,
            action=AuditAction.ACCOUNT_DELETED,
            organisation=organisation_id,
            details={"roles": roles, "deleted_by": "platform_admin" if by else "the_person"},
        )
    mail_log_forget(addresses=addresses)
    user.delete()


@transaction.atomic
def membership_grant(
    *, user: User, organisation: Organisation, role: Role, municipality: Municipality | None = None
) -> Membership:
    membership = Membership(user=user, organisation=organisation, role=role, municipality=municipality)
    membership.full_clean()
    membership.save()
    forget_memberships(user)
    return membership


def membership_audit(*, membership: Membership, by: User | None, action: str, previous: dict | None = None) -> None:
    """Record a role granted, changed or revoked (in the back office) in the organisation's audit log.
    The person is named by public name and address: roles are given by address, admins know it."""
    from zukunftswerkstatt.core.audit import actor_label, audit_record

    audit_record(
        actor=by,
        action=action,
        organisation=membership.organisation_id,
        obj=membership,
        label=actor_label(membership.user),
        subject=membership.user,
        details={
            "role": membership.role,
            "town": membership.municipality.name if membership.municipality_id else "",
            **(previous or {}),
        },
    )
