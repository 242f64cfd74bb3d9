"""Many people at once: the last seat is given exactly once, cancellations move up exactly the
right people (PostgreSQL, real parallel transactions in separate connections)."""

from __future__ import annotations

import contextlib

from django.core.exceptions import ValidationError

from tests.concurrency import at_once, postgresql_races
from zukunftswerkstatt.events import services
from zukunftswerkstatt.events.models import Registration, Status
from zukunftswerkstatt.events.selectors import event_seats

pytestmark = postgresql_races

THREADS = 12


def test_many_people_registering_for_the_last_seat_one_gets_it_the_others_wait(event, register):
    register("Voll", companions=8)  # 9 of 10 seats taken
    errors = at_once(lambda n: register(f"P{n}"), list(range(THREADS)))
    assert errors == []
    rows = Registration.objects.filter(event=event).exclude(name="Voll")
    assert rows.filter(status=Status.CONFIRMED).count() == 1
    waiting = sorted(rows.filter(status=Status.WAITING).values_list("waiting_position", flat=True))
    assert waiting == list(range(1, THREADS))
    assert event_seats(event=event).taken == 10


def test_one_email_registering_many_times_at_once_is_stored_once(event):
    def work(_n):
        with contextlib.suppress(ValidationError):
            services.registration_create(event=event, name="Anna", email="anna@example.org")

    errors = at_once(work, list(range(THREADS)))
    assert errors == []
    assert Registration.objects.filter(event=event).count() == 1


def test_parallel_cancellations_move_up_exactly_as_many_as_seats_became_free(event, register):
    holders = [register(f"H{n}") for n in range(10)]
    for n in range(THREADS):
        register(f"W{n}")
    errors = at_once(lambda r: services.registration_cancel(registration=r), holders[:5])
    assert errors == []
    confirmed = set(Registration.objects.filter(event=event, status=Status.CONFIRMED).values_list("name", flat=True))
    assert confirmed == {f"H{n}" for n in range(5, 10)} | {f"W{n}" for n in range(5)}
    assert event_seats(event=event).taken == 10


def test_two_people_taking_the_last_seat_at_once_one_gets_it(event, register):
    register("Voll", companions=8)  # 9 of 10 seats taken
    errors = at_once(lambda name: register(name), ["Anna", "Bernd"])
    assert errors == []
    statuses = dict(Registration.objects.filter(name__in=["Anna", "Bernd"]).values_list("name", "status"))
    assert sorted(statuses.values()) == [Status.CONFIRMED, Status.WAITING]
    assert event_seats(event=event).taken == 10


def test_while_a_group_waits_first_nobody_registering_at_the_same_time_as_a_cancellation_jumps_the_queue(
    event, register
):
    register("Voll", companions=8)
    anna = register("Anna")
    register("Gruppe", companions=1, seat_choice="wait_for_all")  # needs 2; waits first

    def work(argument):
        if argument == "cancel":
            services.registration_cancel(registration=anna)
        else:
            register(argument)

    errors = at_once(work, ["cancel", *[f"S{n}" for n in range(THREADS - 1)]])

    assert errors == []
    singles = Registration.objects.filter(event=event, name__startswith="S")
    assert set(singles.values_list("status", flat=True)) == {Status.WAITING}
    gruppe = Registration.objects.get(name="Gruppe")
    assert (gruppe.status, gruppe.offered_seats) == (Status.WAITING, 1)
    assert event_seats(event=event).free == 1


def test_a_group_taking_its_offered_seats_while_others_cancel_gets_them_once(event, register):
    voll = register("Voll", companions=7)
    anna = register("Anna")
    bert = register("Bert")
    register("Gruppe", companions=3)
    register("Zoe")
    services.registration_cancel(registration=anna)  # 1 free: offered to the group

    def work(argument):
        if argument == "take":
            with contextlib.suppress(ValidationError):
                services.registration_take_offered_seats(registration=Registration.objects.get(name="Gruppe"))
        else:
            services.registration_cancel(registration=argument)

    errors = at_once(work, ["take", bert, voll])

    assert errors == []
    # Whatever the order: the group has 1, 2 or all 4 seats, Zoe moved up behind it, nothing twice.
    gruppe = Registration.objects.get(name="Gruppe")
    assert gruppe.status == Status.CONFIRMED
    assert gruppe.seats in (1, 2, 4)
    assert Registration.objects.get(name="Zoe").status == Status.CONFIRMED
    assert event_seats(event=event).taken == gruppe.seats + 1
