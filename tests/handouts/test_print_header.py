"""The print-only header of every page: the organisation, the page's address and a QR code to it."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from zukunftswerkstatt.handouts.templatetags import handouts_links

pytestmark = pytest.mark.django_db


def test_every_page_carries_a_hidden_print_header_with_its_address(client, process):
    response = client.get(process.get_absolute_url() + "?page=2")
    html = response.content.decode()
    assert '<div class="print-header" hidden>' in html
    assert f"https://beteiligung.example.de{process.get_absolute_url()}</p>" in html  # no query string
    assert "<svg" in html.split('class="print-header"', 1)[1].split("</div>\n</div>", 1)[0]
    assert process.organisation.name in html
    assert 'href="/static/css/print.css" media="print"' in html
    assert "handouts/print.js" in html


def test_the_qr_code_is_cached_per_path(client, process, monkeypatch):
    made = []
    real = handouts_links.qr_svg
    monkeypatch.setattr(handouts_links, "qr_svg", lambda url: made.append(url) or real(url))
    cache.clear()
    for query in ("", "?a=1", "?b=2"):
        assert client.get(process.get_absolute_url() + query).status_code == 200
    assert made == [f"https://beteiligung.example.de{process.get_absolute_url()}"]
    client.get(reverse("core:home"))
    assert len(made) == 2


def test_pages_without_a_request_have_no_print_header():
    assert handouts_links.print_header({}) == ""
