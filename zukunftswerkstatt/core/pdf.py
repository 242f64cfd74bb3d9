"""HTML to PDF (WeasyPrint), fetching nothing: the one way every app prints.

A printed document must look the same on every server and leak no request to anyone, so styles are
in the template, pictures are inline SVG or data: URIs and the font is the system's (DejaVu). Any
other address in a template (http://…, file:///…, a relative path) is refused: WeasyPrint leaves the
picture or stylesheet out and still renders the rest. WeasyPrint needs the system's Pango (Debian:
libpango-1.0-0, libpangoft2-1.0-0) and is imported only when a PDF is made.
"""

from __future__ import annotations

from django.conf import settings


def _fetcher():
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        """Refuses every address except data: URIs, which carry their content in themselves."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"Printing fetches nothing; refused {url[:200]}")

    return NoFetching(allowed_protocols=("data",), fail_on_errors=False)


def pdf_document(html: str, base_url: str | None = None):
    """The laid-out WeasyPrint document (pages, then write_pdf()); the benchmarks time the steps."""
    from weasyprint import HTML  # needs Pango; only the PDF needs it

    return HTML(string=html, url_fetcher=_fetcher(), base_url=base_url or settings.SITE_URL).render()


def render_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """The PDF of `html`; addresses are resolved against `base_url` (SITE_URL) but never fetched."""
    return pdf_document(html, base_url).write_pdf()


def render_pdf_pages(html: str, *, base_url: str | None = None) -> tuple[bytes, int]:
    """The PDF of `html` and its number of pages (for a built document, core/documents.py)."""
    document = pdf_document(html, base_url)
    return document.write_pdf(), len(document.pages)
