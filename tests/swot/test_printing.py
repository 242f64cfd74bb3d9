"""The matrix as PDF (WeasyPrint), made by a background task (status page, download, read back with
pypdf, shared while the items stay the same, kept in private storage); and the reusable include for
other pages."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.swot.factories import SwotItemFactory
from zukunftswerkstatt.swot import services
from zukunftswerkstatt.swot.models import PdfScope, PdfStatus, Quadrant, SwotItem, SwotPdf
from zukunftswerkstatt.swot.services import DocumentRef

pytestmark = pytest.mark.django_db


def export_url(module, scope: str | None = "all") -> str:
    url = reverse("swot:export", args=[module.pk])
    return f"{url}?scope={scope}" if scope else url


def download(client, module, scope: str, run_on_commit):
    """Ask for the PDF as staff do: the request queues it and leads to the status page, which (the
    immediate task backend having made it on commit) offers the download."""
    with run_on_commit():
        response = client.get(export_url(module, scope))
    pdf = SwotPdf.objects.order_by("-created", "-pk").first()
    assert response.status_code == 302
    assert response["Location"] == pdf.get_absolute_url()
    status = client.get(response["Location"])
    download_url = reverse("swot:pdf_download", args=[module.pk, pdf.pk])
    assert download_url in status.content.decode()
    return client.get(download_url)


def pdf_body(response) -> bytes:
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(pdf_body(response)))
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


def test_pdf_of_one_scope_lists_its_items_with_their_evidence(client_for, moderator, filled, run_on_commit):
    response = download(client_for(moderator), filled, "all", run_on_commit)
    text = squeeze(pdf_text(response))
    assert "Vier Städte arbeiten zusammen" in text
    assert "Die Bevölkerung altert" in text
    assert "Gemeindetabelle" in text
    assert "Mehr Busse am Wochenende" in text  # the cited contribution
    assert "Leerstand" not in text
    assert 'filename="swot-attraktiv-im-wandel-all.pdf"' in response["Content-Disposition"]


def test_pdf_of_every_scope_has_each_town(client_for, staff_a, filled, town_a, town_b, run_on_commit):
    response = download(client_for(staff_a), filled, "every", run_on_commit)
    body = pdf_body(response)
    text = squeeze("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages))
    for expected in ("Vier Städte arbeiten zusammen", "Leerstand", "Jugendbeirat", town_a.name, town_b.name):
        assert expected in text
    pdf = SwotPdf.objects.get()
    assert pdf.scope == PdfScope.EVERY
    assert pdf.page_count == len(PdfReader(io.BytesIO(body)).pages) >= 3
    assert pdf.size == len(body)
    assert pdf.requested_by == staff_a
    assert 'filename="swot-attraktiv-im-wandel-alle.pdf"' in response["Content-Disposition"]


def test_pdf_of_a_town_shows_only_that_town(client_for, staff_a, filled, town_a, run_on_commit):
    text = squeeze(pdf_text(download(client_for(staff_a), filled, str(town_a.pk), run_on_commit)))
    assert "Leerstand" in text
    assert "Jugendbeirat" not in text
    assert "Vier Städte arbeiten zusammen" not in text
    pdf = SwotPdf.objects.get()
    assert (pdf.scope, pdf.municipality) == (PdfScope.TOWN, town_a)


def test_the_file_is_kept_in_private_storage(client_for, moderator, filled, run_on_commit, settings):
    download(client_for(moderator), filled, "all", run_on_commit)
    pdf = SwotPdf.objects.get()
    assert Path(pdf.file.path).is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert Path(pdf.file.path).exists()


def test_a_fresh_pdf_of_the_same_scope_is_shared(client_for, moderator, filled, run_on_commit):
    client = client_for(moderator)
    download(client, filled, "all", run_on_commit)
    download(client, filled, "all", run_on_commit)
    assert SwotPdf.objects.count() == 1
    download(client, filled, "every", run_on_commit)
    assert SwotPdf.objects.count() == 2  # another scope is another PDF


def test_a_changed_added_moved_or_deleted_item_makes_a_new_pdf(client_for, moderator, filled, run_on_commit):
    client = client_for(moderator)
    download(client, filled, "all", run_on_commit)
    item = SwotItem.objects.get(statement="Die Bevölkerung altert")
    item.statement = "Die Bevölkerung altert schnell"
    item.save()
    assert "Die Bevölkerung altert schnell" in squeeze(pdf_text(download(client, filled, "all", run_on_commit)))
    assert SwotPdf.objects.count() == 2
    SwotItemFactory(module=filled, quadrant=Quadrant.STRENGTH, statement="Noch eine Stärke")
    download(client, filled, "all", run_on_commit)
    assert SwotPdf.objects.count() == 3
    services.swot_item_move(item=SwotItem.objects.get(statement="Noch eine Stärke"), direction="up")
    download(client, filled, "all", run_on_commit)
    assert SwotPdf.objects.count() == 4
    services.swot_item_delete(item=item)
    text = squeeze(pdf_text(download(client, filled, "all", run_on_commit)))
    assert "Die Bevölkerung altert" not in text
    assert SwotPdf.objects.count() == 5


def test_an_old_pdf_is_made_again(client_for, moderator, filled, run_on_commit):
    client = client_for(moderator)
    download(client, filled, "all", run_on_commit)
    SwotPdf.objects.update(created=timezone.now() - dt.timedelta(hours=1))
    download(client, filled, "all", run_on_commit)
    assert SwotPdf.objects.count() == 2


def test_only_the_newest_pdfs_of_a_scope_are_kept(filled, settings, monkeypatch):
    monkeypatch.setattr(services, "swot_pdf_render", lambda **kwargs: (b"%PDF-1.7 test", 1))
    for _ in range(services.KEEP_PDFS + 2):
        pdf = SwotPdf.objects.create(module=filled, scope=PdfScope.ASSOCIATION)
        services.swot_pdf_make(pdf=pdf)
    kept = SwotPdf.objects.filter(module=filled)
    assert kept.count() == services.KEEP_PDFS
    assert len(list(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*.pdf"))) == services.KEEP_PDFS


def test_while_the_pdf_is_prepared_the_page_says_so_and_polls(client_for, moderator, filled):
    client = client_for(moderator)
    response = client.get(export_url(filled, "all"))  # the task waits for a commit that never comes
    pdf = SwotPdf.objects.get()
    assert pdf.status == PdfStatus.PENDING
    status = client.get(response["Location"])
    content = status.content.decode()
    assert 'hx-get="' + pdf.get_absolute_url() in content
    assert reverse("swot:pdf_download", args=[filled.pk, pdf.pk]) not in content
    fragment = client.get(pdf.get_absolute_url(), HTTP_HX_REQUEST="true")
    assert fragment.content.decode().strip().startswith('<div id="pdf-state"')
    assert client.get(reverse("swot:pdf_download", args=[filled.pk, pdf.pk])).status_code == 404
    client.get(export_url(filled, "all"))
    assert SwotPdf.objects.count() == 1  # the one being prepared is shared


def test_a_failed_pdf_keeps_the_error_and_offers_to_try_again(client_for, moderator, filled, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("Pango fehlt")

    monkeypatch.setattr(services, "swot_pdf_render", broken)
    pdf = SwotPdf.objects.create(module=filled, scope=PdfScope.ASSOCIATION)
    services.swot_pdf_make(pdf=pdf)
    pdf.refresh_from_db()
    assert pdf.status == PdfStatus.FAILED
    assert "Pango fehlt" in pdf.error
    content = client_for(moderator).get(pdf.get_absolute_url()).content.decode()
    assert "Pango fehlt" in content  # only the team sees this page
    assert reverse("swot:pdf_retry", args=[filled.pk, pdf.pk]) in content  # built again on the same row
    assert reverse("swot:pdf_download", args=[filled.pk, pdf.pk]) not in content


def test_citizens_cannot_see_the_status_or_download(client_for, participant, moderator, filled, run_on_commit):
    download(client_for(moderator), filled, "all", run_on_commit)
    pdf = SwotPdf.objects.get()
    client = client_for(participant)
    assert client.get(pdf.get_absolute_url()).status_code == 403
    assert client.get(reverse("swot:pdf_download", args=[filled.pk, pdf.pk])).status_code == 403


def test_a_pdf_of_another_module_is_not_found(client_for, moderator, filled, profile_phase, run_on_commit):
    from zukunftswerkstatt.processes.services import module_create

    download(client_for(moderator), filled, "all", run_on_commit)
    other = module_create(phase=profile_phase, type="swot", title="Zweite SWOT")
    pdf = SwotPdf.objects.get()
    client = client_for(moderator)
    assert client.get(reverse("swot:pdf_status", args=[other.pk, pdf.pk])).status_code == 404
    assert client.get(reverse("swot:pdf_download", args=[other.pk, pdf.pk])).status_code == 404


def test_pdf_of_an_unknown_scope_is_not_found(client_for, moderator, filled):
    assert client_for(moderator).get(export_url(filled, "nope")).status_code == 404
    assert not SwotPdf.objects.exists()


def test_citizens_cannot_print(client, client_for, participant, filled):
    assert client_for(participant).get(export_url(filled, None)).status_code == 403
    assert not SwotPdf.objects.exists()


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
