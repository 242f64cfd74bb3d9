"""Similar contributions in a collection (ideas/similarity.py): the index the services write, what is
found and what is left out, and a fixed number of queries."""

from __future__ import annotations

import pytest

from tests.ideas.factories import IdeaFactory
from zukunftswerkstatt.ideas import services
from zukunftswerkstatt.ideas.models import Kind, SimilarityTerm, Status
from zukunftswerkstatt.ideas.similarity import similar_ideas

pytestmark = pytest.mark.django_db

TEXTS = [
    ("Der Bus fährt abends nicht mehr", "Nach 18 Uhr komme ich ohne Auto nicht mehr von Auerbach nach Hause."),
    ("Mehr Bänke am Markt", "Ältere Menschen brauchen Bänke zum Ausruhen."),
    ("Schnelles Internet für Rebesgrün", "Im Ortsteil gibt es kein Glasfaser und das Handynetz ist schwach."),
    ("Die Schaukel ist kaputt", "Auf dem Spielplatz an der Schule ist die Schaukel seit Monaten gesperrt."),
    ("Ein Hausarzt für Ellefeld", "Seit die Praxis geschlossen hat, fahren alle nach Auerbach."),
]


@pytest.fixture
def collection(ideas_module, participant):
    return [IdeaFactory(module=ideas_module, author=participant, title=t, text=x) for t, x in TEXTS]


def test_the_services_index_each_contribution_and_reindex_it_when_it_changes(collection, participant):
    bus = collection[0]
    terms = set(SimilarityTerm.objects.filter(idea=bus).values_list("term", flat=True))
    assert {"bus", "abend", "~nahverkehr"} <= terms
    services.idea_update(
        idea=bus, editor=participant, title="Kein Radweg", text="Am Fluss fehlt ein Radweg.", kind=Kind.CRITICISM
    )
    terms = set(SimilarityTerm.objects.filter(idea=bus).values_list("term", flat=True))
    assert "radweg" in terms
    assert "bus" not in terms


def test_a_text_in_other_words_finds_the_contribution_and_nothing_unrelated(collection, ideas_module):
    found = similar_ideas(module=ideas_module, title="Bus fährt abends nicht", text="")
    assert [s.idea for s in found] == [collection[0]]
    assert 0 < found[0].score <= 1
    assert (
        similar_ideas(
            module=ideas_module, title="Keine Busverbindung am Abend", text="Ab 18 Uhr fährt kein Bus mehr nach Hause."
        )
        != []
    )
    assert similar_ideas(module=ideas_module, title="Sperrmüll wird nicht abgeholt", text="") == []
    assert similar_ideas(module=ideas_module, title="", text="") == []


def test_hidden_withdrawn_merged_excluded_and_other_collections_are_left_out(
    collection, ideas_module, guest_module, participant, moderator
):
    bus, benches = collection[0], collection[1]
    IdeaFactory(module=guest_module, author=participant, title="Bänke am Markt fehlen", text="Zum Ausruhen.")
    query = {"module": ideas_module, "title": "Mehr Bänke am Markt zum Ausruhen"}
    assert [s.idea for s in similar_ideas(**query)] == [benches]
    assert similar_ideas(**query, exclude=benches.pk) == []
    services.idea_hide(idea=benches, by=moderator, reason="Test")
    assert similar_ideas(**query) == []
    services.idea_withdraw(idea=bus, by=participant)
    assert similar_ideas(module=ideas_module, title="Der Bus fährt abends nicht mehr") == []


def test_merged_contributions_are_not_suggested_again(collection, ideas_module, moderator, participant):
    again = IdeaFactory(
        module=ideas_module, author=participant, title="Abends kein Bus", text="Nach 18 Uhr fährt nichts."
    )
    services.idea_change_status(
        idea=again, by=moderator, status=Status.MERGED, reason="Gleiches Anliegen", merged_into=collection[0]
    )
    found = [s.idea for s in similar_ideas(module=ideas_module, title="Bus fährt abends nicht")]
    assert found == [collection[0]]


def test_the_hints_take_five_queries_however_large_the_collection(
    collection, ideas_module, participant, django_assert_num_queries
):
    for i in range(30):
        IdeaFactory(
            module=ideas_module, author=participant, title=f"Bus Nummer {i} abends", text="Der Bus fährt selten."
        )
    with django_assert_num_queries(5):
        found = similar_ideas(module=ideas_module, title="Der Bus fährt abends nicht mehr", text="")
    assert 1 <= len(found) <= 5


def test_a_spelling_slip_in_the_new_text_still_finds_the_contribution(
    ideas_module, participant, django_assert_max_num_queries
):
    shelter = IdeaFactory(
        module=ideas_module, author=participant, title="Dach für die Bushaltestelle", text="Man wird nass beim Warten."
    )
    IdeaFactory(module=ideas_module, author=participant, title="Mehr Bänke am Markt", text="Zum Ausruhen.")
    with django_assert_max_num_queries(8):
        found = similar_ideas(
            module=ideas_module, title="Bushaltestele ohne Dach", text="An der Bushaltestele wird man beim Warten nass."
        )
    assert [s.idea for s in found] == [shelter]
