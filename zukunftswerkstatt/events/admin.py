from django.contrib import admin
from django.contrib.admin.widgets import AdminTextareaWidget
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.admin_site import OrganisationScopedAdmin

from .models import Event


@admin.register(Event)
class EventAdmin(OrganisationScopedAdmin):
    """Staff create and change events here; registrations are handled on the event's staff pages."""

    organisation_lookup = "process__organisation_id"
    change_permission = "events.change_event"
    list_display = ["title", "kind", "start", "place_name", "capacity", "is_published"]
    list_filter = ["kind", "is_published"]
    search_fields = ["title", "place_name"]
    date_hierarchy = "start"
    list_select_related = ["process"]
    fieldsets = [
        (None, {"fields": ["process", "phase", "title", "kind", "description", ("start", "end"), "is_published"]}),
        (_("Place"), {"fields": ["place_name", "address", "room", "online_url"]}),
        (
            _("Accessibility"),
            {
                "fields": [
                    "step_free_access",
                    "hearing_loop",
                    "sign_language_on_request",
                    "childcare",
                    "parking",
                    "accessibility_notes",
                ]
            },
        ),
        (_("Registration"), {"fields": ["capacity", ("registration_opens", "registration_closes")]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "description":
            # The readability hints for public text (easyread, docs/easyread.md).
            kwargs["widget"] = AdminTextareaWidget(attrs={"data-readability": "de"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            # More seats (or none as limit): the waiting list moves up at once, in its order.
            from . import services

            services.event_capacity_changed(event=obj)
        if change and form.changed_data:
            from django.contrib import messages

            from .notices import event_tell_change

            told = event_tell_change(event=obj, changed_fields=form.changed_data)
            if told:
                messages.info(request, _("The people registered have been told of the change by e-mail."))
