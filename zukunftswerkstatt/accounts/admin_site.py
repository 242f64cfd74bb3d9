"""The back office: Django's admin, scoped to the organisations a person works for (by their roles,
which is why it lives in accounts, not core)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.core.selectors import organisation_id_of

from .models import Role
from .roles import memberships_of


class BackofficeSite(admin.AdminSite):
    site_header = _("Zukunftswerkstatt back office")
    site_title = _("Zukunftswerkstatt back office")
    index_title = _("Processes, towns and people")

    index_template = "admin/zw_index.html"

    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.has_perm("accounts.access_backoffice")

    def index(self, request: HttpRequest, extra_context=None):
        """The start page, with a link to the audit log of each organisation the person administers."""
        from zukunftswerkstatt.core.models import Organisation

        if request.user.is_superuser:
            audited = Organisation.objects.all()
        else:
            audited = Organisation.objects.filter(pk__in=organisation_ids(request, Role.ADMIN))
        return super().index(request, {"audit_organisations": list(audited), **(extra_context or {})})


def organisation_ids(request: HttpRequest, *roles: str) -> set[int]:
    """The organisations in which the person has one of the roles (all roles if none given)."""
    return {m.organisation_id for m in memberships_of(request.user) if not roles or m.role in roles}


class OrganisationScopedAdmin(admin.ModelAdmin):
    """A model admin that shows each person only their organisations' rows.

    `organisation_lookup` is the path from the model to its organisation's id. Every
    role may view; changing needs `change_permission` (a django-rules permission) on the row.
    """

    organisation_lookup = "organisation_id"
    change_permission = ""
    add_roles: tuple[str, ...] = (Role.ADMIN,)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.organisation_lookup}__in": organisation_ids(request)})

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or bool(organisation_ids(request))

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or bool(organisation_ids(request, *self.add_roles))

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is None:
            return request.user.is_superuser or bool(organisation_ids(request, *self.add_roles))
        return request.user.has_perm(self.change_permission, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_change_permission(request, obj)

    def delete_model(self, request: HttpRequest, obj) -> None:
        _audit_deletion(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            _audit_deletion(request, obj)
        super().delete_queryset(request, queryset)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return _limit_to_organisations(field, request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return _limit_to_organisations(field, request)


class OrganisationScopedInline:
    """Permissions for an inline, taken from the parent row (mix in before Django's inline class).

    Django's default asks for model permissions ("processes.add_phase") that nobody is given:
    roles live in django-rules. Every role may view; changing needs `change_permission`
    (a django-rules permission) on the parent object.
    """

    change_permission = ""

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_superuser or bool(organisation_ids(request))

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._may_change(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._may_change(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self._may_change(request, obj)

    def _may_change(self, request: HttpRequest, obj) -> bool:
        if obj is None:  # the parent is being added; the parent's admin decides who may add
            return request.user.is_superuser or bool(organisation_ids(request, Role.ADMIN))
        return request.user.has_perm(self.change_permission, obj)


def _audit_deletion(request: HttpRequest, obj) -> None:
    """Every row deleted in the back office (an event, a process, a town) goes into its
    organisation's audit log; Django's admin runs this in the deletion's transaction."""
    from zukunftswerkstatt.core.audit import audit_record
    from zukunftswerkstatt.core.models import AuditAction

    organisation_id = organisation_id_of(obj)
    if organisation_id is not None:
        audit_record(
            actor=request.user,
            action=AuditAction.OBJECT_DELETED,
            organisation=organisation_id,
            obj=obj,
            # A row named by an address (a guest's contact) is named by its kind and number instead.
            label=str(obj) if "@" not in str(obj) else f"{obj._meta.verbose_name} #{obj.pk}",
            details={"kind": str(obj._meta.verbose_name)},
        )


def _limit_to_organisations(field, request: HttpRequest):
    """Offer only rows of organisations the person administers in related-object choices."""
    if field is None or request.user.is_superuser or not hasattr(field, "queryset"):
        return field
    allowed = organisation_ids(request, Role.ADMIN)
    model = field.queryset.model
    names = {f.name for f in model._meta.get_fields()}
    if model._meta.label == "core.Organisation":
        field.queryset = field.queryset.filter(pk__in=allowed)
    elif "organisation" in names:
        field.queryset = field.queryset.filter(organisation_id__in=allowed)
    elif "process" in names:
        field.queryset = field.queryset.filter(process__organisation_id__in=allowed)
    elif "phase" in names:
        field.queryset = field.queryset.filter(phase__process__organisation_id__in=allowed)
    return field
