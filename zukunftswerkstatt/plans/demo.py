"""The action plan part of the Göltzschtal demo (called by demo.services.demo_load).

Ten measures, some grown from the demo contributions, with owners (demo names), milestones and
links to SWOT items and inventory entries where those demos made them; a plan module, a
prioritisation module with some votes, and a draft version of the Werkstattplan.
"""

from __future__ import annotations

import datetime as dt
import decimal

from zukunftswerkstatt.accounts.models import AgeGroup, User
from zukunftswerkstatt.core.models import TargetGroup, Topic
from zukunftswerkstatt.demo.context import DemoContext
from zukunftswerkstatt.ideas.models import Idea
from zukunftswerkstatt.processes.services import module_create

from . import services
from .models import Ballot, Dot, TallyChannel

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
        "",
        ("", "", ""),
        (6, 18),
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


def _evidence(model, organisation, keywords: list[str], field: str) -> list:
    try:
        queryset = model.objects.filter(module__phase__process__organisation=organisation)
    except Exception:  # noqa: BLE001 - the other demo may not exist in a partial installation
        return []
    found = []
    for keyword in keywords:
        found.extend(queryset.filter(**{f"{field}__icontains": keyword})[:2])
    return list({item.pk: item for item in found}.values())[:3]


def load(ctx: DemoContext) -> None:
    """Measures, milestones, a plan module, a prioritisation module with votes and a draft version."""
    from zukunftswerkstatt.inventory.models import InventoryItem
    from zukunftswerkstatt.swot.models import SwotItem

    organisation, process = ctx.organisation, ctx.process
    phase = ctx.phases["action_plan"]
    staff = ctx.people["koordination"]
    topics = {t.name: t for t in Topic.objects.filter(organisation=organisation)}
    groups = {g.name: g for g in TargetGroup.objects.all()}
    ideas = {i.title: i for i in Idea.objects.filter(module__phase__process=process)}
    plan_start = phase.first_day

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
            swot_items=_evidence(SwotItem, organisation, keywords, "statement"),
            inventory_items=_evidence(InventoryItem, organisation, keywords, "title"),
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
        settings={"points_per_person": 5, "allow_stacking": True, "closed": False},
        position=1,
    )
    # The vote opens with the action-plan phase; these votes stand for an early round, so they are
    # written directly (the voting service accepts points only while the phase runs).
    voters = [
        ("demo-waehler-1@demo.example", "Heinz", AgeGroup.AGE_65_79, "14523020", {0: 2, 3: 3}),
        ("demo-waehler-2@demo.example", "Lea", AgeGroup.AGE_18_29, "14523360", {1: 2, 2: 2, 5: 1}),
        ("demo-waehler-3@demo.example", "Marta", AgeGroup.AGE_45_64, "", {0: 1, 3: 2, 4: 2}),
        ("demo-waehler-4@demo.example", "Jonas", "", "14523090", {2: 3, 6: 2}),
    ]
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
    services.paper_tally_add(
        module=vote_module,
        measure=measures[3],
        by=staff,
        channel=TallyChannel.EVENT,
        points=17,
        note="Punkteabfrage bei der Zukunftswerkstatt in Falkenstein",
    )
    services.paper_tally_add(
        module=vote_module, measure=measures[0], by=staff, channel=TallyChannel.LETTER, points=3, note="Briefe"
    )
    services.plan_version_create(
        process=process,
        by=staff,
        title="Werkstattplan Göltzschtal – Entwurf",
        introduction=(
            "Dieser Entwurf fasst die Maßnahmen zusammen, die aus der Zukunftswerkstatt hervorgegangen sind. "
            "Er wird nach der Bürgerabstimmung überarbeitet und den Stadträten zum Beschluss vorgelegt."
        ),
    )
