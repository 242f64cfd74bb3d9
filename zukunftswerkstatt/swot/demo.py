"""The SWOT analysis part of the Göltzschtal demo (called by demo.services.demo_load after the inventory).

The statements rest on the facts in the shared fact sheet (population figures marked as secondary
sources where they come from encyclopaedias or the press) and on the demo contributions; they are
an illustration of what a Kommunalprofil's SWOT looks like, not the association's official one.
"""

from __future__ import annotations

from dataclasses import dataclass

from zukunftswerkstatt.core.models import Topic
from zukunftswerkstatt.processes.demo_context import DemoContext
from zukunftswerkstatt.processes.services import module_create

from . import services
from .models import Quadrant
from .selectors import swot_ideas_of_process, swot_inventory_of_process
from .services import DocumentRef, IndicatorRef

AUERBACH, FALKENSTEIN, RODEWISCH, ELLEFELD = "14523020", "14523120", "14523360", "14523090"

STATISTIK_SACHSEN = DocumentRef(
    title="Gemeindetabelle – Bevölkerung und natürliche Bevölkerungsbewegung",
    url="https://www.statistik.sachsen.de/",
    publisher="Statistisches Landesamt des Freistaates Sachsen",
)
REGIONALSTATISTIK = DocumentRef(
    title="Regionaldatenbank Deutschland, Tabelle 12411-02-03-5: Bevölkerung nach Altersgruppen",
    url="https://www.regionalstatistik.de/genesis/online",
    publisher="Statistische Ämter des Bundes und der Länder",
)
PROGRAMME = DocumentRef(
    title="Zukunftswerkstatt Kommunen – Attraktiv im Wandel",
    url="https://www.bmfsfj.de/",
    publisher="Bundesministerium für Familie, Senioren, Frauen und Jugend",
)


@dataclass(frozen=True)
class Entry:
    """One demo item: its town (AGS; None = the whole association), quadrant, wording, field of action,
    and its evidence: contributions and inventory entries by title (missing ones are left out),
    indicators as (key, AGS or None), documents."""

    town: str | None
    quadrant: str
    statement: str
    explanation: str
    topic: str
    ideas: tuple[str, ...] = ()
    inventory: tuple[str, ...] = ()
    indicators: tuple[tuple[str, str | None], ...] = ()
    documents: tuple[DocumentRef, ...] = ()


ITEMS = [
    # -- the whole association ---------------------------------------------------------------------
    Entry(
        town=None,
        quadrant=Quadrant.STRENGTH,
        statement="Vier Städte arbeiten im Städteverbund Göltzschtal zusammen",
        explanation=(
            "Auerbach/Vogtl., Falkenstein/Vogtl., Rodewisch und Ellefeld planen als **Mittelzentraler "
            "Städteverbund** gemeinsam. Der Verbund ist eine von 40 Modellkommunen des Bundesprogramms "
            "„Zukunftswerkstatt Kommunen“."
        ),
        topic="Kooperation in und zwischen Kommunen",
        inventory=("Demografie-Monitoring des Städteverbunds",),
        documents=(PROGRAMME,),
    ),
    Entry(
        town=None,
        quadrant=Quadrant.STRENGTH,
        statement="Das Göltzschtal: Landschaft und Naherholung vor der Haustür",
        explanation=(
            "Das Tal der Göltzsch im Vogtland verbindet die vier Orte. Wald, Wanderwege und kurze Wege ins "
            "Grüne machen die Städte für Familien und Ältere attraktiv."
        ),
        topic="Wohnen",
    ),
    Entry(
        town=None,
        quadrant=Quadrant.STRENGTH,
        statement="Viele Vereine und ehrenamtlich Engagierte",
        explanation=(
            "Sport-, Heimat-, Kultur- und Sozialvereine tragen das Leben in allen vier Orten. Sie sind "
            "Partner für neue Angebote."
        ),
        topic="Ehrenamt",
        inventory=(
            "Ehrenamtsbörse online",
            "Vereinsförderung der Stadt Ellefeld",
        ),
    ),
    Entry(
        town=None,
        quadrant=Quadrant.STRENGTH,
        statement="Erfahrung mit Bürgerbeteiligung",
        explanation=(
            "An einer früheren Online-Umfrage im Städteverbund haben rund 450 Menschen teilgenommen (Presse)."
        ),
        topic="Bürgerbeteiligung",
        inventory=(
            "Bürgerhaushalt",
            "Ortsteilspaziergänge mit dem Bürgermeister",
        ),
    ),
    Entry(
        town=None,
        quadrant=Quadrant.WEAKNESS,
        statement="Vereine finden schwer Nachwuchs für Vorstand und Ämter",
        explanation="Viele Vereine haben überwiegend ältere Mitglieder; jeder wirbt für sich allein.",
        topic="Ehrenamt",
        ideas=("Vereine finden keinen Nachwuchs",),
        inventory=("Ehrenamtsbörse online",),
        indicators=(("average_age", None),),
    ),
    Entry(
        town=None,
        quadrant=Quadrant.WEAKNESS,
        statement="Abends und am Wochenende fehlt der Nahverkehr zwischen den Orten",
        explanation="Wer kein Auto hat, kommt abends kaum zum Arzt, ins Theater oder zu Freunden in den Nachbarort.",
        topic="Gesundheit und Pflege",
        ideas=("Der Bus fährt abends nicht mehr",),
        inventory=("Bürgerbus Göltzschtal",),
    ),
    Entry(
        town=None,
        quadrant=Quadrant.WEAKNESS,
        statement="Junge Menschen haben wenig Mitsprache",
        explanation=(
            "Ein Kinder- und Jugendparlament ist erst in Auerbach geplant; einen gemeinsamen Jugendbeirat "
            "gibt es nicht. Jugendliche werden bei Plänen, die sie betreffen, selten gefragt (vgl. § 47a "
            "Sächsische Gemeindeordnung)."
        ),
        topic="Bürgerbeteiligung",
        ideas=("Jugendliche reden mit",),
        inventory=("Kinder- und Jugendparlament",),
        indicators=(("share_under_20", None),),
    ),
    Entry(
        town=None,
        quadrant=Quadrant.OPPORTUNITY,
        statement="Das Bundesprogramm bringt Beratung, Methoden und Austausch",
        explanation=(
            "Die Begleitung durch das Kompetenzzentrum Technik-Diversity-Chancengleichheit und der Austausch"
            " mit anderen Modellkommunen helfen, Ideen schneller umzusetzen."
        ),
        topic="Förderung und Finanzierung",
        documents=(PROGRAMME,),
    ),
    Entry(
        town=None,
        quadrant=Quadrant.OPPORTUNITY,
        statement="Digitale Angebote können Wege ersetzen",
        explanation=(
            "Online-Sprechstunden, digitale Behördengänge und Fahrdienst-Apps erleichtern vor allem Älteren "
            "und Familien den Alltag – wenn es Hilfe beim Einstieg gibt."
        ),
        topic="Digitalisierung",
        inventory=("Digitalsprechstunde für Ältere",),
    ),
    Entry(
        town=None,
        quadrant=Quadrant.OPPORTUNITY,
        statement="Familien suchen bezahlbares Wohnen im Grünen",
        explanation="Steigende Mieten in den Großstädten machen kleinere Städte mit guter Infrastruktur interessant.",
        topic="Wohnen",
        inventory=("Willkommenspaket für Zugezogene",),
        indicators=(("migration_balance_per_1000", None),),
    ),
    Entry(
        town=None,
        quadrant=Quadrant.OPPORTUNITY,
        statement="Austausch mit einer anderen ländlichen Region",
        explanation="Andere Regionen haben ähnliche Aufgaben gelöst; ein Austausch spart Umwege.",
        topic="Kooperation in und zwischen Kommunen",
    ),
    Entry(
        town=None,
        quadrant=Quadrant.THREAT,
        statement="Die Bevölkerung nimmt weiter ab",
        explanation=(
            "Auerbach hatte am 3.10.1990 23.298 Einwohner, Ende 2020 noch 18.048; Falkenstein sank von etwa "
            "9.880 (2000) auf 7.888 (2020). Die Zahlen für 2020 stammen aus Sekundärquellen."
        ),
        topic="Demografiestrategie",
        indicators=(
            ("population", None),
            ("population_change", None),
        ),
        documents=(STATISTIK_SACHSEN,),
    ),
    Entry(
        town=None,
        quadrant=Quadrant.THREAT,
        statement="Die Bevölkerung altert",
        explanation=(
            "Schon Ende 2000 war in Auerbach jede und jeder Fünfte 65 oder älter (21,5 %). Der Vogtlandkreis"
            " war 2011 mit einem Durchschnittsalter von 48,3 Jahren der älteste Kreis Sachsens (Presse)."
        ),
        topic="Gesundheit und Pflege",
        inventory=(
            "Pflegestammtisch für Angehörige",
            "Seniorenwohnen mit Service",
        ),
        indicators=(
            ("share_65_plus", None),
            ("old_age_dependency_ratio", None),
            ("average_age", None),
        ),
        documents=(REGIONALSTATISTIK,),
    ),
    Entry(
        town=None,
        quadrant=Quadrant.THREAT,
        statement="Es sterben mehr Menschen, als Kinder geboren werden",
        explanation="In Auerbach standen im Jahr 2000 132 Geburten 307 Sterbefällen gegenüber.",
        topic="Demografiestrategie",
        indicators=(
            ("natural_balance_per_1000", None),
            ("births_per_1000", None),
        ),
        documents=(STATISTIK_SACHSEN,),
    ),
    Entry(
        town=None,
        quadrant=Quadrant.THREAT,
        statement="Junge Menschen ziehen für Ausbildung und Arbeit weg",
        explanation="Auerbach verlor im Jahr 2000 durch Wanderung 76 Menschen mehr, als zuzogen.",
        topic="Arbeit und Wirtschaft",
        inventory=("Ausbildungsmesse Göltzschtal",),
        indicators=(("migration_balance_per_1000", None),),
    ),
    # -- Auerbach/Vogtl. ---------------------------------------------------------------------------
    Entry(
        town=AUERBACH,
        quadrant=Quadrant.STRENGTH,
        statement="Größte Stadt des Verbunds mit Schulen, Ärzten und Geschäften",
        explanation=(
            "Rund 18.000 Einwohnerinnen und Einwohner (2020, Sekundärquelle); viele Angebote der Daseinsvorsorge."
        ),
        topic="Gesundheit und Pflege",
        inventory=(
            "Familienzentrum Auerbach",
            "Seniorentreff am Markt",
        ),
        indicators=(("population", AUERBACH),),
    ),
    Entry(
        town=AUERBACH,
        quadrant=Quadrant.WEAKNESS,
        statement="Ohne Auto abends kaum nach Falkenstein",
        explanation="Ein Brief an die Koordinierungsstelle beschreibt, dass nach 18 Uhr kein Bus mehr fährt.",
        topic="Gesundheit und Pflege",
        ideas=("Der Bus fährt abends nicht mehr",),
        inventory=("Bürgerbus Göltzschtal",),
    ),
    Entry(
        town=AUERBACH,
        quadrant=Quadrant.OPPORTUNITY,
        statement="Leerstehende Läden als Treffpunkte nutzen",
        explanation="Zwischennutzungen können Begegnung ermöglichen, bis sich neue Mieter finden.",
        topic="Begegnung, Beratung und Selbsthilfe",
    ),
    Entry(
        town=AUERBACH,
        quadrant=Quadrant.THREAT,
        statement="Seit 1990 fast ein Viertel weniger Einwohner",
        explanation="Von 23.298 (1990) auf 18.048 (2020, Sekundärquelle).",
        topic="Demografiestrategie",
        indicators=(
            ("population_change", AUERBACH),
            ("share_65_plus", AUERBACH),
        ),
        documents=(STATISTIK_SACHSEN,),
    ),
    # -- Falkenstein/Vogtl. ------------------------------------------------------------------------
    Entry(
        town=FALKENSTEIN,
        quadrant=Quadrant.STRENGTH,
        statement="Offene Treffpunkte für Jugendliche und Zugewanderte",
        explanation="Der Jugendclub „Alte Post“ und das Sprachcafé sind feste Anlaufstellen.",
        topic="Integration",
        inventory=(
            "Jugendclub „Alte Post“",
            "Sprachcafé",
        ),
    ),
    Entry(
        town=FALKENSTEIN,
        quadrant=Quadrant.THREAT,
        statement="Seit 2000 rund ein Fünftel weniger Einwohner",
        explanation="Von etwa 9.880 (2000) auf 7.888 Einwohner (2020, Sekundärquelle).",
        topic="Demografiestrategie",
        indicators=(("population_change", FALKENSTEIN),),
        documents=(STATISTIK_SACHSEN,),
    ),
    # -- Rodewisch ---------------------------------------------------------------------------------
    Entry(
        town=RODEWISCH,
        quadrant=Quadrant.STRENGTH,
        statement="Engagierte Initiativen für Frauen und Familien",
        explanation="Der Vorschlag eines Frauencafés hat schnell Unterstützung gefunden.",
        topic="Begegnung, Beratung und Selbsthilfe",
        ideas=("Ein Frauencafé in Rodewisch",),
        inventory=("Nachbarschaftshilfe Rodewisch",),
    ),
    Entry(
        town=RODEWISCH,
        quadrant=Quadrant.WEAKNESS,
        statement="Es fehlt ein offener Treffpunkt im Zentrum",
        explanation="Für Beratung und Austausch gibt es keinen festen Ort, der allen offensteht.",
        topic="Begegnung, Beratung und Selbsthilfe",
        ideas=("Ein Frauencafé in Rodewisch",),
    ),
    Entry(
        town=RODEWISCH,
        quadrant=Quadrant.OPPORTUNITY,
        statement="Räume im Rathaus oder Gemeindehaus stehen zeitweise leer",
        explanation="Sie könnten für ein Frauencafé oder eine Sprechstunde genutzt werden.",
        topic="Begegnung, Beratung und Selbsthilfe",
        ideas=("Ein Frauencafé in Rodewisch",),
    ),
    Entry(
        town=RODEWISCH,
        quadrant=Quadrant.THREAT,
        statement="Die Einwohnerzahl sinkt langsam",
        explanation="6.451 Einwohner (2022), 6.396 (2023).",
        topic="Demografiestrategie",
        indicators=(
            ("population", RODEWISCH),
            ("population_change", RODEWISCH),
        ),
    ),
    # -- Ellefeld ----------------------------------------------------------------------------------
    Entry(
        town=ELLEFELD,
        quadrant=Quadrant.STRENGTH,
        statement="Kleine Gemeinde mit engem Zusammenhalt",
        explanation="Man kennt sich; Nachbarschaftshilfe funktioniert.",
        topic="Ehrenamt",
        inventory=(
            "Vereinsförderung der Stadt Ellefeld",
            "Ortsteilspaziergänge mit dem Bürgermeister",
        ),
    ),
    Entry(
        town=ELLEFELD,
        quadrant=Quadrant.WEAKNESS,
        statement="Sehr wenige Geburten",
        explanation="2025 wurden nur 7 Kinder geboren (Presse).",
        topic="Demografiestrategie",
        indicators=(("births_per_1000", ELLEFELD),),
    ),
    Entry(
        town=ELLEFELD,
        quadrant=Quadrant.OPPORTUNITY,
        statement="Ein Jugendbeirat für alle vier Orte",
        explanation="Jugendliche aus Ellefeld könnten gemeinsam mit den Nachbarstädten mitreden.",
        topic="Bürgerbeteiligung",
        ideas=("Jugendliche reden mit",),
        inventory=("Kinder- und Jugendparlament",),
        indicators=(("share_under_20", ELLEFELD),),
    ),
    Entry(
        town=ELLEFELD,
        quadrant=Quadrant.THREAT,
        statement="Die Bevölkerung schrumpft deutlich",
        explanation="Von 2.723 (2012) auf 2.390 Einwohner (2025, Presse).",
        topic="Demografiestrategie",
        indicators=(
            ("population", ELLEFELD),
            ("population_change", ELLEFELD),
        ),
    ),
]


def load(ctx: DemoContext) -> None:
    """A SWOT module in the Kommunalprofil phase with items for the association and each town."""
    module = module_create(
        phase=ctx.phases["profile"],
        type="swot",
        title="Stärken, Schwächen, Chancen und Risiken",
        description=(
            "Was macht das Göltzschtal heute stark, was fehlt? Welche Entwicklungen von außen können uns "
            "helfen oder schaden? Die Analyse gehört zum Kommunalprofil und stützt sich auf Zahlen, die "
            "Bestandsaufnahme und Ihre Beiträge. Ergänzen Sie sie: kommentieren Sie oder schlagen Sie einen "
            "Punkt vor."
        ),
        settings={"accept_input": True, "allow_guests": True},
        position=2,
    )
    topics = {t.name: t for t in Topic.objects.filter(organisation=ctx.organisation)}
    ideas = {i.title: i for i in swot_ideas_of_process(module=module)}
    inventory = {entry.title: entry for entry in swot_inventory_of_process(module=module)}
    author = ctx.people.get("koordination") or ctx.people.get("moderation")
    items = {}
    for entry in ITEMS:
        items[entry.statement] = services.swot_item_create(
            module=module,
            municipality=ctx.towns[entry.town] if entry.town else None,
            quadrant=entry.quadrant,
            statement=entry.statement,
            explanation=entry.explanation,
            topic=topics.get(entry.topic),
            ideas=[ideas[t] for t in entry.ideas if t in ideas],
            inventory_items=[inventory[t] for t in entry.inventory if t in inventory],
            indicators=[IndicatorRef(key=k, municipality=ctx.towns[a] if a else None) for k, a in entry.indicators],
            documents=entry.documents,
            created_by=author,
        )

    citizen = ctx.people.get("buergerin")
    if citizen is not None:
        services.swot_comment_create(
            item=items["Abends und am Wochenende fehlt der Nahverkehr zwischen den Orten"],
            author=citizen,
            text="Das betrifft auch Jugendliche, die abends zum Training nach Rodewisch wollen.",
        )
        services.swot_suggestion_create(
            module=module,
            municipality=None,
            quadrant=Quadrant.STRENGTH,
            statement="Gute Kinderbetreuung in allen vier Orten",
            explanation="Wir haben schnell einen Kita-Platz bekommen – das ist nicht überall so.",
            author=citizen,
        )
    services.swot_suggestion_create(
        module=module,
        municipality=ctx.towns[FALKENSTEIN],
        quadrant=Quadrant.OPPORTUNITY,
        statement="Die Talsperre als Ausflugsziel bekannter machen",
        author_name="Gast (Demo)",
    )
