from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.core.audit import audit_record
from zukunftswerkstatt.core.models import AuditAction

from . import admin_organisations  # noqa: F401  (the back office of core's models)
from .admin_site import OrganisationScopedAdmin, organisation_ids
from .models import Consent, Membership, Role, User
from .services import account_delete, membership_audit


def _previous(membership: Membership) -> dict:
    """What a role was before a change, for the audit log."""
    before = Membership.objects.select_related("municipality").filter(pk=membership.pk).first()
    if before is None:
        return {}
    return {
        "previous_organisation": before.organisation_id,
        "previous_role": before.role,
        "previous_town": before.municipality.name if before.municipality_id else "",
    }


def _audit_membership_save(request, membership: Membership, change: bool, previous: dict) -> None:
    if not change:
        membership_audit(membership=membership, by=request.user, action=AuditAction.ROLE_GRANTED)
    elif previous and previous.get("previous_organisation") != membership.organisation_id:
        # Moved to another organisation: revoked in the one, granted in the other.
        old = Membership(pk=membership.pk, user=membership.user, organisation_id=previous["previous_organisation"])
        old.role = previous["previous_role"]
        membership_audit(membership=old, by=request.user, action=AuditAction.ROLE_REVOKED)
        membership_audit(membership=membership, by=request.user, action=AuditAction.ROLE_GRANTED)
    elif previous and (previous["previous_role"], previous["previous_town"]) != (
        membership.role,
        membership.municipality.name if membership.municipality_id else "",
    ):
        del previous["previous_organisation"]
        membership_audit(membership=membership, by=request.user, action=AuditAction.ROLE_CHANGED, previous=previous)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["organisation", "role", "municipality"]


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    fields = ["purpose", "given_at", "withdrawn_at", "wording"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class AuthenticatorInline(admin.TabularInline):
    """Two-factor sign-in of a person: what is set up and when it was last used, never the secret.
    A platform administrator deletes it here for someone who lost both phone and recovery codes."""

    model = Authenticator
    extra = 0
    fields = ["type", "created_at", "last_used_at"]
    readonly_fields = fields
    verbose_name = _("two-factor sign-in")
    verbose_name_plural = _("two-factor sign-in")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


# allauth's own admin shows the stored secret (the `data` field): the inline above replaces it.
if admin.site.is_registered(Authenticator):
    admin.site.unregister(Authenticator)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """People: for platform administrators only. Organisations manage roles under "Roles"."""

    ordering = ["email"]
    list_display = ["email", "display_name", "is_active", "is_superuser", "date_joined"]
    search_fields = ["email", "display_name"]
    inlines = [MembershipInline, ConsentInline, AuthenticatorInline]
    fieldsets = [
        (None, {"fields": ["email", "password", "display_name"]}),
        (_("Profile"), {"fields": ["is_under_16", "age_group", "home_municipality", "wants_active_participation"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined"]

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser

    def save_model(self, request, obj, form, change) -> None:
        was_superuser = change and User.objects.filter(pk=obj.pk, is_superuser=True).exists()
        super().save_model(request, obj, form, change)
        if obj.is_superuser != was_superuser and (change or obj.is_superuser):
            # Platform administration belongs to no organisation: every organisation's log shows it.
            from zukunftswerkstatt.core.models import Organisation

            for organisation_id in Organisation.objects.values_list("pk", flat=True):
                audit_record(
                    actor=request.user,
                    action=AuditAction.PLATFORM_ADMIN_CHANGED,
                    organisation=organisation_id,
                    obj=obj,
                    label=obj.email,
                    subject=obj,
                    details={"platform_admin": obj.is_superuser},
                )

    def save_formset(self, request, form, formset, change) -> None:
        """The roles inline: each role added, changed or removed goes into the audit log."""
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        previous = {f.instance.pk: _previous(f.instance) for f in formset.forms if f.instance.pk}
        instances = formset.save(commit=False)
        for membership in formset.deleted_objects:
            membership_audit(membership=membership, by=request.user, action=AuditAction.ROLE_REVOKED)
            membership.delete()
        for membership in instances:
            is_new = membership.pk is None
            membership.save()
            _audit_membership_save(request, membership, not is_new, previous.get(membership.pk, {}))
        formset.save_m2m()
        return None

    def delete_model(self, request, obj) -> None:
        """Through the account deletion service, so that every app's erase step runs."""
        account_delete(user=obj, by=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for user in queryset:
            account_delete(user=user, by=request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser


class MembershipForm(forms.ModelForm):
    """Roles are given by e-mail address, so organisations never browse the list of all people."""

    email = forms.EmailField(label=_("e-mail address of the person"))

    class Meta:
        model = Membership
        fields = ["email", "organisation", "role", "municipality"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["email"].initial = self.instance.user.email

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(_("There is no account with this e-mail address."))
        self.instance.user = user
        return email

    def _post_clean(self) -> None:
        super()._post_clean()
        # `user` comes from the e-mail address, not from a form field, so Django leaves it out of
        # the constraint checks; without this a role the person has already fails in the database.
        if self.instance.user_id and not self._errors:
            try:
                self.instance.validate_constraints()
            except ValidationError as error:
                self._update_errors(error)


@admin.register(Membership)
class MembershipAdmin(OrganisationScopedAdmin):
    form = MembershipForm
    change_permission = "accounts.manage_memberships"
    list_display = ["user", "organisation", "role", "municipality"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__display_name"]
    list_select_related = ["user", "organisation", "municipality"]

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser or bool(organisation_ids(request, Role.ADMIN))

    def has_module_permission(self, request) -> bool:
        return self.has_view_permission(request)

    def save_model(self, request, obj, form, change) -> None:
        previous = _previous(obj) if change else {}
        super().save_model(request, obj, form, change)
        _audit_membership_save(request, obj, change, previous)

    def delete_model(self, request, obj) -> None:
        membership_audit(membership=obj, by=request.user, action=AuditAction.ROLE_REVOKED)
        admin.ModelAdmin.delete_model(self, request, obj)  # recorded as a revoked role, not a deleted row

    def delete_queryset(self, request, queryset) -> None:
        for membership in queryset.select_related("user", "municipality"):
            membership_audit(membership=membership, by=request.user, action=AuditAction.ROLE_REVOKED)
        admin.ModelAdmin.delete_queryset(self, request, queryset)
