"""Writes of the SWOT analysis: the town and the evidence must belong to the process, positions
stay in order, counts stay exact, decisions are told to the person who suggested."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from tests.factories import MunicipalityFactory
from tests.ideas.factories import IdeaFactory
from tests.swot.factories import SwotCommentFactory, SwotItemFactory, SwotSuggestionFactory
from zukunftswerkstatt.core.models import Topic
from zukunftswerkstatt.ideas.models import Visibility
from zukunftswerkstatt.processes.services import module_create, process_create_from_blueprint
from zukunftswerkstatt.swot import services
from zukunftswerkstatt.swot.models import Quadrant, SuggestionStatus, SwotItem, SwotSuggestion
from zukunftswerkstatt.swot.services import DocumentRef, IndicatorRef

pytestmark = pytest.mark.django_db


def test_item_gets_the_next_position_in_its_quadrant_and_scope(swot_module, town_a):
    first = SwotItemFactory(module=swot_module, quadrant=Quadrant.STRENGTH)
    second = SwotItemFactory(module=swot_module, quadrant=Quadrant.STRENGTH)
    other_quadrant = SwotItemFactory(module=swot_module, quadrant=Quadrant.THREAT)
    other_scope = SwotItemFactory(module=swot_module, quadrant=Quadrant.STRENGTH, municipality=town_a)
    assert [first.position, second.position, other_quadrant.position, other_scope.position] == [0, 1, 0, 0]


def test_item_for_a_town_outside_the_process_is_refused(swot_module, organisation):
    stranger_town = MunicipalityFactory(organisation=organisation, name="Falkenstein/Vogtl.")
    with pytest.raises(ValidationError) as error:
        SwotItemFactory(module=swot_module, municipality=stranger_town)
    assert "municipality" in error.value.error_dict
    assert not SwotItem.objects.exists()


def test_item_for_a_town_of_another_organisation_is_refused(swot_module, other_organisation):
    with pytest.raises(ValidationError):
        SwotItemFactory(module=swot_module, municipality=MunicipalityFactory(organisation=other_organisation))


def test_field_of_action_of_another_organisation_is_refused(swot_module, other_organisation):
    topic = Topic.objects.create(organisation=other_organisation, name="Wohnen")
    with pytest.raises(ValidationError) as error:
        SwotItemFactory(module=swot_module, topic=topic)
    assert "topic" in error.value.error_dict


def test_contribution_of_another_process_cannot_be_cited(swot_module, organisation, town_a, participant):
    other_process = process_create_from_blueprint(
        organisation=organisation,
        title="Anderer Prozess",
        slug="anderer-prozess",
        theme="Anderes",
        start=swot_module.phase.start,
        municipalities=[town_a],
        is_published=True,
    )
    other_module = module_create(
        phase=other_process.phases.get(type="workshop"), type="ideas", title="Ideen", settings={}
    )
    foreign = IdeaFactory(module=other_module, author=participant)
    with pytest.raises(ValidationError) as error:
        SwotItemFactory(module=swot_module, ideas=[foreign])
    assert "ideas" in error.value.error_dict
    assert not SwotItem.objects.exists()


def test_hidden_contribution_cannot_be_cited(swot_module, idea):
    idea.visibility = Visibility.HIDDEN
    idea.save()
    with pytest.raises(ValidationError):
        SwotItemFactory(module=swot_module, ideas=[idea])


def test_item_keeps_its_evidence(swot_module, idea, town_a):
    item = SwotItemFactory(
        module=swot_module,
        ideas=[idea],
        indicators=[IndicatorRef(key="population"), IndicatorRef(key="population", municipality=town_a)],
        documents=[DocumentRef(title="Gemeindetabelle", url="https://www.statistik.sachsen.de/", publisher="StaLa")],
    )
    assert list(item.ideas.all()) == [idea]
    assert [(i.key, i.municipality_id) for i in item.indicators.all()] == [
        ("population", None),
        ("population", town_a.pk),
    ]
    assert [d.title for d in item.documents.all()] == ["Gemeindetabelle"]


def test_the_same_indicator_twice_for_one_town_is_refused(swot_module):
    with pytest.raises(ValidationError) as error:
        SwotItemFactory(module=swot_module, indicators=[IndicatorRef(key="population"), IndicatorRef(key="population")])
    assert "indicators" in error.value.error_dict


def test_indicator_for_a_town_outside_the_process_is_refused(swot_module, other_organisation):
    with pytest.raises(ValidationError):
        SwotItemFactory(
            module=swot_module,
            indicators=[
                IndicatorRef(key="population", municipality=MunicipalityFactory(organisation=other_organisation))
            ],
        )


def test_document_without_a_valid_address_is_refused_and_nothing_is_saved(swot_module):
    with pytest.raises(ValidationError) as error:
        SwotItemFactory(module=swot_module, documents=[DocumentRef(title="Studie", url="keine adresse")])
    assert "documents" in error.value.error_dict
    assert not SwotItem.objects.exists()


def test_update_replaces_evidence_and_moving_to_another_quadrant_puts_it_last(swot_module, idea):
    SwotItemFactory(module=swot_module, quadrant=Quadrant.THREAT)
    item = SwotItemFactory(
        module=swot_module, quadrant=Quadrant.STRENGTH, documents=[DocumentRef("A", "https://a.example")]
    )
    services.swot_item_update(
        item=item,
        quadrant=Quadrant.THREAT,
        statement=" Neu ",
        ideas=[idea],
        documents=[DocumentRef("B", "https://b.example")],
    )
    item.refresh_from_db()
    assert (item.quadrant, item.statement, item.position) == (Quadrant.THREAT, "Neu", 1)
    assert [d.title for d in item.documents.all()] == ["B"]
    assert list(item.ideas.all()) == [idea]


def test_update_with_evidence_none_leaves_it(swot_module, idea):
    item = SwotItemFactory(module=swot_module, ideas=[idea])
    services.swot_item_update(item=item, quadrant=item.quadrant, statement="Anders")
    assert list(item.ideas.all()) == [idea]


def test_move_swaps_with_the_neighbour_and_stops_at_the_ends(swot_module):
    a, b, c = (SwotItemFactory(module=swot_module, statement=s) for s in "abc")
    assert services.swot_item_move(item=c, direction="up")
    ordered = list(SwotItem.objects.filter(module=swot_module).order_by("position").values_list("statement", flat=True))
    assert ordered == ["a", "c", "b"]
    assert not services.swot_item_move(item=a, direction="up")
    with pytest.raises(ValidationError):
        services.swot_item_move(item=a, direction="sideways")


def test_comment_counts_and_hiding_needs_a_reason(association_item, participant, moderator):
    comment = SwotCommentFactory(item=association_item, author=participant)
    association_item.refresh_from_db()
    assert association_item.comment_count == 1
    with pytest.raises(ValidationError):
        services.swot_comment_hide(comment=comment, moderator=moderator, reason="  ")
    report = services.swot_comment_report(comment=comment, reporter=participant, reason="Beleidigend")
    services.swot_comment_hide(comment=comment, moderator=moderator, reason="Beleidigung")
    association_item.refresh_from_db()
    report.refresh_from_db()
    assert association_item.comment_count == 0
    assert report.resolved_by == moderator
    services.swot_comment_restore(comment=comment, moderator=moderator)
    association_item.refresh_from_db()
    assert association_item.comment_count == 1


def test_suggestion_for_a_foreign_town_is_refused(swot_module, other_organisation):
    with pytest.raises(ValidationError):
        SwotSuggestionFactory(module=swot_module, municipality=MunicipalityFactory(organisation=other_organisation))


def test_accepting_makes_an_edited_item_and_tells_the_account_holder(
    swot_module, participant, moderator, idea, mail_on_commit
):
    suggestion = SwotSuggestionFactory(module=swot_module, author=participant, statement="Radweg")
    with mail_on_commit():
        item = services.swot_suggestion_accept(
            suggestion=suggestion,
            decided_by=moderator,
            quadrant=Quadrant.OPPORTUNITY,
            statement="Ein Radweg entlang der Göltzsch",
            ideas=[idea],
        )
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED
    assert suggestion.item == item
    assert item.statement == "Ein Radweg entlang der Göltzsch"
    assert list(item.ideas.all()) == [idea]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [participant.email]
    assert item.get_absolute_url() in mail.outbox[0].body


def test_a_decided_suggestion_cannot_be_decided_again(swot_module, participant, moderator):
    suggestion = SwotSuggestionFactory(module=swot_module, author=participant)
    services.swot_suggestion_decline(suggestion=suggestion, decided_by=moderator, reason="Gibt es schon.")
    with pytest.raises(ValidationError):
        services.swot_suggestion_accept(
            suggestion=suggestion, decided_by=moderator, quadrant=Quadrant.STRENGTH, statement="x"
        )
    assert not SwotItem.objects.exists()


def test_declining_needs_a_reason_and_tells_a_guest_once_then_forgets_the_address(
    swot_module, moderator, mail_on_commit
):
    suggestion = SwotSuggestionFactory(module=swot_module, author=None, author_name="Gast", email="gast@example.org")
    with pytest.raises(ValidationError):
        services.swot_suggestion_decline(suggestion=suggestion, decided_by=moderator, reason=" ")
    with mail_on_commit():
        services.swot_suggestion_decline(suggestion=suggestion, decided_by=moderator, reason="Das gibt es schon.")
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.DECLINED
    assert suggestion.email == ""
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["gast@example.org"]
    assert "Das gibt es schon." in mail.outbox[0].body


def test_guest_without_address_is_not_written_to(swot_module, moderator, mail_on_commit):
    suggestion = SwotSuggestionFactory(module=swot_module, author=None)
    with mail_on_commit():
        services.swot_suggestion_decline(suggestion=suggestion, decided_by=moderator, reason="Nein.")
    assert mail.outbox == []


def test_database_refuses_a_declined_suggestion_without_reason(swot_module):
    from django.db import IntegrityError, transaction

    suggestion = SwotSuggestionFactory(module=swot_module)
    with pytest.raises(IntegrityError), transaction.atomic():
        SwotSuggestion.objects.filter(pk=suggestion.pk).update(status="declined", decision_reason="")
