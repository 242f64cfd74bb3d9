"""A person's contributions in their data export, and what stays when they delete their account."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD
from tests.ideas.conftest import german
from tests.ideas.factories import CommentFactory, IdeaFactory
from zukunftswerkstatt.conversation.models import Comment
from zukunftswerkstatt.ideas import services
from zukunftswerkstatt.ideas.models import Follow, Idea, Support

pytestmark = pytest.mark.django_db


def test_the_data_export_contains_contributions_comments_supports_and_follows(
    client_for, participant, idea, ideas_module
):
    other = IdeaFactory(module=ideas_module, title="Fremder Beitrag")
    comment = CommentFactory(idea=other, author=participant, text="Mein Kommentar")
    services.support_add(idea=other, user=participant)
    response = client_for(participant).get(reverse("accounts:export_download"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("data.json"))["contributions"]
    assert [c["title"] for c in data["contributions"]] == ["Sitzbänke am Marktplatz"]
    assert data["contributions"][0]["text"] == "Am Marktplatz fehlen Sitzbänke für Ältere."
    assert data["comments"] == [
        {"id": comment.pk, "contribution": other.pk, "created": comment.created.isoformat(), "text": "Mein Kommentar"}
    ]
    assert data["supports"] == [other.pk]
    assert set(data["follows"]) == {idea.pk, other.pk}


def test_deleting_an_account_keeps_the_contribution_and_comments_without_a_name(
    client_for, participant, staff_a, idea, ideas_module
):
    other = IdeaFactory(module=ideas_module, title="Ein anderer Beitrag")
    CommentFactory(idea=other, author=participant, text="Paulas Kommentar")
    services.support_add(idea=other, user=participant)
    response = client_for(participant).post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302

    assert Idea.objects.filter(pk=idea.pk, author=None).exists()
    assert Comment.objects.filter(text="Paulas Kommentar", author=None).exists()
    assert not Support.objects.exists()
    assert not Follow.objects.filter(user_id=participant.pk).exists()
    other.refresh_from_db()
    assert (other.support_count, other.comment_count) == (0, 1)

    visitor = Client()
    page = visitor.get(idea.get_absolute_url()).content.decode()
    assert "Sitzbänke am Marktplatz" in page
    assert "Paula" not in page
    assert german("anonymous") in page
    other_page = visitor.get(other.get_absolute_url()).content.decode()
    assert "Paulas Kommentar" in other_page
    assert "Paula," not in other_page
    assert german("former participant") in other_page
