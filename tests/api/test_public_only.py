"""The API shows only what an anonymous visitor may see: a walk over every endpoint and every field.

The demo is loaded (every part of the process has content), then private data is planted where the
platform keeps it — names of people, e-mail addresses and telephone numbers, moderators' notes,
suggestions not yet taken in, registrations, a hidden and a pending contribution, an unpublished
process, event and module — each carrying the marker "SECRET". The walk then reads every path of the
OpenAPI description, fills its parameters from the lists it has read (organisations, processes, ids),
follows every page of every list, and fails on:
- any answer that is not JSON 200 (a 404 is allowed only where an endpoint's item is not public);
- the marker anywhere in any answer;
- a field whose name says it holds a person or contact data;
- an item whose public page (`url`) an anonymous visitor cannot open.
New endpoints are walked without changing this test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone, translation

from tests.demo.command import load_demo
from zukunftswerkstatt.accounts.models import User
from zukunftswerkstatt.core.models import Organisation
from zukunftswerkstatt.processes.services import process_create_from_blueprint

pytestmark = pytest.mark.django_db

MARKER = "SECRET"
# Field names that would carry a person or their contact data; none may appear in any answer.
FORBIDDEN_KEY = re.compile(
    r"(^|_)(author|authors|user|users|email|e_mail|phone|telephone|contact|contacts|registrations?|"
    r"answered_by|changed_by|imported_by|recorded_by|created_by|moderator|note|notes|ip|token|password|"
    r"display_name|guest|sender|voter|voters|respondent|respondents)($|_)"
)
# Keys that look like the pattern but hold no person (documented in docs/api.md): the number of people
# who answered a survey question (suppressed below five, as on the results page).
ALLOWED_KEYS = {"respondents"}
URL_CHECKS_PER_ENDPOINT = 25


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _plant_private_data() -> None:
    """Private data with the marker in every place the platform keeps it."""
    from zukunftswerkstatt.events.models import Event, Registration
    from zukunftswerkstatt.ideas.models import GuestContact, Idea, OfflineContact, Visibility
    from zukunftswerkstatt.inventory.models import InventoryItem, InventorySuggestion
    from zukunftswerkstatt.plans.models import HelpOffer, Measure
    from zukunftswerkstatt.swot.models import SwotSuggestion

    for user in User.objects.all():
        user.display_name = f"{MARKER}-NAME-{user.pk}"
        user.email = f"{MARKER.lower()}-{user.pk}@example.org"
        user.save(update_fields=["display_name", "email"])
    Idea.objects.update(moderator_note=f"{MARKER}-NOTE")
    Idea.objects.exclude(author_name="").update(author_name=f"{MARKER}-GUEST")
    for contact in GuestContact.objects.all():
        GuestContact.objects.filter(pk=contact.pk).update(email=f"secret-{contact.pk}@example.org")
    OfflineContact.objects.update(name=f"{MARKER}-SENDER", contact=f"{MARKER}-SENDER-ADDRESS")
    published = Idea.objects.filter(visibility=Visibility.PUBLISHED).order_by("pk")
    hidden, pending = published[0], published[1]
    Idea.objects.filter(pk=hidden.pk).update(
        visibility=Visibility.HIDDEN, title=f"{MARKER}-HIDDEN", hidden_reason="Off topic"
    )
    Idea.objects.filter(pk=pending.pk).update(visibility=Visibility.PENDING, title=f"{MARKER}-PENDING")
    for registration in Registration.objects.all():
        Registration.objects.filter(pk=registration.pk).update(
            name=f"{MARKER}-REGISTRANT", email=f"secret-{registration.pk}@example.org", phone="0000 SECRET"
        )
    Event.objects.filter(pk=Event.objects.order_by("pk").first().pk).update(
        is_published=False, title=f"{MARKER}-EVENT", description=f"{MARKER}-EVENT"
    )
    InventoryItem.objects.update(
        contact_name=f"{MARKER}-CONTACT", contact_phone="0000 SECRET", contact_email="secret-inv@example.org"
    )
    InventorySuggestion.objects.update(title=f"{MARKER}-SUGGESTION", author_name=f"{MARKER}-GUEST")
    SwotSuggestion.objects.update(
        statement=f"{MARKER}-SUGGESTION", author_name=f"{MARKER}-GUEST", email="s@example.org"
    )
    Measure.objects.update(contact_name=f"{MARKER}-CONTACT", contact_email="secret-m@example.org", contact_phone="0")
    HelpOffer.objects.update(message=f"{MARKER}-HELP")
    _plant_survey_texts()
    organisation = Organisation.objects.get(slug="goeltzschtal")
    hidden_process = process_create_from_blueprint(
        organisation=organisation,
        title=f"{MARKER}-PROCESS",
        slug="secret-process",
        theme=f"{MARKER}-THEME",
        start=timezone.now(),
    )
    assert not hidden_process.is_published


def _plant_survey_texts() -> None:
    """Free-text answers are public only as quotes the team marked publishable; every other one is private."""
    from zukunftswerkstatt.surveys.models import Answer, TextReview

    Answer.objects.exclude(text="").exclude(text_review=TextReview.PUBLISHED).update(text=f"{MARKER}-TEXT")


def _strings(value) -> Iterator[tuple[str, object]]:
    """(key, value) of every field at any depth."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key, inner
            yield from _strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner)


class Walk:
    def __init__(self, client: Client, site_url: str) -> None:
        self.client = client
        self.site_url = site_url.rstrip("/")
        self.problems: list[str] = []
        self.items: dict[str, list[dict]] = {}
        self.urls: dict[str, str] = {}  # public page → the API path that named it
        self.pages_read = 0

    def read_all(self, path: str) -> list[dict] | dict | None:
        """Every item of a list (following `next`), or the one object; None where not found."""
        url: str | None = path
        items: list[dict] = []
        first = True
        while url:
            response = self.client.get(url, HTTP_ACCEPT_LANGUAGE="en")
            self.pages_read += 1
            if response.status_code == 404 and first:
                return None
            if response.status_code != 200:
                self.problems.append(f"{url}: {response.status_code} {response.content[:200]!r}")
                return None
            text = response.content.decode()
            if MARKER in text or MARKER.lower() in text:
                self.problems.append(f"{url}: private data ({text[max(0, text.find(MARKER) - 80) :][:200]})")
            body = response.json()
            self._check_fields(path, body)
            if isinstance(body, dict) and "results" in body and "next" in body:
                items += body["results"]
                url = body["next"]
                if url:
                    url = url.removeprefix(self.site_url)
                first = False
                continue
            return body
        return items

    def _check_fields(self, path: str, body) -> None:
        for key, value in _strings(body):
            if FORBIDDEN_KEY.search(key) and key not in ALLOWED_KEYS:
                self.problems.append(f"{path}: field {key!r} may hold a person or contact data")
            # Pictures (/media/) are files the web server hands out, not pages (tests/deploy check them).
            if key == "url" and isinstance(value, str) and value.startswith(self.site_url) and "/media/" not in value:
                self.urls.setdefault(value, path)

    def check_public_pages(self) -> None:
        checked: dict[str, int] = {}
        for url, api_path in self.urls.items():
            template = re.sub(r"\d+", "N", api_path)
            if checked.get(template, 0) >= URL_CHECKS_PER_ENDPOINT:
                continue
            checked[template] = checked.get(template, 0) + 1
            page = urlsplit(url)
            path = page.path + (f"?{page.query}" if page.query else "")
            response = Client().get(path)  # a visitor without an account or cookies
            if response.status_code != 200:
                self.problems.append(f"{url} (named by {api_path}): a visitor gets {response.status_code}")


def _files_feeds_and_boxes(client: Client) -> list[str]:
    """The open data files, the catalogue, the feeds and the embeds of every process hold no marker either."""
    from zukunftswerkstatt.feeds.feeds import KINDS
    from zukunftswerkstatt.opendata.datasets import DATASETS
    from zukunftswerkstatt.processes.models import Process

    problems = []
    paths = ["/open-data/goeltzschtal/catalog.rdf"]
    for process in Process.objects.select_related("organisation"):
        base = f"{process.organisation.slug}/{process.slug}"
        paths += [f"/open-data/{base}/", f"/open-data/{base}/datapackage.json", f"/feeds/{base}/"]
        paths += [f"/open-data/{base}/{key}.{fmt}" for key, d in DATASETS.items() for fmt in d.formats]
        paths += [f"/feeds/{base}/{kind}.{fmt}" for kind in (*KINDS, "all") for fmt in ("rss", "atom")]
        paths += [f"/embed/{base}/{box}/" for box in ("phase", "contributions", "events")]
    for path in paths:
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8")
        if "secret-process" in path:
            if response.status_code != 404:
                problems.append(f"{path}: an unpublished process answers {response.status_code}")
            continue
        if response.status_code != 200:
            problems.append(f"{path}: {response.status_code}")
        elif MARKER in text or MARKER.lower() in text:
            problems.append(f"{path}: private data ({text[max(0, text.find(MARKER) - 80) :][:200]})")
    return problems


def _expand(walk: Walk, template: str, schema_paths: set[str]) -> list[str]:
    """Concrete paths for a path template: each {parameter} is filled from the list before it."""
    match = re.search(r"\{(\w+)\}", template)
    if not match:
        return [template]
    prefix = template[: match.start()].rstrip("/")
    rest = template[match.end() :]
    concrete = []
    for prefix_path in _expand(walk, prefix, schema_paths):
        listed = walk.read_all(prefix_path)
        if not isinstance(listed, list):
            continue
        for item in listed:
            key = item.get("slug") if "slug" in item and match.group(1) in {"org", "slug", "process"} else None
            key = key if key is not None else item.get("id", item.get("slug", item.get("key")))
            if key is not None:
                concrete += _expand(walk, f"{prefix_path}/{key}{rest}", schema_paths)
    return concrete


def test_every_endpoint_and_field_shows_only_what_a_visitor_may_see(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api.read:ip": "1000000/h"}
    load_demo()
    _plant_private_data()
    schema = client.get("/api/v1/openapi.json").json()
    templates = sorted(path for path, methods in schema["paths"].items() if "get" in methods)
    assert len(templates) >= 2
    walk = Walk(client, settings.SITE_URL)
    walked = []
    not_reached = []
    for template in templates:
        paths = _expand(walk, template, set(templates))
        if not paths:
            not_reached.append(template)
        for path in paths:
            walked.append(path)
            walk.read_all(path)
    # The demo has content for every endpoint: each one is read at least once.
    assert not not_reached, f"no concrete address for: {not_reached}"
    walk.check_public_pages()
    walk.problems += _files_feeds_and_boxes(client)
    assert not walk.problems, "\n".join(walk.problems[:40])
    # The walk reached the demo's content, not just empty lists.
    assert len(walked) >= len(templates)
    assert walk.urls


def test_the_walk_notices_a_leak(client, settings):
    """The checks above can fail: a marker, a person's field and a page a visitor cannot open."""
    walk = Walk(client, settings.SITE_URL)
    walk._check_fields(
        "/api/v1/x", {"results": [{"id": 1, "author_name": "Anna", "url": settings.SITE_URL + "/nope/"}]}
    )
    walk.check_public_pages()
    assert any("author_name" in problem for problem in walk.problems)
    assert any("/nope/" in problem and "404" in problem for problem in walk.problems)
    assert FORBIDDEN_KEY.search("contact_email")
    assert not FORBIDDEN_KEY.search("title")
