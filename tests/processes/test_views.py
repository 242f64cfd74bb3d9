"""The public process, phase and module pages: who sees what, and how many queries it costs."""

import datetime as dt

import pytest
from django.urls import reverse
from freezegun import freeze_time

from tests.factories import ProcessFactory
from zukunftswerkstatt.processes.models import PhaseState
from zukunftswerkstatt.processes.services import module_create, phase_create

pytestmark = pytest.mark.django_db

TEAM_AND_PLATFORM = ["staff_a", "moderator", "org_admin", "platform_admin"]
OUTSIDERS = ["participant", "other_org_admin"]


@pytest.fixture
def unpublished_process(process):
    process.is_published = False
    process.save(update_fields=["is_published"])
    return process


@pytest.fixture
def workshop(process):
    return process.phases.get(type="workshop")


@pytest.fixture
def information(workshop):
    return module_create(
        phase=workshop, type="information", title="So funktioniert die Werkstatt", description="Drei Schritte."
    )


@pytest.fixture
def draft_module(workshop):
    return module_create(phase=workshop, type="information", title="Entwurf der Anleitung", is_published=False)


def get_as(request, client, role: str | None, url: str):
    if role is not None:
        client.force_login(request.getfixturevalue(role))
    return client.get(url)


# The process page


def test_process_page_shows_title_theme_towns_and_the_running_phase(client, process):
    response = client.get(process.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert "Attraktiv im Wandel" in content
    assert "Demografischer Wandel" in content
    assert "Auerbach/Vogtl." in content
    assert "Ellefeld" in content
    assert response.context["current"].phase.type == "workshop"


def test_process_page_links_every_phase_and_published_module(client, process, information, draft_module):
    content = client.get(process.get_absolute_url()).content.decode()
    for phase in process.phases.all():
        assert phase.get_absolute_url() in content
    assert information.get_absolute_url() in content
    assert draft_module.title not in content


def test_process_page_before_the_process_starts_has_no_running_phase(client, process):
    with freeze_time(process.phases.first().start - dt.timedelta(days=1)):
        response = client.get(process.get_absolute_url())
    assert response.context["current"] is None
    assert {entry.state for entry in response.context["timeline"]} == {PhaseState.UPCOMING}


def test_process_page_after_the_process_ends_shows_every_phase_finished(client, process):
    with freeze_time(process.phases.last().end):
        response = client.get(process.get_absolute_url())
    assert response.context["current"] is None
    assert {entry.state for entry in response.context["timeline"]} == {PhaseState.FINISHED}


@pytest.mark.parametrize("role", [None, *OUTSIDERS, *TEAM_AND_PLATFORM])
def test_everyone_sees_a_published_process(request, client, process, role):
    assert get_as(request, client, role, process.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("role", [None, *OUTSIDERS])
def test_an_unpublished_process_does_not_exist_for_the_public_or_another_organisation(
    request, client, unpublished_process, role
):
    assert get_as(request, client, role, unpublished_process.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("role", TEAM_AND_PLATFORM)
def test_the_organisation_team_sees_an_unpublished_process_marked_as_a_draft(
    request, client, unpublished_process, role
):
    response = get_as(request, client, role, unpublished_process.get_absolute_url())
    assert response.status_code == 200
    assert 'class="badge badge--draft"' in response.content.decode()


def test_a_process_is_found_only_under_its_own_organisation(client, process, other_organisation):
    url = reverse(
        "processes:detail", kwargs={"organisation_slug": other_organisation.slug, "process_slug": process.slug}
    )
    assert client.get(url).status_code == 404


def test_an_unknown_process_is_not_found(client, organisation):
    url = reverse("processes:detail", kwargs={"organisation_slug": organisation.slug, "process_slug": "gibt-es-nicht"})
    assert client.get(url).status_code == 404


# The phase page


def test_phase_page_shows_the_phase_its_state_and_its_published_modules(client, workshop, information, draft_module):
    response = client.get(workshop.get_absolute_url())
    assert response.status_code == 200
    assert response.context["entry"].phase == workshop
    assert response.context["entry"].number == 3
    assert response.context["entry"].state == PhaseState.RUNNING
    content = response.content.decode()
    assert information.title in content
    assert draft_module.title not in content


def test_phase_page_of_an_unpublished_process_does_not_exist_for_the_public(client, unpublished_process):
    phase = unpublished_process.phases.first()
    assert client.get(phase.get_absolute_url()).status_code == 404


def test_phase_page_of_an_unpublished_process_is_shown_to_the_organisation_team(
    client_for, staff_a, unpublished_process
):
    phase = unpublished_process.phases.first()
    assert client_for(staff_a).get(phase.get_absolute_url()).status_code == 200


def test_phase_page_does_not_show_a_phase_of_another_process(client, process, organisation):
    stranger = ProcessFactory(organisation=organisation, slug="anderer-prozess")
    foreign = phase_create(
        process=stranger, type="kickoff", start=process.phases.first().start, end=process.phases.first().end
    )
    url = reverse(
        "processes:phase",
        kwargs={"organisation_slug": organisation.slug, "process_slug": process.slug, "phase_pk": foreign.pk},
    )
    assert client.get(url).status_code == 404


# The module page


def test_module_page_shows_a_published_module_to_the_public(client, information):
    response = client.get(information.get_absolute_url())
    assert response.status_code == 200
    assert "Drei Schritte." in response.content.decode()


@pytest.mark.parametrize("role", [None, "participant", "other_org_admin"])
def test_an_unpublished_module_does_not_exist_outside_the_organisations_team(request, client, draft_module, role):
    assert get_as(request, client, role, draft_module.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("role", ["staff_a", "moderator", "org_admin", "platform_admin"])
def test_an_unpublished_module_is_shown_to_the_organisations_team(request, client, draft_module, role):
    assert get_as(request, client, role, draft_module.get_absolute_url()).status_code == 200


def test_module_page_of_an_unpublished_process_does_not_exist_for_the_public(client, information, unpublished_process):
    assert client.get(information.get_absolute_url()).status_code == 404


def test_module_page_does_not_show_a_module_of_another_process(client, process, organisation):
    stranger = ProcessFactory(organisation=organisation, slug="anderer-prozess")
    phase = phase_create(
        process=stranger, type="kickoff", start=process.phases.first().start, end=process.phases.first().end
    )
    foreign = module_create(phase=phase, type="information", title="Fremd")
    url = reverse(
        "processes:module",
        kwargs={"organisation_slug": organisation.slug, "process_slug": process.slug, "module_pk": foreign.pk},
    )
    assert client.get(url).status_code == 404


# Queries: the process page costs the same however many phases and modules it shows


def add_phases_and_modules(process) -> None:
    last = process.phases.last()
    phase_create(
        process=process, type="review", name="Abschlussbilanz", start=last.end, end=last.end + dt.timedelta(weeks=4)
    )
    for phase in process.phases.all():
        for number in range(3):
            module_create(phase=phase, type="information", title=f"{phase.type} {number}")


# process with organisation, organisation for the frame, phases, modules, towns, events, and the next
# event to register for when no module of the running phase offers a main action (processes.selectors)
PROCESS_PAGE_QUERIES = 7


def test_process_page_query_count_is_pinned(client, process, django_assert_num_queries):
    url = process.get_absolute_url()
    with django_assert_num_queries(PROCESS_PAGE_QUERIES):
        assert client.get(url).status_code == 200


def test_process_page_query_count_does_not_grow_with_phases_and_modules(client, process, django_assert_num_queries):
    add_phases_and_modules(process)
    url = process.get_absolute_url()
    with django_assert_num_queries(PROCESS_PAGE_QUERIES):
        response = client.get(url)
    assert len(response.context["timeline"]) == 6
    assert sum(len(entry.modules) for entry in response.context["timeline"]) == 18


def test_process_page_query_count_for_a_logged_in_team_member_does_not_grow(
    client_for, staff_a, process, django_assert_max_num_queries, django_assert_num_queries
):
    client = client_for(staff_a)
    url = process.get_absolute_url()
    with django_assert_max_num_queries(20) as before:
        client.get(url)
    add_phases_and_modules(process)
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(url)


def test_phase_page_query_count_does_not_grow_with_phases_and_modules(
    client, process, django_assert_max_num_queries, django_assert_num_queries
):
    url = process.phases.get(type="workshop").get_absolute_url()
    with django_assert_max_num_queries(10) as before:
        client.get(url)
    add_phases_and_modules(process)
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(url)
