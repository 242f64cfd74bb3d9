"""Imports of population figures and their deletion in the organisation's audit log."""

from zukunftswerkstatt.core.models import AuditAction, AuditEntry
from zukunftswerkstatt.demography import services


def test_an_import_and_its_deletion_are_recorded(organisation, figures, org_admin):
    imported = AuditEntry.objects.get(action=AuditAction.DEMOGRAPHY_IMPORTED)
    assert imported.organisation == organisation
    assert imported.object_id == figures.pk
    assert imported.details["file"] == "altersjahre.csv"
    assert imported.details["population_rows"] > 0
    services.batch_delete(batch=figures, by=org_admin)
    deleted = AuditEntry.objects.get(action=AuditAction.DEMOGRAPHY_DELETED)
    assert deleted.actor == org_admin
    assert deleted.object_repr == imported.object_repr
