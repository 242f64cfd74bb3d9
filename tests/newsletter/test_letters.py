"""The letters for postal subscribers: one letter per address, the address in the window."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from zukunftswerkstatt.newsletter import services
from zukunftswerkstatt.newsletter.models import Issue, IssueStatus

MM = 72 / 25.4


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_one_letter_per_postal_address_with_the_address_in_the_window(process, client_for, moderator, tmp_path):
    long_body = "\n\n".join(f"Absatz {number}: " + "Neuigkeiten aus dem Göltzschtal. " * 20 for number in range(12))
    for name, street in (("Erna Schulz", "Lindenstraße 4"), ("Werner Fischer", "Am Bahnhof 12")):
        services.postal_subscription_create(
            process=process,
            name=name,
            address=f"{street}\n08209 Auerbach/Vogtl.",
            consent_note="Formular im Rathaus",
            entered_by=moderator,
        )
    issue = Issue.objects.create(process=process, subject="Neues", body=long_body)
    text, html = services.issue_render(issue=issue)
    Issue.objects.filter(pk=issue.pk).update(
        status=IssueStatus.SENT, sent_text=text, sent_html=html, sent_at=timezone.now()
    )
    response = client_for(moderator).get(reverse("newsletter:issue_letters", args=[issue.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    starts = []
    for number, page in enumerate(reader.pages):
        found = []

        height = float(page.mediabox.height)

        def visit(text, cm, tm, font, size, found=found, height=height):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                found.append((text.strip(), x / MM, (height - y) / MM))

        page.extract_text(visitor_text=visit)
        names = [item for item in found if item[0] in {"Erna Schulz", "Werner Fischer"}]
        if names:
            starts.append(number)
            _name, left, top = names[0]
            # DIN 5008 form B: the address field starts 45 mm from the top, 20 mm from the left, 85 × 45 mm.
            assert 19.5 <= left <= 30, left
            assert 45 <= top <= 90, top
        full = page.extract_text()
        assert "Seite" in full  # each letter speaks its subscriber's language (German here)
    assert len(starts) == 2  # one letter per address
    first_letter_pages = starts[1] - starts[0]
    assert first_letter_pages >= 2
    assert f"Seite {first_letter_pages} von {first_letter_pages}" in reader.pages[starts[1] - 1].extract_text()
    assert "Seite 1 von" in reader.pages[starts[1]].extract_text()  # counted per letter
    (tmp_path / "letters.pdf").write_bytes(response.content)


def test_a_draft_has_no_letters(process, client_for, moderator):
    issue = Issue.objects.create(process=process, subject="Entwurf")
    assert client_for(moderator).get(reverse("newsletter:issue_letters", args=[issue.pk])).status_code == 404
