"""First come, first served: the waiting list with groups, the choice of a group that is larger
than the free seats, the offer of free seats to the first waiting group, and the e-mails that say
the same as the page."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from zukunftswerkstatt.events import services
from zukunftswerkstatt.events.models import Outcome, Registration, SeatChoice, Status
from zukunftswerkstatt.events.selectors import event_seats

pytestmark = pytest.mark.django_db


def state(name: str) -> tuple[str, int]:
    registration = Registration.objects.get(name=name)
    return registration.status, registration.companions


def mails_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def flat(text: str) -> str:
    return " ".join(text.split())


# -- first come, first served ------------------------------------------------------------------


def test_a_later_single_person_never_gets_a_seat_while_an_earlier_group_waits(event, register, mail_on_commit):
    register("Voll", companions=8)  # 9 of 10 seats
    anna = register("Anna")  # the 10th seat
    register("Bernd", companions=2)  # a group of 3: waits first
    register("Clara")  # a single person: waits behind the group
    assert (state("Bernd"), state("Clara")) == ((Status.WAITING, 2), (Status.WAITING, 0))

    with mail_on_commit():
        moved = services.registration_cancel(registration=anna)  # one seat frees up

    assert moved == []
    assert state("Clara") == (Status.WAITING, 0)  # not skipped ahead of the group
    assert state("Bernd") == (Status.WAITING, 2)
    assert event_seats(event=event).free == 1
    # Nor does a newcomer get the free seat: it is held for the head of the queue.
    dieter = register("Dieter")
    assert dieter.status == Status.WAITING
    assert dieter.place_in_queue() == 3


def test_when_enough_seats_free_up_the_waiting_list_moves_up_in_its_order(event, register, mail_on_commit):
    voll = register("Voll", companions=8)
    register("Anna")
    register("Bernd", companions=2)
    register("Clara")
    register("Dieter", companions=5)
    register("Erika")
    mail.outbox.clear()

    with mail_on_commit():
        moved = services.registration_cancel(registration=voll)  # 9 seats free

    # Bernd (3) and Clara (1) move up; Dieter (6) does not fit into the 5 left, so Erika waits too.
    assert [r.name for r in moved] == ["Bernd", "Clara"]
    assert state("Dieter") == (Status.WAITING, 5)
    assert state("Erika") == (Status.WAITING, 0)
    assert Registration.objects.get(name="Dieter").offered_seats == 5
    assert [m.subject for m in mails_to("bernd@example.org")] == [
        "[Städteverbund Göltzschtal] You have a seat: " + event.title
    ]
    assert len(mails_to("dieter@example.org")) == 1
    assert mails_to("erika@example.org") == []


def test_an_unlimited_event_confirms_everyone_at_once(event, register):
    event.capacity = None
    event.save()
    assert {register(f"P{n}", companions=5).status for n in range(5)} == {Status.CONFIRMED}


# -- a group larger than the free seats at registration ----------------------------------------


def test_a_group_larger_than_the_free_seats_must_choose_and_nothing_is_stored_until_it_does(event, register):
    register("Voll", companions=6)  # 3 seats free, nobody waiting
    with pytest.raises(services.SeatChoiceNeeded) as choice:
        register("Gruppe", companions=4)
    assert (choice.value.free, choice.value.seats) == (3, 5)
    assert choice.value.messages == ["Only 3 seats are free, but you are 5 people."]
    assert not Registration.objects.filter(name="Gruppe").exists()


def test_a_group_may_take_the_free_seats_with_fewer_companions(event, register):
    register("Voll", companions=6)
    group = register("Gruppe", companions=4, seat_choice=SeatChoice.TAKE_FREE)
    assert (group.status, group.companions, group.outcome, group.seats_requested) == (
        Status.CONFIRMED,
        2,
        Outcome.CONFIRMED_PARTIAL,
        5,
    )
    assert event_seats(event=event).free == 0


def test_a_group_may_wait_for_seats_for_everyone(event, register):
    register("Voll", companions=6)
    group = register("Gruppe", companions=4, seat_choice=SeatChoice.WAIT_FOR_ALL)
    assert (group.status, group.companions, group.place_in_queue()) == (Status.WAITING, 4, 1)
    assert event_seats(event=event).free == 3  # held for the group


def test_a_choice_made_when_the_seats_are_gone_puts_the_group_on_the_waiting_list(event, register):
    register("Voll", companions=6)
    register("Schneller", companions=2)  # took the last 3 seats while the group was choosing
    group = register("Gruppe", companions=4, seat_choice=SeatChoice.TAKE_FREE)
    assert (group.status, group.companions, group.outcome) == (Status.WAITING, 4, Outcome.WAITING)


def test_a_group_that_fits_gets_every_seat_whatever_it_chose(event, register):
    group = register("Gruppe", companions=4, seat_choice=SeatChoice.TAKE_FREE)
    assert (group.status, group.companions, group.outcome) == (Status.CONFIRMED, 4, Outcome.CONFIRMED)


@pytest.mark.parametrize(
    ("capacity", "companions", "message"),
    [
        (5, 5, "This event has 5 seats in all, so at most 4 people can come with you."),
        (2, 2, "This event has 2 seats in all, so at most 1 person can come with you."),
        (1, 1, "This event has only one seat, so nobody can come with you."),
    ],
)
def test_a_group_larger_than_the_whole_event_is_told_how_many_may_come(event, register, capacity, companions, message):
    event.capacity = capacity
    event.save()
    with pytest.raises(ValidationError) as error:
        register("Gruppe", companions=companions, seat_choice=SeatChoice.WAIT_FOR_ALL)
    assert error.value.message_dict == {"companions": [message]}
    assert not Registration.objects.exists()


# -- the first waiting group and seats that are too few ----------------------------------------


@pytest.fixture
def group_first(event, register):
    """10 seats taken by Voll (7) and Anna and Bert (1 each) and Carl (1); Gruppe (4) waits first, Zoe behind."""
    people = {
        "Voll": register("Voll", companions=6),
        "Anna": register("Anna"),
        "Bert": register("Bert"),
        "Carl": register("Carl"),
        "Gruppe": register("Gruppe", companions=3),
        "Zoe": register("Zoe"),
    }
    mail.outbox.clear()
    return people


def test_the_first_waiting_group_is_offered_the_seats_that_are_too_few(event, group_first, mail_on_commit):
    with mail_on_commit():
        services.registration_cancel(registration=group_first["Anna"])
        services.registration_cancel(registration=group_first["Bert"])

    gruppe = Registration.objects.get(name="Gruppe")
    assert (gruppe.status, gruppe.offered_seats) == (Status.WAITING, 2)
    assert state("Zoe") == (Status.WAITING, 0)
    offers = mails_to("gruppe@example.org")
    # One offer per number of seats: 1 seat, then 2 seats.
    assert [m.subject for m in offers] == ["[Städteverbund Göltzschtal] Seats have become free: " + event.title] * 2
    assert services.offer_text(gruppe) in flat(offers[-1].body)
    assert re.search(r"/events/seats/[\w-]+/", offers[-1].body)
    assert mails_to("zoe@example.org") == []


def test_no_new_offer_is_sent_while_the_number_of_free_seats_stays(event, group_first, register, mail_on_commit):
    with mail_on_commit():
        services.registration_cancel(registration=group_first["Anna"])
        newcomer = register("Neu")  # waits behind; the free seat is held
        services.registration_cancel(registration=newcomer)
    assert len(mails_to("gruppe@example.org")) == 1


def test_the_group_takes_the_offered_seats_with_fewer_companions(event, group_first, mail_on_commit):
    services.registration_cancel(registration=group_first["Anna"])
    services.registration_cancel(registration=group_first["Bert"])
    mail.outbox.clear()

    with mail_on_commit():
        gruppe = services.registration_take_offered_seats(registration=Registration.objects.get(name="Gruppe"))

    assert (gruppe.status, gruppe.companions, gruppe.outcome, gruppe.seats_requested) == (
        Status.CONFIRMED,
        1,
        Outcome.CONFIRMED_PARTIAL,
        4,
    )
    assert (gruppe.offered_seats, gruppe.offer_token_hash) == (None, None)
    assert event_seats(event=event).free == 0
    (message,) = mails_to("gruppe@example.org")
    assert services.registration_outcome_text(gruppe) in flat(message.body)
    assert message.attachments  # the .ics file comes with the seat
    assert state("Zoe") == (Status.WAITING, 0)


def test_a_group_that_keeps_waiting_moves_up_whole_when_enough_seats_are_free(event, group_first, mail_on_commit):
    services.registration_cancel(registration=group_first["Anna"])
    services.registration_cancel(registration=group_first["Bert"])
    with mail_on_commit():
        moved = services.registration_cancel(registration=group_first["Carl"])
    assert [r.name for r in moved] == []  # 3 free, the group needs 4: offered 3 now
    assert Registration.objects.get(name="Gruppe").offered_seats == 3
    mail.outbox.clear()

    with mail_on_commit():
        moved = services.registration_cancel(registration=group_first["Voll"])

    assert [r.name for r in moved] == ["Gruppe", "Zoe"]
    gruppe = Registration.objects.get(name="Gruppe")
    assert (gruppe.status, gruppe.companions, gruppe.offered_seats) == (Status.CONFIRMED, 3, None)
    assert "for you and 3 companions" in mails_to("gruppe@example.org")[0].body


def test_seats_cannot_be_taken_by_someone_who_is_not_first_or_when_none_are_free(event, group_first):
    with pytest.raises(ValidationError, match="taken in the meantime"):
        services.registration_take_offered_seats(registration=group_first["Gruppe"])  # nothing is free
    with pytest.raises(ValidationError, match="no longer on the waiting list"):
        services.registration_take_offered_seats(registration=group_first["Anna"])
    services.registration_cancel(registration=group_first["Anna"])
    with pytest.raises(ValidationError, match="taken in the meantime"):
        services.registration_take_offered_seats(registration=group_first["Zoe"])  # not first
    assert state("Zoe") == (Status.WAITING, 0)


def test_the_offer_link_shows_the_offer_and_takes_the_seats(client, event, group_first, mail_on_commit):
    with mail_on_commit():
        services.registration_cancel(registration=group_first["Anna"])
    link = re.search(r"https?://\S+(/events/seats/[\w-]+/)", mails_to("gruppe@example.org")[0].body).group(1)

    page = client.get(link)
    assert page.status_code == 200
    assert services.offer_text(Registration.objects.get(name="Gruppe")) in flat(page.content.decode())

    response = client.post(link, follow=True)
    assert state("Gruppe") == (Status.CONFIRMED, 0)
    shown = [str(m) for m in response.context["messages"]]
    assert shown == [
        "You registered 4 people, but only one seat was free. This seat is yours; nobody can come with you."
    ]
    assert client.get(link).status_code == 404  # used up


def test_a_wrong_offer_link_says_so(client):
    response = client.get(reverse("events:offer", kwargs={"token": "nonsense"}))
    assert response.status_code == 404
    assert response.context["invalid"] is True


def test_more_seats_move_the_waiting_list_up_in_its_order(event, register, mail_on_commit):
    register("Voll", companions=9)
    register("Gruppe", companions=2)
    register("Zoe")
    event.capacity = 12
    event.save()
    with mail_on_commit():
        moved = services.event_capacity_changed(event=event)
    assert moved == []  # 2 free, the group needs 3: offered, and Zoe waits behind it
    assert Registration.objects.get(name="Gruppe").offered_seats == 2
    event.capacity = 14
    event.save()
    assert [r.name for r in services.event_capacity_changed(event=event)] == ["Gruppe", "Zoe"]
