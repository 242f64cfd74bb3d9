"""Many clicks at once (PostgreSQL, real parallel transactions): the dot allowance holds, a card is
never lost or in two clusters, concurrent merges leave one consistent cluster, a form sent twice at
the same moment makes one card."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from tests.concurrency import at_once, postgresql_races
from tests.workshops.factories import card
from zukunftswerkstatt.workshops import services
from zukunftswerkstatt.workshops.models import Card, Cluster, Dot, WorkshopSession

pytestmark = postgresql_races

THREADS = 8


def only_validation_errors(errors: list[BaseException]) -> None:
    assert all(isinstance(error, ValidationError) for error in errors), errors


def test_parallel_clicks_of_one_person_never_exceed_the_allowance(criticism, join):
    options = [card(criticism, f"Karte {n}") for n in range(THREADS)]
    services.vote_configure(session=criticism, dots_per_participant=3, allow_stacking=False)
    services.vote_set_state(session=criticism, state="open")
    participant, _client = join(criticism)
    errors = at_once(lambda option: services.dot_add(participant=participant, option=option), options)
    only_validation_errors(errors)
    assert Dot.objects.filter(participant=participant).count() == 3
    assert sum(Card.objects.values_list("dot_count", flat=True)) == 3
    assert len(errors) == THREADS - 3


def test_parallel_clicks_on_one_option_without_stacking_count_once(criticism, join):
    option = card(criticism, "Busse")
    services.vote_configure(session=criticism, dots_per_participant=5, allow_stacking=False)
    services.vote_set_state(session=criticism, state="open")
    participant, _client = join(criticism)
    errors = at_once(lambda _n: services.dot_add(participant=participant, option=option), list(range(THREADS)))
    only_validation_errors(errors)
    option.refresh_from_db()
    assert (option.dot_count, Dot.objects.count()) == (1, 1)


def test_many_people_voting_at_once_are_all_counted(criticism, join):
    option = card(criticism, "Busse")
    services.vote_set_state(session=criticism, state="open")
    people = [join(criticism)[0] for _n in range(THREADS)]
    errors = at_once(lambda person: services.dot_add(participant=person, option=option), people)
    assert errors == []
    option.refresh_from_db()
    assert option.dot_count == THREADS == Dot.objects.count()


def test_two_moderators_moving_the_same_card_leave_it_in_exactly_one_cluster(criticism):
    bus = card(criticism, "Busse")
    clusters = [services.cluster_create(session=criticism, title=f"Cluster {n}") for n in range(THREADS)]
    errors = at_once(lambda cluster: services.card_move(session=criticism, card=bus, cluster=cluster), clusters)
    assert errors == []
    bus.refresh_from_db()
    assert bus.cluster_id in {cluster.pk for cluster in clusters}
    assert Card.objects.count() == 1


def test_merging_two_clusters_into_each_other_at_once_keeps_every_card_and_dot(criticism, join, moderator):
    a = services.cluster_create(session=criticism, title="A", cards=[card(criticism, "1"), card(criticism, "2")])
    b = services.cluster_create(session=criticism, title="B", cards=[card(criticism, "3")])
    services.paper_dots_set(session=criticism, option=a, count=2, added_by=moderator)
    services.paper_dots_set(session=criticism, option=b, count=3, added_by=moderator)
    errors = at_once(
        lambda pair: services.cluster_merge(session=criticism, source=pair[0], target=pair[1]), [(a, b), (b, a)]
    )
    assert len(errors) == 1
    assert "no longer exists" in str(errors[0])
    survivor = Cluster.objects.get()
    assert Card.objects.filter(cluster=survivor).count() == 3
    assert survivor.dot_count == 5 == Dot.objects.filter(cluster=survivor).count()


def test_the_same_card_form_arriving_in_many_threads_makes_one_card(criticism, join):
    participant, _client = join(criticism)
    results = []
    errors = at_once(
        lambda _n: results.append(
            services.card_add(session=criticism, text="Busse", step="criticism", nonce="same", participant=participant)
        ),
        list(range(THREADS)),
    )
    assert errors == []
    assert Card.objects.count() == 1
    assert sum(created for _card, created in results) == 1


def test_many_cards_at_once_are_all_kept_and_each_raises_the_revision(criticism, join):
    criticism.refresh_from_db()
    before = criticism.revision
    people = [join(criticism)[0] for _n in range(THREADS)]
    errors = at_once(
        lambda person: services.card_add(
            session=criticism, text=f"Karte {person.pk}", step="criticism", participant=person
        ),
        people,
    )
    assert errors == []
    assert Card.objects.count() == THREADS
    assert WorkshopSession.objects.get().revision == before + THREADS
