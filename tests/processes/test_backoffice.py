"""Processes and phases in the back office (Django's admin at /admin/, scoped to the person's organisations)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MunicipalityFactory, OrganisationFactory
from zukunftswerkstatt.processes.models import Process
from zukunftswerkstatt.processes.services import process_create_from_blueprint

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:processes_process_changelist")
ADD = reverse("admin:processes_process_add")
OVERLAP = "überschneiden sich"  # the back office speaks German by default


def change_url(process) -> str:
    return reverse("admin:processes_process_change", args=[process.pk])


@pytest.fixture
def foreign_process(other_organisation):
    return process_create_from_blueprint(
        organisation=other_organisation,
        title="Geheimer Prozess des Nachbarn",
        slug="nachbar",
        theme="Wandel",
        start=timezone.now(),
    )


def process_form_data(process: Process, **changes) -> dict:
    """The change form as the browser would send it back, phases included."""
    data = {
        "organisation": process.organisation_id,
        "title": process.title,
        "slug": process.slug,
        "theme": process.theme,
        "description": process.description,
        "municipalities": [m.pk for m in process.municipalities.all()],
        "blueprint": process.blueprint,
        "is_published": "on" if process.is_published else "",
        "allow_overlapping_phases": "on" if process.allow_overlapping_phases else "",
        "phases-TOTAL_FORMS": process.phases.count(),
        "phases-INITIAL_FORMS": process.phases.count(),
        "phases-MIN_NUM_FORMS": 0,
        "phases-MAX_NUM_FORMS": 1000,
        "_save": "Sichern",
    }
    for index, phase in enumerate(process.phases.all()):
        start, end = timezone.localtime(phase.start), timezone.localtime(phase.end)
        data |= {
            f"phases-{index}-id": phase.pk,
            f"phases-{index}-process": process.pk,
            f"phases-{index}-type": phase.type,
            f"phases-{index}-name": phase.name,
            f"phases-{index}-start": local_input(start),
            f"phases-{index}-end": local_input(end),
            f"phases-{index}-description": phase.description,
        }
    data |= changes
    return {key: value for key, value in data.items() if value != ""}


def local_input(moment: dt.datetime) -> str:
    """A moment as the back office's date-and-time input sends it."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


# Who gets in


@pytest.mark.parametrize("role", [None, "participant"])
def test_people_without_a_role_are_sent_to_the_back_office_login(request, client, role):
    if role:
        client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("role", ["staff_a", "moderator", "org_admin", "platform_admin"])
def test_people_with_a_role_get_into_the_back_office(request, client, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("admin:index")).status_code == 200


def test_participant_cannot_open_a_process_in_the_back_office(client_for, participant, process):
    response = client_for(participant).get(change_url(process))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


# Organisation administrators


def test_org_admin_sees_only_their_organisations_processes(client_for, org_admin, process, foreign_process):
    response = client_for(org_admin).get(CHANGELIST)
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [process]
    assert foreign_process.title not in response.content.decode()


def test_platform_admin_sees_every_organisations_processes(client_for, platform_admin, process, foreign_process):
    response = client_for(platform_admin).get(CHANGELIST)
    assert set(response.context["cl"].result_list) == {process, foreign_process}


def test_org_admin_cannot_open_another_organisations_process(client_for, org_admin, foreign_process):
    # Django's admin answers a row outside the person's queryset exactly like a missing one:
    # back to the index with "does not exist", so not even the existence leaks.
    client = client_for(org_admin)
    response = client.get(change_url(foreign_process))
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    missing = client.get(reverse("admin:processes_process_change", args=[foreign_process.pk + 1000]))
    assert (missing.status_code, missing.url) == (302, response.url)
    page = client.get(response.url)
    assert foreign_process.title not in page.content.decode()


def test_org_admin_cannot_change_another_organisations_process(client_for, org_admin, foreign_process):
    response = client_for(org_admin).post(
        change_url(foreign_process), process_form_data(foreign_process, title="Übernommen")
    )
    assert response.status_code in {302, 403, 404}
    foreign_process.refresh_from_db()
    assert foreign_process.title == "Geheimer Prozess des Nachbarn"


def test_org_admin_changes_their_process(client_for, org_admin, process):
    response = client_for(org_admin).post(change_url(process), process_form_data(process, title="Attraktiv für alle"))
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.title == "Attraktiv für alle"
    assert process.phases.count() == 5


def test_org_admin_adds_a_process_and_gets_the_five_blueprint_phases(client_for, org_admin, organisation, town_a):
    data = {
        "organisation": organisation.pk,
        "title": "Zweiter Durchgang",
        "slug": "zweiter-durchgang",
        "theme": "Demografischer Wandel",
        "municipalities": [town_a.pk],
        "blueprint": "zukunftswerkstatt",
        "blueprint_start": "2026-09-01",
        "phases-TOTAL_FORMS": 0,
        "phases-INITIAL_FORMS": 0,
        "phases-MIN_NUM_FORMS": 0,
        "phases-MAX_NUM_FORMS": 1000,
        "_save": "Sichern",
    }
    response = client_for(org_admin).post(ADD, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    process = Process.objects.get(slug="zweiter-durchgang")
    phases = list(process.phases.all())
    assert [phase.type for phase in phases] == ["kickoff", "profile", "workshop", "action_plan", "review"]
    assert timezone.localtime(phases[0].start) == timezone.make_aware(dt.datetime(2026, 9, 1))  # noqa: DTZ001
    assert all(earlier.end == later.start for earlier, later in zip(phases, phases[1:], strict=False))


def test_org_admin_can_add_a_process_only_for_their_own_organisation(client_for, org_admin, other_organisation):
    client = client_for(org_admin)
    form = client.get(ADD).context["adminform"].form
    assert list(form.fields["organisation"].queryset) == [org_admin.memberships.get().organisation]
    data = {
        "organisation": other_organisation.pk,
        "title": "Untergeschoben",
        "slug": "untergeschoben",
        "theme": "Wandel",
        "blueprint": "zukunftswerkstatt",
        "blueprint_start": "2026-09-01",
        "phases-TOTAL_FORMS": 0,
        "phases-INITIAL_FORMS": 0,
        "phases-MIN_NUM_FORMS": 0,
        "phases-MAX_NUM_FORMS": 1000,
    }
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert "organisation" in response.context["adminform"].form.errors
    assert not Process.objects.filter(slug="untergeschoben").exists()


def test_org_admin_sees_and_edits_the_phases_of_their_process(client_for, org_admin, process):
    response = client_for(org_admin).get(change_url(process))
    assert response.status_code == 200
    assert 'name="phases-TOTAL_FORMS"' in response.content.decode()


# The phase inline


def test_phase_inline_refuses_overlapping_phases_with_a_clear_error_and_keeps_the_input(client_for, org_admin, process):
    workshop = process.phases.get(type="workshop")
    new_end = timezone.localtime(workshop.end) + dt.timedelta(days=3)
    data = process_form_data(
        process,
        **{"phases-2-name": "Werkstatt verlängert", "phases-2-end": local_input(new_end)},
    )
    response = client_for(org_admin).post(change_url(process), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert OVERLAP in content
    assert "Werkstatt verlängert" in content  # the phase's label in the message and the typed name in its field
    assert f'value="{local_input(new_end)}"' in content
    workshop.refresh_from_db()
    assert workshop.name == ""
    assert workshop.end != new_end


def test_phase_inline_allows_overlapping_phases_when_the_process_allows_them(client_for, org_admin, process):
    workshop = process.phases.get(type="workshop")
    new_end = timezone.localtime(workshop.end) + dt.timedelta(days=3)
    data = process_form_data(process, **{"allow_overlapping_phases": "on", "phases-2-end": local_input(new_end)})
    response = client_for(org_admin).post(change_url(process), data)
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.end == new_end


def test_phase_inline_accepts_moving_all_phases_at_once(client_for, org_admin, process):
    week = dt.timedelta(weeks=1)
    changes = {}
    for index, phase in enumerate(process.phases.all()):
        changes[f"phases-{index}-start"] = local_input(phase.start + week)
        changes[f"phases-{index}-end"] = local_input(phase.end + week)
    before = [phase.start for phase in process.phases.all()]
    response = client_for(org_admin).post(change_url(process), process_form_data(process, **changes))
    assert response.status_code == 302
    assert [timezone.localtime(p.start).date() for p in process.phases.all()] == [
        (timezone.localtime(start) + week).date() for start in before
    ]


def test_phase_inline_refuses_a_phase_that_ends_before_it_starts(client_for, org_admin, process):
    kickoff = process.phases.get(type="kickoff")
    data = process_form_data(process, **{"phases-0-end": local_input(kickoff.start - dt.timedelta(days=2))})
    response = client_for(org_admin).post(change_url(process), data)
    assert response.status_code == 200
    kickoff.refresh_from_db()
    assert kickoff.end > kickoff.start


# Town staff and moderators look, but do not change


@pytest.mark.parametrize("role", ["staff_a", "moderator"])
def test_town_staff_and_moderators_see_the_process_list(request, client, process, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [process]


@pytest.mark.parametrize("role", ["staff_a", "moderator"])
def test_town_staff_and_moderators_can_view_a_process_and_its_phases_read_only(request, client, process, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(change_url(process))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="title"' not in content
    assert 'name="_save"' not in content
    assert "Attraktiv im Wandel" in content
    assert "Kommunalprofil" in content  # the phases are listed, read only


@pytest.mark.parametrize("role", ["staff_a", "moderator"])
def test_town_staff_and_moderators_cannot_change_a_process(request, client, process, role):
    client.force_login(request.getfixturevalue(role))
    response = client.post(change_url(process), process_form_data(process, title="Geändert"))
    assert response.status_code == 403
    process.refresh_from_db()
    assert process.title == "Attraktiv im Wandel"


@pytest.mark.parametrize("role", ["staff_a", "moderator"])
def test_town_staff_and_moderators_cannot_add_a_process(request, client, organisation, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(ADD).status_code == 403


@pytest.mark.parametrize("role", ["staff_a", "moderator"])
def test_town_staff_and_moderators_cannot_delete_a_process(request, client, process, role):
    client.force_login(request.getfixturevalue(role))
    response = client.post(reverse("admin:processes_process_delete", args=[process.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Process.objects.filter(pk=process.pk).exists()


def test_a_process_cannot_have_towns_of_another_organisation_in_scope(client_for, platform_admin, process):
    foreign_town = MunicipalityFactory(organisation=OrganisationFactory(slug="nachbarn"), name="Plauen", ags="14523999")
    data = process_form_data(process)
    data["municipalities"] = [*data["municipalities"], foreign_town.pk]
    response = client_for(platform_admin).post(change_url(process), data)
    assert response.status_code == 200
    assert "municipalities" in response.context["adminform"].form.errors
    assert foreign_town not in process.municipalities.all()


def test_a_new_process_cannot_have_towns_of_another_organisation_in_scope(client_for, platform_admin, organisation):
    foreign_town = MunicipalityFactory(organisation=OrganisationFactory(slug="nachbarn"), name="Plauen", ags="14523999")
    data = {
        "organisation": organisation.pk,
        "title": "Mit fremder Stadt",
        "slug": "mit-fremder-stadt",
        "theme": "Wandel",
        "municipalities": [foreign_town.pk],
        "blueprint": "zukunftswerkstatt",
        "phases-TOTAL_FORMS": 0,
        "phases-INITIAL_FORMS": 0,
    }
    response = client_for(platform_admin).post(ADD, data)
    assert response.status_code == 200
    assert "municipalities" in response.context["adminform"].form.errors
    assert not Process.objects.filter(slug="mit-fremder-stadt").exists()
