"""The matrix as PDF (WeasyPrint), read back with pypdf; and the reusable include for other pages."""

from __future__ import annotations

import io

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from pypdf import PdfReader

from tests.swot.factories import SwotItemFactory
from zukunftswerkstatt.swot.models import Quadrant, SwotItem
from zukunftswerkstatt.swot.services import DocumentRef

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def squeeze(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def filled(swot_module, town_a, town_b, idea):
    SwotItemFactory(
        module=swot_module,
        quadrant=Quadrant.STRENGTH,
        statement="Vier Städte arbeiten zusammen",
        ideas=[idea],
        documents=[DocumentRef("Gemeindetabelle", "https://www.statistik.sachsen.de/", publisher="StaLa")],
    )
    SwotItemFactory(module=swot_module, quadrant=Quadrant.THREAT, statement="Die Bevölkerung altert")
    SwotItemFactory(module=swot_module, municipality=town_a, quadrant=Quadrant.WEAKNESS, statement="Leerstand")
    SwotItemFactory(module=swot_module, municipality=town_b, quadrant=Quadrant.OPPORTUNITY, statement="Jugendbeirat")
    return swot_module


def test_pdf_of_one_scope_lists_its_items_with_their_evidence(client_for, moderator, filled):
    response = client_for(moderator).get(reverse("swot:export", args=[filled.pk]) + "?scope=all")
    text = squeeze(pdf_text(response))
    assert "Vier Städte arbeiten zusammen" in text
    assert "Die Bevölkerung altert" in text
    assert "Gemeindetabelle" in text
    assert "Mehr Busse am Wochenende" in text  # the cited contribution
    assert "Leerstand" not in text
    assert 'filename="swot-attraktiv-im-wandel-all.pdf"' in response["Content-Disposition"]


def test_pdf_of_every_scope_has_each_town(client_for, staff_a, filled, town_a, town_b):
    response = client_for(staff_a).get(reverse("swot:export", args=[filled.pk]) + "?scope=every")
    text = squeeze(pdf_text(response))
    for expected in ("Vier Städte arbeiten zusammen", "Leerstand", "Jugendbeirat", town_a.name, town_b.name):
        assert expected in text
    assert len(PdfReader(io.BytesIO(response.content)).pages) >= 3


def test_pdf_of_an_unknown_scope_is_not_found(client_for, moderator, filled):
    assert client_for(moderator).get(reverse("swot:export", args=[filled.pk]) + "?scope=nope").status_code == 404


def test_citizens_cannot_print(client, client_for, participant, filled):
    assert client_for(participant).get(reverse("swot:export", args=[filled.pk])).status_code == 403


def test_include_renders_a_queryset_of_one_scope_for_other_apps(filled, django_assert_max_num_queries):
    items = SwotItem.objects.filter(module=filled, municipality__isnull=True)
    with django_assert_max_num_queries(16):
        html = render_to_string("swot/includes/matrix.html", {"items": items, "for_print": True, "heading_level": 3})
    assert html.index("Vier Städte arbeiten zusammen") < html.index("Die Bevölkerung altert")
    assert "<h3" in html
    assert "Leerstand" not in html


def test_include_with_no_items_shows_four_empty_quadrants(db):
    html = render_to_string("swot/includes/matrix.html", {"items": []})
    assert html.count('<section class="swot-quadrant') == 4
