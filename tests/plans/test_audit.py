"""An adopted plan version in the organisation's audit log."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from zukunftswerkstatt.core.models import AuditAction, AuditEntry
from zukunftswerkstatt.plans import services


def test_adopting_a_plan_version_is_recorded(organisation, process, staff_a, measure):
    version = services.plan_version_create(process=process, by=staff_a, title="Werkstattplan 2027")
    services.plan_version_adopt(
        version=version, by=staff_a, adopted_on=timezone.localdate(), adopted_by="Verbandsversammlung"
    )
    entry = AuditEntry.objects.get(action=AuditAction.PLAN_VERSION_ADOPTED)
    assert entry.organisation == organisation
    assert entry.actor == staff_a
    assert entry.object_repr.startswith("Werkstattplan 2027")
    assert entry.details == {"adopted_on": timezone.localdate().isoformat(), "adopted_by": "Verbandsversammlung"}


def test_a_refused_adoption_leaves_no_entry(process, staff_a, measure):
    version = services.plan_version_create(process=process, by=staff_a, title="Werkstattplan")
    with pytest.raises(ValidationError):
        services.plan_version_adopt(version=version, by=staff_a, adopted_on=timezone.localdate(), adopted_by=" ")
    assert not AuditEntry.objects.exists()


def test_the_letters_to_offline_contributors_are_recorded_without_their_names(
    client_for, organisation, process, staff_a, ideas_module
):
    import datetime as dt

    from django.urls import reverse

    from zukunftswerkstatt.ideas.services import offline_idea_record

    idea = offline_idea_record(
        module=ideas_module,
        recorded_by=staff_a,
        delete_on=timezone.localdate() + dt.timedelta(days=365),
        kind="proposal",
        title="Brief von Frau Müller",
        text="Ein Bus wäre gut.",
        channel="letter",
        received_on=timezone.localdate(),
        contact_name="Erna Müller",
        contact="Hauptstraße 1\n08209 Auerbach",
        consent="Einverstanden mit Speicherung",
    )
    measure = services.measure_create(process=process, by=staff_a, title="Bürgerbus", ideas=[idea])
    response = client_for(staff_a).get(reverse("plans:measure_letters", kwargs={"pk": measure.pk}))
    assert response["Content-Type"] == "application/pdf"
    entry = AuditEntry.objects.get(action=AuditAction.EXPORT_DOWNLOADED)
    assert entry.organisation == organisation
    assert entry.details == {"export": "measure_letters_pdf", "letters": 1}
    everything = str(list(AuditEntry.objects.values()))
    assert "Erna" not in everything
    assert "Hauptstraße" not in everything
