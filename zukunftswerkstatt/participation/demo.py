"""The participation part of the Göltzschtal demo: what the team counted on paper.

For each round (called after the feature apps' parts): a sign-in sheet per event that is over, the
paper cards counted at the end of a workshop board's table rounds ("Karten: 12, davon 65+: 5"), the
people who voted on paper in the closed vote on the measures, and the rating sheets of the review's
senior citizens' afternoon. The breakdowns tell the story the contributions and registrations tell
too: older people in Ellefeld and Falkenstein well reached, young people (18 to 29) in Rodewisch
hardly at all, Auerbach the largest share.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Sum
from django.utils import timezone

from zukunftswerkstatt.events.models import Event, Registration
from zukunftswerkstatt.events.models import Status as RegistrationStatus
from zukunftswerkstatt.processes.demo_context import DemoContext
from zukunftswerkstatt.processes.models import Module
from zukunftswerkstatt.workshops.models import Card, WorkshopSession

from . import services
from .models import Tally, TallyChannel

AUERBACH, FALKENSTEIN, RODEWISCH, ELLEFELD = "14523020", "14523120", "14523360", "14523090"

# Of the people on a sign-in sheet, the share who wrote down their town and age group, by cell.
SIGN_IN_SHARES = [
    (AUERBACH, "45-64", 0.18),
    (AUERBACH, "65-79", 0.14),
    (AUERBACH, "30-44", 0.08),
    (FALKENSTEIN, "65-79", 0.12),
    (ELLEFELD, "65-79", 0.10),
    (ELLEFELD, "80+", 0.04),
    (RODEWISCH, "45-64", 0.06),
    (FALKENSTEIN, "45-64", 0.05),
    (AUERBACH, "18-29", 0.03),
]


def load(ctx: DemoContext) -> None:
    staff = ctx.people["koordination"]
    # What is over by the start of the demo's day (Europe/Berlin).
    now = timezone.make_aware(dt.datetime.combine(ctx.today, dt.time.min))
    for event in Event.objects.filter(process=ctx.process, end__lt=now).order_by("start"):
        _sign_in_sheet(ctx, event, staff)
    for session in WorkshopSession.objects.filter(event__process=ctx.process, event__end__lt=now).select_related(
        "event"
    ):
        _paper_cards(ctx, session, staff)
    for module in Module.objects.filter(phase__process=ctx.process, type="prioritisation", phase__end__lt=now):
        _paper_votes(ctx, module, staff)
    review = ctx.phases["review"]
    if review.start <= now < review.end:
        _paper_ratings(ctx, staff)


def _cells(ctx: DemoContext, shares, total: int) -> dict[tuple[int | None, str], int]:
    cells = {}
    for ags, group, share in shares:
        count = int(total * share)
        if count:
            cells[(ctx.towns[ags].pk, group)] = count
    return cells


def _tally(
    ctx: DemoContext, *, staff, channel, counted_on: dt.date, total: int, cells, note: str, event=None, module=None
):
    tally = services.tally_create(
        process=ctx.process,
        channel=channel,
        event=event,
        module=module,
        counted_on=counted_on,
        total=total,
        cells=cells,
        note=note,
        entered_by=staff,
    )
    # Entered the day after the counting, not on the day the demo is loaded.
    entered = timezone.make_aware(dt.datetime.combine(counted_on + dt.timedelta(days=1), dt.time(9)))
    Tally.objects.filter(pk=tally.pk).update(created=entered, modified=entered)
    return tally


def _sign_in_sheet(ctx: DemoContext, event: Event, staff) -> None:
    """Everyone registered came (the kick-offs' guests were registered at the door), and a few more."""
    registered = (
        Registration.objects.filter(event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .aggregate(n=Count("pk"), companions=Sum("companions"))
    )
    came = registered["n"] + (registered["companions"] or 0)
    if not came:
        return
    total = came + 3
    _tally(
        ctx,
        staff=staff,
        channel=TallyChannel.ATTENDANCE,
        counted_on=timezone.localdate(event.start),
        total=total,
        cells=_cells(ctx, SIGN_IN_SHARES, total),
        note="Anwesenheitsliste am Eingang; drei Gäste kamen ohne Anmeldung",
        event=event,
    )


def _paper_cards(ctx: DemoContext, session: WorkshopSession, staff) -> None:
    typed = Card.objects.filter(session=session, from_paper=True).count()
    if not typed:
        return
    total = max(12, typed)
    _tally(
        ctx,
        staff=staff,
        channel=TallyChannel.PAPER_CARDS,
        counted_on=timezone.localdate(session.event.start),
        total=total,
        cells={(ctx.towns[ELLEFELD].pk, "65-79"): 3, (ctx.towns[FALKENSTEIN].pk, "80+"): 2},
        note=f"Karten am Ende der Tischrunden gezählt: {total}, davon 65+: 5",
        event=session.event,
    )


def _paper_votes(ctx: DemoContext, module: Module, staff) -> None:
    phase = module.phase
    voted_on = timezone.localdate(phase.start + (phase.end - phase.start) / 2)
    _tally(
        ctx,
        staff=staff,
        channel=TallyChannel.PAPER_VOTES,
        counted_on=voted_on,
        total=8,
        cells={
            (ctx.towns[FALKENSTEIN].pk, "65-79"): 3,
            (ctx.towns[FALKENSTEIN].pk, "80+"): 1,
            (ctx.towns[ELLEFELD].pk, "65-79"): 2,
        },
        note="Punkteabfrage am Stand auf dem Wochenmarkt in Falkenstein (6 Personen) und zwei Briefe",
        module=module,
    )


def _paper_ratings(ctx: DemoContext, staff) -> None:
    from zukunftswerkstatt.progress.models import ReviewRound

    review_round = ReviewRound.objects.filter(process=ctx.process).order_by("opens_at").first()
    if review_round is None or timezone.localdate(review_round.opens_at) >= ctx.today:
        return
    rated_on = max(timezone.localdate(review_round.opens_at), ctx.today - dt.timedelta(days=3))
    _tally(
        ctx,
        staff=staff,
        channel=TallyChannel.PAPER_RATINGS,
        counted_on=rated_on,
        total=9,
        cells={(ctx.towns[ELLEFELD].pk, "65-79"): 5, (ctx.towns[ELLEFELD].pk, "80+"): 3},
        note="Bewertungsbögen vom Seniorennachmittag in Ellefeld",
    )
