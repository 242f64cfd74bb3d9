"""The inventory part of the Göltzschtal demo (called by demo.services.demo_load).

The entries are illustrative examples of the kind of offers small towns have. They are invented
for the demo and say so in their description; they are not claims about real offers.
"""

from __future__ import annotations

import datetime as dt

from zukunftswerkstatt.core.models import TargetGroup, Topic
from zukunftswerkstatt.processes.demo_context import DemoContext
from zukunftswerkstatt.processes.services import module_create

from . import services
from .models import DatePrecision

DEMO_NOTE = "\n\n*Beispiel-Eintrag für die Demo – erfunden, keine Angabe über ein reales Angebot.*"

AUERBACH, FALKENSTEIN, RODEWISCH, ELLEFELD = "14523020", "14523120", "14523360", "14523090"

# title, description, towns (AGS; empty: the whole association), field of action, target groups,
# provider kind, provider, status, since (year or (y, m, d)), until, funding, contact
ENTRIES = [
    (
        "Seniorentreff am Markt",
        "Jeden Dienstag und Donnerstag Kaffee, Gespräche, Gedächtnistraining und einmal im Monat ein Vortrag.",
        [AUERBACH],
        "Begegnung, Beratung und Selbsthilfe",
        ["Seniorinnen und Senioren (65+)"],
        "welfare",
        "Volkssolidarität (Demo)",
        "running",
        2014,
        None,
        "Eigenmittel des Trägers, Zuschuss der Stadt",
        ("Frau Beispiel", "03744 000001", "seniorentreff@demo.example"),
    ),
    (
        "Jugendclub „Alte Post“",
        "Offener Treff für Jugendliche mit Billard, Kicker, Bandproberaum und Hausaufgabenhilfe, Mo–Fr ab 14 Uhr.",
        [FALKENSTEIN],
        "Begegnung, Beratung und Selbsthilfe",
        ["Jugendliche (12–17)", "Junge Erwachsene (18–29)"],
        "welfare",
        "Kinder- und Jugendhilfeverein (Demo)",
        "running",
        2009,
        None,
        "Jugendpauschale des Landkreises, Stadt Falkenstein",
        ("Jugendclub-Team", "03745 000002", ""),
    ),
    (
        "Bürgerbus Göltzschtal",
        "Ehrenamtliche Fahrerinnen und Fahrer bringen Menschen ohne Auto zwischen den vier Orten zum Arzt, "
        "zum Einkaufen und zu Terminen. Anmeldung einen Tag vorher.",
        [],
        "Kooperation in und zwischen Kommunen",
        ["Seniorinnen und Senioren (65+)", "Alle Generationen"],
        "club",
        "Bürgerbusverein Göltzschtal (Demo)",
        "planned",
        2027,
        None,
        "Förderantrag beim Land gestellt, Spenden",
        ("Koordinierungsstelle (Demo)", "03744 000000", "buergerbus@demo.example"),
    ),
    (
        "Nachbarschaftshilfe Rodewisch",
        "Nachbarinnen und Nachbarn helfen einander beim Einkaufen, bei kleinen Reparaturen und mit Begleitung "
        "zu Terminen. Vermittlung über das Rathaus.",
        [RODEWISCH],
        "Ehrenamt",
        ["Seniorinnen und Senioren (65+)", "Alle Generationen"],
        "town",
        "Stadtverwaltung Rodewisch (Demo)",
        "running",
        2019,
        None,
        "Ehrenamtspauschalen, Stadt Rodewisch",
        ("Bürgerbüro Rodewisch (Demo)", "03744 000003", "nachbarschaft@demo.example"),
    ),
    (
        "Familienzentrum Auerbach",
        "Eltern-Kind-Gruppen, Beratung für junge Familien, Stillcafé und ein offener Spielenachmittag.",
        [AUERBACH],
        "Begegnung, Beratung und Selbsthilfe",
        ["Familien mit Kindern", "Kinder (unter 12)"],
        "church",
        "Evangelische Kirchgemeinde (Demo)",
        "running",
        2016,
        None,
        "Landesprogramm Familienbildung, Kirchgemeinde",
        ("Familienzentrum (Demo)", "03744 000004", "familie@demo.example"),
    ),
    (
        "Vereinsförderung der Stadt Ellefeld",
        "Zuschüsse für Vereine, die Kinder und Jugendliche trainieren oder Feste für alle ausrichten. "
        "Antrag bis 31. März.",
        [ELLEFELD],
        "Förderung und Finanzierung",
        ["Alle Generationen"],
        "town",
        "Gemeindeverwaltung Ellefeld (Demo)",
        "running",
        2012,
        None,
        "Haushalt der Gemeinde",
        ("Gemeindeverwaltung Ellefeld (Demo)", "037421 000005", ""),
    ),
    (
        "Digitalsprechstunde für Ältere",
        "Schülerinnen und Schüler erklären Smartphone und Tablet – geduldig und kostenlos, einmal im Monat in "
        "der Bibliothek.",
        [FALKENSTEIN, AUERBACH],
        "Digitalisierung",
        ["Seniorinnen und Senioren (65+)", "Jugendliche (12–17)"],
        "school",
        "Gymnasium (Demo)",
        "running",
        (2023, 9, 1),
        None,
        "",
        ("Stadtbibliothek (Demo)", "", "bibliothek@demo.example"),
    ),
    (
        "Mehrgenerationenspielplatz am Stadtpark",
        "Spielgeräte für Kinder und Bewegungsgeräte für Ältere an einem Ort, mit Bänken und Schatten.",
        [RODEWISCH],
        "Wohnen",
        ["Kinder (unter 12)", "Seniorinnen und Senioren (65+)", "Familien mit Kindern"],
        "town",
        "Stadtverwaltung Rodewisch (Demo)",
        "planned",
        2026,
        2027,
        "Städtebauförderung (beantragt), Eigenanteil der Stadt",
        ("Bauamt Rodewisch (Demo)", "03744 000006", ""),
    ),
    (
        "Pflegestammtisch für Angehörige",
        "Austausch und Beratung für Menschen, die Angehörige zu Hause pflegen, jeden ersten Mittwoch im Monat.",
        [],
        "Gesundheit und Pflege",
        ["Erwachsene (30–64)", "Seniorinnen und Senioren (65+)"],
        "welfare",
        "Diakonie (Demo)",
        "running",
        2018,
        None,
        "Pflegekassen (Selbsthilfeförderung)",
        ("Pflegeberatung (Demo)", "03744 000007", "pflege@demo.example"),
    ),
    (
        "Ausbildungsmesse Göltzschtal",
        "Betriebe der Region stellen Ausbildungsplätze und Praktika vor; Schulen kommen mit den Klassen 8–10.",
        [],
        "Arbeit und Wirtschaft",
        ["Jugendliche (12–17)", "Junge Erwachsene (18–29)"],
        "company",
        "Gewerbeverein (Demo)",
        "running",
        2011,
        None,
        "Standgebühren, Sponsoring",
        ("Gewerbeverein (Demo)", "", "messe@demo.example"),
    ),
    (
        "Willkommenspaket für Zugezogene",
        "Neue Einwohnerinnen und Einwohner erhalten eine Mappe mit Vereinen, Ärzten, Kitas und Ansprechpersonen.",
        [AUERBACH, FALKENSTEIN, RODEWISCH, ELLEFELD],
        "Öffentlichkeitsarbeit",
        ["Alle Generationen"],
        "town",
        "Städteverbund Göltzschtal (Demo)",
        "planned",
        2026,
        None,
        "Haushalt des Städteverbunds",
        ("Koordinierungsstelle (Demo)", "03744 000000", ""),
    ),
    (
        "Sprachcafé",
        "Deutsch üben bei Kaffee und Kuchen, für Zugewanderte und alle, die helfen möchten.",
        [FALKENSTEIN],
        "Integration",
        ["Erwachsene (30–64)", "Alle Generationen"],
        "church",
        "Katholische Pfarrei (Demo)",
        "running",
        2016,
        None,
        "Spenden",
        ("Sprachcafé-Team (Demo)", "", "sprachcafe@demo.example"),
    ),
    (
        "Ehrenamtsbörse online",
        "Vereine stellen Aufgaben ein, Freiwillige finden etwas, das zu ihnen passt.",
        [],
        "Ehrenamt",
        ["Junge Erwachsene (18–29)", "Erwachsene (30–64)"],
        "town",
        "Städteverbund Göltzschtal (Demo)",
        "ended",
        2017,
        2022,
        "Bundesprogramm (ausgelaufen)",
        ("", "", ""),
    ),
    (
        "Seniorenwohnen mit Service",
        "Barrierearme Wohnungen mit Hausnotruf, Gemeinschaftsraum und Hilfe bei Bedarf.",
        [ELLEFELD],
        "Wohnen",
        ["Seniorinnen und Senioren (65+)"],
        "company",
        "Wohnungsgenossenschaft (Demo)",
        "running",
        2020,
        None,
        "Mieten, KfW-Förderung beim Umbau",
        ("Vermietung (Demo)", "037421 000008", ""),
    ),
    (
        "Kinder- und Jugendparlament",
        "Gewählte Schülerinnen und Schüler beraten den Stadtrat bei Spielplätzen, Festen und Busverbindungen.",
        [AUERBACH],
        "Demokratie",
        ["Jugendliche (12–17)", "Kinder (unter 12)"],
        "town",
        "Stadtverwaltung Auerbach (Demo)",
        "planned",
        2026,
        None,
        "Haushalt der Stadt",
        ("Stadtverwaltung Auerbach (Demo)", "03744 000009", ""),
    ),
    (
        "Gesundheitstage im Göltzschtal",
        "Vorträge, Blutdruckmessen, Bewegungsangebote – zwei Tage im Herbst in wechselnden Orten.",
        [],
        "Gesundheit und Pflege",
        ["Alle Generationen"],
        "other",
        "Arbeitskreis Gesundheit (Demo)",
        "ended",
        2015,
        2019,
        "Krankenkassen, Sponsoring",
        ("", "", ""),
    ),
    (
        "Ortsteilspaziergänge mit dem Bürgermeister",
        "Einmal im Quartal geht der Bürgermeister mit Einwohnerinnen und Einwohnern durch einen Ortsteil.",
        [ELLEFELD],
        "Bürgerbeteiligung",
        ["Alle Generationen"],
        "town",
        "Gemeindeverwaltung Ellefeld (Demo)",
        "running",
        2021,
        None,
        "",
        ("Gemeindeverwaltung Ellefeld (Demo)", "037421 000005", ""),
    ),
    (
        "Demografie-Monitoring des Städteverbunds",
        "Jährlicher Bericht zu Einwohnerzahlen, Altersstruktur und Wanderungen der vier Orte.",
        [],
        "Demografiestrategie",
        ["Alle Generationen"],
        "town",
        "Städteverbund Göltzschtal (Demo)",
        "running",
        2013,
        None,
        "Haushalt des Städteverbunds",
        ("Koordinierungsstelle (Demo)", "03744 000000", "zukunftswerkstatt@demo.example"),
    ),
    (
        "Repair-Café",
        "Gemeinsam reparieren statt wegwerfen: Toaster, Fahrräder, Kleidung. Jeden dritten Samstag.",
        [RODEWISCH, ELLEFELD],
        "Begegnung, Beratung und Selbsthilfe",
        ["Alle Generationen"],
        "club",
        "Heimatverein (Demo)",
        "running",
        (2022, 4, 9),
        None,
        "Spenden, Vereinsbeiträge",
        ("Repair-Café-Team (Demo)", "", "repair@demo.example"),
    ),
    (
        "Bürgerhaushalt",
        "Einwohnerinnen und Einwohner schlagen vor und stimmen ab, wofür ein Teil des Haushalts ausgegeben wird.",
        [FALKENSTEIN],
        "Bürgerbeteiligung",
        ["Alle Generationen"],
        "town",
        "Stadtverwaltung Falkenstein (Demo)",
        "planned",
        2027,
        None,
        "Haushalt der Stadt",
        ("Stadtverwaltung Falkenstein (Demo)", "03745 000010", ""),
    ),
]


def _since(value) -> tuple[dt.date | None, str]:
    if value is None:
        return None, DatePrecision.YEAR
    if isinstance(value, tuple):
        return dt.date(*value), DatePrecision.DAY
    return dt.date(value, 1, 1), DatePrecision.YEAR


def _until(value) -> tuple[dt.date | None, str]:
    if value is None:
        return None, DatePrecision.YEAR
    return dt.date(value, 12, 31), DatePrecision.YEAR


def load(ctx: DemoContext) -> None:
    """The inventory module of the profile phase with illustrative entries and one waiting suggestion."""
    module = module_create(
        phase=ctx.phases["profile"],
        type="inventory",
        title="Bestandsaufnahme: Was es schon gibt",
        description=(
            "Welche Angebote, Maßnahmen und Projekte gibt es schon in Auerbach, Falkenstein, Rodewisch und "
            "Ellefeld? Die Liste wurde von den Stadtverwaltungen zusammengetragen. Fehlt etwas? Sagen Sie es uns.\n\n"
            "*Alle Einträge dieser Demo sind erfundene Beispiele.*"
        ),
        settings={"suggestions_open": True},
        position=1,
    )
    topics = {t.name: t for t in Topic.objects.filter(organisation=ctx.organisation)}
    groups = {g.name: g for g in TargetGroup.objects.all()}
    staff = ctx.people.get("koordination")
    for entry in ENTRIES:
        (title, text, towns, topic, target_groups, kind, provider, status, since, until, funding, contact) = entry
        since_date, since_precision = _since(since)
        until_date, until_precision = _until(until)
        services.item_create(
            module=module,
            created_by=staff,
            title=title,
            description=text + DEMO_NOTE,
            municipalities=[ctx.towns[ags] for ags in towns],
            topic=topics.get(topic),
            target_groups=[groups[name] for name in target_groups if name in groups],
            provider_kind=kind,
            provider_name=provider,
            status=status,
            since=since_date,
            since_precision=since_precision,
            until=until_date,
            until_precision=until_precision,
            funding=funding,
            contact_name=contact[0],
            contact_phone=contact[1],
            contact_email=contact[2],
        )
    services.suggestion_create(
        module=module,
        author=ctx.people.get("buergerin"),
        title="Lauftreff am Stausee",
        description="Jeden Samstag um 9 Uhr laufen wir gemeinsam eine Runde, alle Tempi willkommen. (Demo)",
        municipality=ctx.towns[FALKENSTEIN],
        provider_name="privat organisiert",
    )
