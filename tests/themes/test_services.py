"""Computing suggestions and the moderators' decisions, through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from zukunftswerkstatt.core.models import AuditAction, AuditEntry
from zukunftswerkstatt.ideas.models import Status
from zukunftswerkstatt.themes import services
from zukunftswerkstatt.themes.models import RunStatus, Theme, ThemeItem, ThemeRun, ThemeState
from zukunftswerkstatt.workshops.models import Card, Cluster

from .conftest import theme_of

pytestmark = pytest.mark.django_db


def _keys(theme: Theme) -> set[str]:
    return {item.key for item in theme.items.all()}


def test_a_run_groups_contributions_and_cards_of_the_process(computed, process, ideas, cards):
    assert computed.status == RunStatus.DONE
    assert computed.item_count == 8
    assert computed.theme_count == Theme.objects.filter(process=process).count() >= 3
    bus = theme_of(process, f"idea-{ideas[0].pk}")
    assert {f"idea-{ideas[0].pk}", f"idea-{ideas[1].pk}", f"card-{cards[0].pk}"} <= _keys(bus)
    assert bus.state == ThemeState.SUGGESTED
    assert 3 <= len(bus.words) <= 5
    assert theme_of(process, f"card-{cards[2].pk}") == theme_of(process, f"idea-{ideas[4].pk}")


def test_hidden_cards_and_withdrawn_contributions_are_left_out(process, ideas, cards, moderator, participant):
    from zukunftswerkstatt.ideas import services as ideas_services
    from zukunftswerkstatt.workshops import services as workshops_services

    workshops_services.card_set_hidden(session=cards[0].session, card=cards[0], hidden=True, by=moderator)
    ideas_services.idea_withdraw(idea=ideas[0], by=participant)
    run = services.theme_run_request(process=process, by=moderator)
    run = services.theme_run_execute(run_pk=run.pk)
    assert run.item_count == 6
    assert not ThemeItem.objects.filter(card=cards[0]).exists()
    assert not ThemeItem.objects.filter(idea=ideas[0]).exists()


def test_a_new_run_replaces_suggestions_and_keeps_accepted_themes(computed, process, ideas, moderator):
    accepted = theme_of(process, f"idea-{ideas[2].pk}")
    services.theme_accept(theme=accepted, by=moderator)
    kept = _keys(accepted)
    old_suggestions = set(Theme.objects.filter(state=ThemeState.SUGGESTED).values_list("pk", flat=True))
    assert old_suggestions

    run = services.theme_run_request(process=process, by=moderator)
    run = services.theme_run_execute(run_pk=run.pk)

    assert run.status == RunStatus.DONE
    assert run.item_count == 8 - len(kept)
    accepted.refresh_from_db()
    assert accepted.state == ThemeState.ACCEPTED
    assert _keys(accepted) == kept
    assert not Theme.objects.filter(pk__in=old_suggestions).exists()
    assert Theme.objects.filter(process=process, state=ThemeState.SUGGESTED, run=run).exists()
    # An item is in one theme at most.
    assert ThemeItem.objects.filter(theme__process=process).values("idea", "card").distinct().count() == (
        ThemeItem.objects.filter(theme__process=process).count()
    )


def test_a_second_run_is_refused_while_one_is_computed(process, moderator):
    services.theme_run_request(process=process, by=moderator)
    with pytest.raises(ValidationError, match="already being computed"):
        services.theme_run_request(process=process, by=moderator)


def test_a_run_whose_worker_died_is_shown_failed_and_may_be_started_again(process, moderator):
    stuck = services.theme_run_request(process=process, by=moderator)
    ThemeRun.objects.filter(pk=stuck.pk).update(
        status=RunStatus.RUNNING, started_at=timezone.now() - dt.timedelta(minutes=10)
    )
    stuck.refresh_from_db()
    assert stuck.has_failed
    assert not stuck.is_active
    again = services.theme_run_request(process=process, by=moderator)
    stuck.refresh_from_db()
    assert stuck.status == RunStatus.FAILED
    assert stuck.error
    assert again.status == RunStatus.QUEUED


def test_a_failing_computation_is_recorded_and_keeps_the_themes(computed, process, ideas, moderator, monkeypatch):
    before = set(Theme.objects.values_list("pk", flat=True))

    def broken(items):
        raise RuntimeError("out of memory")

    monkeypatch.setattr(services.clustering, "cluster", broken)
    run = services.theme_run_request(process=process, by=moderator)
    run = services.theme_run_execute(run_pk=run.pk)
    assert run.status == RunStatus.FAILED
    assert "out of memory" in run.error
    assert set(Theme.objects.values_list("pk", flat=True)) == before


def test_a_run_taken_already_is_not_computed_twice(computed):
    assert services.theme_run_execute(run_pk=computed.pk) is None


def test_rename_accept_split_move_and_dissolve_are_logged(computed, process, ideas, cards, moderator):
    theme = theme_of(process, f"idea-{ideas[0].pk}")
    services.theme_rename(theme=theme, title="  Busse   am Abend ", by=moderator)
    assert theme.title == "Busse am Abend"
    services.theme_accept(theme=theme, by=moderator)
    assert theme.accepted_by == moderator
    assert theme.accepted_at

    split = services.theme_create(process=process, title="Letzter Bus", keys=[f"card-{cards[0].pk}"], by=moderator)
    assert _keys(split) == {f"card-{cards[0].pk}"}
    assert split.is_accepted
    assert f"card-{cards[0].pk}" not in _keys(theme)

    moved = services.theme_items_move(process=process, keys=[f"card-{cards[0].pk}"], target=theme, by=moderator)
    assert moved == 1
    assert f"card-{cards[0].pk}" in _keys(theme)
    services.theme_items_move(process=process, keys=[f"idea-{ideas[1].pk}"], target=None, by=moderator)
    assert not ThemeItem.objects.filter(idea=ideas[1]).exists()

    services.theme_dissolve(theme=split, by=moderator)
    assert not Theme.objects.filter(pk=split.pk).exists()

    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == [
        AuditAction.THEMES_COMPUTED,
        AuditAction.THEME_RENAMED,
        AuditAction.THEME_ACCEPTED,
        AuditAction.THEME_CREATED,
        AuditAction.THEME_ITEMS_MOVED,
        AuditAction.THEME_ITEMS_MOVED,
        AuditAction.THEME_DISSOLVED,
    ]
    assert set(AuditEntry.objects.values_list("actor", flat=True)) == {moderator.pk}


def test_a_theme_needs_a_name_and_ticked_items_of_the_process(computed, process, ideas, moderator, other_organisation):
    theme = theme_of(process, f"idea-{ideas[0].pk}")
    with pytest.raises(ValidationError, match="name"):
        services.theme_rename(theme=theme, title="   ", by=moderator)
    with pytest.raises(ValidationError, match="at most 150"):
        services.theme_rename(theme=theme, title="x" * 151, by=moderator)
    with pytest.raises(ValidationError, match="tick"):
        services.theme_create(process=process, title="Leer", keys=["idea-999999", "card-x"], by=moderator)


def test_an_accepted_theme_becomes_a_cluster_with_the_sessions_cards(computed, process, ideas, cards, moderator):
    theme = theme_of(process, f"idea-{ideas[0].pk}")
    with pytest.raises(ValidationError, match="Accept the theme first"):
        services.theme_to_cluster(theme=theme, session=cards[0].session, by=moderator)
    services.theme_accept(theme=theme, by=moderator)
    cluster = services.theme_to_cluster(theme=theme, session=cards[0].session, by=moderator)
    assert cluster.title == theme.title
    theme_cards = {item.card_id for item in theme.items.exclude(card=None)}
    assert set(Card.objects.filter(cluster=cluster).values_list("pk", flat=True)) == theme_cards
    assert AuditEntry.objects.filter(action=AuditAction.THEME_TO_CLUSTER).count() == 1
    assert Cluster.objects.count() == 1


def test_an_accepted_theme_seeds_a_measure_with_its_contributions(computed, process, ideas, moderator, plan_module):
    theme = theme_of(process, f"idea-{ideas[0].pk}")
    services.theme_accept(theme=theme, by=moderator)
    measure = services.theme_to_measure(theme=theme, by=moderator)
    assert measure.title == theme.title
    assert measure.process == process
    theme_ideas = {item.idea_id for item in theme.items.exclude(idea=None)}
    assert set(measure.ideas.values_list("pk", flat=True)) == theme_ideas
    assert ideas[0].reference in measure.description
    ideas[0].refresh_from_db()
    assert ideas[0].status == Status.IN_PLAN
    theme.refresh_from_db()
    assert theme.measure == measure
    with pytest.raises(ValidationError, match="already started"):
        services.theme_to_measure(theme=theme, by=moderator)
    assert AuditEntry.objects.filter(action=AuditAction.THEME_TO_MEASURE).count() == 1


def test_without_an_action_plan_module_no_measure_is_started(computed, process, ideas, moderator):
    theme = theme_of(process, f"idea-{ideas[0].pk}")
    services.theme_accept(theme=theme, by=moderator)
    with pytest.raises(ValidationError, match="no action plan yet"):
        services.theme_to_measure(theme=theme, by=moderator)


def test_cards_already_in_the_idea_collection_are_not_items_twice(process, ideas, cards, session):
    from zukunftswerkstatt.themes.selectors import process_items

    alone, clustered, kept = cards[0], cards[1], cards[2]
    Card.objects.filter(pk=alone.pk).update(idea=ideas[0])  # transferred as a contribution of its own
    cluster = Cluster.objects.create(session=session, title="Nahverkehr", idea=ideas[1])  # transferred with its cluster
    Card.objects.filter(pk=clustered.pk).update(cluster=cluster)
    keys = set(process_items(process))
    assert f"card-{alone.pk}" not in keys
    assert f"card-{clustered.pk}" not in keys
    assert f"card-{kept.pk}" in keys
    assert {f"idea-{idea.pk}" for idea in ideas} <= keys
