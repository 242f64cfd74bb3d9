"""Printable material as PDF: the sign-in sheet and the posters with a QR code.

WeasyPrint turns a template into a PDF (core/pdf.py, which fetches nothing): styles are in the
template, the font is the system's DejaVu and the QR code is inline SVG made by segno, so a PDF
looks the same on every server and leaks no request to anyone.
"""

from __future__ import annotations

import segno
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from zukunftswerkstatt.core.links import absolute_url  # noqa: F401  (print templates' callers import it from here)
from zukunftswerkstatt.core.pdf import render_pdf


def qr_svg(url: str) -> str:
    """A QR code for `url` as an inline <svg> element (error correction M survives a worn poster)."""
    code = segno.make(url, error="m", micro=False)
    return code.svg_inline(scale=4, border=2, dark="#000", light="#fff", omitsize=True)


def pdf_response(request: HttpRequest, *, template: str, context: dict, filename: str) -> HttpResponse:
    """Render `template` to a PDF and answer with it (shown in the browser, ready to print)."""
    pdf = render_pdf(render_to_string(template, context, request=request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
