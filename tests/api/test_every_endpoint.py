"""Every endpoint of the API over the demo: content that agrees with the platform, cursors that read every
item once, bad parameters that get a 400 naming them, never a 500, and 304 for a repeated request.

The endpoints are taken from the OpenAPI description, so a new one is checked without changing this
test; what each one must contain is checked against the database below.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.test_public_only import Walk, _expand
from tests.demo.command import load_demo

pytestmark = pytest.mark.django_db

# Parameters every list takes, with a value that is wrong for each.
BAD_FOR_EVERY_LIST = ["cursor=%%%", "cursor=cD1hYmM", "page_size=0", "page_size=201", "page_size=many"]
# Filters of particular lists, with a wrong value (a 400 naming the filter).
BAD_FILTERS = {
    "contributions": ["kind=wish", "status=lost", "youth=class", "town=x", "modified_since=yesterday"],
    "events": ["when=tomorrow", "kind=party", "phase=x"],
    "inventory": ["status=gone", "provider_kind=alien", "town=x"],
    "swot": ["quadrant=middle", "topic=x"],
    "measures": ["status=lost", "topic=x"],
}


@pytest.fixture
def demo_paths(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api.read:ip": "1000000/h"}
    load_demo()
    schema = client.get("/api/v1/openapi.json").json()
    templates = sorted(path for path, methods in schema["paths"].items() if "get" in methods)
    walk = Walk(client, settings.SITE_URL)
    return {template: _expand(walk, template, set(templates)) for template in templates}


def _get(client: Client, path: str):
    return client.get(path, HTTP_ACCEPT_LANGUAGE="en")


def test_lists_are_read_completely_through_their_cursors(client, demo_paths):
    checked = 0
    for template, paths in demo_paths.items():
        for path in paths[:2]:
            whole = _get(client, path + ("&" if "?" in path else "?") + "page_size=200").json()
            if not isinstance(whole, dict) or "results" not in whole:
                continue
            assert whole["next"] is None, f"{path}: more than 200 in the demo; raise the page size here"
            url, ids, pages = path + "?page_size=2", [], 0
            while url:
                body = _get(client, url).json()
                ids += [item.get("id", item.get("slug")) for item in body["results"]]
                url = body["next"]
                pages += 1
                assert pages < 200
            assert ids == [item.get("id", item.get("slug")) for item in whole["results"]], template
            assert len(ids) == len(set(ids)), template
            checked += 1
    assert checked >= 8


def test_bad_parameters_are_400_naming_them_and_never_500(client, demo_paths):
    failures = []
    for template, paths in demo_paths.items():
        if not paths:
            continue
        path = paths[0]
        first = _get(client, path).json()
        is_list = isinstance(first, dict) and "results" in first
        name = template.rstrip("/").rsplit("/", 1)[-1]
        bad = (BAD_FOR_EVERY_LIST if is_list else []) + BAD_FILTERS.get(name, [])
        for query in bad:
            response = _get(client, f"{path}?{query}")
            parameter = query.split("=", 1)[0]
            if response.status_code != 400:
                failures.append(f"{path}?{query}: {response.status_code}")
                continue
            named = [error.get("parameter") for error in response.json().get("errors", [])]
            if parameter not in named:
                failures.append(f"{path}?{query}: the 400 names {named}, not {parameter}")
    # A missing item is a 404 in JSON, whatever the endpoint.
    for template in demo_paths:
        if template.endswith("{id}"):
            path = next(iter(demo_paths[template]), None)
            if path is None:
                continue
            missing = path.rsplit("/", 1)[0] + "/999999"
            response = _get(client, missing)
            if response.status_code != 404 or response.json().get("detail") is None:
                failures.append(f"{missing}: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_every_answer_can_be_asked_again_conditionally(client, demo_paths):
    for paths in demo_paths.values():
        for path in paths[:1]:
            response = _get(client, path)
            assert response.status_code in (200, 404), path
            if response.status_code == 404:
                continue
            assert response["ETag"], path
            again = client.get(path, HTTP_ACCEPT_LANGUAGE="en", HTTP_IF_NONE_MATCH=response["ETag"])
            assert again.status_code == 304, path


def test_content_agrees_with_the_database(client, demo_paths):
    from zukunftswerkstatt.events.models import Event
    from zukunftswerkstatt.ideas.models import Idea, Visibility
    from zukunftswerkstatt.inventory.models import InventoryItem
    from zukunftswerkstatt.plans.models import Measure
    from zukunftswerkstatt.processes.models import Process
    from zukunftswerkstatt.swot.models import SwotItem

    for process in Process.objects.published():
        base = f"/api/v1/organisations/{process.organisation.slug}/processes/{process.slug}"

        def ids(resource: str, base: str = base) -> set:
            body = _get(client, f"{base}/{resource}?page_size=200").json()
            return {item["id"] for item in body["results"]}

        assert ids("contributions") == set(
            Idea.objects.filter(
                module__phase__process=process, module__is_published=True, visibility=Visibility.PUBLISHED
            ).values_list("pk", flat=True)
        )
        assert ids("events") == set(Event.objects.published().filter(process=process).values_list("pk", flat=True))
        assert ids("measures") == set(Measure.objects.filter(process=process).values_list("pk", flat=True))
        assert ids("inventory") == set(
            InventoryItem.objects.filter(module__phase__process=process, module__is_published=True).values_list(
                "pk", flat=True
            )
        )
        assert ids("swot") == set(
            SwotItem.objects.filter(module__phase__process=process, module__is_published=True).values_list(
                "pk", flat=True
            )
        )


# Queries of each list for a page of 1 and of 200 (pinned: a change is deliberate). The same for both,
# however many items, except two short lists whose items ask their module's rules: a process whose
# running phase offers an action (one query for it) and a survey still open (one query for whether
# staff closed it). An organisation has a handful of processes and surveys, not thousands.
QUERY_BUDGET = {
    "/organisations": [3, 3],
    "/processes": [5, 6],
    "/contributions": [5, 5],
    "/events": [2, 2],
    "/inventory": [5, 5],
    "/swot": [7, 7],
    "/measures": [7, 7],
    "/surveys": [3, 4],
}


def test_lists_cost_a_fixed_number_of_queries(client, demo_paths):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    measured = {}
    for template, paths in demo_paths.items():
        suffix = "/" + template.rstrip("/").rsplit("/", 1)[-1]
        if suffix not in QUERY_BUDGET:
            continue
        path = max(paths, key=lambda p: len(_get(client, p + "?page_size=200").json()["results"]))
        counts = []
        for size in (1, 200):
            _get(client, f"{path}?page_size={size}")  # caches of the first request (translations, ...)
            with CaptureQueriesContext(connection) as queries:
                assert _get(client, f"{path}?page_size={size}").status_code == 200
            counts.append(len(queries))
        measured[suffix] = counts
    assert measured == QUERY_BUDGET
