from __future__ import annotations

import pytest
from django.utils import translation

from zukunftswerkstatt.easyread import services
from zukunftswerkstatt.easyread.models import EasyReadPage


@pytest.fixture(autouse=True)
def _english(client, settings):
    # Visible text is checked in the source language (German comes with the translation).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def steps_page(organisation):
    return services.easyread_page_save(
        organisation=organisation,
        kind=EasyReadPage.Kind.STEPS,
        title="Die Zukunfts·werkstatt in 5 Schritten",
        body="Die Zukunfts·werkstatt hat 5 Schritte.\nBei jedem Schritt können Sie mit·machen.\n\n## Schritt 1",
        is_published=True,
    )
