"""Contributing through the form, and every kind of bad input: each gets a message, keeps what
was typed and stores nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from freezegun import freeze_time
from PIL import Image

from tests.ideas.conftest import german
from tests.ideas.helpers import EXIF_GPS_IFD, EXIF_MAKE, idea_form_data, jpeg_with_exif, messages_of, upload, url
from zukunftswerkstatt.core import images
from zukunftswerkstatt.ideas.models import Follow, Idea, Kind, Visibility
from zukunftswerkstatt.processes.services import module_update_settings

pytestmark = pytest.mark.django_db

RATE_LIMIT_MESSAGE = "You have sent a lot in a short time. Please wait a while and try again."


def test_the_form_offers_the_open_kinds_with_their_questions(client_for, participant, ideas_module):
    module_update_settings(module=ideas_module, settings={"open_kinds": ["criticism"], "allow_guests": False})
    response = client_for(participant).get(url("create", ideas_module))
    assert response.status_code == 200
    assert [value for value, _label in response.context["form"].fields["kind"].choices] == ["criticism"]
    assert german("What bothers you?") in response.content.decode()


def test_a_participant_contributes_and_sees_the_contribution(
    client_for, participant, ideas_module, town_a, topics, target_groups
):
    client = client_for(participant)
    data = idea_form_data(
        municipality=town_a.pk,
        topic=topics[0].pk,
        target_groups=[target_groups[0].pk, target_groups[1].pk],
        place_name="Stadtpark Auerbach",
        latitude="50.509900",
        longitude="12.400100",
    )
    response = client.post(url("create", ideas_module), data)
    idea = Idea.objects.get()
    assert response.status_code == 302
    assert response.url == url("received", ideas_module, idea)
    assert (idea.author, idea.municipality, idea.topic, idea.visibility) == (
        participant,
        town_a,
        topics[0],
        Visibility.PUBLISHED,
    )
    assert set(idea.target_groups.all()) == {target_groups[0], target_groups[1]}
    assert str(idea.latitude) == "50.509900"
    assert Follow.objects.filter(idea=idea, user=participant).exists()
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Ein Trinkbrunnen im Park" in page
    assert "Stadtpark Auerbach" in page


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("title", {"title": ""}),
        ("title", {"title": "T" * 151}),
        ("text", {"text": "x" * 5001}),
        ("text", {"text": "   "}),
        ("kind", {"kind": "manifesto"}),
        ("latitude", {"latitude": "91", "longitude": "12"}),
        (None, {"latitude": "50.5"}),
    ],
)
def test_invalid_input_is_refused_and_what_was_typed_stays(client_for, participant, ideas_module, field, overrides):
    data = idea_form_data(place_name="Am Rathaus", **overrides)
    response = client_for(participant).post(url("create", ideas_module), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors if field else form.non_field_errors()
    page = response.content.decode()
    assert "Am Rathaus" in page
    if overrides.get("title"):
        assert overrides["title"] in page
    if overrides.get("text", "").strip():
        assert overrides["text"] in page
    assert 'class="form-errors"' in page
    assert not Idea.objects.exists()


def test_a_kind_that_was_closed_meanwhile_is_refused_with_the_text_kept(client_for, participant, ideas_module):
    client = client_for(participant)
    client.get(url("create", ideas_module))
    module_update_settings(module=ideas_module, settings={"open_kinds": ["criticism"], "allow_guests": False})
    response = client.post(url("create", ideas_module), idea_form_data(kind="proposal"))
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert "Ein Trinkbrunnen im Park" in response.content.decode()
    assert not Idea.objects.exists()


def escaped(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


@pytest.mark.parametrize("payload", ["<script>alert('xss')</script>", '<img src=x onerror="alert(1)">', "<b>fett</b>"])
def test_html_in_title_text_and_comments_is_shown_as_text(participant, staff_a, moderator, ideas_module, payload):
    author, commenter, moderating, visitor = Client(), Client(), Client(), Client()
    author.force_login(participant)
    commenter.force_login(staff_a)
    moderating.force_login(moderator)
    author.post(url("create", ideas_module), idea_form_data(title=payload, text=f"Text {payload}"))
    idea = Idea.objects.get()
    assert commenter.post(url("comment", ideas_module, idea), {"text": f"Kommentar {payload}"}).status_code == 302
    comment = idea.comments.get()
    visitor.post(url("report", ideas_module, idea), {"reason": f"Grund {payload}"})
    visitor.post(url("report_comment", ideas_module, idea, comment_pk=comment.pk), {"reason": "Kommentar melden"})

    pages = {
        "detail": visitor.get(idea.get_absolute_url()),
        "list": visitor.get(url("list", ideas_module)),
        "moderation": moderating.get(url("moderation", ideas_module)),
    }
    for name, response in pages.items():
        assert response.status_code == 200, name
        page = response.content.decode()
        assert payload not in page, name
        assert escaped(payload) in page, name
    assert escaped(f"Kommentar {payload}") in pages["detail"].content.decode()
    assert escaped(f"Grund {payload}") in pages["moderation"].content.decode()


def test_web_addresses_in_the_text_become_safe_links(client_for, participant, ideas_module):
    client = client_for(participant)
    response = client.post(
        url("create", ideas_module),
        idea_form_data(text="Siehe https://example.org/plan?a=1&b=2 und javascript:alert(1)"),
    )
    assert response.status_code == 302
    page = client.get(Idea.objects.get().get_absolute_url()).content.decode()
    assert 'href="https://example.org/plan?a=1&amp;b=2"' in page
    assert 'href="javascript:' not in page


# Images


def test_a_photo_is_re_encoded_as_jpeg_without_its_exif_data(client_for, participant, ideas_module):
    photo = upload("urlaub.jpg", jpeg_with_exif(size=(2400, 1200)))
    response = client_for(participant).post(
        url("create", ideas_module), idea_form_data(image=photo, image_alt="Der Park im Sommer")
    )
    assert response.status_code == 302
    idea = Idea.objects.get()
    with idea.image.open("rb") as stored:
        data = stored.read()
    assert b"Testkamera" not in data
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    assert max(image.size) == images.MAX_SIDE
    exif = image.getexif()
    assert EXIF_MAKE not in exif
    assert not exif.get_ifd(EXIF_GPS_IFD)
    assert idea.image.name.endswith(".jpg")
    assert "urlaub" not in idea.image.name


def test_a_transparent_png_becomes_a_jpeg_on_white(client_for, participant, ideas_module):
    buffer = io.BytesIO()
    Image.new("RGBA", (20, 20), (255, 0, 0, 0)).save(buffer, format="PNG")
    client_for(participant).post(
        url("create", ideas_module),
        idea_form_data(image=upload("logo.png", buffer.getvalue(), "image/png"), image_alt="Logo"),
    )
    with Idea.objects.get().image.open("rb") as stored:
        image = Image.open(stored)
        assert image.format == "JPEG"
        assert image.getpixel((5, 5)) == (255, 255, 255)


def test_a_file_that_is_not_an_image_is_refused(client_for, participant, ideas_module):
    fake = upload("foto.jpg", b"#!/bin/sh\necho this is no image\n")
    response = client_for(participant).post(url("create", ideas_module), idea_form_data(image=fake, image_alt="Foto"))
    assert response.status_code == 200
    assert "image" in response.context["form"].errors
    assert "Ein Trinkbrunnen im Park" in response.content.decode()
    assert not Idea.objects.exists()


def test_an_image_format_we_do_not_take_is_refused(client_for, participant, ideas_module):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="GIF")
    response = client_for(participant).post(
        url("create", ideas_module),
        idea_form_data(image=upload("bild.gif", buffer.getvalue(), "image/gif"), image_alt="x"),
    )
    assert response.status_code == 200
    assert german("Please upload a JPEG, PNG or WebP image.") in str(response.context["form"].errors)
    assert not Idea.objects.exists()


def test_an_oversized_image_is_refused(client_for, participant, ideas_module, monkeypatch):
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 1000)
    photo = upload("gross.jpg", jpeg_with_exif(size=(300, 300)))
    assert photo.size > 1000
    response = client_for(participant).post(url("create", ideas_module), idea_form_data(image=photo, image_alt="x"))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "Ein Trinkbrunnen im Park" in response.content.decode()
    assert not Idea.objects.exists()


def test_an_image_needs_a_description(client_for, participant, ideas_module):
    response = client_for(participant).post(
        url("create", ideas_module), idea_form_data(image=upload("a.jpg", jpeg_with_exif()))
    )
    assert "image_alt" in response.context["form"].errors
    assert not Idea.objects.exists()


# Closed phases, roles, forged requests, spam


@pytest.mark.parametrize("when", ["before", "after"])
def test_contributing_outside_the_phase_is_refused_and_nothing_is_stored(
    client_for, participant, ideas_module, workshop, when
):
    moment = workshop.start - dt.timedelta(days=1) if when == "before" else workshop.end + dt.timedelta(seconds=1)
    client = client_for(participant)
    with freeze_time(moment):
        assert client.get(url("create", ideas_module)).status_code == 403
        assert client.post(url("create", ideas_module), idea_form_data()).status_code == 403
        page = client.get(url("list", ideas_module)).content.decode()
    assert not Idea.objects.exists()
    assert url("create", ideas_module) not in page


def test_a_guest_is_sent_to_log_in_where_guests_may_not_contribute(client, ideas_module):
    response = client.get(url("create", ideas_module))
    assert response.status_code == 302
    assert "/login/" in response.url
    assert client.post(url("create", ideas_module), idea_form_data()).status_code == 302
    assert not Idea.objects.exists()


def test_a_forged_request_without_csrf_token_is_refused(participant, ideas_module):
    client = Client(enforce_csrf_checks=True)
    client.force_login(participant)
    assert client.post(url("create", ideas_module), idea_form_data()).status_code == 403
    assert not Idea.objects.exists()


def test_a_guest_contributes_and_waits_for_moderation(client, guest_module):
    response = client.post(url("create", guest_module), idea_form_data(guest_name="Opa Kurt"))
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert response.url == url("received", guest_module, idea)
    assert (idea.author, idea.author_name, idea.visibility) == (None, "Opa Kurt", Visibility.PENDING)
    assert client.get(idea.get_absolute_url()).status_code == 404
    assert client.get(url("list", guest_module)).context["ideas"] == []


def test_the_eleventh_guest_contribution_in_an_hour_must_wait(client, guest_module):
    with freeze_time():
        for number in range(10):
            response = client.post(url("create", guest_module), idea_form_data(title=f"Beitrag {number}"))
            assert response.status_code == 302
        response = client.post(url("create", guest_module), idea_form_data(title="Beitrag 11"))
    assert response.status_code == 200
    assert german(RATE_LIMIT_MESSAGE) in messages_of(response)
    assert "Beitrag 11" in response.content.decode()
    assert Idea.objects.count() == 10


def test_a_filled_honeypot_is_refused(client, guest_module):
    response = client.post(url("create", guest_module), idea_form_data(website="https://spam.example"))
    assert response.status_code == 200
    assert "website" in response.context["form"].errors
    assert not Idea.objects.exists()


def test_a_blocked_person_cannot_contribute(client_for, participant, ideas_module, moderator):
    from zukunftswerkstatt.ideas.services import user_block

    user_block(module=ideas_module, user=participant, by=moderator, reason="Spam")
    assert client_for(participant).post(url("create", ideas_module), idea_form_data()).status_code == 403
    assert not Idea.objects.exists()


# Editing


def test_the_author_edits_while_the_phase_runs_but_not_afterwards(
    client_for, participant, idea, ideas_module, workshop
):
    client = client_for(participant)
    response = client.get(url("edit", ideas_module, idea))
    assert response.context["form"]["title"].value() == "Sitzbänke am Marktplatz"
    data = idea_form_data(title="Mehr Sitzbänke", municipality=idea.municipality_id, kind=Kind.PROPOSAL)
    assert client.post(url("edit", ideas_module, idea), data).status_code == 302
    idea.refresh_from_db()
    assert idea.title == "Mehr Sitzbänke"
    assert " sitzbank " in idea.search_title_terms
    with freeze_time(workshop.end + dt.timedelta(days=1)):
        assert client.post(url("edit", ideas_module, idea), {**data, "title": "Zu spät"}).status_code == 403
    idea.refresh_from_db()
    assert idea.title == "Mehr Sitzbänke"


def test_someone_else_cannot_edit(client_for, staff_a, idea, ideas_module):
    assert client_for(staff_a).post(url("edit", ideas_module, idea), idea_form_data()).status_code == 403


def test_a_moderator_edit_without_a_note_keeps_the_text_and_asks_for_one(client_for, moderator, idea, ideas_module):
    client = client_for(moderator)
    data = idea_form_data(title="Gekürzt", municipality=idea.municipality_id)
    response = client.post(url("edit", ideas_module, idea), data)
    assert response.status_code == 200
    assert "moderator_note" in response.context["form"].errors
    assert "Gekürzt" in response.content.decode()
    client.post(url("edit", ideas_module, idea), {**data, "moderator_note": "Beleidigung entfernt"})
    idea.refresh_from_db()
    assert (idea.title, idea.moderator_note) == ("Gekürzt", "Beleidigung entfernt")
    assert "Beleidigung entfernt" in client.get(idea.get_absolute_url()).content.decode()


def test_the_author_removes_the_image(client_for, participant, ideas_module):
    client = client_for(participant)
    client.post(url("create", ideas_module), idea_form_data(image=upload("a.jpg", jpeg_with_exif()), image_alt="Bild"))
    idea = Idea.objects.get()
    assert idea.image
    client.post(url("edit", ideas_module, idea), idea_form_data(remove_image="on"))
    idea.refresh_from_db()
    assert not idea.image


def test_kind_stays_editable_when_it_is_closed_meanwhile(client_for, participant, idea, ideas_module):
    module_update_settings(module=ideas_module, settings={"open_kinds": ["criticism"], "allow_guests": False})
    data = idea_form_data(title="Neuer Titel", kind=Kind.PROPOSAL, municipality=idea.municipality_id)
    assert client_for(participant).post(url("edit", ideas_module, idea), data).status_code == 302
    idea.refresh_from_db()
    assert (idea.kind, idea.title) == (Kind.PROPOSAL, "Neuer Titel")
