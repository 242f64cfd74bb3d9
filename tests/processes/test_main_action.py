"""The way in: the start page and the process page lead to the main action of what runs now,
worked out by one selector from what the phase and module types declare."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from zukunftswerkstatt.events.models import Kind as EventKind
from zukunftswerkstatt.events.services import event_create
from zukunftswerkstatt.processes.registry import registry
from zukunftswerkstatt.processes.selectors import processes_main_actions
from zukunftswerkstatt.processes.services import module_create

pytestmark = pytest.mark.django_db


def phase(process, kind: str):
    return process.phases.get(type=kind)


def action_now(process, now=None):
    return processes_main_actions(processes=[process], now=now).get(process.pk)


def test_every_module_type_citizens_take_part_in_declares_its_main_action():
    # The types that are only read (information, documents, the live board at the event) declare none.
    declared = {t.identifier for t in registry.module_types.values() if t.call_to_action}
    assert {"ideas", "prioritisation", "review", "swot", "inventory"} <= declared
    assert "information" not in declared


def test_while_the_idea_collection_runs_the_main_action_is_writing_an_idea(process):
    module_create(phase=phase(process, "workshop"), type="information", title="So funktioniert es")
    ideas = module_create(phase=phase(process, "workshop"), type="ideas", title="Ideen", position=1)
    action = action_now(process)
    assert action.url == reverse("ideas:create", kwargs={"module_pk": ideas.pk})
    assert action.module == ideas


def test_an_unpublished_module_or_process_offers_nothing(process):
    module_create(phase=phase(process, "workshop"), type="ideas", title="Ideen", is_published=False)
    assert action_now(process) is None
    module_create(phase=phase(process, "workshop"), type="ideas", title="Ideen 2")
    process.is_published = False
    process.save()
    assert action_now(process) is None


def test_in_the_kick_off_the_main_action_is_registering_for_the_next_event(process):
    kickoff = phase(process, "kickoff")
    during = kickoff.start + dt.timedelta(days=1)
    with freeze_time(during):
        event = event_create(
            process=process,
            phase=kickoff,
            title="Auftakt im Rathaus",
            kind=EventKind.KICKOFF,
            start=timezone.now() + dt.timedelta(days=3),
            end=timezone.now() + dt.timedelta(days=3, hours=2),
            place_name="Rathaus",
        )
        action = action_now(process, now=during)
    assert action.url == event.get_absolute_url()
    assert "Auftakt im Rathaus" in str(action.label)


def test_in_the_action_plan_the_main_action_is_voting_while_the_vote_is_open(process):
    plan_phase = phase(process, "action_plan")
    voting = module_create(phase=plan_phase, type="prioritisation", title="Punkte vergeben")
    during = plan_phase.start + dt.timedelta(days=1)
    assert action_now(process, now=during).url == reverse("plans:prioritisation", kwargs={"module_pk": voting.pk})
    voting.settings = {"closed": True}
    voting.save()
    assert action_now(process, now=during) is None


def test_start_page_leads_to_the_main_action_and_keeps_the_offline_box(client, process):
    ideas = module_create(phase=phase(process, "workshop"), type="ideas", title="Ideen")
    page = client.get(reverse("core:home")).content.decode()
    assert reverse("ideas:create", kwargs={"module_pk": ideas.pk}) in page
    assert 'class="take-part"' in page
    assert 'id="offline-contact-title"' in page


def test_start_page_title_does_not_repeat_the_organisation(client, organisation, process):
    page = client.get(reverse("core:home")).content.decode()
    title = page.split("<title>")[1].split("</title>")[0]
    assert title.count(organisation.name) == 1, title


START_PAGE_QUERIES = 6  # organisation, its processes, their phases, running phase's modules, towns, frame


def test_start_page_query_count_is_pinned(client, process, django_assert_num_queries):
    module_create(phase=phase(process, "workshop"), type="ideas", title="Ideen")
    for number in range(5):
        module_create(phase=phase(process, "workshop"), type="information", title=f"Info {number}")
    with django_assert_num_queries(START_PAGE_QUERIES):
        assert client.get(reverse("core:home")).status_code == 200


def test_an_information_page_leads_on_to_the_phase_and_its_main_action(client, process):
    workshop = phase(process, "workshop")
    info = module_create(phase=workshop, type="information", title="So funktioniert die Zukunftswerkstatt")
    ideas = module_create(phase=workshop, type="ideas", title="Ideen", position=1)
    url = reverse(
        "processes:module",
        kwargs={"organisation_slug": process.organisation.slug, "process_slug": process.slug, "module_pk": info.pk},
    )
    page = client.get(url).content.decode()
    assert reverse("ideas:create", kwargs={"module_pk": ideas.pk}) in page
    assert workshop.get_absolute_url() in page
    assert process.get_absolute_url() in page
