"""A contribution's picture on its card in the list (issue 15): small, with its text alternative, and no
query more than the list without pictures (the pinned figure of test_queries)."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from tests.ideas.factories import IdeaFactory
from tests.ideas.helpers import url
from tests.ideas.test_queries import LIST_QUERIES, count

pytestmark = pytest.mark.django_db


def jpeg() -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, format="JPEG")
    return ContentFile(buffer.getvalue(), name="bild.jpg")


def test_cards_show_a_small_picture_with_its_alt_text_without_more_queries(client, ideas_module, town_a, participant):
    ideas = [
        IdeaFactory(module=ideas_module, author=participant, municipality=town_a, title=f"Idee {number}")
        for number in range(6)
    ]
    address = url("list", ideas_module)
    without = count(client, address)
    for number, idea in enumerate(ideas):
        if number % 2:
            idea.image = jpeg()
            idea.image_alt = f"Foto zu Idee {number}"
            idea.save()
    with CaptureQueriesContext(connection) as queries:
        html = client.get(address).content.decode()
    assert len(queries) == without <= LIST_QUERIES["anonymous"]
    pictures = re.findall(r'<p class="idea-card__picture"><img [^>]*>', html)
    assert len(pictures) == 3
    for img in pictures:
        assert 'loading="lazy"' in img
        assert 'width="96" height="96"' in img
        assert re.search(r'alt="Foto zu Idee \d"', img)
