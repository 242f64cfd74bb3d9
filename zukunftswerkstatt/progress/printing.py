"""The review report as PDF (WeasyPrint, core/pdf.py: nothing is fetched), for the council: styles
are inline, charts are inline SVG, the font is the system's."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.core.pdf import render_pdf_pages

from .models import ReviewRound
from .selectors import review_report


def review_report_pdf(*, review_round: ReviewRound) -> bytes:
    """The PDF of the review report, in the platform's default language (German)."""
    return review_report_pdf_render(review_round=review_round)[0]


def review_report_pdf_render(*, review_round: ReviewRound) -> tuple[bytes, int]:
    """The PDF of the review report and its number of pages, in the platform's default language."""
    with translation.override(settings.LANGUAGE_CODE):
        context = review_report(review_round=review_round, for_print=True)
        context["public_url"] = absolute_url(review_round.process.get_absolute_url())
        html = render_to_string("progress/print/review_report.html", context)
    return render_pdf_pages(html)
