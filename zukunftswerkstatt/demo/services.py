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
from zukunftswerkstatt.processes.services import module_create, phases_reschedule, process_create_from_blueprint

ORGANISATION_SLUG = "goeltzschtal"
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

    for email, name, role, ags in ACCOUNTS:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, display_name=name)
        if role == "superuser":
            user.is_superuser = True
            user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        elif role:
            membership_grant(user=user, organisation=organisation, role=role, municipality=towns[ags] if ags else None)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return organisation


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
