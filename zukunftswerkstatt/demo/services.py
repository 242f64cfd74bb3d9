"""The Göltzschtal demo: an organisation, its four towns, a running process, and demo accounts.

Facts (names, official keys, the theme) come from ../shared/data/goeltzschtal.md.
Demo accounts exist only when this is loaded; `make run` loads it, production never does.
"""

from __future__ import annotations

import datetime as dt

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from zukunftswerkstatt.accounts.models import Role, User
from zukunftswerkstatt.accounts.services import membership_grant
from zukunftswerkstatt.core.models import Organisation
from zukunftswerkstatt.core.services import municipality_create, organisation_create
from zukunftswerkstatt.demo.context import DemoContext
from zukunftswerkstatt.demography import demo as demography_demo
from zukunftswerkstatt.inventory import demo as inventory_demo
from zukunftswerkstatt.plans import demo as plans_demo
from zukunftswerkstatt.processes.services import module_create, phases_reschedule, process_create_from_blueprint
from zukunftswerkstatt.progress import demo as progress_demo
from zukunftswerkstatt.swot import demo as swot_demo
from zukunftswerkstatt.workshops import demo as workshops_demo

ORGANISATION_SLUG = "goeltzschtal"
# In the order of the process: later parts refer to earlier ones (measures to contributions and SWOT items).
APP_LOADERS = [
    inventory_demo.load,
    swot_demo.load,
    demography_demo.load,
    workshops_demo.load,
    plans_demo.load,
    progress_demo.load,
]
DEMO_PASSWORD = "Zukunft-2026"  # noqa: S105 - published in the README; demo only

TOWNS = [
    ("Auerbach/Vogtl.", "14523020"),
    ("Falkenstein/Vogtl.", "14523120"),
    ("Rodewisch", "14523360"),
    ("Ellefeld", "14523090"),
]

# e-mail, public name, role, town (for town staff); the platform administrator is a superuser.
ACCOUNTS = [
    ("admin@demo.example", "Plattform-Admin", "superuser", None),
    ("koordination@demo.example", "Koordination Städteverbund", Role.ADMIN, None),
    ("moderation@demo.example", "Moderation", Role.MODERATOR, None),
    ("auerbach@demo.example", "Stadtverwaltung Auerbach", Role.TOWN_STAFF, "14523020"),
    ("ellefeld@demo.example", "Gemeindeverwaltung Ellefeld", Role.TOWN_STAFF, "14523090"),
    ("buergerin@demo.example", "Anna aus Rodewisch", None, None),
]

DESCRIPTION = (
    "Der demografische Wandel ist mehr als Alterung und Bevölkerungsrückgang: Auch die Ansprüche "
    "an einen attraktiven Lebensraum ändern sich, für jede Generation und jede Lebensphase. "
    "Ellefeld, Falkenstein, Auerbach und Rodewisch wollen als Wohn- und Wirtschaftsstandort "
    "attraktiv bleiben und attraktiver werden – mit Ihren Ideen.\n\n"
    "Die Zukunftswerkstatt verläuft in fünf Teilen: Auftakt, Kommunalprofil, Zukunftswerkstatt, "
    "Werkstattplan und Zwischenbilanz. Machen Sie mit – online, persönlich, telefonisch oder per Brief. "
    "Auch konstruktive Kritik ist willkommen."
)


def demo_exists() -> bool:
    return Organisation.objects.filter(slug=ORGANISATION_SLUG).exists()


@transaction.atomic
def demo_load(*, today: dt.date | None = None) -> Organisation:
    """Create the demo, with the future-workshop phase running today. Call only on an empty demo."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    organisation = organisation_create(
        name="Mittelzentraler Städteverbund Göltzschtal",
        slug=ORGANISATION_SLUG,
        description=(
            "Der Mittelzentrale Städteverbund Göltzschtal im Vogtlandkreis (Sachsen) besteht aus "
            "Auerbach/Vogtl., Falkenstein/Vogtl., Rodewisch und Ellefeld. Er ist eine von 40 Modellkommunen "
            "des Bundesprogramms „Zukunftswerkstatt Kommunen – Attraktiv im Wandel“."
        ),
        contact_name="Koordinierungsstelle Zukunftswerkstatt (Demo)",
        contact_address="Stadtverwaltung Auerbach/Vogtl.\nNicolaistraße 22 (Demo-Anschrift)\n08209 Auerbach/Vogtl.",
        contact_phone="03744 000000",
        contact_email="zukunftswerkstatt@demo.example",
        contact_hours="Montag bis Donnerstag 9–12 Uhr, Dienstag zusätzlich 14–18 Uhr",
    )
    towns = {ags: municipality_create(organisation=organisation, name=name, ags=ags) for name, ags in TOWNS}

    # Kick-off two months ago; the future workshop runs from a week ago for ten weeks.
    start = _midnight(today - dt.timedelta(days=63))
    process = process_create_from_blueprint(
        organisation=organisation,
        title="Der Städteverbund Göltzschtal – attraktiv im Wandel",
        slug="attraktiv-im-wandel",
        theme="Demografischer Wandel: attraktiv für alle Generationen in allen Lebensphasen",
        description=DESCRIPTION,
        start=start,
        municipalities=towns.values(),
        is_published=True,
    )
    kickoff, profile, workshop, action_plan, review = process.phases.order_by("start")
    boundaries = [
        start,
        _midnight(today - dt.timedelta(days=49)),
        _midnight(today - dt.timedelta(days=7)),
        _midnight(today + dt.timedelta(days=63)),
        _midnight(today + dt.timedelta(days=147)),
        _midnight(today + dt.timedelta(days=203)),
    ]
    phases = [kickoff, profile, workshop, action_plan, review]
    phases_reschedule(
        process=process,
        dates=[(phase, boundaries[i], boundaries[i + 1]) for i, phase in enumerate(phases)],
    )

    module_create(
        phase=kickoff,
        type="information",
        title="Auftaktveranstaltung",
        description=(
            "Zur Auftaktveranstaltung kamen Vertreterinnen und Vertreter aus Vereinen, Kirchen, Schulen, "
            "Unternehmen und den vier Stadtverwaltungen. Vorgestellt wurden das Bundesprogramm, der Ablauf "
            "in fünf Teilen und die Möglichkeiten mitzumachen."
        ),
    )
    module_create(
        phase=workshop,
        type="information",
        title="So funktioniert die Zukunftswerkstatt",
        description=(
            "Die Zukunftswerkstatt nach Robert Jungk hat drei Schritte:\n\n"
            "1. Kritik: Was stört Sie? Alles darf gesagt werden.\n"
            "2. Phantasie: Wie sollte es sein? Nichts ist unmöglich.\n"
            "3. Verwirklichung: Was können wir tun? Wer macht was bis wann?\n\n"
            "Sie können online mitmachen, in einer der Werkstätten vor Ort oder per Telefon und Brief."
        ),
    )

    people = {}
    for email, name, role, ags in ACCOUNTS:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, display_name=name)
        people[email.split("@")[0]] = user
        if role == "superuser":
            user.is_superuser = True
            user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        elif role:
            membership_grant(user=user, organisation=organisation, role=role, municipality=towns[ags] if ags else None)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)

    ideas_module = module_create(
        phase=workshop,
        type="ideas",
        title="Ideen für das Göltzschtal",
        description=(
            "Was stört Sie im Göltzschtal? Wie sollte es in zehn Jahren sein? Was können wir gemeinsam tun? "
            "Alle Beiträge werden gelesen und beantwortet. Bitte bleiben Sie sachlich und freundlich."
        ),
        settings={"open_kinds": ["criticism", "vision", "proposal"], "allow_guests": True},
        position=1,
    )
    _demo_contributions(module=ideas_module, people=people, towns=towns, organisation=organisation)
    _demo_events(process=process, kickoff=kickoff, workshop=workshop, people=people, today=today)

    # Each feature app adds its own part, in the order of the process.
    ctx = DemoContext(
        organisation=organisation,
        process=process,
        phases={phase.type: phase for phase in phases},
        towns=towns,
        people=people,
        ideas_module=ideas_module,
        today=today,
    )
    for load in APP_LOADERS:
        load(ctx)
    return organisation


def _demo_contributions(*, module, people, towns, organisation) -> None:
    """A few contributions in the spirit of what the Göltzschtal worked on (invented for the demo)."""
    from zukunftswerkstatt.core.models import TargetGroup, Topic
    from zukunftswerkstatt.ideas import services as ideas

    topics = {t.name: t for t in Topic.objects.filter(organisation=organisation)}
    groups = {g.name: g for g in TargetGroup.objects.all()}
    citizen = people["buergerin"]
    moderator = people["moderation"]
    staff = people["auerbach"]

    cafe = ideas.idea_create(
        module=module,
        author=citizen,
        kind="proposal",
        title="Ein Frauencafé in Rodewisch",
        text=(
            "Ein Treffpunkt für Frauen jeden Alters, einmal in der Woche, mit Kaffee, Beratung und "
            "Kinderbetreuung. Räume gäbe es im Rathaus oder im Gemeindehaus."
        ),
        topic=topics["Begegnung, Beratung und Selbsthilfe"],
        municipality=towns["14523360"],
        target_groups=[groups["Familien mit Kindern"], groups["Alle Generationen"]],
        place_name="Rodewisch, Stadtzentrum",
    )
    clubs = ideas.idea_create(
        module=module,
        author=citizen,
        kind="criticism",
        title="Vereine finden keinen Nachwuchs",
        text=(
            "Viele Vereine im Göltzschtal haben Mitglieder über 60 und finden keine Jüngeren für den Vorstand. "
            "Jeder Verein wirbt für sich allein."
        ),
        topic=topics["Ehrenamt"],
        target_groups=[groups["Junge Erwachsene (18–29)"]],
    )
    youth = ideas.idea_create(
        module=module,
        author=people["ellefeld"],
        kind="vision",
        title="Jugendliche reden mit",
        text="Ein Jugendbeirat für alle vier Orte, der bei Plänen für Spielplätze, Busse und Treffpunkte gefragt wird.",
        topic=topics["Bürgerbeteiligung"],
        target_groups=[groups["Jugendliche (12–17)"]],
    )
    ideas.offline_idea_record(
        module=module,
        recorded_by=staff,
        channel="letter",
        received_on=timezone.localdate() - dt.timedelta(days=3),
        contact_name="Erika Beispiel (Demo)",
        contact="Beispielweg 1\n08209 Auerbach/Vogtl.",
        consent="Hat im Brief eingewilligt, dass Name und Anschrift für die Antwort gespeichert werden.",
        delete_on=timezone.localdate() + dt.timedelta(days=365),
        kind="criticism",
        title="Der Bus fährt abends nicht mehr",
        text="Nach 18 Uhr komme ich ohne Auto nicht mehr von Auerbach nach Falkenstein zum Arzt oder ins Theater.",
        topic=topics["Gesundheit und Pflege"],
        municipality=towns["14523020"],
        target_groups=[groups["Seniorinnen und Senioren (65+)"]],
    )
    ideas.comment_create(
        idea=clubs,
        author=people["ellefeld"],
        text="Ein gemeinsamer Vereinstag aller vier Orte könnte helfen.",
    )
    for supporter in (people["ellefeld"], people["auerbach"], moderator):
        ideas.support_add(idea=cafe, user=supporter)
    ideas.support_add(idea=youth, user=citizen)
    ideas.idea_answer(
        idea=clubs,
        by=moderator,
        text=(
            "Danke für den Hinweis. Die Koordinierungsstelle lädt im Frühjahr alle Vereine zu einem "
            "gemeinsamen Treffen ein. Das Thema kommt in den Werkstattplan."
        ),
    )
    ideas.idea_change_status(idea=clubs, by=moderator, status="under_review")


def _demo_events(*, process, kickoff, workshop, people, today: dt.date) -> None:
    """The kick-off (the real one was on 15 November 2021) and a workshop in two weeks."""
    from zukunftswerkstatt.events import services as events
    from zukunftswerkstatt.events.models import Channel, Kind

    def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))

    kickoff_day = timezone.localdate(kickoff.start)
    kickoff_event = events.event_create(
        process=process,
        phase=kickoff,
        title="Auftaktveranstaltung",
        kind=Kind.KICKOFF,
        description=(
            "Der Städteverbund stellt das Bundesprogramm „Zukunftswerkstatt Kommunen“ vor: worum es geht, "
            "wie die fünf Teile ablaufen und wie Sie mitmachen können."
        ),
        start=at(kickoff_day, 18),
        end=at(kickoff_day, 20, 30),
        place_name="Rathaus Auerbach/Vogtl.",
        address="Nicolaistraße 22\n08209 Auerbach/Vogtl.",
        room="Ratssaal",
        step_free_access=True,
        hearing_loop=True,
        parking=True,
        capacity=80,
    )
    events.documentation_save(
        event=kickoff_event,
        written_by=people["koordination"],
        minutes=(
            "Rund 60 Gäste aus Vereinen, Kirchen, Schulen, Unternehmen und den vier Stadtverwaltungen. "
            "Die Koordinierungsstelle stellte das Bundesprogramm und den Ablauf vor; in vier Tischrunden "
            "sammelten die Gäste erste Themen."
        ),
        results=(
            "- Wichtigste Themen: Wohnen im Alter, Nahverkehr zwischen den Städten, Angebote für Jugendliche\n"
            "- 23 Personen haben sich für die aktive Mitarbeit gemeldet\n"
            "- Nächster Schritt: das Kommunalprofil"
        ),
    )

    workshop_day = today + dt.timedelta(days=14)
    workshop_event = events.event_create(
        process=process,
        phase=workshop,
        title="Zukunftswerkstatt in Falkenstein",
        kind=Kind.WORKSHOP,
        description=(
            "Kritik, Phantasie, Verwirklichung: An einem Abend sammeln wir, was stört, wie es sein sollte "
            "und was wir gemeinsam tun können. Die Ergebnisse fließen in die Ideensammlung ein."
        ),
        start=at(workshop_day, 17),
        end=at(workshop_day, 20),
        place_name="Rathaus Falkenstein",
        address="Willy-Rudert-Platz 1\n08223 Falkenstein/Vogtl.",
        room="Ratssaal",
        step_free_access=True,
        sign_language_on_request=True,
        childcare=True,
        parking=True,
        accessibility_notes="Der Aufzug ist am Seiteneingang. Kinderbetreuung bitte bei der Anmeldung angeben.",
        capacity=40,
        registration_opens=at(today - dt.timedelta(days=7), 8),
        registration_closes=at(workshop_day - dt.timedelta(days=1), 12),
    )
    events.registration_create(
        event=workshop_event, name="Anna", email=people["buergerin"].email, user=people["buergerin"], companions=1
    )
    for name, phone, companions, needs in [
        ("Gerda Weber", "03745 000001", 0, events.Needs(wheelchair_place=True)),
        ("Heinz Müller", "03745 000002", 1, events.Needs()),
        ("Familie Schubert", "03745 000003", 3, events.Needs(easy_language=True)),
    ]:
        events.staff_registration_create(
            event=workshop_event,
            registered_by=people["auerbach"],
            name=name,
            channel=Channel.PHONE,
            phone=phone,
            companions=companions,
            needs=needs,
        )


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
