"""Citizens' suggestions to the inventory are limited per account too (settings.RATE_LIMITS;
guests: test_views.py): the suggestion after the limit is refused and not saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.inventory.test_views import suggestion_data
from tests.rate_limits import one_per_hour
from zukunftswerkstatt.inventory.models import InventorySuggestion

pytestmark = pytest.mark.django_db


def test_a_second_suggestion_over_the_account_limit_is_refused(client_for, participant, inventory_module, settings):
    one_per_hour(settings, "inventory.suggest:account")
    client = client_for(participant)
    url = reverse("inventory:suggest", args=[inventory_module.pk])
    assert client.post(url, suggestion_data(title="Lauftreff")).status_code == 302
    response = client.post(url, suggestion_data(title="Schachclub"))
    assert response.status_code == 200
    assert list(InventorySuggestion.objects.values_list("title", flat=True)) == ["Lauftreff"]
