"""The Infoblatt of a phase and the notice-board list, rendered and read back with pypdf."""

from __future__ import annotations

import datetime as dt
import io
import os

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from zukunftswerkstatt.events import services as event_services
from zukunftswerkstatt.events.models import Kind as EventKind
from zukunftswerkstatt.ideas import services as idea_services
from zukunftswerkstatt.ideas.models import Idea, Status, Visibility
from zukunftswerkstatt.processes.services import module_create

pytestmark = pytest.mark.django_db


def pdf_text(response, *, pages: int | None = 1) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    if os.environ.get("HANDOUTS_PDF_DIR"):  # to look at them: pdftoppm -png -r 60
        name = response["Content-Disposition"].split('"')[1]
        with open(os.path.join(os.environ["HANDOUTS_PDF_DIR"], name), "wb") as file:
            file.write(response.content)
    reader = PdfReader(io.BytesIO(response.content))
    if pages is not None:
        assert len(reader.pages) == pages
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def contact(organisation):
    organisation.contact_name = "Koordinierungsstelle Städteverbund"
    organisation.contact_phone = "03744 123456"
    organisation.contact_email = "mitmachen@example.de"
    organisation.contact_address = "Markt 1\n08223 Falkenstein/Vogtl."
    organisation.contact_hours = "Mo–Do 9–12 Uhr und 13–16 Uhr"
    organisation.save()
    return organisation


@pytest.fixture
def workshop(process):
    return process.phases.get(type="workshop")


def add_events(process, phase, count: int):
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
    for number in range(count):
        event_services.event_create(
            process=process,
            phase=phase,
            title=f"Werkstattabend Nummer {number + 1} mit einem recht langen Titel für den Aushang",
            kind=EventKind.WORKSHOP,
            start=start + dt.timedelta(days=number),
            end=start + dt.timedelta(days=number, hours=2),
            place_name="Bürgerhaus Auerbach, großer Saal im Erdgeschoss",
        )


def test_infoblatt_is_one_page_with_name_dates_contact_and_events(client, process, workshop, contact):
    add_events(process, workshop, 3)
    text = pdf_text(client.get(reverse("handouts:infoblatt", args=[workshop.pk])))
    assert workshop.display_name in text
    assert workshop.first_day.strftime("%Y") in text
    assert "03744 123456" in text
    assert "mitmachen@example.de" in text
    assert "Mo–Do 9–12 Uhr" in text
    assert "Werkstattabend Nummer 1" in text
    assert "Bürgerhaus Auerbach" in text
    assert "beteiligung.example.de" in text


def test_infoblatt_stays_one_page_with_a_long_description_and_twenty_events(client, process, workshop, contact):
    workshop.description = "\n\n".join(
        f"Absatz {n}: Wir laden alle Generationen ein, gemeinsam über die Zukunft unserer Städte nachzudenken. " * 3
        for n in range(12)
    )
    workshop.name = "Zukunftswerkstatt mit einem sehr langen Namen, der über zwei Zeilen reicht und noch weiter geht"
    workshop.save()
    add_events(process, workshop, 20)
    text = pdf_text(client.get(reverse("handouts:infoblatt", args=[workshop.pk])))
    assert "…" in text
    assert "and 15 more dates" in text
    assert "03744 123456" in text
    assert "Werkstattabend Nummer 5 " in text
    assert "Werkstattabend Nummer 6 " not in text
    assert "Mo–Do 9–12 Uhr" in text
    assert "beteiligung.example.de" in text


def test_infoblatt_of_an_unpublished_process_is_not_found(client, process, workshop, org_admin, client_for):
    process.is_published = False
    process.save()
    assert client.get(reverse("handouts:infoblatt", args=[workshop.pk])).status_code == 404
    assert client_for(org_admin).get(reverse("handouts:infoblatt", args=[workshop.pk])).status_code == 200


def test_infoblatt_queries_are_pinned(client, process, workshop, contact, django_assert_num_queries):
    add_events(process, workshop, 7)
    # the phase with process and organisation; the events; the frame's organisation (context processor)
    with django_assert_num_queries(3):
        assert client.get(reverse("handouts:infoblatt", args=[workshop.pk])).status_code == 200


@pytest.fixture
def ideas_module(workshop):
    return module_create(
        phase=workshop,
        type="ideas",
        title="Ideen für Falkenstein",
        settings={"open_kinds": ["criticism", "vision", "proposal"], "allow_guests": False},
    )


def make_idea(module, writer, title, **fields):
    idea = idea_services.idea_create(
        module=module,
        author=writer,
        kind="proposal",
        title=title,
        text=f"Der Text zu {title}.",
        send_confirmation=False,
    )
    if fields:
        Idea.objects.filter(pk=idea.pk).update(**fields)
        idea.refresh_from_db()
    return idea


@pytest.fixture
def contributions(ideas_module, participant, town_a):
    old = timezone.now() - dt.timedelta(days=45)
    return {
        "new": make_idea(
            ideas_module,
            participant,
            "Bank am Marktplatz",
            municipality=town_a,
            support_count=7,
            official_answer="Die Stadt stellt im Frühjahr zwei Bänke auf.",
        ),
        "hidden": make_idea(ideas_module, participant, "Versteckter Beitrag", visibility=Visibility.HIDDEN),
        "pending": make_idea(ideas_module, participant, "Wartender Beitrag", visibility=Visibility.PENDING),
        "withdrawn": make_idea(ideas_module, participant, "Zurückgezogener Beitrag", status=Status.WITHDRAWN),
        "old": make_idea(ideas_module, participant, "Älterer Beitrag über den Bus", created=old),
        "offline": make_idea(
            ideas_module,
            participant,
            "Telefonisch: Bürgerbus",
            author=None,
            author_name="Erika Mustermann",
            channel="phone",
        ),
    }


def test_list_shows_only_what_the_public_list_shows(client, process, contributions, contact):
    text = pdf_text(client.get(reverse("handouts:contributions", args=[process.pk])), pages=None)
    assert "Bank am Marktplatz" in text
    assert contributions["new"].reference in text
    assert "7 supports" in text
    assert "Die Stadt stellt im Frühjahr zwei Bänke auf." in text
    assert "Telefonisch: Bürgerbus" in text
    assert "Erika Mustermann" not in text  # no authors
    assert "Paula" not in text
    for hidden in ("Versteckter", "Wartender", "Zurückgezogener"):
        assert hidden not in text
    assert "Älterer Beitrag" not in text  # 30 days by default
    assert "03744 123456" in text


def test_list_period_is_chosen_and_validated(client, process, contributions):
    url = reverse("handouts:contributions", args=[process.pk])
    assert "Älterer Beitrag" in pdf_text(client.get(url + "?days=90"), pages=None)
    assert "Älterer Beitrag" not in pdf_text(client.get(url + "?days=14"), pages=None)
    for bad in ("abc", "7", "-1", "99999999999999999999", ""):
        text = pdf_text(client.get(url, {"days": bad}), pages=None)
        assert "last 30 days" in text


def test_list_of_an_unpublished_process_or_module_is_not_found_or_empty(client, process, contributions, ideas_module):
    url = reverse("handouts:contributions", args=[process.pk])
    ideas_module.is_published = False
    ideas_module.save()
    assert "Bank am Marktplatz" not in pdf_text(client.get(url), pages=None)
    process.is_published = False
    process.save()
    assert client.get(url).status_code == 404


def test_list_queries_are_pinned(client, process, contributions, django_assert_num_queries):
    # the process with its organisation; the contributions; the frame's organisation (context processor)
    with django_assert_num_queries(3):
        assert client.get(reverse("handouts:contributions", args=[process.pk])).status_code == 200


def test_the_pages_link_to_the_handouts(client, process, workshop, ideas_module):
    phase_page = client.get(workshop.get_absolute_url())
    assert reverse("handouts:infoblatt", args=[workshop.pk]).encode() in phase_page.content
    idea_list = client.get(reverse("ideas:list", args=[ideas_module.pk]))
    assert (reverse("handouts:contributions", args=[process.pk]) + "?days=30").encode() in idea_list.content


def test_visitors_are_limited(client, process, workshop, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "handouts.pdf:ip": "1/h"}
    url = reverse("handouts:infoblatt", args=[workshop.pk])
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 429
    assert client.get(reverse("handouts:contributions", args=[process.pk])).status_code == 429
