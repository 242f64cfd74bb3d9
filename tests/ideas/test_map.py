"""Places of contributions: the pin picker's checks, the map page's data, the small map, the privacy text."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from django.test import Client

from tests.factories import MunicipalityFactory, OrganisationFactory
from tests.ideas.conftest import german
from tests.ideas.factories import IdeaFactory
from tests.ideas.helpers import idea_form_data, url
from zukunftswerkstatt.core.maps import KNOWN_TOWN_CENTRES, map_area
from zukunftswerkstatt.core.models import LegalPage
from zukunftswerkstatt.core.services import organisation_add_defaults, render_legal_template
from zukunftswerkstatt.ideas.models import Idea, Kind, Visibility

pytestmark = pytest.mark.django_db

# The map page for a visitor: the list page's eight queries (module, organisation, topics, towns,
# groups, count, ids, rows) and two of its own: the towns for the map's area, the filtered places.
MAP_PAGE_QUERIES = 10
AUERBACH = {"latitude": "50.510600", "longitude": "12.400400"}
BERLIN = {"latitude": "52.520000", "longitude": "13.405000"}


def json_script(page: str, element_id: str):
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', page, re.S)
    assert match, f"no #{element_id} in the page"
    return json.loads(match.group(1))


def visible_text(page: str) -> str:
    """The page as read: without scripts, JSON data, tags and attribute values."""
    page = re.sub(r"<script.*?</script>", " ", page, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", page))


def errors_of(response) -> list[str]:
    return [str(error) for error in response.context["form"].non_field_errors()]


# --- the picker: coordinates come only from the map and are checked ---------------------------


def test_the_form_asks_for_the_place_in_words_and_keeps_the_pin_in_hidden_fields(client_for, participant, ideas_module):
    page = client_for(participant).get(url("create", ideas_module)).content.decode()
    assert 'name="place_name"' in page
    assert re.search(r'<input type="hidden" name="latitude"', page)
    assert re.search(r'<input type="hidden" name="longitude"', page)
    assert "Breitengrad" not in visible_text(page)
    assert "Längengrad" not in visible_text(page)
    # The picker is hidden until the script shows it: without JavaScript only the words remain.
    assert re.search(r"<div class=\"place-picker\" data-place-picker hidden>", page)
    config = json_script(page, "place-map-data")
    assert config["tiles"] == "https://tiles.test.invalid/{z}/{x}/{y}.png"
    (south, west), (north, east) = config["bounds"]
    assert south < 50.49 < north  # the process's towns are inside
    assert west < 12.39 < east
    assert config["strings"]["zoomIn"] == german("Zoom in")


def test_a_pin_inside_the_area_is_stored_with_the_place_name(client_for, participant, ideas_module):
    data = idea_form_data(place_name="Stadtpark Auerbach", **AUERBACH)
    response = client_for(participant).post(url("create", ideas_module), data)
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert (idea.place_name, str(idea.latitude), str(idea.longitude)) == ("Stadtpark Auerbach", *AUERBACH.values())


OUTSIDE = (
    "The pin is outside the area of this process. Please move it to one of its towns, remove it, "
    "or describe the place in words."
)
INCOMPLETE = "The pin on the map is incomplete. Please set it again or remove it."
UNREADABLE = "The pin on the map could not be read. Please set it again or remove it."


@pytest.mark.parametrize(
    ("coordinates", "message"),
    [
        (BERLIN, OUTSIDE),
        ({"latitude": "50.5106", "longitude": ""}, INCOMPLETE),
        ({"latitude": "", "longitude": "12.4004"}, INCOMPLETE),
        ({"latitude": "91", "longitude": "12.4"}, UNREADABLE),
        ({"latitude": "fünfzig", "longitude": "12.4"}, UNREADABLE),
    ],
)
def test_a_wrong_pin_is_refused_with_a_translated_reason_and_the_input_stays(
    client_for, participant, ideas_module, coordinates, message
):
    data = idea_form_data(title="Bank am Markt", place_name="Am Markt", **coordinates)
    response = client_for(participant).post(url("create", ideas_module), data)
    assert response.status_code == 200
    assert not Idea.objects.exists()
    expected = german(message)
    assert expected != message
    assert errors_of(response) == [expected]
    page = response.content.decode()
    assert 'value="Bank am Markt"' in page
    assert 'value="Am Markt"' in page
    # The summary at the top and the note beside the map both say it.
    assert page.count(expected) == 2
    for value in coordinates.values():
        if value:
            assert f'value="{value}"' in page  # the pin comes back where it was, to be moved


def test_the_place_in_words_alone_is_enough(client_for, participant, ideas_module):
    response = client_for(participant).post(
        url("create", ideas_module), idea_form_data(place_name="Bushaltestelle an der Schule")
    )
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert (idea.place_name, idea.latitude, idea.longitude) == ("Bushaltestelle an der Schule", None, None)


def test_a_form_sent_without_javascript_has_no_coordinates_at_all(client_for, participant, ideas_module):
    data = idea_form_data(place_name="Marktplatz Rodewisch")
    del data["latitude"], data["longitude"]
    response = client_for(participant).post(url("create", ideas_module), data)
    assert response.status_code == 302
    assert Idea.objects.get().place_name == "Marktplatz Rodewisch"


def test_the_area_comes_from_the_towns_of_the_process(organisation):
    far = MunicipalityFactory(organisation=organisation, ags="09162000", latitude="48.137", longitude="11.575")
    near = MunicipalityFactory(organisation=organisation, ags="14523360")  # Rodewisch: known by its AGS
    assert map_area(towns=[near]).contains(*KNOWN_TOWN_CENTRES["14523360"])
    assert not map_area(towns=[near]).contains(48.137, 11.575)
    both = map_area(towns=[near, far])
    assert both.contains(48.137, 11.575)
    assert both.contains(50.53, 12.41)
    assert not both.contains(52.52, 13.405)


def test_a_town_without_a_known_centre_uses_the_configured_one(settings):
    settings.MAP_CENTER = [51.0, 13.7]
    town = MunicipalityFactory(organisation=OrganisationFactory(), ags="14612000")
    area = map_area(towns=[town])
    assert area.centre == (51.0, 13.7)
    assert area.contains(51.05, 13.75)


def test_staff_record_an_offline_contribution_with_a_pin(client_for, staff_a, ideas_module):
    page = client_for(staff_a).get(url("offline", ideas_module)).content.decode()
    assert 'id="place-map"' in page
    assert '<input type="hidden" name="latitude"' in page


def test_without_a_tile_server_no_picker_is_drawn(client_for, participant, ideas_module, settings):
    settings.MAP_TILE_URL = ""
    page = client_for(participant).get(url("create", ideas_module)).content.decode()
    assert 'id="place-map"' not in page
    assert 'name="place_name"' in page
    assert "leaflet" not in page


# --- the map page -----------------------------------------------------------------------------


@pytest.fixture
def places(ideas_module, town_a):
    pinned = IdeaFactory(
        module=ideas_module,
        kind=Kind.CRITICISM,
        title='</script><img src=x onerror="alert(1)"> Brücke & Co',
        place_name="<b>Göltzschbrücke</b>",
        **AUERBACH,
    )
    named = IdeaFactory(module=ideas_module, kind=Kind.VISION, title="Ein Café am Markt", place_name="Markt Ellefeld")
    nowhere = IdeaFactory(module=ideas_module, title="Mehr Busse", place_name="")
    hidden = IdeaFactory(module=ideas_module, title="Versteckt", **AUERBACH)
    Idea.objects.filter(pk=hidden.pk).update(visibility=Visibility.HIDDEN)
    return {"pinned": pinned, "named": named, "nowhere": nowhere, "hidden": hidden}


def test_the_map_page_hands_pinned_places_to_the_map_as_geojson(client, ideas_module, places):
    page = client.get(url("list", ideas_module), {"view": "map"}).content.decode()
    data = json_script(page, "idea-map-data")
    assert data["places"]["type"] == "FeatureCollection"
    [feature] = data["places"]["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [12.4004, 50.5106]}
    assert feature["properties"] == {
        "id": places["pinned"].pk,
        "title": places["pinned"].title,
        "kind": german("Criticism"),
        "place": "<b>Göltzschbrücke</b>",
        "url": places["pinned"].get_absolute_url(),
    }
    assert data["attribution"] == '<a href="https://www.openstreetmap.org/copyright">© OpenStreetMap-Mitwirkende</a>'


def test_user_text_on_the_map_page_is_escaped_in_the_list_and_the_data(client, ideas_module, places):
    page = client.get(url("list", ideas_module), {"view": "map"}).content.decode()
    assert "</script><img" not in page
    assert "<b>Göltzschbrücke</b>" not in page
    assert 'onerror="alert(1)"' not in page
    assert "&lt;b&gt;Göltzschbrücke&lt;/b&gt;" in page  # in the list, as text


def test_the_list_beside_the_map_names_places_with_and_without_a_pin(client, ideas_module, places):
    response = client.get(url("list", ideas_module), {"view": "map"})
    listed = {place["title"]: place for place in response.context["places"]}
    assert set(listed) == {places["pinned"].title, "Ein Café am Markt"}
    assert listed["Ein Café am Markt"]["has_pin"] is False
    text = visible_text(response.content.decode())
    assert "Markt Ellefeld" in text
    assert "Mehr Busse" not in text
    assert "Versteckt" not in text


def test_the_map_page_uses_the_same_filters_as_the_list(client, ideas_module, places):
    response = client.get(url("list", ideas_module), {"view": "map", "kind": "vision"})
    assert [place["title"] for place in response.context["places"]] == ["Ein Café am Markt"]
    assert json_script(response.content.decode(), "idea-map-data")["places"]["features"] == []


def test_without_a_tile_server_the_map_page_lists_places_in_words(client, ideas_module, places, settings):
    settings.MAP_TILE_URL = ""
    page = client.get(url("list", ideas_module), {"view": "map"}).content.decode()
    assert 'id="idea-map-data"' not in page
    assert 'id="idea-map"' not in page
    assert "Markt Ellefeld" in page


def test_the_map_page_makes_the_same_few_queries_with_three_times_the_places(
    ideas_module, town_a, django_assert_num_queries
):
    client = Client()

    def add(times):
        for number in range(times):
            IdeaFactory(module=ideas_module, title=f"Ort {number}", place_name=f"Straße {number}", **AUERBACH)
            IdeaFactory(module=ideas_module, title=f"Wort {number}", place_name=f"Platz {number}")

    add(3)
    address = url("list", ideas_module) + "?view=map"
    client.get(address)
    with django_assert_num_queries(MAP_PAGE_QUERIES):
        client.get(address)
    add(6)
    with django_assert_num_queries(MAP_PAGE_QUERIES):
        response = client.get(address)
    assert len(response.context["places"]) == 18


# --- a contribution's page: the place in words and on a small map, never as numbers ---------------


def test_the_contribution_page_shows_the_place_name_and_a_small_map_but_no_coordinates(client, ideas_module):
    idea = IdeaFactory(module=ideas_module, place_name="Stadtpark Auerbach", **AUERBACH)
    page = client.get(idea.get_absolute_url()).content.decode()
    text = visible_text(page)
    assert "Stadtpark Auerbach" in text
    for number in ("50.5106", "50,5106", "12.4004", "12,4004"):
        assert number not in text
        assert number not in re.sub(r"<script.*?</script>", "", page, flags=re.S)  # nor in attributes
    assert json_script(page, "place-view-data")["point"] == [50.5106, 12.4004]
    assert 'role="img"' in page


def test_a_pin_without_a_name_is_called_a_marked_place(client, ideas_module):
    idea = IdeaFactory(module=ideas_module, place_name="", **AUERBACH)
    text = visible_text(client.get(idea.get_absolute_url()).content.decode())
    assert german("marked on the map") in text
    assert "50.5106" not in text


def test_a_contribution_without_a_pin_has_no_map(client, ideas_module):
    idea = IdeaFactory(module=ideas_module, place_name="Am Markt")
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Am Markt" in page
    assert 'id="place-view"' not in page
    assert "leaflet" not in page


# --- the privacy policy names the tile server ------------------------------------------------------


def test_the_privacy_policy_names_the_tile_provider_and_what_is_sent(settings):
    settings.MAP_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    text = render_legal_template(organisation=OrganisationFactory(), kind=LegalPage.Kind.PRIVACY)
    assert "## Karten" in text
    assert "tile.openstreetmap.org" in text
    assert "OpenStreetMap Foundation" in text
    assert "IP-Adresse" in text
    assert "MAP_TILE_URL" in text  # how to use the municipality's own server instead


def test_the_privacy_policy_of_a_municipal_tile_server_names_that_server(settings):
    settings.MAP_TILE_URL = "https://karten.auerbach.example/{z}/{x}/{y}.png"
    settings.MAP_TILE_PROVIDER = "Stadtverwaltung Auerbach/Vogtl."
    text = render_legal_template(organisation=OrganisationFactory(), kind=LegalPage.Kind.PRIVACY)
    assert "karten.auerbach.example (Anbieter: Stadtverwaltung Auerbach/Vogtl.)" in text


def test_without_maps_the_privacy_policy_names_no_tile_server(settings):
    settings.MAP_TILE_URL = ""
    text = render_legal_template(organisation=OrganisationFactory(), kind=LegalPage.Kind.PRIVACY)
    assert "## Karten" not in text
    assert "keine Einbindung fremder Dienste." in text


def test_a_new_organisation_gets_a_privacy_policy_with_the_map_section(organisation):
    organisation_add_defaults(organisation=organisation)
    assert "## Karten" in organisation.legal_pages.get(kind=LegalPage.Kind.PRIVACY).body
