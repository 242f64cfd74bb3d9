"""The interim review part of the Göltzschtal demo (called by demo.services.demo_load, after plans).

A progress page ("Zwischenbilanz") in the review phase, progress entries and indicator values for
the demo measures that plans created, and one open review round with ratings. Without measures,
only the page is created.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from zukunftswerkstatt.demo.context import DemoContext
from zukunftswerkstatt.plans.models import Measure, MeasureStatus
from zukunftswerkstatt.processes.services import module_create

from . import services

# (status, percent, text, reason) per step; the measures go through them one after another.
STORIES = [
    [
        (MeasureStatus.IN_PROGRESS, 20, "Auftaktgespräch mit allen Beteiligten geführt, Zuständigkeiten geklärt.", ""),
        (MeasureStatus.IN_PROGRESS, 45, "Angebote eingeholt, der Förderantrag ist gestellt.", ""),
        (MeasureStatus.IN_PROGRESS, 70, "Erste Umsetzung vor Ort – die Rückmeldungen sind gut.", ""),
    ],
    [
        (MeasureStatus.IN_PROGRESS, 15, "Arbeitsgruppe gegründet, sie trifft sich monatlich im Rathaus.", ""),
        (
            MeasureStatus.PAUSED,
            30,
            "Die Umsetzung ruht bis zur Entscheidung über die Fördermittel.",
            "Der Förderbescheid steht noch aus.",
        ),
    ],
    [
        (MeasureStatus.IN_PROGRESS, 50, "Die Planung ist abgeschlossen, die Umsetzung beginnt.", ""),
        (MeasureStatus.DONE, 100, "Fertig: Das Angebot läuft und wird gut angenommen.", ""),
    ],
    [
        (MeasureStatus.IN_PROGRESS, 10, "Bedarf bei Vereinen und Seniorenbeirat abgefragt.", ""),
    ],
]

RATINGS = [(4, "Man sieht, dass sich etwas tut."), (5, ""), (3, "Geht leider langsam voran."), (2, "")]


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
    for index, measure in enumerate(measures[:8]):
        story = STORIES[index % len(STORIES)]
        for step, (status, percent, text, reason) in enumerate(story):
            measure.refresh_from_db()
            services.progress_update_record(
                measure=measure,
                author=staff,
                expected_version=measure.version,
                date=today - dt.timedelta(days=30 * (len(story) - step)),
                text=text,
                status=status,
                percent_complete=percent,
                status_reason=reason,
            )
        for milestone in measure.milestones.filter(due_on__lt=today, done_on__isnull=True).order_by("due_on")[:1]:
            services.milestone_mark_met(milestone=milestone, actor=staff, done_on=milestone.due_on)
    for index, measure in enumerate(measures[:2]):
        indicator = services.indicator_create(
            measure=measure,
            actor=staff,
            name=["Teilnehmende pro Monat", "Zufriedenheit der Nutzerinnen und Nutzer"][index],
            unit=["Personen", "%"][index],
            description="Gezählt bzw. erfragt von der zuständigen Stadtverwaltung.",
            baseline_value=Decimal([12, 40][index]),
            baseline_date=today - dt.timedelta(days=365),
            target_value=Decimal([60, 80][index]),
            target_date=today + dt.timedelta(days=365),
        )
        for month, value in enumerate([[18, 25, 31, 38], [45, 52, 58, 63]][index], start=1):
            services.indicator_value_record(
                indicator=indicator,
                actor=staff,
                date=today - dt.timedelta(days=365 - 80 * month),
                value=Decimal(value),
            )
    now = timezone.now()
    review_round = services.review_round_open(
        process=ctx.process,
        opened_by=staff,
        title="Zwischenbilanz 2026",
        description="Wie läuft es mit den Maßnahmen? Bewerten Sie jede Maßnahme von 1 bis 5 und sagen Sie uns, warum.",
        opens_at=now - dt.timedelta(days=7),
        closes_at=now + dt.timedelta(days=21),
    )
    raters = [person for key, person in ctx.people.items() if key != "admin"]
    for index, measure in enumerate(measures[:6]):
        for offset, person in enumerate(raters[:4]):
            score, comment = RATINGS[(index + offset) % len(RATINGS)]
            services.rating_set(review_round=review_round, measure=measure, user=person, score=score, comment=comment)
