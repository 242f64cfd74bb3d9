"""Processes in the API: published only, phases with their state and modules, what can be done now."""

from __future__ import annotations

import pytest

from tests.api.conftest import api_get

pytestmark = pytest.mark.django_db


def test_a_process_with_its_phases_modules_and_action(client, process, ideas_module, town_a, town_b):
    body = api_get(client, f"/api/v1/organisations/{process.organisation.slug}/processes/{process.slug}").json()
    assert body["title"] == process.title
    assert {town["ags"] for town in body["towns"]} == {town_a.ags, town_b.ags}
    assert [phase["type"] for phase in body["phases"]] == ["kickoff", "profile", "workshop", "action_plan", "review"]
    assert [phase["state"] for phase in body["phases"]] == ["finished", "finished", "running", "upcoming", "upcoming"]
    workshop = body["phases"][2]
    assert body["running_phase"] == workshop["id"]
    assert [module["id"] for module in workshop["modules"]] == [ideas_module.pk]
    assert body["action"]["url"].endswith(f"/ideas/m/{ideas_module.pk}/new/")
    assert body["links"]["contributions"].endswith(f"/processes/{process.slug}/contributions")
    for url in [body["url"], workshop["url"], workshop["modules"][0]["url"]]:
        assert client.get(url.split("8000", 1)[-1]).status_code == 200


def test_unpublished_processes_and_modules_are_absent(client, process, ideas_module, organisation):
    ideas_module.is_published = False
    ideas_module.save()
    body = api_get(client, f"/api/v1/organisations/{organisation.slug}/processes").json()
    assert [item["slug"] for item in body["results"]] == [process.slug]
    assert body["results"][0]["phases"][2]["modules"] == []
    process.is_published = False
    process.save()
    assert api_get(client, f"/api/v1/organisations/{organisation.slug}/processes").json()["results"] == []
    assert api_get(client, f"/api/v1/organisations/{organisation.slug}/processes/{process.slug}").status_code == 404


def test_another_organisations_process_is_not_found_under_this_one(client, process, other_organisation):
    response = api_get(client, f"/api/v1/organisations/{other_organisation.slug}/processes/{process.slug}")
    assert response.status_code == 404


def test_the_list_costs_a_fixed_number_of_queries(
    client, process, ideas_module, organisation, django_assert_num_queries
):
    # Organisation, processes, towns, phases, modules; the running phase's action asks its module's rules.
    with django_assert_num_queries(5):
        response = api_get(client, f"/api/v1/organisations/{organisation.slug}/processes")
    assert response.status_code == 200
