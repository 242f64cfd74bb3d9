from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.admin_site import OrganisationScopedAdmin

from .models import ClassInvitation, WorkshopSession


@admin.register(WorkshopSession)
class WorkshopSessionAdmin(OrganisationScopedAdmin):
    """The list of live sessions, read only: sessions are opened and run on their console, where
    every change goes through the services (and tells the projector and the phones)."""

    # Through the idea collection: the same process for an event's session, and the only way for a class session.
    organisation_lookup = "ideas_module__phase__process__organisation_id"
    change_permission = "workshops.run_session"
    list_display = ["title", "event", "invitation", "step", "vote_state", "transferred_at", "console_link"]
    list_filter = ["step"]
    search_fields = ["title", "event__title"]
    list_select_related = ["event", "invitation"]
    readonly_fields = [
        "title",
        "event",
        "invitation",
        "ideas_module",
        "step",
        "dots_per_participant",
        "allow_stacking",
        "vote_state",
        "results_revealed",
        "started_by",
        "finished_at",
        "transferred_at",
        "console_link",
    ]
    exclude = ["code", "projector_key", "revision"]

    @admin.display(description=_("Console"))
    def console_link(self, obj: WorkshopSession) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("workshops:console", kwargs={"pk": obj.pk}), _("Open the console")
        )

    def has_add_permission(self, request) -> bool:
        return False  # sessions are opened from the event page


@admin.register(ClassInvitation)
class ClassInvitationAdmin(OrganisationScopedAdmin):
    """Class invitations, made and withdrawn on the class-mode page; here the team may correct or
    blank the name and address of the person leading the group."""

    organisation_lookup = "ideas_module__phase__process__organisation_id"
    change_permission = "workshops.invite_class"
    list_display = ["group_name", "kind", "town", "age_group", "valid_until", "revoked_at"]
    list_filter = ["kind"]
    search_fields = ["group_name", "leader_name"]
    list_select_related = ["town"]
    fields = [
        "group_name",
        "kind",
        "town",
        "age_group",
        "ideas_module",
        "valid_until",
        "revoked_at",
        "leader_name",
        "leader_email",
    ]
    readonly_fields = ["group_name", "kind", "town", "age_group", "ideas_module", "valid_until", "revoked_at"]

    def has_add_permission(self, request) -> bool:
        return False  # invitations are made on the class-mode page, which shows the secret link once

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the sessions keep their invitation; withdraw the link instead
