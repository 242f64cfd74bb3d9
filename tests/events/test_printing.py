"""The printed material: sign-in sheet and posters as PDF (WeasyPrint), read back with pypdf."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.factories import ModuleFactory
from zukunftswerkstatt.events import printing, services

pytestmark = pytest.mark.django_db

SITE_URL = "https://beteiligung.example.de"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL


@pytest.fixture
def qr_data(monkeypatch):
    """Records what the views hand to segno (segno cannot decode; the data it encodes is what counts)."""
    seen: list[str] = []
    make = printing.segno.make

    def spy(content, *args, **kwargs):
        seen.append(content)
        return make(content, *args, **kwargs)

    monkeypatch.setattr(printing.segno, "make", spy)
    return seen


@pytest.fixture
def ideas_module(workshop):
    return ModuleFactory(phase=workshop, type="ideas", title="Ideen für Falkenstein")


@pytest.fixture
def contact(organisation):
    organisation.contact_name = "Koordinierungsstelle Städteverbund"
    organisation.contact_phone = "03744 123456"
    organisation.contact_email = "mitmachen@example.de"
    organisation.save()
    return organisation


def pdf_text(response, *, pages: int | None = None) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    if pages is not None:
        assert len(reader.pages) == pages
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_sign_in_sheet_lists_the_confirmed_people_with_companions_and_needs(client_for, event, register, staff_a):
    register("Zora Ziegler", companions=2, email="zora@example.org", needs=services.Needs(wheelchair_place=True))
    register("Anton Albrecht", email="anton@example.org", needs=services.Needs(other="Lupe"))
    waiting = register("Wanda Warteliste", companions=8, email="wanda@example.org", seat_choice="wait_for_all")
    cancelled = register("Carl Cancel", email="carl@example.org")
    services.registration_cancel(registration=cancelled)
    assert waiting.status == "waiting"

    text = flat(pdf_text(client_for(staff_a).get(reverse("events:sign_in_sheet", kwargs={"pk": event.pk}))))

    assert "Zukunftswerkstatt Falkenstein" in text
    assert "Rathaus Falkenstein" in text
    assert "Signature" in text
    assert "wheelchair place" in text
    assert "Lupe" in text
    assert text.index("Anton Albrecht") < text.index("Zora Ziegler")  # alphabetical
    assert "Wanda" not in text
    assert "Carl Cancel" not in text
    assert "2 people registered. 4 seats in all, with companions." in text
    assert "Needs of the people with a seat" in text
    assert "wheelchair place: 1" in text
    assert "other needs: 1" in text
    # Nobody's companions are printed as a zero.
    assert " 0 " not in text.split("Signature", 1)[1].split("Zora Ziegler")[0]
    # Numbered empty rows follow for people who come without registering.
    assert "14" in text.split("Zora Ziegler", 1)[1]


def test_only_the_team_gets_the_sign_in_sheet(client, client_for, event, participant):
    url = reverse("events:sign_in_sheet", kwargs={"pk": event.pk})
    assert client.get(url).status_code == 403
    assert client_for(participant).get(url).status_code == 403


def test_the_event_poster_shows_what_when_where_access_contact_and_the_address(
    client_for, event, staff_a, contact, qr_data
):
    text = flat(pdf_text(client_for(staff_a).get(reverse("events:poster", kwargs={"pk": event.pk})), pages=1))

    for expected in (
        "Zukunftswerkstatt Falkenstein",
        "Rathaus Falkenstein, Ratssaal",
        "08223 Falkenstein/Vogtl.",
        "Step-free access",
        "Hearing loop",
        "Register without the internet",
        "03744 123456",
        "mitmachen@example.de",
        "Koordinierungsstelle Städteverbund",
    ):
        assert expected in text
    event_url = f"{SITE_URL}/events/{event.pk}/"
    assert qr_data == [event_url]
    assert event_url in text.replace(" ", "")


def test_the_qr_code_is_inline_svg_of_the_absolute_event_address(event, qr_data):
    svg = printing.qr_svg(printing.absolute_url(event.get_absolute_url()))
    assert svg.startswith("<svg")
    assert "http" not in svg  # nothing to fetch, no external reference
    assert qr_data == [f"{SITE_URL}/events/{event.pk}/"]


def test_the_ideas_poster_leads_to_the_idea_collection(client_for, staff_a, ideas_module, contact, process, qr_data):
    text = flat(
        pdf_text(
            client_for(staff_a).get(reverse("events:ideas_poster", kwargs={"module_pk": ideas_module.pk}), pages=1)
        )
    )

    assert "Ideen für Falkenstein" in text
    assert process.title in text
    assert "03744 123456" in text
    module_url = SITE_URL + ideas_module.get_absolute_url()
    assert qr_data == [module_url]
    assert module_url in text.replace(" ", "")


def test_a_poster_is_only_for_idea_collections(client_for, staff_a, workshop):
    information = ModuleFactory(phase=workshop, type="information")
    url = reverse("events:ideas_poster", kwargs={"module_pk": information.pk})
    assert client_for(staff_a).get(url).status_code == 404


@pytest.mark.parametrize(("role", "status"), [("participant", 403), ("other_org_admin", 403), ("moderator", 200)])
def test_only_the_organisations_team_prints_posters(request, client_for, event, ideas_module, role, status):
    client = client_for(request.getfixturevalue(role))
    assert client.get(reverse("events:poster", kwargs={"pk": event.pk})).status_code == status
    assert client.get(reverse("events:ideas_poster", kwargs={"module_pk": ideas_module.pk})).status_code == status


def test_the_staff_panel_links_to_the_printed_material(client_for, client, event, staff_a, ideas_module):
    content = client_for(staff_a).get(event.get_absolute_url()).content.decode()
    assert reverse("events:sign_in_sheet", kwargs={"pk": event.pk}) in content
    assert reverse("events:poster", kwargs={"pk": event.pk}) in content
    assert reverse("events:ideas_poster", kwargs={"module_pk": ideas_module.pk}) in content
    client.logout()
    assert "poster.pdf" not in client.get(event.get_absolute_url()).content.decode()
