"""The municipal profile document: the web page with its sections and sources, the PDF made by a
background task (status page, download, parsed back with pypdf), the guards while other apps have
no data, and the link from the inventory."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from zukunftswerkstatt.reports import selectors, services
from zukunftswerkstatt.reports.models import PdfStatus, ProfilePdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    from django.utils import translation

    with translation.override("en"):
        yield


def page(client, module):
    return client.get(reverse("reports:document", args=[module.pk]), HTTP_ACCEPT_LANGUAGE="en")


def german(text: str) -> str:
    """The PDF is made in the platform's language."""
    with translation.override("de"):
        return gettext(text)


def test_the_page_shows_the_inventory_by_field_of_action_with_its_source(
    client, document_module, item_a, item_b, item_all
):
    response = page(client, document_module)
    assert response.status_code == 200
    content = response.content.decode()
    for text in (
        "Seniorentreff am Markt",
        "Jugendclub Ellefeld",
        "Bürgerbus Göltzschtal",
        "Ehrenamt",
        "Bestandsaufnahme",
    ):
        assert text in content
    summary = response.context["inventory"]
    assert summary["total"] == 3
    assert 'class="doc-source"' in content


def test_without_demographic_data_the_section_says_so(client, document_module, monkeypatch):
    monkeypatch.setattr(selectors, "demography_section", lambda **kwargs: None)
    response = page(client, document_module)
    assert response.context["demography"] is None
    content = response.content.decode()
    section = content[content.index('id="demography"') : content.index('id="inventory"')]
    assert 'class="note"' in section


def test_a_failing_demography_app_does_not_take_the_page_down(client, document_module, monkeypatch):
    import zukunftswerkstatt.reports.selectors as module

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(module, "_template_exists", lambda name: True)
    try:
        import zukunftswerkstatt.demography.selectors as demography
    except ImportError:
        pytest.skip("the demography app has no selectors yet")
    monkeypatch.setattr(demography, "profile_section", broken, raising=False)
    assert selectors.demography_section(process=document_module.phase.process, module=document_module) is None


def test_the_swot_section_groups_items_by_scope(client, document_module, town_a):
    from zukunftswerkstatt.processes.services import module_create
    from zukunftswerkstatt.swot.models import SwotItem

    swot = module_create(phase=document_module.phase, type="swot", title="SWOT")
    SwotItem.objects.create(module=swot, quadrant="strength", statement="Starke Vereine")
    SwotItem.objects.create(module=swot, municipality=town_a, quadrant="threat", statement="Ärztemangel")
    section = selectors.swot_section(process=document_module.phase.process)
    assert section["total"] == 2
    assert [s.municipality for s in section["scopes"]] == [None, town_a]
    content = page(client, document_module).content.decode()
    assert "Starke Vereine" in content
    assert "Ärztemangel" in content


def test_the_empty_document_says_that_nothing_is_there_yet(client, document_module):
    response = page(client, document_module)
    assert response.status_code == 200
    assert response.context["inventory"]["total"] == 0


def test_the_inventory_links_to_the_document(client, document_module, inventory_module):
    response = client.get(reverse("inventory:list", args=[inventory_module.pk]))
    assert response.context["document_url"] == document_module.get_absolute_url()


def test_a_pdf_is_requested_made_in_the_background_and_downloaded(
    client, document_module, item_a, item_b, item_all, run_on_commit
):
    with run_on_commit():
        response = client.post(reverse("reports:pdf_request", args=[document_module.pk]))
    pdf = ProfilePdf.objects.get()
    assert response.status_code == 302
    assert response["Location"] == pdf.get_absolute_url()
    assert pdf.status == PdfStatus.DONE
    assert pdf.page_count >= 2
    assert pdf.duration_ms > 0

    status = client.get(pdf.get_absolute_url())
    assert reverse("reports:pdf_download", args=[document_module.pk, pdf.pk]) in status.content.decode()

    download = client.get(reverse("reports:pdf_download", args=[document_module.pk, pdf.pk]))
    assert download["Content-Type"] == "application/pdf"
    body = b"".join(download.streaming_content)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)
    # Kept where the web server never hands files out: only the checked view above serves it.
    assert Path(pdf.file.path).is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.pdf"))
    document_module.is_published = False
    document_module.save(update_fields=["is_published"])
    assert client.get(reverse("reports:pdf_download", args=[document_module.pk, pdf.pk])).status_code == 404
    for expected in (
        "Kommunalprofil",
        "Seniorentreff am Markt",
        "Bürgerbus Göltzschtal",
        "Ehrenamt",
        german("Sources and dates"),
        german("What already exists: the inventory"),
    ):
        assert expected in text


def test_a_fresh_pdf_is_shared_instead_of_made_again(client, document_module, run_on_commit):
    with run_on_commit():
        client.post(reverse("reports:pdf_request", args=[document_module.pk]))
        client.post(reverse("reports:pdf_request", args=[document_module.pk]))
    assert ProfilePdf.objects.count() == 1


def test_staff_may_ask_for_an_up_to_date_pdf(client_for, document_module, moderator, run_on_commit):
    client = client_for(moderator)
    with run_on_commit():
        client.post(reverse("reports:pdf_request", args=[document_module.pk]))
        client.post(reverse("reports:pdf_request", args=[document_module.pk]), {"renew": "1"})
    assert ProfilePdf.objects.count() == 2


def test_a_citizen_cannot_force_a_new_pdf(client_for, document_module, participant, run_on_commit):
    client = client_for(participant)
    with run_on_commit():
        client.post(reverse("reports:pdf_request", args=[document_module.pk]))
        client.post(reverse("reports:pdf_request", args=[document_module.pk]), {"renew": "1"})
    assert ProfilePdf.objects.count() == 1


def test_while_the_pdf_is_prepared_the_page_says_so_and_polls(client, document_module):
    pdf = ProfilePdf.objects.create(module=document_module)
    response = client.get(pdf.get_absolute_url())
    content = response.content.decode()
    assert "hx-get" in content
    assert reverse("reports:pdf_download", args=[document_module.pk, pdf.pk]) not in content
    fragment = client.get(pdf.get_absolute_url(), HTTP_HX_REQUEST="true")
    assert fragment.content.decode().strip().startswith("<div")
    assert client.get(reverse("reports:pdf_download", args=[document_module.pk, pdf.pk])).status_code == 404


def test_a_failed_pdf_keeps_the_error_and_offers_to_try_again(document_module, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(services, "profile_pdf_render", broken)
    pdf = ProfilePdf.objects.create(module=document_module)
    services.profile_pdf_make(pdf=pdf)
    pdf.refresh_from_db()
    assert (pdf.status, pdf.error) == (PdfStatus.FAILED, "no fonts")
    assert selectors.reusable_pdf(module=document_module) is None


def test_anonymous_pdf_requests_are_rate_limited(client, document_module, run_on_commit):
    url = reverse("reports:pdf_request", args=[document_module.pk])
    with run_on_commit():
        for _n in range(10):
            client.post(url)
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == document_module.get_absolute_url()


def test_only_the_newest_pdfs_are_kept(document_module, monkeypatch):
    monkeypatch.setattr(services, "profile_pdf_render", lambda **kwargs: (b"%PDF-1.7 test", 1))
    pdfs = []
    for _n in range(services.KEEP_PDFS + 2):
        pdf = ProfilePdf.objects.create(module=document_module)
        services.profile_pdf_make(pdf=pdf)
        pdfs.append(pdf)
    remaining = set(ProfilePdf.objects.values_list("pk", flat=True))
    assert remaining == {p.pk for p in pdfs[-services.KEEP_PDFS :]}


def test_a_town_name_ending_in_a_full_stop_ends_the_list_of_towns_without_a_second_one(client, document_module, town_b):
    # The last town in the list ends in a full stop, as "Falkenstein/Vogtl." does: once "Vogtl..".
    town_b.name = "Falkenstein/Vogtl."
    town_b.save(update_fields=["name"])
    text = page(client, document_module).content.decode()
    assert "Falkenstein/Vogtl." in text
    assert "Vogtl.." not in text
