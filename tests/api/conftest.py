"""Fixtures of the API tests: the idea collection's (module, topics, target groups) and English."""

import pytest
from django.utils import translation

from tests.ideas.conftest import guest_module, ideas_module, target_groups, topics, workshop  # noqa: F401


@pytest.fixture(autouse=True)
def _english_api():
    with translation.override("en"):
        yield


def api_get(client, path: str, **extra):
    """A GET in English, as the tests read the labels in English."""
    return client.get(path, HTTP_ACCEPT_LANGUAGE="en", **extra)
