"""Until the other parts of the surveys app are merged, the URL names that the team's navigation
and the breadcrumbs link to (the survey page, the answer form, the builder, the results) answer
with a stub, so that the paper and entry pages can be tested on their own. Names that exist are
left alone: once every part is merged this fixture changes nothing (and can go)."""

from __future__ import annotations

import sys
import types

import pytest
from django.http import HttpResponse
from django.urls import URLResolver, include, path

OTHER_PARTS = ["module", "answer", "thanks", "preview", "edit", "results", "texts", "compare"]


def _stub(request, module_pk: int) -> HttpResponse:
    return HttpResponse(f"stub {request.path}")


@pytest.fixture(autouse=True)
def other_survey_pages(settings):
    from config import urls as root
    from zukunftswerkstatt.surveys import urls as survey_urls

    names = {pattern.name for pattern in survey_urls.urlpatterns}
    missing = [name for name in OTHER_PARTS if name not in names]
    if not missing:
        return
    patterns = [
        *survey_urls.urlpatterns,
        *(path(f"m/<int:module_pk>/{name}/", _stub, name=name) for name in missing),
    ]
    module = types.ModuleType("tests.surveys._urls_with_stubs")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("surveys/", include((patterns, "surveys")))
        if isinstance(pattern, URLResolver) and pattern.namespace == "surveys"
        else pattern
        for pattern in root.urlpatterns
    ]
    module.handler500 = root.handler500  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
