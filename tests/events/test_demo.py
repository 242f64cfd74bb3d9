import pytest
from django.core.management import call_command

from zukunftswerkstatt.events.models import Event, Kind, Status
from zukunftswerkstatt.events.selectors import event_seats

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_documented_kickoff_and_an_upcoming_workshop_with_registrations(client):
    call_command("load_demo", verbosity=0)
    kickoff = Event.objects.get(kind=Kind.KICKOFF)
    assert kickoff.title == "Auftaktveranstaltung"
    assert kickoff.documentation.results
    assert kickoff.start.date() == kickoff.phase.first_day or kickoff.phase.start <= kickoff.start
    workshop = Event.objects.get(kind=Kind.WORKSHOP)
    assert (workshop.place_name, workshop.capacity) == ("Rathaus Falkenstein", 40)
    assert workshop.registrations.filter(status=Status.CONFIRMED).count() == 4
    assert event_seats(event=workshop).taken == 9
    assert client.get(workshop.get_absolute_url()).status_code == 200
    assert client.get(kickoff.get_absolute_url()).status_code == 200
