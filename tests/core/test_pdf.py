"""Printing fetches nothing (core/pdf.py): an address in a template is refused, never opened, and
the PDF is still made without it; a data: URI carries its content and is shown."""

from __future__ import annotations

import urllib.request

import pytest

from zukunftswerkstatt.core.pdf import render_pdf, render_pdf_pages

PIXEL = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
TEMPLATE = f"""<!doctype html><html><head>
<link rel="stylesheet" href="http://example.org/style.css">
<style>@import url("https://example.org/more.css"); body {{ background: url("/static/paper.png"); }}</style>
</head><body><h1>Zwischenbilanz</h1>
<img src="http://example.org/x.png" alt="">
<img src="file:///etc/passwd" alt="">
<img src="../../etc/hostname" alt="">
<img src="{PIXEL}" alt="">
</body></html>"""


@pytest.fixture
def opened(monkeypatch):
    """Every address any opener was asked to open while printing."""
    urls = []
    real_open = urllib.request.OpenerDirector.open

    def spy(self, fullurl, *args, **kwargs):
        urls.append(fullurl if isinstance(fullurl, str) else fullurl.full_url)
        return real_open(self, fullurl, *args, **kwargs)

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", spy)
    return urls


def test_a_template_with_foreign_addresses_fetches_nothing_and_still_renders(opened, caplog):
    pdf, pages = render_pdf_pages(TEMPLATE)
    assert pdf.startswith(b"%PDF-")
    assert pages == 1
    assert opened == [PIXEL]  # only the data: URI, which fetches nothing
    refused = caplog.text
    for url in ("http://example.org/x.png", "file:///etc/passwd", "https://example.org/more.css"):
        assert url in refused


def test_render_pdf_gives_the_bytes_with_a_base_of_its_own(opened):
    pdf = render_pdf('<p>Plakat</p><img src="poster.png">', base_url="https://beteiligung.example/")
    assert pdf.startswith(b"%PDF-")
    assert opened == []
