"""Imprint, privacy policy and accessibility statement as the public sees them."""

import pytest
from django.urls import reverse

from zukunftswerkstatt.core.models import LegalPage
from zukunftswerkstatt.core.services import organisation_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def vogtland():
    return organisation_create(name="Städteverbund Vogtland", slug="vogtland", contact_email="zukunft@vogtland.example")


def legal_url(organisation, kind: str) -> str:
    return reverse("core:legal", kwargs={"organisation_slug": organisation.slug, "kind": kind})


@pytest.mark.parametrize(
    ("kind", "title"),
    [
        ("imprint", "Impressum"),
        ("privacy", "Datenschutzerklärung"),
        ("accessibility", "Erklärung zur Barrierefreiheit"),
    ],
)
def test_each_legal_page_is_public_with_its_title(client, vogtland, kind, title):
    response = client.get(legal_url(vogtland, kind))
    assert response.status_code == 200
    assert f"<h1>{title}</h1>" in response.content.decode()


def test_legal_page_text_is_sanitised(client, vogtland):
    LegalPage.objects.filter(organisation=vogtland, kind="imprint").update(
        body='Verantwortlich: <script>alert("x")</script> & <b>Bürgermeisterin</b> [Link](javascript:alert(1))'
    )
    content = client.get(legal_url(vogtland, "imprint")).content.decode()
    assert "alert(" not in content
    assert "<b>" not in content
    assert "javascript:" not in content
    assert "Bürgermeisterin" in content
    assert "&amp;" in content


def test_legal_page_markdown_makes_headings_and_lists(client, vogtland):
    LegalPage.objects.filter(organisation=vogtland, kind="imprint").update(body="# Kontakt\n\n- Telefon\n- Brief")
    content = client.get(legal_url(vogtland, "imprint")).content.decode()
    assert "<h2>Kontakt</h2>" in content  # the page title is the only h1
    assert "<li>Telefon</li>" in content


def test_legal_page_title_is_escaped(client, vogtland):
    LegalPage.objects.filter(organisation=vogtland, kind="imprint").update(title="<i>Impressum</i>")
    content = client.get(legal_url(vogtland, "imprint")).content.decode()
    assert "<i>Impressum</i>" not in content
    assert "&lt;i&gt;Impressum&lt;/i&gt;" in content


def test_legal_page_turns_blank_lines_into_paragraphs_and_addresses_into_links(client, vogtland):
    LegalPage.objects.filter(organisation=vogtland, kind="imprint").update(
        body="Erster Absatz\n\nZweiter Absatz: https://vogtland.example und zukunft@vogtland.example"
    )
    content = client.get(legal_url(vogtland, "imprint")).content.decode()
    assert "<p>Erster Absatz</p>" in content
    assert 'href="https://vogtland.example"' in content
    assert 'href="mailto:zukunft@vogtland.example"' in content


def test_legal_page_shows_the_organisations_contact_data(client, vogtland):
    assert "zukunft@vogtland.example" in client.get(legal_url(vogtland, "privacy")).content.decode()


def test_an_unknown_kind_of_legal_page_is_not_found(client, vogtland):
    assert client.get(legal_url(vogtland, "agb")).status_code == 404


def test_legal_pages_are_found_only_under_their_own_organisation(client, vogtland, other_organisation):
    assert client.get(legal_url(other_organisation, "imprint")).status_code == 404


def test_every_page_of_an_organisation_links_its_legal_pages_in_the_footer(client, process):
    content = client.get(process.get_absolute_url()).content.decode()
    for kind in ["imprint", "privacy", "accessibility"]:
        assert legal_url(process.organisation, kind) in content


def test_an_ampersand_in_the_organisations_name_is_shown_once_escaped_not_twice(client):
    organisation = organisation_create(name="Stadt- & Gemeindeverbund", slug="verbund")
    content = client.get(legal_url(organisation, "imprint")).content.decode()
    assert "Stadt- &amp; Gemeindeverbund" in content
    assert "&amp;amp;" not in content


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_accessibility_statement_is_dated_in_german_and_has_no_placeholders_when_the_contact_is_known(
    language, settings
):
    import datetime as dt

    from django.utils import translation
    from freezegun import freeze_time

    with freeze_time(dt.datetime(2026, 12, 4, 10, 0, tzinfo=dt.UTC)), translation.override(language):
        organisation = organisation_create(
            name="Städteverbund Göltzschtal",
            slug=f"goeltzschtal-{language}",
            contact_name="Koordinierungsstelle",
            contact_phone="03744 12345",
            contact_email="zukunft@goeltzschtal.example",
        )
    body = organisation.legal_pages.get(kind=LegalPage.Kind.ACCESSIBILITY).body
    assert "am 4. Dezember 2026 erstellt" in body
    assert "[" not in body, body
