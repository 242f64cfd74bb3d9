"""Comments on SWOT items are rate-limited by the `swot.comment` entries of settings.RATE_LIMITS."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.urls import reverse

from zukunftswerkstatt.conversation.models import Comment
from zukunftswerkstatt.core.views_common import rate_limited

pytestmark = pytest.mark.django_db


def test_a_person_over_the_comment_limit_is_refused(client_for, settings, participant, association_item):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "swot.comment:account": "2/h"}
    client = client_for(participant)
    comment_url = reverse("swot:comment", args=[association_item.module_id, association_item.pk])
    statuses = [client.post(comment_url, {"text": f"Kommentar {n}"}).status_code for n in range(3)]
    assert statuses == [302, 302, 429]
    assert list(Comment.objects.values_list("text", flat=True)) == ["Kommentar 0", "Kommentar 1"]


def test_the_comment_limit_refuses_every_visitor_without_an_account(settings):
    assert settings.RATE_LIMITS["swot.comment:ip"] == "0/h"
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    request.user = AnonymousUser()
    request.session = {}
    request._messages = FallbackStorage(request)
    assert rate_limited(request, group="swot.comment")
