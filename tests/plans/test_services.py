"""Measures, history, merging contributions, milestones, help offers and plan adoption through the services."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from tests.factories import ProcessFactory
from tests.ideas.factories import IdeaFactory
from tests.plans.conftest import german
from tests.plans.factories import MeasureFactory
from zukunftswerkstatt.ideas.models import Status as IdeaStatus
from zukunftswerkstatt.plans import selectors, services
from zukunftswerkstatt.plans.models import Measure, MeasureChange, MeasureStatus, PlanVersionStatus
from zukunftswerkstatt.processes.services import module_create


def test_measure_created_from_contributions_puts_them_into_the_plan_and_tells_their_authors(
    process, staff_a, idea_one, idea_two, author, participant, mail_on_commit
):
    with mail_on_commit():
        measure = services.measure_create(
            process=process, by=staff_a, title="Mehr Sitzgelegenheiten", ideas=[idea_one, idea_two]
        )
    assert set(measure.ideas.all()) == {idea_one, idea_two}
    idea_one.refresh_from_db()
    assert idea_one.status == IdeaStatus.IN_PLAN
    assert "Mehr Sitzgelegenheiten" in idea_one.status_reason
    recipients = {address for message in mail.outbox for address in message.to}
    assert {author.email, participant.email} <= recipients
    assert measure.status == MeasureStatus.PLANNED
    assert [c.summary for c in measure.changes.order_by("pk")] == [
        german("Measure created"),
        german("Contributions linked"),
    ]


def test_contribution_already_in_the_plan_gets_an_email_naming_the_new_measure(
    process, staff_a, idea_one, author, mail_on_commit
):
    services.measure_create(process=process, by=staff_a, title="Erste", ideas=[idea_one])
    mail.outbox.clear()
    with mail_on_commit():
        services.measure_create(process=process, by=staff_a, title="Zweite Maßnahme", ideas=[idea_one])
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [author.email]
    assert "Zweite Maßnahme" in mail.outbox[0].body


def test_merging_a_contribution_of_another_process_is_refused_and_nothing_is_created(
    process, organisation, staff_a, idea_one
):
    other = ProcessFactory(organisation=organisation, slug="anderer", is_published=True)
    from tests.factories import PhaseFactory

    phase = PhaseFactory(process=other, type="workshop")
    foreign_module = module_create(phase=phase, type="ideas", title="Andere Ideen")
    foreign = IdeaFactory(module=foreign_module, title="Fremde Idee")
    with translation.override("en"), pytest.raises(ValidationError, match="another process"):
        services.measure_create(process=process, by=staff_a, title="Gemischt", ideas=[idea_one, foreign])
    assert not Measure.objects.exists()
    idea_one.refresh_from_db()
    assert idea_one.status == IdeaStatus.NEW


def test_negative_cost_is_refused(process, staff_a):
    with pytest.raises(ValidationError) as error:
        services.measure_create(process=process, by=staff_a, title="Teuer", estimated_cost=decimal.Decimal("-1"))
    assert "estimated_cost" in error.value.error_dict


def test_end_before_start_is_refused(process, staff_a):
    with pytest.raises(ValidationError) as error:
        services.measure_create(
            process=process, by=staff_a, title="Rückwärts", start=dt.date(2027, 5, 1), end=dt.date(2027, 4, 1)
        )
    assert "end" in error.value.error_dict


def test_database_refuses_percent_over_100(measure):
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(pk=measure.pk).update(percent_complete=101)


def test_database_refuses_end_before_start(measure):
    with pytest.raises(IntegrityError), transaction.atomic():
        Measure.objects.filter(pk=measure.pk).update(start=dt.date(2027, 5, 1), end=dt.date(2027, 4, 1))


def test_update_records_old_and_new_values_and_raises_the_version(measure, staff_b):
    updated = services.measure_update(
        measure=measure, by=staff_b, expected_version=measure.version, data={"title": "Neue Bänke", "priority": "high"}
    )
    assert updated.version == measure.version + 1
    change = updated.changes.first()
    assert change.actor == staff_b
    assert change.changes["title"] == {
        "label": german("title").capitalize(),
        "old": "Bänke für alle",
        "new": "Neue Bänke",
    }
    assert change.changes["priority"]["new"] == german("high")
    assert change.version == updated.version


def test_second_editor_with_a_stale_version_gets_a_conflict_listing_the_first_editors_changes(
    measure, staff_a, staff_b
):
    opened = measure.version
    services.measure_update(measure=measure, by=staff_a, expected_version=opened, data={"title": "Version A"})
    with pytest.raises(services.MeasureConflict) as conflict:
        services.measure_update(measure=measure, by=staff_b, expected_version=opened, data={"title": "Version B"})
    assert [c.changes["title"]["new"] for c in conflict.value.changes] == ["Version A"]
    measure.refresh_from_db()
    assert measure.title == "Version A"
    # Knowingly saving again on top of the newer version works, and both changes stay in the history.
    services.measure_update(measure=measure, by=staff_b, expected_version=measure.version, data={"title": "Version B"})
    titles = [c.changes.get("title", {}).get("new") for c in measure.changes.order_by("pk")]
    assert titles[-2:] == ["Version A", "Version B"]


def test_history_service_keeps_other_apps_changes(measure, staff_a):
    entry = services.measure_history_add(
        measure=measure,
        actor=staff_a,
        summary="Fortschritt gemeldet",
        changes={"percent_complete": {"old": 0, "new": 40}},
    )
    assert entry.changes["percent_complete"]["new"] == "40"
    assert entry.changes["percent_complete"]["old"] == "0"
    assert MeasureChange.objects.filter(measure=measure).count() == 2


def test_milestones_are_kept_in_the_history(measure, staff_a):
    milestone = services.milestone_create(measure=measure, by=staff_a, title="Standorte", due_on=dt.date(2027, 3, 1))
    services.milestone_set_done(milestone=milestone, by=staff_a, done_on=dt.date(2027, 2, 20))
    summaries = list(measure.changes.order_by("pk").values_list("summary", flat=True))
    assert summaries[-2:] == [
        german("Milestone added: %(title)s") % {"title": "Standorte"},
        german("Milestone reached: %(title)s") % {"title": "Standorte"},
    ]


def test_help_offer_with_consent_goes_to_the_contact_person(measure, participant, mail_on_commit):
    with mail_on_commit():
        offer = services.help_offer_create(
            measure=measure, user=participant, message="Ich kann streichen.", share_contact=True
        )
    assert offer.forwarded_at is not None
    assert mail.outbox[0].to == ["bauamt@example.org"]
    assert participant.email in mail.outbox[0].body


def test_help_offer_without_consent_is_not_passed_on(measure, participant, mail_on_commit):
    with mail_on_commit():
        offer = services.help_offer_create(measure=measure, user=participant, message="Ich helfe.", share_contact=False)
    assert offer.forwarded_at is None
    assert mail.outbox == []


def test_follow_twice_keeps_one_follow_and_the_selector_lists_followers(measure, participant):
    services.measure_follow_set(measure=measure, user=participant, follow=True)
    services.measure_follow_set(measure=measure, user=participant, follow=True)
    assert selectors.measure_followers(measure=measure) == [participant]
    services.measure_follow_set(measure=measure, user=participant, follow=False)
    assert selectors.measure_followers(measure=measure) == []


def test_adoption_is_refused_while_a_measure_lacks_an_owner_and_lists_it(process, staff_a, measure):
    lacking = MeasureFactory(process=process, by=staff_a, title="Ohne Träger", responsible_body="", contact_name="")
    version = services.plan_version_create(process=process, by=staff_a, title="Werkstattplan")
    with pytest.raises(ValidationError, match="Ohne Träger"):
        services.plan_version_adopt(version=version, by=staff_a, adopted_on=timezone.localdate(), adopted_by="Stadtrat")
    version.refresh_from_db()
    assert version.status == PlanVersionStatus.DRAFT
    assert services.measures_lacking_owner(process) == [lacking]


def test_adopted_version_keeps_its_snapshot_when_measures_change_later(process, staff_a, measure):
    version = services.plan_version_create(process=process, by=staff_a, title="Werkstattplan 2027")
    services.plan_version_adopt(
        version=version,
        by=staff_a,
        adopted_on=timezone.localdate(),
        adopted_by="Verbandsversammlung",
        resolution="12/27",
    )
    services.measure_update(measure=measure, by=staff_a, expected_version=measure.version, data={"title": "Umbenannt"})
    version.refresh_from_db()
    assert version.status == PlanVersionStatus.ADOPTED
    assert [row["title"] for row in version.snapshot] == ["Bänke für alle"]
    with pytest.raises(ValidationError):
        services.plan_version_update(version=version, by=staff_a, title="Anders", introduction="")
    with pytest.raises(ValidationError):
        services.plan_version_adopt(version=version, by=staff_a, adopted_on=timezone.localdate(), adopted_by="Stadtrat")


def test_version_numbers_count_up(process, staff_a):
    first = services.plan_version_create(process=process, by=staff_a, title="A")
    second = services.plan_version_create(process=process, by=staff_a, title="B")
    assert (first.number, second.number) == (1, 2)


def test_followers_are_told_when_staff_change_the_measure(measure, participant, staff_a, mail_on_commit):
    services.measure_follow_set(measure=measure, user=participant, follow=True)
    with mail_on_commit():
        services.measure_update(measure=measure, by=staff_a, expected_version=measure.version, data={"partners": "TSV"})
    assert [m.to for m in mail.outbox] == [[participant.email]]
    assert "TSV" in mail.outbox[0].body


def test_a_persons_dots_offers_and_follows_are_in_their_data_export_and_go_with_the_account(
    vote_module, measure, participant
):
    from zukunftswerkstatt.accounts.services import account_delete, account_export
    from zukunftswerkstatt.plans.models import Ballot, HelpOffer

    services.dot_add(module=vote_module, user=participant, measure=measure)
    services.help_offer_create(measure=measure, user=participant, message="Ich helfe gern.", share_contact=False)
    services.measure_follow_set(measure=measure, user=participant, follow=True)
    exported = account_export(user=participant)["action_plan"]
    assert exported["dots"] == [{"module": vote_module.pk, "measure": measure.pk, "points": 1}]
    assert exported["offers_to_help"][0]["message"] == "Ich helfe gern."
    assert exported["follows"] == [measure.pk]
    account_delete(user=participant)
    assert not HelpOffer.objects.exists()
    assert not Ballot.objects.exists()
