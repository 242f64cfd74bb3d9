from __future__ import annotations

import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"
    settings.SITE_URL = "https://beteiligung.example.de"
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()
