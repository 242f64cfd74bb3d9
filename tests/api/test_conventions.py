"""What every endpoint of the read API shares: anonymity, cursors, 400s, ETag/Last-Modified, CORS, limits."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_organisation_list_is_paged_by_cursor(client):
    for number in range(5):
        OrganisationFactory(slug=f"org-{number}")
    seen = []
    url = "/api/v1/organisations?page_size=2"
    pages = 0
    while url:
        response = client.get(url)
        assert response.status_code == 200
        body = response.json()
        seen += [item["slug"] for item in body["results"]]
        url = body["next"]
        pages += 1
        assert pages < 10
        if url:
            assert url.startswith("http://testserver/") or url.startswith("http")
    assert seen == [f"org-{n}" for n in range(5)]
    assert pages == 3


def test_next_links_use_the_site_address(client, settings):
    settings.SITE_URL = "https://beteiligung.example.org"
    for number in range(3):
        OrganisationFactory(slug=f"org-{number}")
    body = client.get("/api/v1/organisations?page_size=1").json()
    assert body["next"].startswith("https://beteiligung.example.org/api/v1/organisations?")


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("cursor=zzz", "cursor"),
        ("page_size=0", "page_size"),
        ("page_size=100000", "page_size"),
        ("page_size=x", "page_size"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(client, query, parameter):
    OrganisationFactory()
    response = client.get(f"/api/v1/organisations?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"]
    assert [error["parameter"] for error in body["errors"]] == [parameter]
    assert all(error["message"] for error in body["errors"])


def test_not_found_is_a_json_404(client):
    response = client.get("/api/v1/organisations/nobody", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found, or not public."}


def test_messages_follow_the_language(client):
    assert client.get("/api/v1/organisations/nobody").json()["detail"] == "Nicht gefunden oder nicht öffentlich."
    assert client.get("/api/v1/organisations/nobody?lang=en").json()["detail"] == "Not found, or not public."


def test_etag_and_last_modified_give_304(client):
    organisation = OrganisationFactory(slug="goeltzschtal")
    response = client.get("/api/v1/organisations/goeltzschtal")
    assert response.status_code == 200
    etag, last_modified = response["ETag"], response["Last-Modified"]
    assert "public" in response["Cache-Control"]
    assert client.get("/api/v1/organisations/goeltzschtal", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/api/v1/organisations/goeltzschtal", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    organisation.description = "Neu beschrieben"
    organisation.save()
    changed = client.get("/api/v1/organisations/goeltzschtal", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_cors_allows_reading_from_any_site_without_cookies(client):
    OrganisationFactory()
    response = client.get("/api/v1/organisations", HTTP_ORIGIN="https://www.stadt-auerbach.de")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        "/api/v1/organisations",
        HTTP_ORIGIN="https://www.stadt-auerbach.de",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")
    # Pages of the platform itself are not opened to other sites.
    page = client.get("/", HTTP_ORIGIN="https://www.stadt-auerbach.de")
    assert "Access-Control-Allow-Origin" not in page


def test_no_cookie_is_set(client):
    OrganisationFactory()
    response = client.get("/api/v1/organisations")
    assert not response.cookies
    # The answer depends on the language asked for, never on a cookie: caches may share it.
    assert "Cookie" not in response["Vary"]
    assert "Accept-Language" in response["Vary"]


def test_writing_is_not_allowed(client):
    OrganisationFactory(slug="goeltzschtal")
    assert client.post("/api/v1/organisations/goeltzschtal").status_code == 405
    assert client.delete("/api/v1/organisations/goeltzschtal").status_code == 405


def test_rate_limit_answers_429_with_retry_after(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api.read:ip": "3/h"}
    OrganisationFactory()
    statuses = [client.get("/api/v1/organisations").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/organisations")
    assert response["Retry-After"]
    assert response.json()["detail"]


def test_a_logged_in_member_of_staff_gets_what_a_visitor_gets(client, org_admin, organisation):
    anonymous = client.get(f"/api/v1/organisations/{organisation.slug}").content
    client.force_login(org_admin)
    assert client.get(f"/api/v1/organisations/{organisation.slug}").content == anonymous


def test_organisation_names_its_licence(client):
    OrganisationFactory(slug="goeltzschtal", name="Städteverbund Göltzschtal")
    body = client.get("/api/v1/organisations/goeltzschtal").json()
    assert body["licence"]["code"] == "dl-by-de/2.0"
    assert body["licence"]["uri"] == "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
    assert body["licence"]["attribution"] == "Städteverbund Göltzschtal"
    assert "contact_email" not in body
    assert "contact_phone" not in body


def test_openapi_description_lists_the_endpoints(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["version"] == "1"
    assert "/api/v1/organisations" in schema["paths"]


def test_docs_page_lists_endpoints_and_fields(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "/api/v1/organisations" in content
    assert "OrganisationOut" in content


def test_swagger_ui_comes_from_our_own_static_files(client):
    response = client.get("/api/docs/try/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in content
    assert "cdn" not in content.lower()


def test_api_index_names_where_to_start(client):
    body = client.get("/api/v1/").json()
    assert body["organisations"].endswith("/api/v1/organisations")
    assert body["openapi"].endswith("/api/v1/openapi.json")
