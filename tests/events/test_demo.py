from collections import Counter

import pytest

from tests.demo.command import load_demo
from zukunftswerkstatt.events.models import Event, Kind, Registration, Status
from zukunftswerkstatt.events.selectors import event_seats

pytestmark = pytest.mark.django_db


def test_the_demo_has_documented_kickoffs_and_an_upcoming_workshop_with_registrations(client):
    load_demo(verbosity=0)
    kickoffs = Event.objects.filter(kind=Kind.KICKOFF)
    assert kickoffs.count() == 2  # one per round
    for kickoff in kickoffs:
        assert kickoff.documentation.results
        assert kickoff.phase.type == "kickoff"
        # The documentation counts the guests the registrations hold.
        assert f"{event_seats(event=kickoff).taken} Gäste" in kickoff.documentation.minutes
        assert client.get(kickoff.get_absolute_url()).status_code == 200
    workshop = Event.objects.get(kind=Kind.WORKSHOP)
    assert (workshop.place_name, workshop.capacity) == ("Rathaus Falkenstein", 40)
    assert workshop.registrations.filter(status=Status.CONFIRMED).count() == 4
    assert event_seats(event=workshop).taken == 9
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "31 of 40" in page

    # The optional details tell the participation story: about a third give nothing, Auerbach
    # the most, older people from Ellefeld and Falkenstein, nobody aged 18 to 29 from Rodewisch.
    registrations = Registration.objects.all()
    without = registrations.filter(participant_town__isnull=True, participant_age_group="").count()
    assert (registrations.count(), without) == (22, 7)
    by_town = Counter(registrations.exclude(participant_town=None).values_list("participant_town__name", flat=True))
    assert by_town.most_common(1)[0][0] == "Auerbach/Vogtl."
    older = {"65-79", "80+"}
    for town in ("Ellefeld", "Falkenstein/Vogtl."):
        assert registrations.filter(participant_town__name=town, participant_age_group__in=older).exists()
    assert not registrations.filter(participant_town__name="Rodewisch", participant_age_group="18-29").exists()
