"""The optional town and age group on the live board: given when joining (never in the way of
joining), carried by the participant and not by their phone's cards, and typed in by the
moderator for a paper card's writer; never shown on the wall, the phone or the record."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.factories import MunicipalityFactory
from zukunftswerkstatt.workshops import services
from zukunftswerkstatt.workshops.models import Card, Participant, Step

pytestmark = pytest.mark.django_db


def url(name: str, session, **kwargs) -> str:
    return reverse(f"workshops:{name}", kwargs={"pk": session.pk, **kwargs})


def details(town, age_group: str) -> dict:
    """The two optional fields as a form posts them."""
    return {"participant_town": town.pk, "participant_age_group": age_group}


def selected(html: str, value) -> bool:
    return f'value="{value}" selected' in html


def test_joining_with_town_and_age_group_stores_them_on_the_participant(client, criticism, town_b):
    response = client.post(
        reverse("workshops:join"),
        {"code": criticism.code, "pseudonym": "", **details(town_b, "65-79")},
    )
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert (participant.participant_town, participant.participant_age_group) == (town_b, "65-79")


def test_a_card_from_the_phone_inherits_nothing_the_participant_carries_the_details(client, criticism, town_b):
    client.post(
        reverse("workshops:join"),
        {"code": criticism.code, **details(town_b, "80+")},
    )
    response = client.post(
        url("participant_card", criticism), {"text": "Mehr Bänke", "step": "criticism", "nonce": "n1"}
    )
    assert response.status_code == 302
    made = Card.objects.get()
    assert made.participant.participant_age_group == "80+"
    assert (made.participant_town, made.participant_age_group) == (None, "")


def test_the_service_refuses_details_on_a_card_from_a_phone(criticism, join, town_a):
    participant, _phone = join(criticism)
    with pytest.raises(ValueError, match="Only paper cards"):
        services.card_add(
            session=criticism, text="Busse", step=Step.CRITICISM, participant=participant, participant_age_group="80+"
        )


def test_the_join_page_from_the_qr_code_offers_the_towns_of_the_session_only(
    client, criticism, town_a, town_b, other_organisation
):
    MunicipalityFactory(organisation=other_organisation, name="Anderswo")
    page = client.get(reverse("workshops:join_code", kwargs={"code": criticism.code}))
    assert list(page.context["form"].fields["participant_town"].queryset) == [town_a, town_b]
    content = page.content.decode()
    assert "About you, for the statistics (optional)" in content
    assert "Anderswo" not in content


def test_the_join_page_without_a_code_offers_the_towns_of_running_sessions(
    client, criticism, town_a, town_b, other_organisation
):
    MunicipalityFactory(organisation=other_organisation, name="Anderswo")  # no session runs there
    page = client.get(reverse("workshops:join"))
    assert list(page.context["form"].fields["participant_town"].queryset) == [town_a, town_b]
    services.session_set_step(session=criticism, step=Step.FINISHED)
    assert list(client.get(reverse("workshops:join")).context["form"].fields["participant_town"].queryset) == []


def test_a_failed_join_keeps_the_typed_town_and_age_group(client, criticism, town_b):
    response = client.post(
        reverse("workshops:join"),
        {"code": "QQQQQQ", "pseudonym": "Gerda", **details(town_b, "80+")},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert 'value="QQQQQQ"' in content
    assert 'value="Gerda"' in content
    assert selected(content, town_b.pk)
    assert selected(content, "80+")
    assert not Participant.objects.exists()


def test_a_town_outside_the_sessions_organisation_never_stops_anyone_joining(criticism, other_organisation):
    elsewhere = MunicipalityFactory(organisation=other_organisation)
    participant, _token = services.participant_join(
        code=criticism.code, participant_town=elsewhere, participant_age_group="30-44"
    )
    assert (participant.participant_town, participant.participant_age_group) == (None, "30-44")


def test_the_moderator_records_the_writer_of_a_paper_card(client_for, moderator, criticism, town_b):
    response = client_for(moderator).post(
        url("paper_card", criticism),
        {
            "text": "Vom Papier",
            "step": "criticism",
            "nonce": "p1",
            **details(town_b, "80+"),
        },
    )
    assert response.status_code == 302
    made = Card.objects.get()
    assert (made.from_paper, made.participant_town, made.participant_age_group) == (True, town_b, "80+")


def test_the_paper_card_form_speaks_of_the_person_and_keeps_what_was_typed(client_for, moderator, criticism, town_b):
    client = client_for(moderator)
    assert "About the person, for the statistics (optional)" in client.get(url("console", criticism)).content.decode()
    response = client.post(
        url("paper_card", criticism),
        {
            "text": " ",
            "step": "criticism",
            "nonce": "p2",
            **details(town_b, "65-79"),
        },
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert selected(content, town_b.pk)
    assert selected(content, "65-79")
    assert not Card.objects.exists()


def test_the_paper_card_service_refuses_a_town_of_another_organisation(criticism, moderator, other_organisation):
    elsewhere = MunicipalityFactory(organisation=other_organisation)
    with pytest.raises(ValidationError):
        services.card_add(
            session=criticism,
            text="Vom Papier",
            step=Step.CRITICISM,
            from_paper=True,
            added_by=moderator,
            participant_town=elsewhere,
        )
    assert not Card.objects.exists()


def test_the_details_are_never_on_the_wall_the_phone_or_the_record(client_for, moderator, criticism, town_b):
    phone = Client()
    phone.post(
        reverse("workshops:join"),
        {"code": criticism.code, "pseudonym": "Gerda", **details(town_b, "80+")},
    )
    phone.post(url("participant_card", criticism), {"text": "Mehr Bänke", "step": "criticism", "nonce": "n1"})
    client_for(moderator).post(
        url("paper_card", criticism),
        {
            "text": "Vom Papier",
            "step": "criticism",
            "nonce": "p1",
            **details(town_b, "80+"),
        },
    )
    wall = Client().get(reverse("workshops:projector", kwargs={"key": criticism.projector_key})).content.decode()
    mine = phone.get(url("participant", criticism)).content.decode()
    services.session_set_step(session=criticism, step=Step.FINISHED)
    record = Client().get(url("record", criticism)).content.decode()
    for page in (wall, mine, record):
        assert "Mehr Bänke" in page or "Vom Papier" in page
        assert "80 and older" not in page
        assert "Ellefeld" not in page
