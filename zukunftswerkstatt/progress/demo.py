"""The interim review part of the Göltzschtal demo (called by demo.services.demo_load for the first
round, after plans).

A progress page ("Zwischenbilanz") in the review phase, which runs today. Each measure's progress
follows its own dates: a measure that has not started yet stays "planned" without entries; one
whose period is over is done; one that runs has entries between its start and today, with a
percentage near the share of its period that has passed. No entry lies in the future or before
the plan's adoption. Indicator values, one open review round with ratings for measures that have
started, and the interim review's live vote (from the plans demo) complete it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from zukunftswerkstatt.plans import demo as plans_demo
from zukunftswerkstatt.plans.models import Measure, MeasureStatus
from zukunftswerkstatt.processes.demo_context import DemoContext
from zukunftswerkstatt.processes.services import module_create

from . import services

# What staff wrote, step by step, about a running measure.
RUNNING_TEXTS = [
    "Auftaktgespräch mit allen Beteiligten geführt, Zuständigkeiten geklärt.",
    "Angebote eingeholt, der Förderantrag ist gestellt.",
    "Erste Umsetzung vor Ort – die Rückmeldungen sind gut.",
]
DONE_TEXT = "Fertig: Das Angebot läuft und wird gut angenommen."
PAUSED = ("Die Umsetzung ruht bis zur Entscheidung über die Fördermittel.", "Der Förderbescheid steht noch aus.")

RATINGS = [(4, "Man sieht, dass sich etwas tut."), (5, ""), (3, "Geht leider langsam voran."), (2, "")]


def _round5(value: float) -> int:
    return int(5 * round(value / 5))


def _story(measure: Measure, today: dt.date, *, pause: bool) -> list[tuple[dt.date, str, int, str, str]]:
    """(date, status, percent, text, reason) entries that agree with the measure's period and today."""
    if measure.start is None or measure.start > today:
        return []
    finished = measure.end is not None and measure.end <= today
    last = measure.end if finished else today
    days = (last - measure.start).days
    steps = 3 if days >= 90 else 2 if days >= 30 else 1
    if finished:
        final = 100
    else:
        length = max((measure.end - measure.start).days, 1) if measure.end else 365
        final = min(max(_round5(100 * days / length), 5), 95)
    entries = []
    for step in range(steps):
        date = measure.start + dt.timedelta(days=days * (step + 1) // steps)
        percent = final if step == steps - 1 else max(_round5(final * (step + 1) / steps), 5)
        text = RUNNING_TEXTS[min(step, len(RUNNING_TEXTS) - 1)]
        entries.append((date, MeasureStatus.IN_PROGRESS, min(percent, 95), text, ""))
    if finished:
        entries[-1] = (last, MeasureStatus.DONE, 100, DONE_TEXT, "")
    elif pause and steps > 1:
        date, _status, percent, _text, _reason = entries[-1]
        entries[-1] = (date, MeasureStatus.PAUSED, percent, PAUSED[0], PAUSED[1])
    return entries


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def load(ctx: DemoContext) -> None:
    review_phase = ctx.phases["review"]
    module_create(
        phase=review_phase,
        type="review",
        title="Zwischenbilanz: Was ist aus den Maßnahmen geworden?",
        description=(
            "Hier sehen Sie, wie weit die Maßnahmen des Werkstattplans sind – nach Handlungsfeld und nach Stadt. "
            "Unter „Was wurde aus meiner Idee?“ finden Sie Ihren Beitrag und die Maßnahme, in die er eingeflossen ist."
        ),
    )
    measures = list(Measure.objects.filter(process=ctx.process).order_by("pk"))
    if not measures:
        return
    staff = ctx.people.get("koordination") or next(iter(ctx.people.values()))
    today = ctx.today
    paused = False
    for measure in measures:
        story = _story(measure, today, pause=not paused and len(measures) > 3)
        if story and story[-1][1] == MeasureStatus.PAUSED:
            paused = True
        for date, status, percent, text, reason in story:
            measure.refresh_from_db()
            services.progress_update_record(
                measure=measure,
                author=staff,
                expected_version=measure.version,
                date=date,
                text=text,
                status=status,
                percent_complete=percent,
                status_reason=reason,
            )
        if not story:
            continue
        last = story[-1][0]
        for milestone in measure.milestones.filter(due_on__lte=last, done_on__isnull=True).order_by("due_on"):
            services.milestone_mark_met(milestone=milestone, actor=staff, done_on=milestone.due_on)
    started = [m for m in measures if m.start and m.start <= today - dt.timedelta(days=60)]
    for index, measure in enumerate(started[:2]):
        indicator = services.indicator_create(
            measure=measure,
            actor=staff,
            name=["Teilnehmende pro Monat", "Zufriedenheit der Nutzerinnen und Nutzer"][index],
            unit=["Personen", "%"][index],
            description="Gezählt bzw. erfragt von der zuständigen Stadtverwaltung.",
            baseline_value=Decimal([12, 40][index]),
            baseline_date=measure.start,
            target_value=Decimal([60, 80][index]),
            target_date=measure.end or today + dt.timedelta(days=365),
        )
        last = min(measure.end or today, today)
        for step, value in enumerate([[18, 25, 31, 38], [45, 52, 58, 63]][index], start=1):
            services.indicator_value_record(
                indicator=indicator,
                actor=staff,
                date=measure.start + dt.timedelta(days=(last - measure.start).days * step // 4),
                value=Decimal(value),
            )

    review_round = services.review_round_open(
        process=ctx.process,
        opened_by=staff,
        title="Zwischenbilanz der ersten Runde",
        description="Wie läuft es mit den Maßnahmen? Bewerten Sie jede Maßnahme von 1 bis 5 und sagen Sie uns, warum.",
        opens_at=_midnight(today - dt.timedelta(days=7)),
        # The evening of the last day, not "until 00:00" of the next one.
        closes_at=_midnight(today + dt.timedelta(days=21)) - dt.timedelta(minutes=1),
    )
    # Ratings only for measures that have started, from people other than the visitor's account,
    # so that "Anna aus Rodewisch" can give her first rating herself.
    raters = [person for key, person in ctx.people.items() if key not in ("admin", "buergerin")]
    rated = [m for m in Measure.objects.filter(process=ctx.process).order_by("pk") if m.start and m.start <= today]
    for index, measure in enumerate(rated[:6]):
        for offset, person in enumerate(raters[:4]):
            score, comment = RATINGS[(index + offset) % len(RATINGS)]
            services.rating_set(review_round=review_round, measure=measure, user=person, score=score, comment=comment)

    plans_demo.interim_vote_load(ctx)
