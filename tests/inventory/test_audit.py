"""Inventory imports and deletions in the organisation's audit log."""

from django.urls import reverse

from tests.inventory.test_importer import GOOD_ROWS, csv_bytes, import_all
from zukunftswerkstatt.core.models import AuditAction, AuditEntry


def test_an_import_is_recorded_with_its_number_of_rows(organisation, inventory_module, town_a, town_b, vocabularies):
    import_all(inventory_module, csv_bytes(GOOD_ROWS))
    entry = AuditEntry.objects.get(action=AuditAction.INVENTORY_IMPORTED)
    assert entry.organisation == organisation
    assert entry.details == {"rows": 3}
    assert entry.object_id == inventory_module.pk


def test_deleting_an_entry_is_recorded_with_its_title(client_for, organisation, inventory_module, item_a, moderator):
    url = reverse("inventory:delete", kwargs={"module_pk": inventory_module.pk, "pk": item_a.pk})
    assert client_for(moderator).post(url).status_code == 302
    entry = AuditEntry.objects.get(action=AuditAction.INVENTORY_DELETED)
    assert entry.actor == moderator
    assert entry.object_repr == "Seniorentreff am Markt"
