"""The action plan part of the Göltzschtal demo (called by demo.services.demo_load for the first
round, whose action-plan phase is over).

Ten measures, some grown from the demo contributions, with owners (demo names), milestones and
links to SWOT items and inventory entries of the same round; a plan module; the citizens' vote of
the action-plan phase, closed with its results (online and on paper); the Werkstattplan as the
councils adopted it a few days after the phase ended. The measures start in the months after the
adoption. In the interim review, which runs today, a second, short vote asks which running measures
should come first now; staff chose to show its results live.
"""

from __future__ import annotations

import datetime as dt
import decimal

from django.utils import timezone

from zukunftswerkstatt.accounts.models import AgeGroup, User
from zukunftswerkstatt.core.models import TargetGroup, Topic
from zukunftswerkstatt.ideas.models import Idea, StatusChange
from zukunftswerkstatt.ideas.models import Status as IdeaStatus
from zukunftswerkstatt.processes.demo_context import DemoContext
from zukunftswerkstatt.processes.services import module_create

from . import services
from .models import Ballot, Dot, Measure, PaperTally, PlanVersion, TallyChannel

# title, field of action, towns (AGS; empty = whole association), target groups, owner, contact,
# months from the plan's start to start/end, cost, funding, priority, contributions (titles), keywords
# for SWOT items / inventory entries.
MEASURES = [
    (
        "Frauencafé Rodewisch",
        "Begegnung, Beratung und Selbsthilfe",
        ["14523360"],
        ["Familien mit Kindern", "Alle Generationen"],
        "Stadtverwaltung Rodewisch, Sozialamt",
        ("Claudia Demo", "sozialamt@rodewisch.demo.example", "03744 100001"),
        (1, 12),
        "8500.00",
        "Städtebauförderung, Eigenmittel",
        "high",
        ["Ein Frauencafé in Rodewisch"],
        ["Treff", "Begegnung", "Beratung"],
        "Ein wöchentlicher offener Treff mit Kaffee, Beratung und Kinderbetreuung im Gemeindehaus.",
    ),
    (
        "Vereinstag und Ehrenamtsbörse Göltzschtal",
        "Ehrenamt",
        [],
        ["Junge Erwachsene (18–29)", "Alle Generationen"],
        "Koordinierungsstelle Zukunftswerkstatt",
        ("Thomas Demo", "koordination@demo.example", "03744 100002"),
        (2, 8),
        "4200.00",
        "Bundesprogramm Zukunftswerkstatt",
        "high",
        ["Vereine finden keinen Nachwuchs"],
        ["Verein", "Ehrenamt"],
        "Ein gemeinsamer Tag aller Vereine der vier Orte und eine Online-Börse für Ehrenämter auf Zeit.",
    ),
    (
        "Jugendbeirat für den Städteverbund",
        "Bürgerbeteiligung",
        [],
        ["Jugendliche (12–17)"],
        "Gemeindeverwaltung Ellefeld, Hauptamt",
        ("Jana Demo", "hauptamt@ellefeld.demo.example", ""),
        (3, 9),
        "2500.00",
        "Eigenmittel der vier Kommunen",
        "medium",
        ["Jugendliche reden mit"],
        ["Jugend"],
        "Ein gewählter Jugendbeirat, der bei Plänen für Spielplätze, Busse und Treffpunkte gehört wird.",
    ),
    (
        "Abendbus Auerbach–Falkenstein",
        "Gesundheit und Pflege",
        ["14523020", "14523100"],
        ["Seniorinnen und Senioren (65+)"],
        "Verkehrsverbund Vogtland (angefragt) mit Stadt Auerbach",
        ("Peter Demo", "verkehr@auerbach.demo.example", "03744 100004"),
        (4, 16),
        "36000.00",
        "ÖPNV-Förderung des Freistaats, Landkreis",
        "high",
        ["Der Bus fährt abends nicht mehr"],
        ["Bus", "ÖPNV", "Mobilität"],
        "Zwei zusätzliche Abendfahrten unter der Woche, als Rufbus an Wochenenden.",
    ),
    (
        "Sitzbänke entlang der Göltzsch",
        "Wohnen",
        ["14523020", "14523090"],
        ["Seniorinnen und Senioren (65+)", "Alle Generationen"],
        "Stadtverwaltung Auerbach, Bauamt",
        ("Frank Demo", "bauamt@auerbach.demo.example", "03744 100005"),
        (1, 6),
        "12000.00",
        "Verfügungsfonds",
        "medium",
        [],
        ["Bank", "Weg", "Wohnumfeld"],
        "Alle 300 Meter eine Bank mit Lehne auf dem Weg zwischen Auerbach und Ellefeld.",
    ),
    (
        "Digitale Sprechstunde für Ältere",
        "Digitalisierung",
        [],
        ["Seniorinnen und Senioren (65+)"],
        "Volkshochschule Vogtland (Demo)",
        ("Sabine Demo", "vhs@demo.example", "03744 100006"),
        (2, 14),
        "3000.00",
        "Digitalpakt Alter",
        "medium",
        [],
        ["Digital", "Internet"],
        "Jüngere zeigen Älteren einmal im Monat Smartphone, Online-Termine und Videotelefonie.",
    ),
    (
        "Leerstandsbörse für Wohnungen und Läden",
        "Wohnen",
        [],
        ["Familien mit Kindern", "Junge Erwachsene (18–29)"],
        "Stadtverwaltung Falkenstein, Wirtschaftsförderung",
        ("Martin Demo", "wirtschaft@falkenstein.demo.example", ""),
        (5, 12),
        "6000.00",
        "Städtebauförderung",
        "low",
        [],
        ["Leerstand", "Wohnung"],
        "Eine gemeinsame Übersicht freier Wohnungen und Ladenflächen der vier Orte.",
    ),
    (
        "Willkommenspaket für Zugezogene",
        "Öffentlichkeitsarbeit",
        [],
        ["Alle Generationen"],
        "Koordinierungsstelle Zukunftswerkstatt",
        ("Thomas Demo", "koordination@demo.example", "03744 100002"),
        (3, 6),
        "1500.00",
        "Eigenmittel",
        "low",
        [],
        ["Zuzug", "Willkommen"],
        "Ein Paket mit Vereinen, Ärzten, Kitas und Ansprechpersonen – gedruckt und online.",
    ),
    (
        "Pflegestammtisch für Angehörige",
        "Gesundheit und Pflege",
        ["14523100"],
        ["Seniorinnen und Senioren (65+)", "Alle Generationen"],
        "Stadtverwaltung Falkenstein, Seniorenbeauftragte",
        ("Gisela Demo", "", "03745 100009"),
        (1, 12),
        "800.00",
        "Pflegekasse (Selbsthilfeförderung)",
        "medium",
        [],
        ["Pflege", "Senior"],
        "Monatliches Treffen pflegender Angehöriger mit wechselnden Fachleuten.",
    ),
    (
        "Gemeinsame Fachkräfte-Werbung der Betriebe",
        "Arbeit und Wirtschaft",
        [],
        ["Junge Erwachsene (18–29)"],
        "Wirtschaftsförderung der vier Städte",
        ("Martin Demo", "wirtschaft@falkenstein.demo.example", ""),
        (13, 24),
        None,
        "",
        "low",
        [],
        ["Fachkräfte", "Betrieb", "Ausbildung"],
        "Ausbildungsbetriebe der vier Orte werben gemeinsam um Schulabgängerinnen und Rückkehrer.",
    ),
]


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


def _evidence(model, process, keywords: list[str], field: str) -> list:
    try:
        queryset = model.objects.filter(module__phase__process=process)
    except Exception:  # noqa: BLE001 - the other demo may not exist in a partial installation
        return []
    found = []
    for keyword in keywords:
        found.extend(queryset.filter(**{f"{field}__icontains": keyword})[:2])
    return list({item.pk: item for item in found}.values())[:3]


def load(ctx: DemoContext) -> None:
    """Measures, milestones, a plan module, the closed vote with results, the adopted plan and the
    interim review's live vote."""
    from zukunftswerkstatt.inventory.models import InventoryItem
    from zukunftswerkstatt.swot.models import SwotItem

    organisation, process = ctx.organisation, ctx.process
    phase = ctx.phases["action_plan"]
    staff = ctx.people["koordination"]
    topics = {t.name: t for t in Topic.objects.filter(organisation=organisation)}
    groups = {g.name: g for g in TargetGroup.objects.all()}
    ideas = {i.title: i for i in Idea.objects.filter(module__phase__process=process)}
    # The councils adopt the plan a few days after the action-plan phase (and its vote) has ended;
    # the measures start on the first of a month after that.
    adopted_on = ctx.phases["review"].first_day + dt.timedelta(days=5)
    plan_start = adopted_on

    measures = []
    for (
        title,
        topic,
        towns,
        target_groups,
        owner,
        (contact_name, contact_email, contact_phone),
        (from_month, to_month),
        cost,
        funding,
        priority,
        idea_titles,
        keywords,
        description,
    ) in MEASURES:
        measure = services.measure_create(
            process=process,
            by=staff,
            title=title,
            goal=description,
            topic=topics.get(topic),
            municipalities=[ctx.towns[ags] for ags in towns if ags in ctx.towns],
            target_groups=[groups[name] for name in target_groups if name in groups],
            responsible_body=owner,
            contact_name=contact_name,
            contact_email=contact_email,
            contact_phone=contact_phone,
            start=_add_months(plan_start, from_month),
            end=_add_months(plan_start, to_month),
            estimated_cost=decimal.Decimal(cost) if cost else None,
            funding_source=funding,
            priority=priority,
            ideas=[ideas[t] for t in idea_titles if t in ideas],
            swot_items=_evidence(SwotItem, process, keywords, "statement"),
            inventory_items=_evidence(InventoryItem, process, keywords, "title"),
        )
        services.milestone_create(
            measure=measure, by=staff, title="Auftaktgespräch mit den Partnern", due_on=measure.start
        )
        services.milestone_create(
            measure=measure,
            by=staff,
            title="Erste Zwischenbilanz",
            due_on=measure.start + (measure.end - measure.start) / 2,
        )
        measures.append(measure)

    module_create(
        phase=phase,
        type="action_plan",
        title="Werkstattplan Göltzschtal",
        description=(
            "Aus den Ideen der Zukunftswerkstatt werden Maßnahmen: mit Verantwortlichen, Zeitplan, Kosten und "
            "Priorität. Der Entwurf wird im Städteverbund beraten und von den Stadträten beschlossen."
        ),
    )
    vote_module = module_create(
        phase=phase,
        type="prioritisation",
        title="Was ist Ihnen am wichtigsten?",
        description=(
            "Verteilen Sie Ihre Punkte auf die Maßnahmen, die Ihnen am wichtigsten sind. "
            "Sie können Ihre Punkte bis zum Ende der Abstimmung ändern."
        ),
        settings={"points_per_person": 5, "allow_stacking": True},
        position=1,
    )
    # The vote ran while the action-plan phase ran and is over now, so these votes are written
    # directly (the voting service accepts points only while the vote is open).
    voters = [
        ("demo-waehler-1@demo.example", "Heinz", AgeGroup.AGE_65_79, "14523020", {0: 2, 3: 3}),
        ("demo-waehler-2@demo.example", "Lea", AgeGroup.AGE_18_29, "14523360", {1: 2, 2: 2, 5: 1}),
        ("demo-waehler-3@demo.example", "Marta", AgeGroup.AGE_45_64, "", {0: 1, 3: 2, 4: 2}),
        ("demo-waehler-4@demo.example", "Jonas", "", "14523090", {2: 3, 6: 2}),
    ]
    voted_at = phase.start + (phase.end - phase.start) / 2
    for email, name, age, town, points in voters:
        user = User.objects.create_user(
            email=email,
            password=None,
            display_name=name,
            age_group=age,
            home_municipality=ctx.towns.get(town),
        )
        ballot = Ballot.objects.create(module=vote_module, user=user)
        Dot.objects.bulk_create(
            Dot(ballot=ballot, measure=measures[index], points=value) for index, value in points.items()
        )
    Ballot.objects.filter(module=vote_module).update(created=voted_at, modified=voted_at)
    services.paper_tally_add(
        module=vote_module,
        measure=measures[3],
        by=staff,
        channel=TallyChannel.EVENT,
        points=17,
        note="Punkteabfrage am Stand auf dem Wochenmarkt in Falkenstein",
    )
    services.paper_tally_add(
        module=vote_module, measure=measures[0], by=staff, channel=TallyChannel.LETTER, points=3, note="Briefe"
    )
    PaperTally.objects.filter(module=vote_module).update(created=voted_at)

    version = services.plan_version_create(
        process=process,
        by=staff,
        title="Werkstattplan Göltzschtal",
        introduction=(
            "Dieser Plan fasst die Maßnahmen zusammen, die aus der Zukunftswerkstatt hervorgegangen sind. "
            "Er wurde nach der Bürgerabstimmung überarbeitet und von den Stadträten beschlossen."
        ),
    )
    services.plan_version_adopt(
        version=version,
        by=staff,
        adopted_on=adopted_on,
        adopted_by="Stadträte von Auerbach/Vogtl., Falkenstein/Vogtl., Rodewisch und Ellefeld",
        resolution="Gleichlautende Beschlüsse der vier Stadträte (Demo)",
    )
    # Measures and the contributions' move into the plan date from the action-plan phase, not from today.
    made_at = phase.start + dt.timedelta(days=3, hours=10)
    Measure.objects.filter(process=process).update(created=made_at)
    StatusChange.objects.filter(idea__module__phase__process=process, new_status=IdeaStatus.IN_PLAN).update(
        created=made_at
    )
    PlanVersion.objects.filter(pk=version.pk).update(created=made_at, modified=_noon(adopted_on))


def _noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def interim_vote_load(ctx: DemoContext) -> None:
    """The interim review's short vote, open today, with live results (staff chose to show them).

    Called by the progress demo once the measures have their statuses, since finished measures are
    no longer put to the vote."""
    users = list(User.objects.filter(email__startswith="demo-waehler-").order_by("email"))
    module = module_create(
        phase=ctx.phases["review"],
        type="prioritisation",
        title="Was soll jetzt Vorrang haben?",
        description=(
            "Zur Zwischenbilanz fragen wir Sie: Welche der laufenden und geplanten Maßnahmen soll in der "
            "zweiten Hälfte Vorrang bekommen? Sie haben drei Punkte, höchstens einen pro Maßnahme."
        ),
        settings={"points_per_person": 3, "allow_stacking": False, "results_live": True},
        position=2,
    )
    candidates = list(Measure.objects.votable().filter(process=ctx.process).order_by("pk"))
    for offset, user in enumerate(users):
        chosen = candidates[offset % len(candidates) :][:2] or candidates[:2]
        services.ballot_set(module=module, user=user, points={measure.pk: 1 for measure in chosen})
