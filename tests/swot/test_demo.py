import pytest

from tests.demo.command import load_demo
from zukunftswerkstatt.swot.models import Quadrant, SuggestionStatus, SwotItem, SwotSuggestion

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_swot_for_the_association_and_the_towns_with_evidence(client):
    load_demo(verbosity=0)
    association = SwotItem.objects.filter(municipality__isnull=True)
    for quadrant in Quadrant.values:
        assert 3 <= association.filter(quadrant=quadrant).count() <= 5
    towns_with_items = set(SwotItem.objects.filter(municipality__isnull=False).values_list("municipality", flat=True))
    assert len(towns_with_items) >= 2
    assert association.filter(quadrant=Quadrant.THREAT, statement__icontains="Bevölkerung").exists()
    assert SwotItem.objects.filter(ideas__isnull=False).exists()
    assert SwotItem.objects.filter(inventory_items__isnull=False).exists()
    assert SwotItem.objects.filter(indicators__isnull=False).exists()
    assert SwotSuggestion.objects.filter(status=SuggestionStatus.PENDING).count() == 2
    item = association.first()
    assert client.get(item.module.get_absolute_url()).status_code == 200
    assert client.get(item.get_absolute_url()).status_code == 200
