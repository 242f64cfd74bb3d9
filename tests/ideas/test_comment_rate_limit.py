"""Comments on contributions are rate-limited by the `ideas.comment` entries of settings.RATE_LIMITS."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from tests.ideas.helpers import url
from zukunftswerkstatt.conversation.models import Comment
from zukunftswerkstatt.core.views_common import rate_limited

pytestmark = pytest.mark.django_db


def test_a_person_over_the_comment_limit_is_refused(client_for, settings, staff_a, idea, ideas_module):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "ideas.comment:account": "2/h"}
    client = client_for(staff_a)
    for n in range(3):
        client.post(url("comment", ideas_module, idea), {"text": f"Kommentar {n}"})
    assert list(Comment.objects.values_list("text", flat=True)) == ["Kommentar 0", "Kommentar 1"]


def test_the_comment_limit_refuses_every_visitor_without_an_account(settings):
    assert settings.RATE_LIMITS["ideas.comment:ip"] == "0/h"
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    request.user = AnonymousUser()
    request.session = {}
    request._messages = FallbackStorage(request)
    assert rate_limited(request, group="ideas.comment")
