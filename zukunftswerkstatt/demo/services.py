"""The Göltzschtal demo: an organisation, its four towns, two rounds of the process, and demo accounts.

Two rounds tell one story, dated from the day the demo is loaded (Europe/Berlin), never from a
fixed year, so that every date, status, count and result agrees with the others and with today:

- "Attraktiv im Wandel – erste Runde" began about a year and a half ago. Its kick-off, municipal
  profile, future workshop and action plan are over: the kick-off is documented with the number of
  people who came (its registrations), the vote on the measures has closed and shows its results,
  the council adopted the Werkstattplan, and the measures have progress entries dated between their
  start and today. Its interim review (phase 5) runs today: an open review round and a short vote
  on which running measures should come first, with results shown live (and marked as such). Its
  inventory and SWOT analysis still take suggestions: the profile is kept up to date.
- "Attraktiv im Wandel – zweite Runde" runs today in its third phase, the future workshop: the
  idea collection is open, a live workshop board (the "Ideenwand") can be joined with a code, and
  the next workshop evening takes registrations. Its kick-off took place; the action plan and the
  interim review are still to come.

Facts (names, official keys, the theme) come from ../shared/data/goeltzschtal.md.
Demo accounts exist only when this is loaded; `make run` loads it, production never does.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from zukunftswerkstatt.accounts.models import Role, User
from zukunftswerkstatt.accounts.services import membership_grant, profile_update
from zukunftswerkstatt.core.demo import demo_picture_playground, demo_picture_station, load_appearance
from zukunftswerkstatt.core.models import AuditEntry, Organisation
from zukunftswerkstatt.core.services import municipality_create, organisation_create
from zukunftswerkstatt.demography import demo as demography_demo
from zukunftswerkstatt.easyread import demo as easyread_demo
from zukunftswerkstatt.events import demo as events_demo
from zukunftswerkstatt.ideas import demo as ideas_demo
from zukunftswerkstatt.inventory import demo as inventory_demo
from zukunftswerkstatt.newsletter import demo as newsletter_demo
from zukunftswerkstatt.participation import demo as participation_demo
from zukunftswerkstatt.plans import demo as plans_demo
from zukunftswerkstatt.processes import demo as processes_demo
from zukunftswerkstatt.processes.demo_context import DemoContext
from zukunftswerkstatt.processes.models import Phase, Process
from zukunftswerkstatt.processes.services import module_create, phases_reschedule, process_create_from_blueprint
from zukunftswerkstatt.progress import demo as progress_demo
from zukunftswerkstatt.reports import demo as reports_demo
from zukunftswerkstatt.surveys import demo as surveys_demo
from zukunftswerkstatt.swot import demo as swot_demo
from zukunftswerkstatt.themes import demo as themes_demo
from zukunftswerkstatt.workshops import demo as workshops_demo

ORGANISATION_SLUG = "goeltzschtal"
# In the order of the process: later parts refer to earlier ones (measures to contributions and SWOT items).
# The first round has gone through every phase, so it holds the whole thread from the profile to the
# interim review; the running round is in its future workshop.
FIRST_ROUND_LOADERS = [
    inventory_demo.load,
    reports_demo.load,
    swot_demo.load,
    demography_demo.load,
    plans_demo.load,
    progress_demo.load,
    surveys_demo.load,
    participation_demo.load,
    easyread_demo.load,
]
RUNNING_ROUND_LOADERS = [
    processes_demo.load,
    ideas_demo.load,
    workshops_demo.load,
    themes_demo.load,
    participation_demo.load,
    easyread_demo.load,
    newsletter_demo.load,
]

# Phase boundaries in days from today (the first day of each phase and the day after the last).
# First round: kick-off, profile, future workshop and action plan are over; the interim review runs.
FIRST_ROUND_DAYS = [-540, -510, -440, -370, -300, 120]
# Running round: kick-off and profile are over; the future workshop runs; action plan and review follow.
RUNNING_ROUND_DAYS = [-119, -91, -28, 42, 126, 210]
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


FIRST_DESCRIPTION = (
    "Die erste Runde der Zukunftswerkstatt im Göltzschtal: vom Auftakt über das Kommunalprofil und die "
    "Zukunftswerkstatt bis zum Werkstattplan, den die Stadträte beschlossen haben. Jetzt läuft die "
    "Zwischenbilanz: Sehen Sie, was aus den Maßnahmen geworden ist, und sagen Sie uns, wie Sie es finden."
)


def demo_exists() -> bool:
    return Organisation.objects.filter(slug=ORGANISATION_SLUG).exists()


@transaction.atomic
def demo_load(*, today: dt.date | None = None) -> Organisation:
    """Create the demo: a first round in its interim review and a running round in its future
    workshop, dated from `today` (the local date by default). Call only on an empty demo."""
    today = today or timezone.localdate()
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
    load_appearance(organisation)
    towns = {ags: municipality_create(organisation=organisation, name=name, ags=ags) for name, ags in TOWNS}

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
    # Anna agreed to a profile with her town and age group: the contribution form offers them to her.
    profile_update(
        user=people["buergerin"],
        display_name=people["buergerin"].display_name,
        is_under_16=False,
        age_group="30-44",
        home_municipality=towns["14523360"],
        profile_consent=True,
    )

    # The first round is created first, so that the running round heads every list (newest first).
    first, first_phases = _round(
        organisation=organisation,
        towns=towns,
        title="Attraktiv im Wandel – erste Runde",
        slug="attraktiv-im-wandel-erste-runde",
        description=FIRST_DESCRIPTION,
        days=FIRST_ROUND_DAYS,
        today=today,
    )
    first_ideas = _ideas_module(
        phase=first_phases["workshop"],
        title="Ideen für das Göltzschtal (erste Runde)",
        description=(
            "Die Ideensammlung der ersten Runde ist abgeschlossen. Viele Beiträge sind in den Werkstattplan "
            "eingeflossen – unter „Was wurde aus meiner Idee?“ sehen Sie, was aus Ihrem geworden ist."
        ),
    )
    _first_round_contributions(
        module=first_ideas, people=people, towns=towns, organisation=organisation, phases=first_phases
    )
    _first_round_events(process=first, phases=first_phases, people=people)
    # Set up back then: lists of processes (newest first) put the running round on top.
    _backdate(Process.objects.filter(pk=first.pk), first_phases["kickoff"].start - dt.timedelta(days=30))

    running, running_phases = _round(
        organisation=organisation,
        towns=towns,
        title="Der Städteverbund Göltzschtal – attraktiv im Wandel",
        slug="attraktiv-im-wandel",
        description=DESCRIPTION,
        days=RUNNING_ROUND_DAYS,
        today=today,
    )
    module_create(
        phase=running_phases["workshop"],
        type="information",
        title="So funktioniert die Zukunftswerkstatt",
        description=(
            "Die Zukunftswerkstatt nach Robert Jungk hat drei Schritte:\n\n"
            "1. Kritik: Was stört Sie? Alles darf gesagt werden.\n"
            "2. Phantasie: Wie sollte es sein? Nichts ist unmöglich.\n"
            "3. Verwirklichung: Was können wir tun? Wer macht was bis wann?\n\n"
            "Sie können online mitmachen, an der Ideenwand im Rathaus Rodewisch, in einer der Werkstätten "
            "vor Ort oder per Telefon und Brief."
        ),
    )
    first_profile_url = first_phases["profile"].get_absolute_url()
    module_create(
        phase=running_phases["profile"],
        type="information",
        title="Das Kommunalprofil wird fortgeschrieben",
        description=(
            "Die Bestandsaufnahme, die SWOT-Analyse und die Zahlen zur Bevölkerung aus der ersten Runde "
            "gelten weiter und werden laufend ergänzt. Vorschläge für die Bestandsaufnahme und die "
            f"SWOT-Analyse nehmen wir dort weiterhin gern an: [Kommunalprofil der ersten Runde]({first_profile_url})"
        ),
    )
    ideas_module = _ideas_module(
        phase=running_phases["workshop"],
        title="Ideen für das Göltzschtal",
        description=(
            "Was stört Sie im Göltzschtal? Wie sollte es in zehn Jahren sein? Was können wir gemeinsam tun? "
            "Alle Beiträge werden gelesen und beantwortet. Bitte bleiben Sie sachlich und freundlich."
        ),
    )
    _running_round_contributions(module=ideas_module, people=people, towns=towns, organisation=organisation)
    _running_round_events(process=running, phases=running_phases, people=people, today=today)

    # Each feature app adds its own part, in the order of the process.
    for process, phases, module, loaders in [
        (first, first_phases, first_ideas, FIRST_ROUND_LOADERS),
        (running, running_phases, ideas_module, RUNNING_ROUND_LOADERS),
    ]:
        ctx = DemoContext(
            organisation=organisation,
            process=process,
            phases=phases,
            towns=towns,
            people=people,
            ideas_module=module,
            today=today,
        )
        for load in loaders:
            load(ctx)
    # Loading the story goes through the services, which record staff actions in the audit log, but
    # at the moment of loading, not on the days the story tells (a plan "adopted on 12 February"
    # logged today). The demo's log starts empty; what a visitor does as staff is logged from then on.
    AuditEntry.objects.filter(organisation=organisation).delete()
    _announce_events(organisation=organisation, now=timezone.now())
    return organisation


def _announce_events(*, organisation: Organisation, now: dt.datetime) -> None:
    """Events were announced weeks before they took place, not on the day the demo is loaded: the
    feeds, the API and the open data date them by when they were published (issue 16)."""
    from zukunftswerkstatt.events.models import Event

    for event in Event.objects.filter(process__organisation=organisation):
        announced = event.registration_opens or event.start - dt.timedelta(days=28)
        announced = min(announced, event.start - dt.timedelta(days=1), now)
        _backdate(Event.objects.filter(pk=event.pk), announced)


def _round(*, organisation, towns, title, slug, description, days, today) -> tuple[Process, dict[str, Phase]]:
    """A published process with the five phases, each starting at local midnight `days` from today."""
    boundaries = [_midnight(today + dt.timedelta(days=offset)) for offset in days]
    process = process_create_from_blueprint(
        organisation=organisation,
        title=title,
        slug=slug,
        theme="Demografischer Wandel: attraktiv für alle Generationen in allen Lebensphasen",
        description=description,
        start=boundaries[0],
        municipalities=towns.values(),
        is_published=True,
    )
    phases = list(process.phases.order_by("start"))
    phases_reschedule(
        process=process,
        dates=[(phase, boundaries[i], boundaries[i + 1]) for i, phase in enumerate(phases)],
    )
    return process, {phase.type: phase for phase in process.phases.all()}


def _ideas_module(*, phase, title, description):
    return module_create(
        phase=phase,
        type="ideas",
        title=title,
        description=description,
        settings={"open_kinds": ["criticism", "vision", "proposal"], "allow_guests": True},
        position=1,
    )


def _backdate(queryset, moment: dt.datetime) -> None:
    """Content of the first round was written back then, not on the day the demo is loaded."""
    fields = {"created": moment}
    if any(f.name == "modified" for f in queryset.model._meta.fields):
        fields["modified"] = moment
    queryset.update(**fields)


def _first_round_contributions(*, module, people, towns, organisation, phases) -> None:
    """Contributions of the first round, which the action plan turned into measures (invented for the demo)."""
    from zukunftswerkstatt.conversation.models import Comment
    from zukunftswerkstatt.core.models import TargetGroup, Topic
    from zukunftswerkstatt.ideas import services as ideas
    from zukunftswerkstatt.ideas.models import Idea, StatusChange

    topics = {t.name: t for t in Topic.objects.filter(organisation=organisation)}
    groups = {g.name: g for g in TargetGroup.objects.all()}
    citizen = people["buergerin"]
    moderator = people["moderation"]
    staff = people["auerbach"]
    workshop = phases["workshop"]
    received = workshop.first_day + dt.timedelta(days=20)

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
        # Pins near the place named (approximate, for the demo map).
        latitude=Decimal("50.529600"),
        longitude=Decimal("12.413000"),
        participant_town=towns["14523360"],
        participant_age_group="30-44",
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
        received_on=received,
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
        participant_town=towns["14523020"],
        participant_age_group="80+",
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
            "Danke für den Hinweis. Die Koordinierungsstelle hat alle Vereine zu einem gemeinsamen Treffen "
            "eingeladen. Das Thema ist als „Vereinstag und Ehrenamtsbörse“ in den Werkstattplan eingeflossen."
        ),
    )
    # Written while the first round's future workshop ran (the measures, made later, move them on).
    moment = _midnight(received) + dt.timedelta(hours=10)
    _backdate(Idea.objects.filter(module=module), moment)
    _backdate(Comment.objects.filter(idea__module=module), moment + dt.timedelta(days=2))
    Idea.objects.filter(module=module, answered_at__isnull=False).update(answered_at=moment + dt.timedelta(days=9))
    StatusChange.objects.filter(idea__module=module).update(created=moment + dt.timedelta(days=9))


def _running_round_contributions(*, module, people, towns, organisation) -> None:
    """Contributions of the running future workshop, written in the last days (invented for the demo)."""
    from zukunftswerkstatt.core.models import TargetGroup, Topic
    from zukunftswerkstatt.ideas import services as ideas

    topics = {t.name: t for t in Topic.objects.filter(organisation=organisation)}
    groups = {g.name: g for g in TargetGroup.objects.all()}
    citizen = people["buergerin"]
    # The first contributions of the workshop (the lowest reference numbers of the round) came in on
    # its first days, not on the day the demo is loaded: the notice-board list and the idea list
    # show their dates beside their numbers.
    first_day = module.phase.first_day + dt.timedelta(days=1)

    playground = ideas.idea_create(
        module=module,
        author=citizen,
        kind="proposal",
        title="Ein Spielplatz für alle Generationen an der Göltzsch",
        text=(
            "Am Göltzschufer in Rodewisch könnten Spielgeräte für Kinder und Bewegungsgeräte für Ältere "
            "nebeneinander stehen, mit Bänken und Schatten. So treffen sich Groß und Klein."
        ),
        topic=topics["Wohnen"],
        municipality=towns["14523360"],
        target_groups=[groups["Familien mit Kindern"], groups["Alle Generationen"]],
        place_name="Rodewisch, Göltzschufer",
        # Pins near the place named (approximate, for the demo map).
        latitude=Decimal("50.531200"),
        longitude=Decimal("12.409100"),
        image=demo_picture_playground(),
        image_alt="Zeichnung: eine Schaukel und eine Bank auf der Wiese am Fluss.",
        participant_town=towns["14523360"],
        participant_age_group="30-44",
    )
    doctors = ideas.idea_create(
        module=module,
        author=people["ellefeld"],
        kind="criticism",
        title="Keine neuen Patienten beim Hausarzt in Ellefeld",
        text="Wer neu zuzieht, findet in Ellefeld keine Hausarztpraxis, die noch Patientinnen und Patienten aufnimmt.",
        topic=topics["Gesundheit und Pflege"],
        municipality=towns["14523090"],
        target_groups=[groups["Alle Generationen"]],
    )
    ideas.idea_create(
        module=module,
        author=citizen,
        kind="vision",
        title="Ein Jugendcafé im alten Bahnhof",
        text="Der alte Bahnhof in Falkenstein steht leer. Ein Jugendcafé mit Proberaum würde ihn wieder beleben.",
        topic=topics["Bürgerbeteiligung"],
        municipality=towns["14523120"],
        target_groups=[groups["Jugendliche (12–17)"]],
        place_name="Falkenstein, alter Bahnhof",
        # Pins near the place named (approximate, for the demo map).
        latitude=Decimal("50.478400"),
        longitude=Decimal("12.365900"),
        image=demo_picture_station(),
        image_alt="Zeichnung: ein altes Bahnhofsgebäude aus Backstein mit erleuchteten Fenstern.",
    )
    ideas.offline_idea_record(
        module=module,
        recorded_by=people["auerbach"],
        channel="phone",
        received_on=first_day + dt.timedelta(days=1),
        contact_name="Walter Beispiel (Demo)",
        contact="03744 000099",
        consent="Hat am Telefon eingewilligt, dass Name und Nummer für die Antwort gespeichert werden.",
        delete_on=timezone.localdate() + dt.timedelta(days=365),
        kind="proposal",
        title="Mitfahrbänke zwischen den Orten",
        text=(
            "Eine Bank am Ortsausgang, auf der man sitzt, wenn man mitgenommen werden möchte – wie in anderen Dörfern."
        ),
        topic=topics["Gesundheit und Pflege"],
        municipality=towns["14523020"],
        target_groups=[groups["Seniorinnen und Senioren (65+)"]],
        participant_town=towns["14523020"],
        participant_age_group="65-79",
    )
    ideas.comment_create(idea=doctors, author=citizen, text="In Rodewisch ist es leider genauso.")
    for supporter in (people["ellefeld"], people["auerbach"]):
        ideas.support_add(idea=playground, user=supporter)
    from zukunftswerkstatt.conversation.models import Comment
    from zukunftswerkstatt.ideas.models import Idea, Support

    for number, idea in enumerate(Idea.objects.filter(module=module).order_by("reference")):
        _backdate(
            Idea.objects.filter(pk=idea.pk), _at(first_day + dt.timedelta(days=number // 2), 10 + 3 * (number % 2))
        )
    _backdate(Comment.objects.filter(idea=doctors), _at(first_day + dt.timedelta(days=3), 18, 20))
    Support.objects.filter(idea=playground).update(created=_at(first_day + dt.timedelta(days=2), 9, 40))


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


# Who came to the kick-offs, as staff recorded them at the door: (name, companions).
FIRST_KICKOFF_GUESTS = [
    ("Kirchgemeinde Auerbach", 4),
    ("Sportverein Ellefeld", 5),
    ("Gymnasium Rodewisch", 6),
    ("Seniorenbeirat Falkenstein", 5),
    ("Stadtverwaltung Auerbach", 4),
    ("Stadtverwaltung Falkenstein", 3),
    ("Stadtverwaltung Rodewisch", 3),
    ("Gemeindeverwaltung Ellefeld", 2),
    ("Handwerkerverein Göltzschtal", 3),
    ("Volkssolidarität Vogtland", 4),
    ("Freiwillige Feuerwehr Rodewisch", 3),
    ("Einzelne Bürgerinnen und Bürger", 10),
]
RUNNING_KICKOFF_GUESTS = [
    ("Jugendclub Falkenstein", 6),
    ("Kirchgemeinde Rodewisch", 3),
    ("Seniorenbeirat Auerbach", 4),
    ("Stadtverwaltungen der vier Orte", 7),
    ("Elternrat Grundschule Ellefeld", 3),
    ("Einzelne Bürgerinnen und Bürger", 10),
]


def _kickoff(*, process, phase, people, title, description, guests, minutes, results, capacity=80):
    """A kick-off that took place: the guests as staff registered them at the door, and its documentation.
    The documentation names the number of guests the registrations hold, so the two always agree."""
    from zukunftswerkstatt.events import services as events
    from zukunftswerkstatt.events.models import Channel, Kind, Registration
    from zukunftswerkstatt.events.selectors import event_seats

    day = phase.first_day
    event = events.event_create(
        process=process,
        phase=phase,
        title=title,
        kind=Kind.KICKOFF,
        description=description,
        start=_at(day, 18),
        end=_at(day, 20, 30),
        place_name="Rathaus Auerbach/Vogtl.",
        address="Nicolaistraße 22\n08209 Auerbach/Vogtl.",
        room="Ratssaal",
        step_free_access=True,
        hearing_loop=True,
        parking=True,
        capacity=capacity,
        registration_opens=_at(day - dt.timedelta(days=28), 8),
    )
    for index, (name, companions) in enumerate(guests):
        events.staff_registration_create(
            event=event,
            registered_by=people["koordination"],
            name=name,
            channel=Channel.IN_PERSON,
            phone=f"03744 1000{index:02d}",
            companions=companions,
            **events_demo.registration_details(organisation=process.organisation, name=name),
        )
    _backdate(Registration.objects.filter(event=event), _at(day, 17, 45))
    count = event_seats(event=event).taken
    events.documentation_save(
        event=event,
        written_by=people["koordination"],
        minutes=minutes % {"count": count},
        results=results,
    )
    return event


def _first_round_events(*, process, phases, people) -> None:
    """The first round's kick-off (the real one was on 15 November 2021)."""
    _kickoff(
        process=process,
        phase=phases["kickoff"],
        people=people,
        title="Auftaktveranstaltung",
        description=(
            "Der Städteverbund stellt das Bundesprogramm „Zukunftswerkstatt Kommunen“ vor: worum es geht, "
            "wie die fünf Teile ablaufen und wie Sie mitmachen können."
        ),
        guests=FIRST_KICKOFF_GUESTS,
        minutes=(
            "%(count)s Gäste aus Vereinen, Kirchen, Schulen, Unternehmen und den vier Stadtverwaltungen. "
            "Die Koordinierungsstelle stellte das Bundesprogramm und den Ablauf vor; in vier Tischrunden "
            "sammelten die Gäste erste Themen."
        ),
        results=(
            "- Wichtigste Themen: Wohnen im Alter, Nahverkehr zwischen den Städten, Angebote für Jugendliche\n"
            "- 23 Personen haben sich für die aktive Mitarbeit gemeldet\n"
            "- Nächster Schritt: das Kommunalprofil"
        ),
    )


def _running_round_events(*, process, phases, people, today: dt.date) -> None:
    """The running round's kick-off, the Ideenwand (a live board open for three weeks) and the next
    workshop evening in two weeks, which takes registrations."""
    from zukunftswerkstatt.events import services as events
    from zukunftswerkstatt.events.models import Channel, Kind

    _kickoff(
        process=process,
        phase=phases["kickoff"],
        people=people,
        title="Auftakt der zweiten Runde",
        description=(
            "Was ist aus der ersten Runde geworden, und was nehmen wir uns jetzt vor? Die Koordinierungsstelle "
            "berichtet, danach sammeln wir an Tischen neue Themen."
        ),
        guests=RUNNING_KICKOFF_GUESTS,
        minutes=(
            "%(count)s Gäste, darunter viele Jugendliche und Eltern. Die Koordinierungsstelle berichtete aus "
            "der Zwischenbilanz der ersten Runde; in Tischrunden entstanden neue Karten (siehe Protokoll der "
            "Tischrunden)."
        ),
        results=(
            "- Neue Schwerpunkte: Treffpunkte für Jugendliche, ärztliche Versorgung, Nahverkehr am Abend\n"
            "- Die Ideensammlung der zweiten Runde beginnt mit der Zukunftswerkstatt"
        ),
    )

    wall_start = today - dt.timedelta(days=2)
    events.event_create(
        process=process,
        phase=phases["workshop"],
        title=workshops_demo.LIVE_TITLE,
        kind=Kind.CITIZENS_MEETING,
        description=(
            "Drei Wochen lang hängt im Foyer des Rathauses Rodewisch eine Ideenwand. Schreiben Sie Ihre Karte "
            "auf Papier oder mit dem Handy: Den Code finden Sie an der Wand und hier auf der Seite. "
            "Eine Anmeldung ist nicht nötig."
        ),
        start=_at(wall_start, 9),
        end=_at(wall_start + dt.timedelta(days=21), 18),
        place_name="Rathaus Rodewisch",
        address="Wernesgrüner Straße 32\n08228 Rodewisch",
        room="Foyer",
        step_free_access=True,
        registration_closes=_at(wall_start, 9),
    )

    workshop_day = today + dt.timedelta(days=14)
    workshop_event = events.event_create(
        process=process,
        phase=phases["workshop"],
        title=workshops_demo.UPCOMING_TITLE,
        kind=Kind.WORKSHOP,
        description=(
            "Kritik, Phantasie, Verwirklichung: An einem Abend sammeln wir, was stört, wie es sein sollte "
            "und was wir gemeinsam tun können. Die Ergebnisse fließen in die Ideensammlung ein."
        ),
        start=_at(workshop_day, 17),
        end=_at(workshop_day, 20),
        place_name="Rathaus Falkenstein",
        address="Willy-Rudert-Platz 1\n08223 Falkenstein/Vogtl.",
        room="Ratssaal",
        step_free_access=True,
        sign_language_on_request=True,
        childcare=True,
        parking=True,
        accessibility_notes="Der Aufzug ist am Seiteneingang. Kinderbetreuung bitte bei der Anmeldung angeben.",
        capacity=40,
        registration_opens=_at(today - dt.timedelta(days=7), 8),
        registration_closes=_at(workshop_day - dt.timedelta(days=1), 12),
    )
    events.registration_create(
        event=workshop_event,
        name="Anna",
        email=people["buergerin"].email,
        user=people["buergerin"],
        companions=1,
        **events_demo.registration_details(organisation=process.organisation, name="Anna"),
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
            **events_demo.registration_details(organisation=process.organisation, name=name),
        )


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
