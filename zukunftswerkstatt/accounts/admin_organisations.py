"""The back office of core's models (organisations, towns, fields of action, legal pages): here in
accounts because who may change them depends on roles. Imported by accounts/admin.py."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.core.colours import (
    HEX_COLOUR,
    MIN_TEXT_CONTRAST,
    WHITE,
    contrast_ratio,
    validate_brand_colour_on_backgrounds,
)
from zukunftswerkstatt.core.forms import IMAGE_HELP, ReencodedImageField
from zukunftswerkstatt.core.models import LegalPage, Municipality, Organisation, TargetGroup, Topic
from zukunftswerkstatt.core.services import LOGO_MAX_SIDE

from .admin_site import OrganisationScopedAdmin, OrganisationScopedInline, organisation_ids
from .models import Role
from .roles import all_memberships_of
from .two_factor import two_factor_active


class MunicipalityInline(OrganisationScopedInline, admin.TabularInline):
    model = Municipality
    change_permission = "core.manage_municipalities"
    extra = 0
    fields = ["name", "ags", "latitude", "longitude"]


class TopicInline(OrganisationScopedInline, admin.TabularInline):
    model = Topic
    change_permission = "core.manage_topics"
    extra = 0
    fields = ["name", "description", "position"]


@admin.register(Organisation)
class OrganisationAdmin(OrganisationScopedAdmin):
    organisation_lookup = "pk"
    change_permission = "core.change_organisation"
    list_display = ["name", "slug", "contact_email"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MunicipalityInline, TopicInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "description", "website"]}),
        (
            "Kontakt / contact",
            {"fields": ["contact_name", "contact_address", "contact_phone", "contact_email", "contact_hours"]},
        ),
        (
            _("Appearance"),
            {
                "fields": ["logo", "brand_colour"],
                "description": _(
                    "The logo appears in the header of every page of the organisation; the colour is used for "
                    "buttons, links and the header. Both are optional."
                ),
            },
        ),
        (
            _("Open data"),
            {
                "fields": ["data_licence", "data_attribution"],
                "description": _(
                    "Everything public on the platform is also offered to machines: the API, the open data "
                    "downloads of each process and the feeds. Choose the licence it is published under."
                ),
            },
        ),
        (_("Signing in"), {"fields": ["require_two_factor"]}),
        (
            _("Address and sender"),
            {
                "fields": ["host", "mail_from_address"],
                "description": _(
                    "Only the platform administrators change these: a host name and a sender address need "
                    "settings of the server and the mail server first (docs/organisations.md)."
                ),
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("core.add_organisation"):  # the platform administrators
            fields += ["host", "mail_from_address"]
        return fields

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "logo":  # stored as a clean JPEG without metadata, like every other upload
            return ReencodedImageField(
                label=db_field.verbose_name.capitalize(),
                max_side=LOGO_MAX_SIDE,
                help_text=format_lazy("{} {}", db_field.help_text, IMAGE_HELP),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)

        class OrganisationForm(form):  # type: ignore[valid-type,misc]  # the class admin made for this request
            def clean_brand_colour(self) -> str:
                # The model's validator asks for 4.5:1 on white; links also stand on our light boxes.
                colour = self.cleaned_data.get("brand_colour", "")
                if colour and HEX_COLOUR.match(colour) and contrast_ratio(colour, WHITE) >= MIN_TEXT_CONTRAST:
                    validate_brand_colour_on_backgrounds(colour)
                return colour.lower()

            def clean_require_two_factor(self) -> bool:
                # Whoever switches the requirement on must already sign in that way, or they would
                # pause their own role (accounts/two_factor.py) and lock themselves out of this page.
                required = self.cleaned_data["require_two_factor"]
                roles = all_memberships_of(request.user)
                own_role = obj is not None and any(m.organisation_id == obj.pk for m in roles)
                if required and own_role and not two_factor_active(request.user):
                    raise ValidationError(
                        _("Please set up two-factor sign-in for your own account first (in your profile).")
                    )
                return required

        return OrganisationForm

    def has_add_permission(self, request) -> bool:
        return request.user.has_perm("core.add_organisation")

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("core.delete_organisation", obj)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            from zukunftswerkstatt.core.services import organisation_add_defaults

            organisation_add_defaults(organisation=obj)


@admin.register(LegalPage)
class LegalPageAdmin(OrganisationScopedAdmin):
    change_permission = "core.change_legalpage"
    list_display = ["title", "organisation", "kind", "modified"]
    list_filter = ["kind"]

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser or bool(organisation_ids(request, Role.ADMIN))


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "min_age", "max_age", "position"]

    def has_module_permission(self, request) -> bool:
        return request.user.is_superuser
