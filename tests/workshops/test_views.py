"""The board over HTTP: joining, cards and dots from a phone, the console's forms without
JavaScript, the projector, the polls, CSRF, and the record."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.workshops.factories import card
from zukunftswerkstatt.ideas.models import Idea
from zukunftswerkstatt.workshops import services
from zukunftswerkstatt.workshops.models import Card, Cluster, Dot, Participant, Step, WorkshopSession
from zukunftswerkstatt.workshops.views.common import cookie_name

pytestmark = pytest.mark.django_db


def url(name: str, session, **kwargs) -> str:
    return reverse(f"workshops:{name}", kwargs={"pk": session.pk, **kwargs})


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def follow_text(response) -> str:
    return response.content.decode()


# -- joining ------------------------------------------------------------------------------


def test_joining_by_code_sets_a_signed_cookie_and_opens_the_phone_page(client, criticism):
    response = client.post(reverse("workshops:join"), {"code": criticism.code.lower(), "pseudonym": "Gerda"})
    assert response.status_code == 302
    assert response.url == url("participant", criticism)
    cookie = response.cookies[cookie_name(criticism.pk)]
    assert cookie["httponly"]
    assert ":" in cookie.value  # signed
    page = client.get(response.url)
    assert page.status_code == 200
    assert "What bothers you?" in follow_text(page)
    assert Participant.objects.get().pseudonym == "Gerda"


def test_joining_again_on_the_same_phone_keeps_the_same_participant_and_allowance(criticism, join):
    participant, phone = join(criticism)
    response = phone.post(reverse("workshops:join"), {"code": criticism.code})
    assert response.status_code == 302
    assert response.url == url("participant", criticism)
    assert Participant.objects.get() == participant


def test_the_qr_code_address_fills_in_the_code(client, criticism):
    response = client.get(reverse("workshops:join_code", kwargs={"code": criticism.code}))
    assert response.status_code == 200
    assert f'value="{criticism.code}"' in follow_text(response)


def test_a_wrong_code_is_refused_with_a_message_and_the_typed_code_stays(client, criticism):
    response = client.post(reverse("workshops:join"), {"code": "QQQQQQ"})
    assert response.status_code == 400
    assert "There is no session with this code" in follow_text(response)
    assert 'value="QQQQQQ"' in follow_text(response)
    assert not Participant.objects.exists()


def test_the_code_of_an_ended_session_no_longer_works(client, criticism):
    services.session_set_step(session=criticism, step=Step.FINISHED)
    response = client.post(reverse("workshops:join"), {"code": criticism.code})
    assert response.status_code == 400
    assert "This session has ended" in follow_text(response)


def test_joining_is_rate_limited_per_address(criticism, monkeypatch, settings):
    monkeypatch.setitem(settings.RATE_LIMITS, "workshops.join:ip", "2/h")
    for _n in range(2):  # two phones behind the same address
        assert Client().post(reverse("workshops:join"), {"code": criticism.code}).status_code == 302
    response = Client().post(reverse("workshops:join"), {"code": criticism.code})
    assert response.status_code == 429
    assert Participant.objects.count() == 2


def test_the_phone_page_without_a_token_leads_to_the_join_page(client, criticism):
    response = client.get(url("participant", criticism))
    assert response.status_code == 302
    assert response.url == reverse("workshops:join")


def test_a_forged_cookie_is_not_a_token(client, criticism):
    client.cookies[cookie_name(criticism.pk)] = "made-up:value"
    assert client.get(url("participant", criticism)).status_code == 302
    assert client.get(url("participant_live", criticism)).status_code == 403


def test_a_token_of_another_session_does_not_count(criticism, join, event, ideas_module, moderator):
    other = services.session_create(event=event, ideas_module=ideas_module, title="Tisch 2", started_by=moderator)
    _participant, phone = join(criticism)
    phone.cookies[cookie_name(other.pk)] = phone.cookies[cookie_name(criticism.pk)].value
    assert phone.get(url("participant", other)).status_code == 302


# -- cards from phones --------------------------------------------------------------------


def post_card(phone, session, text="Zu wenige Busse am Abend", step=None, nonce="form-1"):
    return phone.post(url("participant_card", session), {"text": text, "step": step or session.step, "nonce": nonce})


def test_a_participant_adds_a_card_and_sees_it_again_after_reconnecting(criticism, join):
    participant, phone = join(criticism)
    response = post_card(phone, criticism)
    assert response.status_code == 302
    assert Card.objects.get().participant == participant
    page = phone.get(url("participant", criticism))
    assert "Zu wenige Busse am Abend" in follow_text(page)


def test_a_card_form_sent_again_after_a_lost_connection_makes_no_second_card(criticism, join):
    _participant, phone = join(criticism)
    post_card(phone, criticism, nonce="same")
    response = post_card(phone, criticism, nonce="same")
    assert response.status_code == 302
    assert Card.objects.count() == 1
    page = phone.get(response.url)
    assert "already arrived" in " ".join(messages_of(page))


def test_a_card_for_a_step_that_is_over_is_refused_and_the_text_stays(criticism, join):
    _participant, phone = join(criticism)
    services.session_set_step(session=criticism, step=Step.VISION)
    response = post_card(phone, criticism, text="Mein Text", step=Step.CRITICISM)
    assert response.status_code == 400
    body = follow_text(response)
    assert "moved on to the step" in body
    assert "Mein Text" in body
    assert 'name="step" value="vision"' in body  # the form now offers the current step
    assert not Card.objects.exists()


def test_a_card_written_while_waiting_for_the_first_step_goes_into_the_current_step(session, join):
    _participant, phone = join(session)
    page = phone.get(url("participant", session))
    assert 'name="step" value=""' in follow_text(page)
    services.session_set_step(session=session, step=Step.CRITICISM)
    response = phone.post(url("participant_card", session), {"text": "Früh geschrieben", "step": "", "nonce": "w"})
    assert response.status_code == 302
    assert Card.objects.get().step == Step.CRITICISM


def test_cards_are_rate_limited_per_participant(criticism, join, monkeypatch, settings):
    monkeypatch.setitem(settings.RATE_LIMITS, "workshops.card:participant", "2/h")
    _participant, phone = join(criticism)
    for n in range(2):
        assert post_card(phone, criticism, nonce=f"n{n}").status_code == 302
    assert post_card(phone, criticism, nonce="n3").status_code == 429
    assert Card.objects.count() == 2


def test_posts_without_a_csrf_token_are_refused(criticism, join, moderator):
    participant, _phone = join(criticism)
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = _phone.cookies
    assert post_card(strict, criticism).status_code == 403
    staff = Client(enforce_csrf_checks=True)
    staff.force_login(moderator)
    assert staff.post(url("step", criticism), {"step": "vision"}).status_code == 403
    assert not Card.objects.exists()
    assert WorkshopSession.objects.get().step == Step.CRITICISM


# -- dots from phones ---------------------------------------------------------------------


@pytest.fixture
def open_vote(criticism):
    cluster = services.cluster_create(session=criticism, title="Verkehr", cards=[card(criticism, "Busse")])
    services.vote_configure(session=criticism, dots_per_participant=1, allow_stacking=False)
    services.vote_set_state(session=criticism, state="open")
    return cluster


def test_a_participant_votes_and_is_told_when_the_dots_are_used_up(criticism, join, open_vote):
    loose = card(criticism, "Kein Kino")
    _participant, phone = join(criticism)
    page = phone.get(url("participant", criticism))
    assert "You have 1 of 1 dots left." in follow_text(page)
    response = phone.post(url("participant_dot", criticism), {"option": open_vote.vote_key, "nonce": "a"}, follow=True)
    assert "Your dot is on" in " ".join(messages_of(response))
    response = phone.post(url("participant_dot", criticism), {"option": loose.vote_key, "nonce": "b"}, follow=True)
    assert "used all your 1 dots" in " ".join(messages_of(response))
    assert Dot.objects.count() == 1


def test_a_vote_on_a_closed_vote_is_refused_with_a_message(criticism, join, open_vote):
    _participant, phone = join(criticism)
    services.vote_set_state(session=criticism, state="closed")
    response = phone.post(url("participant_dot", criticism), {"option": open_vote.vote_key}, follow=True)
    assert "The vote is closed" in " ".join(messages_of(response))
    assert not Dot.objects.exists()


def test_a_participant_takes_a_dot_back(criticism, join, open_vote):
    _participant, phone = join(criticism)
    phone.post(url("participant_dot", criticism), {"option": open_vote.vote_key})
    phone.post(url("participant_dot", criticism), {"option": open_vote.vote_key, "action": "remove"})
    open_vote.refresh_from_db()
    assert open_vote.dot_count == 0


# -- polls --------------------------------------------------------------------------------


def test_the_projector_poll_answers_204_while_nothing_changed_and_the_board_when_it_did(client, criticism):
    live = reverse("workshops:projector_live", kwargs={"key": criticism.projector_key})
    criticism.refresh_from_db()
    assert client.get(live, {"v": criticism.revision}).status_code == 204
    card(criticism, "Neue Karte vom Handy")
    response = client.get(live, {"v": criticism.revision})
    assert response.status_code == 200
    assert "Neue Karte vom Handy" in follow_text(response)
    criticism.refresh_from_db()
    assert f"v={criticism.revision}" in follow_text(response)


def test_a_wrong_projector_key_finds_nothing(client, criticism):
    assert client.get(reverse("workshops:projector", kwargs={"key": "guess"})).status_code == 404
    assert client.get(reverse("workshops:projector_live", kwargs={"key": "guess"})).status_code == 404


def test_the_phone_poll_brings_the_new_step_into_the_card_form(criticism, join):
    _participant, phone = join(criticism)
    criticism.refresh_from_db()
    live = url("participant_live", criticism)
    assert phone.get(live, {"v": criticism.revision}).status_code == 204
    services.session_set_step(session=criticism, step=Step.VISION)
    response = phone.get(live, {"v": criticism.revision})
    body = follow_text(response)
    assert 'id="card-step"' in body
    assert 'hx-swap-oob="true"' in body
    assert 'name="step" value="vision"' in body


def test_the_console_poll_answers_204_while_nothing_changed(client_for, moderator, criticism):
    client = client_for(moderator)
    criticism.refresh_from_db()
    live = url("console_live", criticism)
    assert client.get(live, {"v": criticism.revision}).status_code == 204
    card(criticism, "Karte")
    assert client.get(live, {"v": criticism.revision}).status_code == 200


# -- the console without JavaScript ------------------------------------------------------


def test_a_moderator_opens_a_session_from_the_event_page(client_for, moderator, event, ideas_module):
    client = client_for(moderator)
    page = client.get(event.get_absolute_url())
    start = reverse("workshops:start", kwargs={"event_pk": event.pk})
    assert start in follow_text(page)
    response = client.post(start, {"title": "Werkstatt Falkenstein", "ideas_module": ideas_module.pk})
    session = WorkshopSession.objects.get()
    assert response.url == url("console", session)
    console = client.get(response.url)
    assert session.code in follow_text(console)
    assert "<svg" in follow_text(console)  # the QR code


def test_the_moderator_runs_the_steps_and_adds_a_paper_card(client_for, moderator, session):
    client = client_for(moderator)
    client.post(url("step", session), {"step": "criticism", "expected_step": "preparation"})
    response = client.post(url("paper_card", session), {"text": "Vom Papier", "step": "criticism", "nonce": "p1"})
    assert response.status_code == 302
    made = Card.objects.get()
    assert (made.from_paper, made.added_by, made.participant) == (True, moderator, None)
    # The same paper form sent twice makes one card.
    client.post(url("paper_card", session), {"text": "Vom Papier", "step": "criticism", "nonce": "p1"})
    assert Card.objects.count() == 1


def test_a_stale_step_button_says_someone_else_moved_on(client_for, moderator, criticism):
    client = client_for(moderator)
    services.session_set_step(session=criticism, step=Step.VISION)
    response = client.post(url("step", criticism), {"step": "vision", "expected_step": "criticism"}, follow=True)
    assert "Someone else has already moved the session on" in " ".join(messages_of(response))


def test_clusters_with_the_keyboard_alternative_select_and_button(client_for, moderator, criticism):
    client = client_for(moderator)
    bus = card(criticism, "Busse")
    client.post(url("cluster_create", criticism), {"title": "Verkehr"})
    cluster = Cluster.objects.get()
    page = client.get(url("console", criticism))
    assert f'id="move-{bus.pk}"' in follow_text(page)
    client.post(url("card_move", criticism, card_pk=bus.pk), {"cluster": cluster.pk})
    assert Card.objects.get().cluster == cluster
    client.post(url("cluster_change", criticism, cluster_pk=cluster.pk), {"action": "rename", "title": "Bus & Bahn"})
    assert Cluster.objects.get().title == "Bus & Bahn"
    client.post(url("card_move", criticism, card_pk=bus.pk), {"cluster": ""})
    assert Card.objects.get().cluster is None


def test_merging_and_moving_to_a_cluster_that_is_gone_give_clear_messages(client_for, moderator, criticism):
    client = client_for(moderator)
    bus = card(criticism, "Busse")
    a = services.cluster_create(session=criticism, title="Verkehr")
    b = services.cluster_create(session=criticism, title="Mobilität")
    response = client.post(
        url("cluster_change", criticism, cluster_pk=b.pk), {"action": "merge", "target": a.pk}, follow=True
    )
    assert "merged into “Verkehr”" in " ".join(messages_of(response))
    # A second moderator's page still offered "Mobilität".
    response = client.post(url("card_move", criticism, card_pk=bus.pk), {"cluster": b.pk}, follow=True)
    assert "no longer exists" in " ".join(messages_of(response))
    response = client.post(
        url("cluster_change", criticism, cluster_pk=b.pk), {"action": "merge", "target": a.pk}, follow=True
    )
    assert "no longer exists" in " ".join(messages_of(response))
    assert Card.objects.get().cluster is None


def test_the_moderator_runs_the_vote_enters_paper_dots_and_reveals_the_result(client_for, moderator, criticism):
    client = client_for(moderator)
    cluster = services.cluster_create(session=criticism, title="Verkehr", cards=[card(criticism, "Busse")])
    response = client.post(url("vote", criticism), {"action": "configure", "dots_per_participant": "11"})
    assert response.status_code == 400
    client.post(url("vote", criticism), {"action": "configure", "dots_per_participant": "2", "allow_stacking": "on"})
    client.post(url("vote", criticism), {"action": "open"})
    client.post(url("paper_dots", criticism), {"option": cluster.vote_key, "count": "4"})
    response = client.post(url("paper_dots", criticism), {"option": cluster.vote_key, "count": "-1"}, follow=True)
    assert "whole number" in " ".join(messages_of(response))
    client.post(url("vote", criticism), {"action": "closed"})
    client.post(url("vote", criticism), {"action": "reveal"})
    session = WorkshopSession.objects.get()
    assert (session.dots_per_participant, session.allow_stacking, session.vote_state) == (2, True, "closed")
    projector = Client().get(reverse("workshops:projector", kwargs={"key": session.projector_key}))
    body = follow_text(projector)
    assert "Result of the dot vote" in body
    assert "<td>4</td>" in body


def test_the_transfer_button_is_idempotent_and_contributions_show_their_workshop(client_for, moderator, criticism):
    client = client_for(moderator)
    cluster = services.cluster_create(session=criticism, title="Verkehr", cards=[card(criticism, "Busse")])
    services.paper_dots_set(session=criticism, option=cluster, count=3, added_by=moderator)
    services.session_set_step(session=criticism, step=Step.FINISHED)
    client.post(url("transfer", criticism))
    response = client.post(url("transfer", criticism), follow=True)
    assert "nothing was added twice" in " ".join(messages_of(response))
    idea = Idea.objects.get()
    detail = Client().get(idea.get_absolute_url())
    assert "From the workshop" in follow_text(detail)
    assert "3 dots" in follow_text(detail)


def test_a_photo_needs_a_description(client_for, moderator, criticism, tmp_path):
    import io

    from PIL import Image

    client = client_for(moderator)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, format="PNG")

    def upload():
        from django.core.files.uploadedfile import SimpleUploadedFile

        return SimpleUploadedFile("flip.png", buffer.getvalue(), content_type="image/png")

    response = client.post(url("photo_add", criticism), {"image": upload(), "alt_text": ""})
    assert response.status_code == 400
    response = client.post(url("photo_add", criticism), {"image": upload(), "alt_text": "Flipchart Kritik"})
    assert response.status_code == 302
    photo = criticism.photos.get()
    assert photo.image.name.endswith(".jpg")
    record = Client().get(url("record", criticism)).content.decode()
    assert 'alt="Flipchart Kritik"' in record


# -- the record ---------------------------------------------------------------------------


def test_the_record_is_public_and_linked_from_the_event_page(client, criticism, moderator):
    cluster = services.cluster_create(session=criticism, title="Verkehr", cards=[card(criticism, "Busse")])
    services.paper_dots_set(session=criticism, option=cluster, count=2, added_by=moderator)
    services.session_set_step(session=criticism, step=Step.FINISHED)
    services.session_transfer(session=criticism)
    event_page = client.get(criticism.event.get_absolute_url())
    assert url("record", criticism) in follow_text(event_page)
    record = client.get(url("record", criticism))
    body = follow_text(record)
    assert record.status_code == 200
    assert "Verkehr" in body
    assert "Busse" in body
    assert Idea.objects.get().get_absolute_url() in body


def test_hidden_cards_are_not_on_the_record_or_the_projector(client_for, moderator, criticism):
    client = client_for(moderator)
    rude = card(criticism, "Beleidigung")
    client.post(url("card_hide", criticism, card_pk=rude.pk), {"action": "hide"})
    assert "Beleidigung" not in follow_text(Client().get(url("record", criticism)))
    projector = Client().get(reverse("workshops:projector", kwargs={"key": criticism.projector_key}))
    assert "Beleidigung" not in follow_text(projector)
