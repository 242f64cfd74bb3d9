"""Writes for organisations, towns and the shared vocabularies."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.template import Context, Engine
from django.utils import timezone, translation

from .images import image_reencode
from .maps import tile_host
from .models import LegalPage, Municipality, Organisation, TargetGroup, Topic, WorkerHeartbeat

LEGAL_TEMPLATE_DIR = Path(__file__).parent / "legal_templates"

# Titles of the legal pages are the organisation's own German content, edited like the body.
LEGAL_PAGE_TITLES = {
    LegalPage.Kind.IMPRINT: "Impressum",
    LegalPage.Kind.PRIVACY: "Datenschutzerklärung",
    LegalPage.Kind.ACCESSIBILITY: "Erklärung zur Barrierefreiheit",
}

# The fields of action of the federal programme's toolbox (see shared data/goeltzschtal.md).
DEFAULT_TOPICS = [
    "Öffentlichkeitsarbeit",
    "Wohnen",
    "Kooperation in und zwischen Kommunen",
    "Digitalisierung",
    "Demokratie",
    "Bürgerbeteiligung",
    "Ehrenamt",
    "Begegnung, Beratung und Selbsthilfe",
    "Förderung und Finanzierung",
    "Gesundheit und Pflege",
    "Arbeit und Wirtschaft",
    "Demografiestrategie",
    "Integration",
]

# Age groups as target groups; the whole platform shares one list.
DEFAULT_TARGET_GROUPS = [
    ("Kinder (unter 12)", 0, 11),
    ("Jugendliche (12–17)", 12, 17),
    ("Junge Erwachsene (18–29)", 18, 29),
    ("Familien mit Kindern", None, None),
    ("Erwachsene (30–64)", 30, 64),
    ("Seniorinnen und Senioren (65+)", 65, None),
    ("Alle Generationen", None, None),
]


def render_legal_template(*, organisation: Organisation, kind: str) -> str:
    source = (LEGAL_TEMPLATE_DIR / f"{kind}.txt").read_text(encoding="utf-8")
    # autoescape off: the result is stored as Markdown source and sanitised when shown.
    engine = Engine(autoescape=False, builtins=["django.template.defaultfilters"])
    address_lines = [line.strip() for line in organisation.contact_address.splitlines() if line.strip()]
    context = Context(
        {
            "organisation": organisation,
            "address": "  \n".join(address_lines),  # two spaces: a Markdown line break
            "address_inline": ", ".join(address_lines),
            # The day the statement is written; staff update it when they review it.
            "today": timezone.localdate(),
            # The tile server the visitor's browser contacts: the privacy policy must name it.
            "map_tile_host": tile_host(),
            "map_tile_provider": settings.MAP_TILE_PROVIDER,
            "map_tile_privacy_url": settings.MAP_TILE_PRIVACY_URL,
        },
        autoescape=False,  # the Context decides, not the Engine
    )
    # The legal pages are the organisation's German text, whatever language the admin uses.
    with translation.override("de"):
        return engine.from_string(source).render(context).strip()


@transaction.atomic
def organisation_create(
    *,
    name: str,
    slug: str,
    description: str = "",
    contact_name: str = "",
    contact_address: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    contact_hours: str = "",
    website: str = "",
) -> Organisation:
    """Create an organisation with the default fields of action and legal page templates."""
    organisation = Organisation(
        name=name,
        slug=slug,
        description=description,
        contact_name=contact_name,
        contact_address=contact_address,
        contact_phone=contact_phone,
        contact_email=contact_email,
        contact_hours=contact_hours,
        website=website,
    )
    organisation.full_clean()
    organisation.save()
    organisation_add_defaults(organisation=organisation)
    return organisation


@transaction.atomic
def organisation_add_defaults(*, organisation: Organisation) -> None:
    """Add missing default topics and legal pages; existing ones are left as they are."""
    existing_topics = set(organisation.topics.values_list("name", flat=True))
    Topic.objects.bulk_create(
        Topic(organisation=organisation, name=name, position=position)
        for position, name in enumerate(DEFAULT_TOPICS)
        if name not in existing_topics
    )
    existing_pages = set(organisation.legal_pages.values_list("kind", flat=True))
    LegalPage.objects.bulk_create(
        LegalPage(
            organisation=organisation,
            kind=kind,
            title=title,
            body=render_legal_template(organisation=organisation, kind=kind),
        )
        for kind, title in LEGAL_PAGE_TITLES.items()
        if kind not in existing_pages
    )
    target_group_ensure_defaults()


def target_group_ensure_defaults() -> None:
    existing = set(TargetGroup.objects.values_list("name", flat=True))
    TargetGroup.objects.bulk_create(
        TargetGroup(name=name, min_age=low, max_age=high, position=position)
        for position, (name, low, high) in enumerate(DEFAULT_TARGET_GROUPS)
        if name not in existing
    )


# The header shows the logo at most 48 px high (96 on a sharp screen); 600 px leave room for wide logos.
LOGO_MAX_SIDE = 600


@transaction.atomic
def organisation_set_appearance(*, organisation: Organisation, logo=None, brand_colour: str) -> Organisation:
    """Set the organisation's colour and, when `logo` (an upload) is given, its logo, re-encoded as a
    clean JPEG (core.images). The back office does the same through its form (accounts/admin_organisations.py)."""
    organisation.brand_colour = brand_colour.lower()
    fields = ["brand_colour", "modified"]
    if logo is not None:
        organisation.logo = image_reencode(logo, max_side=LOGO_MAX_SIDE)
        fields.append("logo")
    organisation.full_clean()
    organisation.save(update_fields=fields)
    return organisation


def municipality_create(*, organisation: Organisation, name: str, ags: str) -> Municipality:
    municipality = Municipality(organisation=organisation, name=name, ags=ags)
    municipality.full_clean()
    municipality.save()
    return municipality


def worker_heartbeat_record(*, kind: str, worker_id: str, hostname: str, pid: int, started_at: dt.datetime) -> None:
    """Note that a background worker is alive now (one row per worker process, updated in place).

    One UPDATE in the common case; the row is created on the worker's first beat. Rows of workers
    that have not been seen for `WORKER_HEARTBEAT_KEEP_DAYS` are removed then, so restarts do not
    pile up rows.
    """
    now = timezone.now()
    if WorkerHeartbeat.objects.filter(worker_id=worker_id).update(last_seen=now):
        return
    with transaction.atomic():
        WorkerHeartbeat.objects.filter(
            last_seen__lt=now - dt.timedelta(days=settings.WORKER_HEARTBEAT_KEEP_DAYS)
        ).delete()
        WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={"kind": kind, "hostname": hostname, "pid": pid, "started_at": started_at, "last_seen": now},
        )
