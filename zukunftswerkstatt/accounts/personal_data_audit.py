"""What core keeps about a person (see accounts/privacy.py): the audit log of staff actions. Declared
here, not in core, because the registry is accounts'; imported first by accounts/personal_data.py, so
the section keeps its place at the head of the download.

A member of staff finds in their download every entry of what they did (time, organisation, action,
object); a person an action was about (a role granted, a block) finds those entries without the
name of the member of staff. On account deletion the entries stay, as the organisation's record that
the action happened, but the person's name goes from them (core.audit.audit_forget_person)."""

from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.core.models import AuditEntry

from .privacy import Treatment, registry, stamp


def audit_entries(user) -> dict:
    by_me = AuditEntry.objects.filter(actor=user).select_related("organisation").order_by("created", "pk")
    about_me = AuditEntry.objects.filter(subject=user).select_related("organisation").order_by("created", "pk")
    return {
        "actions_by_you": [
            {
                "time": stamp(entry.created),
                "organisation": entry.organisation.name,
                "action": entry.action_label,
                "object": entry.object_repr,
                "details": entry.details,
            }
            for entry in by_me
        ],
        "actions_about_you": [
            {"time": stamp(entry.created), "organisation": entry.organisation.name, "action": entry.action_label}
            for entry in about_me
        ],
    }


def erase(*, user) -> None:
    from zukunftswerkstatt.core.audit import audit_forget_person

    audit_forget_person(user=user)


registry.register(
    key="audit_log",
    title=_("Audit log of staff actions"),
    description=_(
        "What you did as staff that the organisation's audit log records, and actions of staff that "
        "concerned you (a role, a block). Entries are deleted after the organisation's retention period; "
        "when your account is deleted they stay without your name."
    ),
    fields={"core.AuditEntry.actor": Treatment.WITHOUT_NAME, "core.AuditEntry.subject": Treatment.WITHOUT_NAME},
    export=audit_entries,
    erase=erase,
    labels={"actions_by_you": _("Actions you took"), "actions_about_you": _("Actions that concerned you")},
)
registry.review(
    "core.AuditEntry",
    "id organisation actor actor_name action content_type object_id object_repr subject details created",
)
