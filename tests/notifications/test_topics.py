"""Every notification topic is honoured where its mail is sent (sent when on, not sent when off),
every such mail carries a one-click link that switches its topic off, and the settings page holds
every topic."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.personal_things import stage_for
from tests.progress.factories import progress_make
from zukunftswerkstatt.conversation.models import Comment
from zukunftswerkstatt.events.models import Event, Registration
from zukunftswerkstatt.events.notices import event_tell_change
from zukunftswerkstatt.events.services import events_send_reminders
from zukunftswerkstatt.ideas.models import Follow, Idea
from zukunftswerkstatt.ideas.services import comment_create, idea_change_status
from zukunftswerkstatt.notifications.models import NotificationSettings, Topic
from zukunftswerkstatt.notifications.services import (
    notification_settings_update,
    unsubscribe_read,
    unsubscribe_token,
)
from zukunftswerkstatt.plans.services import measure_link_ideas
from zukunftswerkstatt.progress.announcements import phases_announce, process_participants

pytestmark = pytest.mark.django_db


@pytest.fixture
def stage(process, staff_a):
    return stage_for(process, by=staff_a)


@pytest.fixture
def idea(stage, participant):
    return Idea.objects.create(
        module=stage.ideas_module,
        reference="ZW-2026-0001",
        kind="proposal",
        title="Bänke",
        text="Mehr Bänke",
        author=participant,
    )


def _event_tomorrow(stage) -> Event:
    start = timezone.now() + dt.timedelta(days=1)
    event = stage.event
    event.start, event.end = start, start + dt.timedelta(hours=2)
    event.save()
    return event


def _register(stage, person) -> Registration:
    return Registration.objects.create(
        event=stage.event, user=person, name="Paula", email=person.email, cancel_token_hash="h" * 64
    )


# What makes a mail of each topic go to `participant`; each returns nothing, mails are in the outbox.
def trigger_my_contributions(*, stage, idea, participant, staff_a, process):
    comment_create(idea=idea, author=UserFactory(), text="Gute Idee")


def trigger_official_news(*, stage, idea, participant, staff_a, process):
    idea_change_status(idea=idea, by=staff_a, status="under_review")


def trigger_followed(*, stage, idea, participant, staff_a, process):
    other = Idea.objects.create(
        module=stage.ideas_module, reference="ZW-2026-0002", kind="proposal", title="Andere", text="x"
    )
    Follow.objects.create(idea=other, user=participant)
    comment_create(idea=other, author=UserFactory(), text="Ich auch")


def trigger_events_reminder(*, stage, idea, participant, staff_a, process):
    _event_tomorrow(stage)
    _register(stage, participant)
    events_send_reminders()


def trigger_events_change(*, stage, idea, participant, staff_a, process):
    _register(stage, participant)
    stage.event.place_name = "Turnhalle"
    stage.event.save()
    event_tell_change(event=stage.event, changed_fields=["place_name"])


def trigger_my_measures_link(*, stage, idea, participant, staff_a, process):
    # Already in the plan (through another measure): the new measure is announced as such. (A first
    # link changes the contribution's status, which is announced as official news.)
    Idea.objects.filter(pk=idea.pk).update(status="in_plan")
    idea.refresh_from_db()
    measure_link_ideas(measure=stage.measure, by=staff_a, ideas=[idea])


def trigger_my_measures_progress(*, stage, idea, participant, staff_a, process):
    stage.measure.ideas.add(idea)
    progress_make(measure=stage.measure, by=staff_a, text="Die ersten Bänke stehen.")


def trigger_new_phases(*, stage, idea, participant, staff_a, process):
    # The process's workshop phase runs now; announce it as if it had begun yesterday.
    phase = process.phases.get(type="workshop")
    phase.start = timezone.now() - dt.timedelta(days=1)
    phase.save()
    phases_announce()


CASES = [
    (Topic.MY_CONTRIBUTIONS, trigger_my_contributions),
    (Topic.OFFICIAL_NEWS, trigger_official_news),
    (Topic.FOLLOWED, trigger_followed),
    (Topic.EVENTS, trigger_events_reminder),
    (Topic.EVENTS, trigger_events_change),
    (Topic.MY_MEASURES, trigger_my_measures_link),
    (Topic.MY_MEASURES, trigger_my_measures_progress),
    (Topic.NEW_PHASES, trigger_new_phases),
]


def _mails_to(person) -> list:
    return [m for m in mail.outbox if person.email in m.to]


@pytest.mark.parametrize(("topic", "trigger"), CASES, ids=[c[1].__name__.removeprefix("trigger_") for c in CASES])
@pytest.mark.parametrize("wanted", [True, False], ids=["on", "off"])
def test_each_topic_is_honoured_where_its_mail_is_sent(
    topic, trigger, wanted, stage, idea, participant, staff_a, process, django_capture_on_commit_callbacks
):
    notification_settings_update(user=participant, **{topic: wanted})
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        trigger(stage=stage, idea=idea, participant=participant, staff_a=staff_a, process=process)
    received = _mails_to(participant)
    if not wanted:
        assert received == []
        return
    assert len(received) == 1
    message = received[0]
    # The one-click link switches exactly this topic off.
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in message.body
    token = re.search(r"/unsubscribe/([^/]+)/", link).group(1)
    assert unsubscribe_read(token) == (participant.pk, topic)


def test_the_other_topics_stay_on_when_one_is_switched_off(participant):
    notification_settings_update(user=participant, events=False)
    row = NotificationSettings.objects.get(user=participant)
    assert [t for t in Topic.values if not row.wants(t)] == ["events"]


@pytest.mark.parametrize("topic", Topic.values)
def test_one_click_unsubscribe_works_for_every_topic(client, participant, topic):
    url = reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user=participant, topic=topic)})
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 200
    row = NotificationSettings.objects.get(user=participant)
    assert [t for t in Topic.values if not row.wants(t)] == [topic]


def test_the_settings_page_holds_every_topic_and_saves_it(client_for, participant):
    client = client_for(participant)
    page = client.get(reverse("notifications:settings")).content.decode()
    for topic in Topic.values:
        assert f'name="{topic}"' in page
    client.post(reverse("notifications:settings"), {t: "on" for t in Topic.values if t != "new_phases"})
    row = NotificationSettings.objects.get(user=participant)
    assert [t for t in Topic.values if not row.wants(t)] == ["new_phases"]


def test_a_guests_event_reminder_is_sent_without_settings(stage, django_capture_on_commit_callbacks):
    _event_tomorrow(stage)
    Registration.objects.create(event=stage.event, name="Gast", email="gast@example.org", cancel_token_hash="g" * 64)
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        events_send_reminders()
    assert [m.to for m in mail.outbox] == [["gast@example.org"]]
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers


def test_a_change_that_does_not_matter_for_coming_is_not_announced(stage, participant):
    _register(stage, participant)
    assert event_tell_change(event=stage.event, changed_fields=["description"]) == 0


def test_a_phase_is_announced_once_and_the_first_phase_never(
    process, stage, idea, participant, django_capture_on_commit_callbacks
):
    phase = process.phases.get(type="workshop")
    phase.start = timezone.now() - dt.timedelta(days=1)
    phase.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert phases_announce() == 1
        assert phases_announce() == 0
    first = process.phases.order_by("start").first()
    assert not phases_announce(now=first.start + dt.timedelta(hours=1))


def test_who_took_part_in_a_process(process, stage, participant):
    from tests.personal_things import make_everything

    nobody = UserFactory()
    make_everything(participant, stage, marker="x", picture=False)
    people = process_participants(process=process)
    assert participant in people
    assert nobody not in people
    assert Comment.objects.filter(author=participant).exists()
