"""People, their optional self-description with recorded consent, and their roles."""

from __future__ import annotations

import rules
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.core.models import Municipality, Organisation, TimeStampedModel


class AgeGroup(models.TextChoices):
    UNDER_12 = "0-11", _("under 12")
    AGE_12_15 = "12-15", _("12 to 15")
    AGE_16_17 = "16-17", _("16 to 17")
    AGE_18_29 = "18-29", _("18 to 29")
    AGE_30_44 = "30-44", _("30 to 44")
    AGE_45_64 = "45-64", _("45 to 64")
    AGE_65_79 = "65-79", _("65 to 79")
    AGE_80_PLUS = "80+", _("80 and older")

    @classmethod
    def bounds(cls, value: str) -> tuple[int, int | None]:
        """First and last completed year of age of a group; None means “and older”."""
        return AGE_GROUP_BOUNDS[value]


AGE_GROUP_BOUNDS: dict[str, tuple[int, int | None]] = {
    AgeGroup.UNDER_12: (0, 11),
    AgeGroup.AGE_12_15: (12, 15),
    AgeGroup.AGE_16_17: (16, 17),
    AgeGroup.AGE_18_29: (18, 29),
    AgeGroup.AGE_30_44: (30, 44),
    AgeGroup.AGE_45_64: (45, 64),
    AgeGroup.AGE_65_79: (65, 79),
    AgeGroup.AGE_80_PLUS: (80, None),
}
"""The one definition of the age groups people may give (profile, contributions, registrations,
workshop cards, tallies); the participation view holds them against the population in the same
bands (docs/participation.md)."""


class ParticipantDetails(models.Model):
    """Optional, anonymous details a person may give with one contribution, registration or card.

    Never required and never shown with the person's name: they only feed the participation
    figures per town and age group. Where an account gives its profile's details, those count
    when the record carries none (see the participation app).
    """

    participant_town = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lives in (optional)"),
    )
    participant_age_group = models.CharField(
        _("age group (optional)"), max_length=10, choices=AgeGroup.choices, blank=True
    )

    class Meta:
        abstract = True


class EmailUserManager(UserManager):
    """Users log in with their e-mail address; there is no user name."""

    def _create_user(self, username, email, password, **extra_fields):  # noqa: ARG002 - Django's signature
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(None, email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(None, email, password, **extra_fields)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(
        _("public name"),
        max_length=80,
        blank=True,
        help_text=_("Shown with your contributions. A first name or a nickname is enough."),
    )
    # Self-declared. Under-16s keep no optional profile data without a parent's consent (GDPR art. 8).
    is_under_16 = models.BooleanField(_("younger than 16"), default=False)
    # Optional self-description; each is kept only while its consent is given.
    age_group = models.CharField(_("age group"), max_length=10, choices=AgeGroup.choices, blank=True)
    home_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("home town"),
    )
    wants_active_participation = models.BooleanField(_("wants to take part actively"), default=False)
    # The interface language the person last chose; e-mails to them are written in it.
    language = models.CharField(
        _("language for e-mails"), max_length=10, choices=settings.LANGUAGES, blank=True, default=""
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        # str(): __str__ must return a real string, not a lazy translation.
        return self.display_name or str(_("Participant"))

    def get_full_name(self) -> str:
        return self.public_name

    def get_short_name(self) -> str:
        return self.public_name

    def has_perm(self, perm: str, obj=None) -> bool:
        # Django grants a superuser everything before asking anyone. A platform administrator who
        # must set up two-factor sign-in first (MFA_REQUIRED_FOR_PLATFORM_ADMINS) is asked our rules
        # like anyone else, in which they are no platform administrator until then.
        if self.is_active and self.is_superuser:
            from .two_factor import platform_admin_needs_two_factor, two_factor_active

            if platform_admin_needs_two_factor(self) and not two_factor_active(self):
                return rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    @property
    def mail_language(self) -> str:
        """The language of e-mails to this person: their last choice, else the platform's default."""
        return self.language or settings.LANGUAGE_CODE


class Consent(TimeStampedModel):
    """A consent a person gave for one purpose, with the wording they saw; withdrawal is kept."""

    class Purpose(models.TextChoices):
        PROFILE = "profile", _("Age group and home town for participation statistics")
        ACTIVE_PARTICIPATION = "active_participation", _("Being contacted to take part actively")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents", verbose_name=_("person"))
    purpose = models.CharField(_("purpose"), max_length=40, choices=Purpose.choices)
    wording = models.TextField(_("wording the person agreed to"))
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="consent_one_active_per_purpose",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.purpose}"


class ParentalConsent(TimeStampedModel):
    """A parent's or guardian's consent for an under-16's optional profile data (GDPR art. 8).

    The child names a parent's e-mail address; the parent receives a link and confirms.
    Only a hash of the link's token is stored.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="parental_consents", verbose_name=_("person"))
    parent_email = models.EmailField(_("parent's e-mail address"))
    token_hash = models.CharField(max_length=64, unique=True)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("parental consent")
        verbose_name_plural = _("parental consents")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.parent_email}"

    @property
    def is_valid(self) -> bool:
        return self.confirmed_at is not None and self.revoked_at is None


class Role(models.TextChoices):
    ADMIN = "admin", _("organisation administrator")
    MODERATOR = "moderator", _("moderator")
    TOWN_STAFF = "town_staff", _("staff member of a town")


class Membership(TimeStampedModel):
    """A person's role in an organisation. Participants need none: any account takes part."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="staff_memberships",
        verbose_name=_("town"),
        help_text=_("Required for staff of a town, empty for the other roles."),
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["organisation", "role"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(role="town_staff") & models.Q(municipality__isnull=False))
                | (~models.Q(role="town_staff") & models.Q(municipality__isnull=True)),
                name="membership_town_iff_town_staff",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=models.Q(municipality__isnull=True),
                name="membership_unique_role",
                violation_error_message=_("This person already has this role in the organisation."),
            ),
            models.UniqueConstraint(
                fields=["user", "municipality"],
                condition=models.Q(municipality__isnull=False),
                name="membership_unique_town",
                violation_error_message=_("This person is already a staff member of this town."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.organisation})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        if self.role == Role.TOWN_STAFF and not self.municipality_id:
            raise ValidationError({"municipality": _("Staff of a town need a town.")})
        if self.role != Role.TOWN_STAFF and self.municipality_id:
            raise ValidationError({"municipality": _("Only staff of a town have a town.")})
        if self.municipality_id and self.organisation_id and self.municipality.organisation_id != self.organisation_id:
            raise ValidationError({"municipality": _("The town must belong to the organisation.")})
