"""The review report as PDF (WeasyPrint), for the council. Like events/printing.py, nothing is
fetched while printing: styles are inline, charts are inline SVG, the font is the system's."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from zukunftswerkstatt.events.printing import absolute_url

from .models import ReviewRound
from .selectors import review_report


def _no_fetching(url: str, *args, **kwargs):
    raise ValueError(f"Printing fetches nothing; refused {url}")


def review_report_pdf(*, review_round: ReviewRound) -> bytes:
    """The PDF of the review report, in the platform's default language (German)."""
    return review_report_pdf_render(review_round=review_round)[0]


def review_report_pdf_render(*, review_round: ReviewRound) -> tuple[bytes, int]:
    """The PDF of the review report and its number of pages, in the platform's default language."""
    from weasyprint import HTML  # needs Pango; only the PDF needs it

    with translation.override(settings.LANGUAGE_CODE):
        context = review_report(review_round=review_round)
        context["public_url"] = absolute_url(review_round.process.get_absolute_url())
        html = render_to_string("progress/print/review_report.html", context)
    document = HTML(string=html, url_fetcher=_no_fetching, base_url=settings.SITE_URL).render()
    return document.write_pdf(), len(document.pages)
