"""The inventory's services: validation, vocabularies of the organisation, suggestions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import MunicipalityFactory
from tests.inventory.factories import InventoryItemFactory, InventorySuggestionFactory
from zukunftswerkstatt.core.models import Topic
from zukunftswerkstatt.inventory import selectors, services
from zukunftswerkstatt.inventory.dates import format_for_input, parse_partial_date
from zukunftswerkstatt.inventory.models import DatePrecision, InventoryItem

pytestmark = pytest.mark.django_db


def test_an_entry_is_created_with_towns_and_target_groups(inventory_module, town_a, vocabularies, moderator):
    group = vocabularies["groups"]["Alle Generationen"]
    item = services.item_create(
        module=inventory_module,
        created_by=moderator,
        title="Repair-Café",
        municipalities=[town_a],
        target_groups=[group],
        since=dt.date(2022, 4, 9),
        since_precision=DatePrecision.DAY,
    )
    assert list(item.municipalities.all()) == [town_a]
    assert list(item.target_groups.all()) == [group]
    assert item.since_display == "09.04.2022"
    assert item.organisation_id == inventory_module.phase.process.organisation_id


def test_until_before_since_is_refused(inventory_module, vocabularies):
    with pytest.raises(ValidationError) as error:
        services.item_create(
            module=inventory_module,
            created_by=None,
            title="Kurz",
            since=dt.date(2020, 1, 1),
            until=dt.date(2019, 12, 31),
        )
    assert "until" in error.value.error_dict


def test_the_database_refuses_until_before_since_too(inventory_module):
    with pytest.raises(IntegrityError), transaction.atomic():
        InventoryItem.objects.create(
            module=inventory_module, title="Kurz", since=dt.date(2020, 1, 1), until=dt.date(2019, 1, 1)
        )


def test_the_same_year_since_and_until_is_fine(inventory_module):
    since, _p = parse_partial_date("2019")
    until, _p = parse_partial_date("2019", end_of_year=True)
    item = services.item_create(module=inventory_module, created_by=None, title="Ein Jahr", since=since, until=until)
    assert (item.since_display, item.until_display) == ("2019", "2019")


def test_towns_and_fields_of_another_organisation_are_refused(inventory_module, other_organisation):
    foreign_town = MunicipalityFactory(organisation=other_organisation, name="Plauen", ags="14523320")
    foreign_topic = Topic.objects.create(organisation=other_organisation, name="Fremd")
    with pytest.raises(ValidationError) as error:
        services.item_create(
            module=inventory_module,
            created_by=None,
            title="Fremd",
            municipalities=[foreign_town],
            topic=foreign_topic,
        )
    assert set(error.value.error_dict) == {"municipalities", "topic"}


def test_long_texts_are_refused_by_the_service(inventory_module):
    with pytest.raises(ValidationError) as error:
        services.item_create(module=inventory_module, created_by=None, title="Lang", description="x" * 5001)
    assert "description" in error.value.error_dict


def test_an_entry_is_updated(item_a, town_b):
    services.item_update(item=item_a, title="Neu", municipalities=[town_b], status="ended")
    item_a.refresh_from_db()
    assert (item_a.title, item_a.status, list(item_a.municipalities.all())) == ("Neu", "ended", [town_b])


def test_an_update_with_unknown_fields_is_a_programming_error(item_a):
    with pytest.raises(TypeError):
        services.item_update(item=item_a, colour="blue")


def test_a_suggestion_is_accepted_once(inventory_module, moderator):
    suggestion = InventorySuggestionFactory(module=inventory_module)
    item = services.suggestion_accept(suggestion=suggestion, by=moderator, title="Aus dem Vorschlag")
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.item, suggestion.decided_by) == ("accepted", item, moderator)
    with pytest.raises(ValidationError):
        services.suggestion_decline(suggestion=suggestion, by=moderator)


def test_a_declined_suggestion_cannot_be_accepted(inventory_module, moderator):
    suggestion = InventorySuggestionFactory(module=inventory_module)
    services.suggestion_decline(suggestion=suggestion, by=moderator, reason="doppelt")
    with pytest.raises(ValidationError):
        services.suggestion_accept(suggestion=suggestion, by=moderator, title="x")
    assert InventoryItem.objects.count() == 0


def test_the_summary_groups_entries_by_field_of_action_and_counts_statuses(
    inventory_module, item_a, item_b, item_all, process, vocabularies, django_assert_num_queries
):
    InventoryItemFactory(module=inventory_module, title="Ohne Feld", status="planned")
    with django_assert_num_queries(3):
        summary = selectors.summary_by_topic(process=process)
    names = [s.topic.name if s.topic else None for s in summary["topics"]]
    assert names[-1] is None  # entries without a field of action come last
    assert summary["total"] == 4
    assert summary["totals"] == {"running": 1, "planned": 2, "ended": 1}
    ehrenamt = next(s for s in summary["topics"] if s.topic and s.topic.name == "Ehrenamt")
    assert ehrenamt.counts == {"running": 0, "planned": 1, "ended": 0}
    assert [i.title for i in ehrenamt.items] == ["Jugendclub Ellefeld"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2019", (dt.date(2019, 1, 1), "year")),
        ("15.03.2019", (dt.date(2019, 3, 15), "day")),
        ("1.3.2019", (dt.date(2019, 3, 1), "day")),
        ("2019-03-15", (dt.date(2019, 3, 15), "day")),
        ("", (None, "year")),
        (2019, (dt.date(2019, 1, 1), "year")),
        (2019.0, (dt.date(2019, 1, 1), "year")),
    ],
)
def test_partial_dates_are_read(text, expected):
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize("text", ["bald", "1700", "31.02.2019", "2019/03/15", "20190", "3000"])
def test_unreadable_dates_are_refused(text):
    with pytest.raises(ValueError):  # noqa: PT011
        parse_partial_date(text)


def test_dates_are_written_back_as_typed():
    assert format_for_input(dt.date(2019, 12, 31), "year") == "2019"
    assert format_for_input(dt.date(2019, 3, 5), "day") == "05.03.2019"


def test_the_suggester_hears_of_the_decision(inventory_module, moderator, participant, mailoutbox, run_on_commit):
    accepted = InventorySuggestionFactory(module=inventory_module, author=participant, title="Lauftreff")
    declined = InventorySuggestionFactory(module=inventory_module, author=participant, title="Doppelt")
    guest = InventorySuggestionFactory(module=inventory_module, author_name="Gast")
    with run_on_commit():
        item = services.suggestion_accept(suggestion=accepted, by=moderator, title="Lauftreff am Stausee")
        services.suggestion_decline(suggestion=declined, by=moderator, reason="intern: gibt es schon")
        services.suggestion_decline(suggestion=guest, by=moderator)
    assert [m.to for m in mailoutbox] == [[participant.email], [participant.email]]
    assert item.get_absolute_url() in mailoutbox[0].body
    assert "intern" not in mailoutbox[1].body
