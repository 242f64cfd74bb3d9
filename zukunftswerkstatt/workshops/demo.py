"""The live workshops part of the Göltzschtal demo (called by demo.services.demo_load).

The table rounds of the kick-off, run on the live board: cards in all three steps (some from
paper), clusters, a dot vote with phones and sticky dots, and the results transferred into the
idea collection, so that the record page (linked from the kick-off's page) shows something real.
The upcoming workshop in Falkenstein gets a prepared session: the moderator opens its console from
the event page and starts. The Ideenwand in Rodewisch, open for three weeks around today, is a live
session in its criticism step with a few cards: anyone can join it with its code and add a card.

A school class works in class mode: the invitation "Klasse 8b, Oberschule Auerbach" (the teacher's
link is not part of the demo: the team makes a new one on the class-mode page) with a session
finished a week ago, whose cards are in the running round's idea collection, marked as coming
from the class; its six pupils count as 12- to 15-year-olds from Auerbach.

About two thirds of the phones and paper cards give a town and an age group (the story of
events/demo.py: older people from Ellefeld and Falkenstein, Auerbach the most, nobody young from
Rodewisch).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from zukunftswerkstatt.accounts.models import AgeGroup
from zukunftswerkstatt.events.demo import AUERBACH, ELLEFELD, FALKENSTEIN, RODEWISCH
from zukunftswerkstatt.events.models import Event, Kind
from zukunftswerkstatt.processes.demo_context import DemoContext

from . import services
from .models import Step, WorkshopSession

UPCOMING_TITLE = "Zukunftswerkstatt in Falkenstein"
LIVE_TITLE = "Ideenwand im Rathaus Rodewisch"
LIVE_CARDS = [
    "Im Winter ist der Fußweg zum Bahnhof nicht geräumt.",
    "Es gibt zu wenige Bänke zum Ausruhen in der Innenstadt.",
]

# (step, text, from paper)
CARDS = [
    (Step.CRITICISM, "Abends fährt kein Bus mehr zwischen Auerbach und Rodewisch.", False),
    (Step.CRITICISM, "Am Wochenende komme ich ohne Auto nicht nach Falkenstein.", False),
    (Step.CRITICISM, "Für Jugendliche gibt es keinen Treffpunkt in der Innenstadt.", False),
    (Step.CRITICISM, "Die Hausarztpraxis in Ellefeld nimmt keine neuen Patienten.", True),
    (Step.CRITICISM, "Viele Läden am Markt stehen leer.", False),
    (Step.CRITICISM, "Barrierefreie Wohnungen sind kaum zu finden.", True),
    (Step.VISION, "Ein Bürgerbus verbindet alle vier Städte – auch abends.", False),
    (Step.VISION, "Ein Generationencafé am Markt, in dem Alt und Jung sich treffen.", False),
    (Step.VISION, "Ein Jugendraum, den die Jugendlichen selbst gestalten.", False),
    (Step.VISION, "Eine Gemeinschaftspraxis mit Sprechstunden in jeder Stadt.", True),
    (Step.VISION, "Leere Läden werden zu Werkstätten und Ateliers.", False),
    (Step.REALISATION, "Fahrplan der Linien zwischen den Städten abends um zwei Fahrten ergänzen.", False),
    (Step.REALISATION, "Leerstehenden Laden am Altmarkt für ein Jahr als Treffpunkt mieten.", False),
    (Step.REALISATION, "Ehrenamtliche Fahrerinnen und Fahrer für einen Bürgerbus suchen.", True),
    (Step.REALISATION, "Jugendbeirat gründen, der beim Jugendraum mitentscheidet.", False),
]

CLUSTERS = [
    ("Nahverkehr zwischen den Städten", [0, 1, 6, 11, 13]),
    ("Treffpunkte für Jung und Alt", [2, 7, 8, 12, 14]),
    ("Ärztliche Versorgung", [3, 9]),
]

# Each of the eight phones gives its three dots: indexes into the ballot (clusters first, then loose cards).
PHONE_DOTS = [(0, 1, 2), (0, 1, 3), (0, 2, 4), (0, 1, 4), (1, 2, 3), (0, 1, 5), (1, 3, 4), (0, 2, 5)]
# Sticky dots counted on the wall from people without a phone.
PAPER_DOTS = {0: 4, 1: 3, 2: 2, 3: 1}

# What the eight phones gave when they joined (town's official key, age group; None: nothing).
PHONE_DETAILS = [
    (AUERBACH, AgeGroup.AGE_65_79),
    (FALKENSTEIN, AgeGroup.AGE_65_79),
    (FALKENSTEIN, AgeGroup.AGE_16_17),
    (ELLEFELD, AgeGroup.AGE_80_PLUS),
    (AUERBACH, AgeGroup.AGE_45_64),
    None,
    None,
    (AUERBACH, AgeGroup.AGE_30_44),
]
# The paper cards' writers, as the moderator noted them (index into CARDS; unlisted: nothing).
PAPER_CARD_DETAILS = {
    3: (ELLEFELD, AgeGroup.AGE_80_PLUS),
    5: (FALKENSTEIN, AgeGroup.AGE_65_79),
    13: (AUERBACH, AgeGroup.AGE_65_79),
}
# Class mode: a school class from Auerbach, six pupils, a week ago.
CLASS_NAME = "Klasse 8b, Oberschule Auerbach"
CLASS_PUPILS = 6
CLASS_CARDS = [
    (Step.CRITICISM, "Nach der Schule ist am Bahnhof nichts los, und der letzte Bus fährt um sieben."),
    (Step.CRITICISM, "Es gibt keinen Ort, an dem wir uns drinnen treffen können, ohne etwas zu kaufen."),
    (Step.VISION, "Ein Jugendcafé mit WLAN und Platz zum Zocken und Lernen."),
    (Step.VISION, "Ein Skatepark an der Göltzsch, den wir mitplanen."),
    (Step.REALISATION, "Einen Jugendbeirat gründen, in dem jede Schule vertreten ist."),
]
# The Ideenwand's two phones.
LIVE_DETAILS = [None, (RODEWISCH, AgeGroup.AGE_65_79)]


def _details(ctx: DemoContext, given: tuple[str, str] | None) -> dict:
    if given is None:
        return {}
    ags, age_group = given
    return {"participant_town": ctx.towns[ags], "participant_age_group": age_group}


def load(ctx: DemoContext) -> None:
    moderator = ctx.people["moderation"]
    kickoff = Event.objects.get(process=ctx.process, kind=Kind.KICKOFF)
    session = services.session_create(
        event=kickoff, ideas_module=ctx.ideas_module, title="Tischrunden der Auftaktveranstaltung", started_by=moderator
    )
    phones = [services.participant_join(code=session.code, **_details(ctx, given))[0] for given in PHONE_DETAILS]

    cards = []
    for index, (step, text, from_paper) in enumerate(CARDS):
        if session.step != step:
            session = services.session_set_step(session=session, step=step)
        made, _created = services.card_add(
            session=session,
            text=text,
            step=step,
            participant=None if from_paper else phones[index % len(phones)],
            from_paper=from_paper,
            added_by=moderator if from_paper else None,
            **_details(ctx, PAPER_CARD_DETAILS.get(index)),
        )
        cards.append(made)

    for title, members in CLUSTERS:
        services.cluster_create(session=session, title=title, cards=[cards[i] for i in members])

    from .selectors import board

    services.vote_configure(session=session, dots_per_participant=3, allow_stacking=False)
    services.vote_set_state(session=session, state="open")
    ballot = [option.obj for option in board(session=session).options]
    for phone, choices in zip(phones, PHONE_DOTS, strict=True):
        for choice in choices:
            services.dot_add(participant=phone, option=ballot[choice])
    for choice, count in PAPER_DOTS.items():
        services.paper_dots_set(session=session, option=ballot[choice], count=count, added_by=moderator)
    services.vote_set_state(session=session, state="closed")
    services.results_reveal(session=session, revealed=True)
    session = services.session_set_step(session=session, step=Step.FINISHED)
    transferred = services.session_transfer(session=session)
    # The table rounds' cards went into the idea collection on the day it opened (the session and
    # its cards date from the kick-off, not from the day the demo is loaded).
    from zukunftswerkstatt.ideas.models import Idea

    opened = ctx.ideas_module.phase.start + dt.timedelta(hours=9)
    Idea.objects.filter(pk__in=[idea.pk for idea in transferred]).update(created=opened, modified=opened)
    at_kickoff = kickoff.start + dt.timedelta(minutes=30)
    WorkshopSession.objects.filter(pk=session.pk).update(created=at_kickoff)

    # The upcoming workshop: a session ready to start (step "getting ready").
    upcoming = Event.objects.filter(process=ctx.process, title=UPCOMING_TITLE).first()
    if upcoming is not None:
        services.session_create(
            event=upcoming, ideas_module=ctx.ideas_module, title=UPCOMING_TITLE, started_by=moderator
        )

    _class_session(ctx)

    # The Ideenwand: running now, collecting criticism cards; join with the code shown on its page.
    wall = Event.objects.filter(process=ctx.process, title=LIVE_TITLE).first()
    if wall is not None:
        live = services.session_create(
            event=wall, ideas_module=ctx.ideas_module, title=LIVE_TITLE, started_by=moderator
        )
        live = services.session_set_step(session=live, step=Step.CRITICISM)
        for text, given in zip(LIVE_CARDS, LIVE_DETAILS, strict=True):
            phone = services.participant_join(code=live.code, **_details(ctx, given))[0]
            services.card_add(session=live, text=text, step=Step.CRITICISM, participant=phone)


def _class_session(ctx: DemoContext) -> None:
    """The class "Klasse 8b, Oberschule Auerbach": a finished class session, transferred."""
    invitation, _key = services.invitation_create(
        ideas_module=ctx.ideas_module,
        group_name=CLASS_NAME,
        kind="school",
        town=ctx.towns[AUERBACH],
        age_group=AgeGroup.AGE_12_15,
        valid_until=ctx.today + dt.timedelta(days=30),
        leader_name="Frau Beck",
        created_by=ctx.people["moderation"],
    )
    session = services.class_session_create(invitation=invitation, title="Wie wollen wir in Auerbach leben?")
    pupils = [services.participant_join(code=session.code)[0] for _n in range(CLASS_PUPILS)]
    for index, (step, text) in enumerate(CLASS_CARDS):
        if session.step != step:
            session = services.session_set_step(session=session, step=step)
        services.card_add(session=session, text=text, step=step, participant=pupils[index % len(pupils)])
    session = services.session_set_step(session=session, step=Step.FINISHED)
    transferred = services.session_transfer(session=session)
    # The class met a week ago: the session, its cards' contributions and their date received say so.
    from zukunftswerkstatt.ideas.models import Idea

    a_week_ago = timezone.make_aware(dt.datetime.combine(ctx.today - dt.timedelta(days=7), dt.time(10, 0)))
    WorkshopSession.objects.filter(pk=session.pk).update(
        created=a_week_ago, finished_at=a_week_ago, transferred_at=a_week_ago
    )
    Idea.objects.filter(pk__in=[idea.pk for idea in transferred]).update(
        created=a_week_ago, modified=a_week_ago, received_on=a_week_ago.date()
    )
