"""The demography part of the Göltzschtal demo (called by demo.services.demo_load).

The official figures are loaded through the importers from the unchanged files the statistics
offices publish, as a coordinator would upload them (shipped in data/official/, see its
SOURCES.md): the population on 30 June 2011–2022 by sex (Statistik Sachsen 12410-010Z) and the
deaths 1980–2022 (12613-010Z) of the four towns. No age structure by town was available: the one
for 30 June 2021, the projection's start, is the Vogtlandkreis' official structure on 31.12.2018
(Regionaldatenbank 12411-02-03-5-B, read from its file) scaled to each town's official men and
women on 30.06.2021, and that import batch is flagged illustrative, so every page that shows it
says so. Ellefeld's population and births in 2025 come from the press [secondary].
"""

from __future__ import annotations

from pathlib import Path

from zukunftswerkstatt.processes.demo_context import DemoContext
from zukunftswerkstatt.processes.services import module_create

from . import importers, services
from .models import ImportFormat, PopulationCount

AUERBACH, FALKENSTEIN, RODEWISCH, ELLEFELD = "14523020", "14523120", "14523360", "14523090"
TOWNS = (AUERBACH, FALKENSTEIN, RODEWISCH, ELLEFELD)
VOGTLANDKREIS = "14523"
OFFICIAL = Path(__file__).parent / "data" / "official"
POPULATION_FILE = "statistik-sachsen_12410-010Z_bevoelkerung-30-06_gemeinden_2011-2022_EXCERPT.csv"
DEATHS_FILE = "statistik-sachsen_12613-010Z_gestorbene_gemeinden_1980-2022_EXCERPT.csv"
DISTRICTS_FILE = "regionaldatenbank_12411-02-03-5-B_kreise_2018.csv"
STRUCTURE_YEAR = 2021
"""The year whose 30 June population gets the illustrative age structure (the projection's start)."""

SOURCE_POPULATION = (
    "Statistisches Landesamt des Freistaates Sachsen, Tabelle 12410-010Z Bevölkerung am 30.06. nach Geschlecht "
    "auf Gemeinden (Gebietsstand 01.01.2023), Stand 14.01.2024"
)
SOURCE_DEATHS = (
    "Statistisches Landesamt des Freistaates Sachsen, Tabelle 12613-010Z Gestorbene nach Gemeinden "
    "(Gebietsstand 01.01.2023), Stand 17.01.2024"
)
SOURCE_STRUCTURE = (
    "Altersstruktur ILLUSTRATIV: Verteilung des Vogtlandkreises am 31.12.2018 (Regionaldatenbank Deutschland, "
    "12411-02-03-5-B, dl-de/by-2-0) auf die amtlichen Einwohnerzahlen der Stadt nach Geschlecht am 30.06.2021 "
    "(Statistisches Landesamt Sachsen, 12410-010Z) umgelegt"
)
SOURCE_SECONDARY = "Ellefeld 2025: Freie Presse [sekundär]"
ELLEFELD_2025 = {"population": 2390, "births": 7}


def official_file(name: str) -> bytes:
    return (OFFICIAL / name).read_bytes()


def scaled(weights: list[int], total: int) -> list[int]:
    """Integer counts proportional to weights that add up to total exactly (largest remainder)."""
    whole = sum(weights)
    raw = [w * total / whole for w in weights]
    counts = [int(r) for r in raw]
    for index in sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)[: total - sum(counts)]:
        counts[index] += 1
    return counts


def district_structure() -> list[importers.PopulationRow]:
    """The Vogtlandkreis' men and women by age group on 31.12.2018, read by the importer from its file."""
    parsed = importers.parse_regional_classic(
        importers.decode(official_file(DISTRICTS_FILE)), keep=VOGTLANDKREIS.__eq__
    )
    return sorted(parsed.population, key=lambda row: (row.sex, row.age_from))


def structure_file(totals: dict[str, dict[str, int]]) -> bytes:
    """The age template: each town's official men and women, spread over the district's age groups."""
    district = district_structure()
    lines = ["AGS;Stichtag;Alter;männlich;weiblich"]
    for ags, by_sex in totals.items():
        counts = {}
        for sex in ("m", "f"):
            rows = [row for row in district if row.sex == sex]
            for row, count in zip(rows, scaled([r.count for r in rows], by_sex[sex]), strict=True):
                counts[(sex, row.age_from, row.age_to)] = count
        for _sex, low, high in sorted(key for key in counts if key[0] == "m"):
            age = f"{low}+" if high is None else f"{low}-{high}"
            lines.append(f"{ags};30.06.{STRUCTURE_YEAR};{age};{counts[('m', low, high)]};{counts[('f', low, high)]}")
    return "\n".join(lines).encode("utf-8")


def secondary_files() -> tuple[bytes, bytes]:
    population = "\n".join(
        [
            "AGS;Stichtag;Alter;männlich;weiblich;Insgesamt",
            f"{ELLEFELD};31.12.2025;insgesamt;;;{ELLEFELD_2025['population']}",
        ]
    )
    movements = "\n".join(
        ["AGS;Jahr;Lebendgeborene;Gestorbene;Zuzüge;Fortzüge", f"{ELLEFELD};2025;{ELLEFELD_2025['births']};;;"]
    )
    return population.encode("utf-8"), movements.encode("utf-8")


def import_figures(*, organisation, user, towns) -> None:
    """Import the demo's files for the four towns through the importers, as a coordinator would."""
    common = {"organisation": organisation, "user": user, "replace": True, "municipalities": towns}
    official = {**common, "file_format": ImportFormat.GENESIS_TABLE, "skip_other_regions": True}
    services.batch_import(
        **official, content=official_file(POPULATION_FILE), file_name=POPULATION_FILE, source=SOURCE_POPULATION
    )
    services.batch_import(**official, content=official_file(DEATHS_FILE), file_name=DEATHS_FILE, source=SOURCE_DEATHS)
    totals: dict[str, dict[str, int]] = {ags: {} for ags in TOWNS}
    for ags, sex, count in PopulationCount.objects.filter(
        organisation=organisation, year=STRUCTURE_YEAR, municipality__ags__in=TOWNS
    ).values_list("municipality__ags", "sex", "count"):
        totals[ags][sex] = count
    services.batch_import(
        **common,
        file_format=ImportFormat.AGE_TEMPLATE,
        content=structure_file(totals),
        file_name="demo-altersstruktur-30-06-2021.csv",
        source=SOURCE_STRUCTURE,
        is_illustrative=True,
        note=(
            "Die Einwohnerzahlen nach Geschlecht sind die amtlichen vom 30.06.2021; nur ihre Verteilung "
            "auf die Altersgruppen ist nicht amtlich, sondern zur Veranschaulichung umgelegt."
        ),
    )
    population, movements = secondary_files()
    for file_format, content, name in (
        (ImportFormat.AGE_TEMPLATE, population, "ellefeld-2025-einwohner.csv"),
        (ImportFormat.MOVEMENT_TEMPLATE, movements, "ellefeld-2025-geburten.csv"),
    ):
        services.batch_import(
            **common, file_format=file_format, content=content, file_name=name, source=SOURCE_SECONDARY
        )


def load(ctx: DemoContext) -> None:
    """Add this app's demo data: figures, a projection, and the dashboard module in the profile phase."""
    organisation = ctx.organisation
    admin = ctx.people.get("admin")
    import_figures(organisation=organisation, user=admin, towns=[t for ags, t in ctx.towns.items() if ags in TOWNS])
    services.projection_save(
        organisation=organisation,
        user=admin,
        title="Bevölkerungsvorausberechnung bis 2040 (Demo)",
        base_year=STRUCTURE_YEAR,
        horizon_year=2040,
        explanation=(
            "Demo-Annahmen in Anlehnung an die 8. Regionalisierte Bevölkerungsvorausberechnung für Sachsen: "
            "Geburtenziffer 1,45 / 1,55 / 1,65 Kinder je Frau, Wanderungssaldo −3 / 0 / +3 je 1 000 Einwohner "
            "und Jahr, Sterbetafel Deutschland 2022/24. Ausgangspunkt sind die amtlichen Einwohnerzahlen nach "
            "Geschlecht am 30.06.2021; ihre Altersstruktur ist illustrativ."
        ),
        life_table="de_2022_24",
        migration_profile="rogers_castro",
        scenarios=[
            {
                "name": "niedrig",
                "total_fertility_rate": "1.45",
                "net_migration_per_1000": "-3",
                "mortality_decline_percent": "0.5",
            },
            {
                "name": "mittel",
                "total_fertility_rate": "1.55",
                "net_migration_per_1000": "0",
                "mortality_decline_percent": "1",
            },
            {
                "name": "hoch",
                "total_fertility_rate": "1.65",
                "net_migration_per_1000": "3",
                "mortality_decline_percent": "1",
            },
        ],  # fmt: skip
    )
    module_create(
        phase=ctx.phases["profile"],
        type="demography",
        title="Bevölkerung in Zahlen",
        description=(
            "Wie viele Menschen leben in Auerbach, Falkenstein, Rodewisch und Ellefeld, wie alt sind sie, "
            "und wie könnte es weitergehen? Jede Kennzahl steht mit ihrer Definition und Quelle da."
        ),
    )
