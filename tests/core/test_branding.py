"""An organisation's logo and colour (issue 15): the contrast checks, the colours' stylesheet, the header,
the back office form; and the pictures of phase pages."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.admin.sites import site as admin_site
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from PIL import Image

from tests.core.test_backoffice import organisation_form_data
from zukunftswerkstatt.core.colours import (
    HEADER_FOCUS,
    LIGHT_BACKGROUNDS,
    TEXT_COLOURS,
    WHITE,
    brand_palette,
    contrast_ratio,
    mix,
    validate_brand_colour,
    validate_brand_colour_on_backgrounds,
)
from zukunftswerkstatt.core.forms import ReencodedImageField
from zukunftswerkstatt.core.selectors import organisation_colours_version
from zukunftswerkstatt.core.services import organisation_set_appearance
from zukunftswerkstatt.processes.admin import PhaseInline
from zukunftswerkstatt.processes.models import Phase, Process
from zukunftswerkstatt.processes.services import phase_set_picture

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def picture(fmt: str = "PNG", size: tuple[int, int] = (300, 120), colour: str = "#9a3412") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=fmt)
    return SimpleUploadedFile(f"bild.{fmt.lower()}", buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def colours_url(organisation) -> str:
    return reverse("core:organisation_colours", args=[organisation.slug])


# --- contrast, pure functions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("#767676", WHITE, 4.54),  # the classic lightest grey that passes AA on white
        ("#777777", WHITE, 4.48),  # one step lighter: fails
        ("#000000", WHITE, 21.0),
        (WHITE, "#000000", 21.0),  # the order does not matter
        ("#0b5675", "#0b5675", 1.0),
        ("#595959", WHITE, 7.0),  # the lightest grey for AAA
    ],
)
def test_contrast_ratio_matches_the_known_wcag_pairs(first, second, expected):
    assert round(contrast_ratio(first, second), 2) == expected


def test_a_colour_below_four_and_a_half_to_one_is_refused_with_its_ratio():
    with pytest.raises(ValidationError) as refused:
        validate_brand_colour("#777777")
    assert "4.5:1" in str(refused.value.messages[0])
    assert "only 4.47:1" in refused.value.messages[0]  # rounded down: never "only 4.5" beside "needs 4.5"
    validate_brand_colour("#767676")


@pytest.mark.parametrize("value", ["0b5675", "#0b567", "#0b56755", "#gggggg", "blue", ""])
def test_a_colour_not_written_as_six_hex_digits_is_refused(value):
    with pytest.raises(ValidationError):
        validate_brand_colour(value)


def test_a_colour_that_passes_on_white_but_not_on_the_light_boxes_is_refused_there():
    with pytest.raises(ValidationError) as refused:
        validate_brand_colour_on_backgrounds("#767676")
    assert "4.18:1" in refused.value.messages[0]
    validate_brand_colour_on_backgrounds("#1d5c8c")


def test_mix_moves_a_colour_towards_another():
    assert mix("#000000", WHITE, 0.5) == "#808080"
    assert mix("#123456", WHITE, 0) == "#123456"
    assert mix("#123456", "#000000", 1) == "#000000"


@pytest.mark.parametrize("colour", ["#767676", "#0b5675", "#1d5c8c", "#9a3412", "#0000ff", "#6b4b00", "#2e6b1f"])
def test_every_derived_shade_keeps_its_contrast(colour):
    palette = brand_palette(colour)
    assert palette["primary"] == colour
    dark, surface = palette["primary-dark"], palette["surface"]
    assert contrast_ratio(dark, WHITE) >= contrast_ratio(colour, WHITE)  # hover and header: white text on it
    assert contrast_ratio(dark, HEADER_FOCUS) >= 3  # the header's focus ring (1.4.11)
    for text in (colour, *TEXT_COLOURS):
        assert contrast_ratio(text, surface) >= 4.5, (text, surface)
    assert surface != WHITE or colour == "#767676"  # a tint where one passes


def test_the_default_look_stays_close_to_ours():
    # main.css: --color-primary #0b5675, --color-primary-dark #073c52, --color-surface #f3f6f8.
    palette = brand_palette("#0B5675")
    assert palette["primary"] == "#0b5675"
    assert contrast_ratio(palette["primary-dark"], "#073c52") < 1.05
    assert LIGHT_BACKGROUNDS[0] == "#f3f6f8"


# --- the colours' stylesheet -------------------------------------------------------------------------------


def test_the_stylesheet_sets_the_custom_properties_and_is_cached_for_a_year(client, organisation):
    organisation_set_appearance(organisation=organisation, brand_colour="#1D5C8C")
    version = organisation_colours_version(organisation)
    response = client.get(colours_url(organisation), {"v": version})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    css = response.content.decode()
    assert "--color-primary: #1d5c8c;" in css
    assert re.search(r"--color-primary-dark: #[0-9a-f]{6};", css)
    assert re.search(r"--color-surface: #[0-9a-f]{6};", css)
    assert "immutable" in response["Cache-Control"]
    assert "max-age=31536000" in response["Cache-Control"]
    assert response["ETag"]


def test_the_stylesheet_answers_not_modified_to_its_etag(client, organisation):
    organisation_set_appearance(organisation=organisation, brand_colour="#1d5c8c")
    first = client.get(colours_url(organisation))
    again = client.get(colours_url(organisation), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    organisation_set_appearance(organisation=organisation, brand_colour="#9a3412")
    changed = client.get(colours_url(organisation), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert "#9a3412" in changed.content.decode()


def test_an_old_version_is_cached_only_briefly(client, organisation):
    organisation_set_appearance(organisation=organisation, brand_colour="#1d5c8c")
    response = client.get(colours_url(organisation), {"v": "1"})
    assert "immutable" not in response["Cache-Control"]


def test_an_organisation_without_a_colour_has_no_stylesheet(client, organisation):
    assert client.get(colours_url(organisation)).status_code == 404
    assert client.get(reverse("core:organisation_colours", args=["unknown"])).status_code == 404


# --- the header ------------------------------------------------------------------------------------------


def header(client, organisation) -> str:
    html = client.get(organisation.get_absolute_url()).content.decode()
    return html[: html.index("</header>")]


def test_without_logo_and_colour_the_header_looks_as_before(client, organisation):
    html = header(client, organisation)
    assert "site-brand__logo" not in html
    assert "colours.css" not in html
    assert "Städteverbund Göltzschtal" in html


def test_the_header_shows_the_logo_and_links_the_colours(client, organisation):
    organisation_set_appearance(organisation=organisation, logo=picture(), brand_colour="#1d5c8c")
    html = header(client, organisation)
    assert f'href="{colours_url(organisation)}?v={organisation_colours_version(organisation)}"' in html
    logo = re.search(r"<img class=\"site-brand__logo\"[^>]*>", html).group(0)
    assert organisation.logo.url in logo
    # The name stands beside it in the same link: the logo is not read out a second time.
    assert 'alt=""' in logo
    assert 'height="48"' in logo
    assert "style=" not in html
    assert "Städteverbund Göltzschtal" in html


def test_the_logo_and_colour_cost_no_query(client, process):
    page = process.get_absolute_url()
    client.get(page)
    with CaptureQueriesContext(connection) as plain:
        client.get(page)
    organisation_set_appearance(organisation=process.organisation, logo=picture(), brand_colour="#1d5c8c")
    with CaptureQueriesContext(connection) as branded:
        assert "site-brand__logo" in client.get(page).content.decode()
    assert len(branded) == len(plain)


def test_the_logo_is_stored_re_encoded_and_small(organisation):
    organisation_set_appearance(organisation=organisation, logo=picture(size=(2000, 800)), brand_colour="")
    organisation.refresh_from_db()
    assert organisation.logo.name.endswith(".jpg")
    with Image.open(organisation.logo.path) as stored:
        assert stored.format == "JPEG"
        assert max(stored.size) == 600


# --- the back office -----------------------------------------------------------------------------------------


def change(client, organisation, **changes):
    client.cookies["zw_language"] = "en"
    data = organisation_form_data(organisation) | changes
    return client.post(reverse("admin:core_organisation_change", args=[organisation.pk]), data)


def test_the_back_office_form_has_an_appearance_fieldset(client_for, org_admin, organisation):
    client = client_for(org_admin)
    client.cookies["zw_language"] = "en"
    response = client.get(reverse("admin:core_organisation_change", args=[organisation.pk]))
    with translation.override("en"):  # the names are lazy: read them in English
        names = {str(fieldset.name): fieldset for fieldset in response.context["adminform"]}
    assert "Appearance" in names
    assert list(names["Appearance"].fields) == ["logo", "brand_colour"]


def test_an_org_admin_sets_logo_and_colour_and_the_logo_is_re_encoded(client_for, org_admin, organisation):
    response = change(client_for(org_admin), organisation, logo=picture("WEBP"), brand_colour="#1D5C8C")
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.brand_colour == "#1d5c8c"
    with Image.open(organisation.logo.path) as stored:
        assert stored.format == "JPEG"


def test_a_gif_logo_is_refused_with_a_message(client_for, org_admin, organisation):
    response = change(client_for(org_admin), organisation, logo=picture("GIF"))
    assert response.status_code == 200
    assert "Please upload a JPEG, PNG or WebP image." in response.context["adminform"].form.errors["logo"]
    organisation.refresh_from_db()
    assert not organisation.logo


@pytest.mark.parametrize(
    ("colour", "message"),
    [
        ("#777777", "only 4.47:1 against white"),
        ("#767676", "only 4.18:1 on the light backgrounds"),
        ("red", "six hexadecimal digits"),
    ],
)
def test_a_colour_without_enough_contrast_is_refused_with_its_ratio(
    client_for, org_admin, organisation, colour, message
):
    response = change(client_for(org_admin), organisation, brand_colour=colour)
    assert response.status_code == 200
    with translation.override("en"):  # the errors are lazy; read them in the language of the request
        errors = list(response.context["adminform"].form.errors["brand_colour"])
    assert any(message in error for error in errors), errors
    organisation.refresh_from_db()
    assert organisation.brand_colour == ""


# --- pictures of phases --------------------------------------------------------------------------------------


def test_the_phase_form_of_the_back_office_re_encodes_pictures(rf, platform_admin):
    request = rf.get("/")
    request.user = platform_admin
    field = PhaseInline(Process, admin_site).formfield_for_dbfield(Phase._meta.get_field("image"), request)
    assert isinstance(field, ReencodedImageField)
    stored = field.clean(picture("WEBP"))
    assert stored.name.endswith(".jpg")
    with pytest.raises(ValidationError):
        field.clean(picture("GIF"))


def test_a_phase_picture_needs_its_text_alternative(process):
    phase = process.phases.get(type="kickoff")
    with pytest.raises(ValidationError):
        phase_set_picture(phase=phase, image=picture(), image_alt="  ")


def test_the_phase_page_shows_its_picture_with_alt_text_and_size(client, process):
    phase = process.phases.get(type="workshop")
    phase_set_picture(phase=phase, image=picture(size=(1200, 600)), image_alt="Bunte Karten an einer Wand")
    html = client.get(phase.get_absolute_url()).content.decode()
    img = re.search(r'<figure class="phase-picture"><img [^>]*>', html).group(0)
    assert phase.image.url in img
    assert 'alt="Bunte Karten an einer Wand"' in img
    assert 'width="1200" height="600"' in img
    assert "loading=" not in img  # at the top of the page: loaded at once


def test_a_missing_picture_file_does_not_break_the_phase_page(client, process):
    phase = process.phases.get(type="workshop")
    phase_set_picture(phase=phase, image=picture(), image_alt="Karten")
    phase.image.storage.delete(phase.image.name)
    response = client.get(phase.get_absolute_url())
    assert response.status_code == 200
    assert 'alt="Karten"' in response.content.decode()


def test_the_process_page_shows_small_pictures_in_its_timeline(client, process):
    phase = process.phases.get(type="kickoff")
    phase_set_picture(phase=phase, image=picture(), image_alt="Menschen am Tisch")
    html = client.get(process.get_absolute_url()).content.decode()
    thumb = re.search(r'<p class="timeline__picture"><img [^>]*>', html).group(0)
    assert phase.image.url in thumb
    assert 'loading="lazy"' in thumb
    assert 'alt=""' in thumb  # beside the phase's linked name; its page says what it shows


def test_a_page_of_no_organisation_has_neither_logo_nor_colours(client, organisation, other_organisation):
    organisation_set_appearance(organisation=organisation, logo=picture(), brand_colour="#1d5c8c")
    html = client.get(reverse("core:home")).content.decode()  # two organisations: the list of both
    assert "site-brand__logo" not in html
    assert "colours.css" not in html
