"""Letters for postal subscribers: one letter per address for a DIN 5008 form B window envelope.

Rendered synchronously when staff ask for it: a process has a few dozen postal subscribers at most
(entered by hand at the town halls), a letter takes a fraction of a second, and the PDF is not kept
(no BuiltDocument needed). Each letter is its own WeasyPrint document, so that "Seite x von y"
counts the pages of that letter; pypdf joins them."""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils import timezone, translation
from pypdf import PdfReader, PdfWriter

from zukunftswerkstatt.core.links import site_url
from zukunftswerkstatt.core.pdf import render_pdf

from .models import Channel, Issue
from .services import recipients


def letters_pdf(*, issue: Issue) -> tuple[bytes, int]:
    """The letters of a sent issue to its postal subscribers, and how many letters."""
    organisation = issue.process.organisation
    writer = PdfWriter()
    subscribers = list(recipients(issue=issue, channel=Channel.POST))
    # The return line above the window (DIN 5008: in the zone above the address): the postal address,
    # whose first line names the office, e.g. "Stadtverwaltung Auerbach · Nicolaistraße 22 · 08209
    # Auerbach"; the organisation's name only when there is no address or it is not in it.
    address_lines = [line.strip() for line in organisation.contact_address.splitlines() if line.strip()]
    sender_line = " · ".join(address_lines or [organisation.name])
    for subscriber in subscribers:
        with translation.override(subscriber.language):
            html = render_to_string(
                "newsletter/print/letter.html",
                {
                    "issue": issue,
                    "process": issue.process,
                    "organisation": organisation,
                    "subscriber": subscriber,
                    "sender_line": sender_line,
                    "today": timezone.localdate(),
                },
            )
        for page in PdfReader(io.BytesIO(render_pdf(html, base_url=site_url()))).pages:
            writer.add_page(page)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue(), len(subscribers)
