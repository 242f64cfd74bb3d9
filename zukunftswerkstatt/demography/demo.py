"""The demography part of the Göltzschtal demo (called by demo.services.demo_load).

Population totals are the real ones from the project's fact sheet (mostly [secondary]: the towns'
encyclopaedia infoboxes); deaths 2012–2022 are the official figures of the Statistisches Landesamt
Sachsen (table 12613-010Z). No age structure by town was available: the one shown is the
Vogtlandkreis' official structure on 31.12.2018 scaled to each town's total, and the import batch
is flagged illustrative, so every page that shows it says so.
"""

from __future__ import annotations

from zukunftswerkstatt.processes.demo_context import DemoContext
from zukunftswerkstatt.processes.services import module_create

from . import services

AUERBACH, FALKENSTEIN, RODEWISCH, ELLEFELD = "14523020", "14523120", "14523360", "14523090"

# Regionaldatenbank 12411-02-03-5-B, Vogtlandkreis (14523), 31.12.2018: men and women per age group.
GROUPS = ["0-2", "3-5", "6-9", "10-14", "15-17", "18-19", "20-24", "25-29", "30-34", "35-39", "40-44",
          "45-49", "50-54", "55-59", "60-64", "65-74", "75+"]  # fmt: skip
VOGTLANDKREIS_MEN = [2667, 2796, 3799, 4830, 2828, 1935, 3717, 4488, 6554, 6843, 6365, 7757, 9064, 9856, 8886,
                     14496, 14174]  # fmt: skip
VOGTLANDKREIS_WOMEN = [2571, 2598, 3533, 4365, 2613, 1606, 3079, 3995, 5852, 6131, 5647, 6920, 8913, 9770, 9558,
                       16937, 22653]  # fmt: skip

# Inhabitants on 31.12. (goeltzschtal.md): [secondary] from the towns' infoboxes; Auerbach 2000 from the
# Gemeindetabelle 2001 of the Statistisches Landesamt (old boundaries); Ellefeld 2025 from the press.
TOTALS = {
    AUERBACH: {2000: 20042, 2019: 18237, 2020: 18048},
    FALKENSTEIN: {2012: 8435, 2019: 7947, 2020: 7888},
    RODEWISCH: {2020: 6361, 2022: 6451, 2023: 6396},
    ELLEFELD: {2012: 2723, 2020: 2529, 2022: 2531, 2023: 2496, 2025: 2390},
}

# Statistisches Landesamt Sachsen, 12613-010Z, deaths per year (territorial status 01.01.2023).
DEATHS = {
    AUERBACH: [308, 332, 273, 322, 282, 335, 347, 335, 325, 404, 367],
    FALKENSTEIN: [118, 119, 83, 132, 138, 145, 152, 132, 155, 175, 164],
    RODEWISCH: [63, 78, 83, 91, 96, 104, 121, 106, 96, 136, 115],
    ELLEFELD: [45, 39, 40, 54, 52, 43, 51, 45, 52, 37, 34],
}
DEATH_YEARS = range(2012, 2023)

SOURCE_POPULATION = (
    "Einwohnerzahlen: Wikipedia-Infoboxen der Städte [sekundär], Auerbach 2000: Statistisches Landesamt Sachsen, "
    "Gemeindetabelle 2001, Ellefeld 2025: Presse [sekundär]; Altersstruktur ILLUSTRATIV: Verteilung des "
    "Vogtlandkreises am 31.12.2018 (Regionaldatenbank Deutschland, 12411-02-03-5-B, dl-de/by-2-0) auf die "
    "Einwohnerzahl der Stadt umgelegt"
)
SOURCE_DEATHS = (
    "Statistisches Landesamt des Freistaates Sachsen, Tabelle 12613-010Z Gestorbene nach Gemeinden "
    "(Gebietsstand 01.01.2023), Stand 17.01.2024"
)
SOURCE_SECONDARY = (
    "Auerbach 2000: Statistisches Landesamt Sachsen, Gemeindetabelle 2001 (AGS 14178030, alter Gebietsstand); "
    "Ellefeld 2025: Freie Presse [sekundär]"
)


def scaled(weights: list[int], total: int) -> list[int]:
    """Integer counts proportional to weights that add up to total exactly (largest remainder)."""
    whole = sum(weights)
    raw = [w * total / whole for w in weights]
    counts = [int(r) for r in raw]
    for index in sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)[: total - sum(counts)]:
        counts[index] += 1
    return counts


def population_file() -> bytes:
    lines = ["AGS;Stichtag;Alter;männlich;weiblich"]
    for ags, years in TOTALS.items():
        for year, total in years.items():
            counts = scaled(VOGTLANDKREIS_MEN + VOGTLANDKREIS_WOMEN, total)
            men, women = counts[: len(GROUPS)], counts[len(GROUPS) :]
            for group, m, f in zip(GROUPS, men, women, strict=True):
                lines.append(f"{ags};31.12.{year};{group};{m};{f}")
    return "\n".join(lines).encode("utf-8")


def deaths_file() -> bytes:
    lines = ["AGS;Jahr;Lebendgeborene;Gestorbene;Zuzüge;Fortzüge"]
    for ags, deaths in DEATHS.items():
        for year, count in zip(DEATH_YEARS, deaths, strict=True):
            lines.append(f"{ags};{year};;{count};;")
    return "\n".join(lines).encode("utf-8")


def secondary_movements_file() -> bytes:
    return "\n".join(
        ["AGS;Jahr;Lebendgeborene;Gestorbene;Zuzüge;Fortzüge", f"{AUERBACH};2000;132;307;;", f"{ELLEFELD};2025;7;;;"]
    ).encode("utf-8")


def load(ctx: DemoContext) -> None:
    """Add this app's demo data: figures, a projection, and the dashboard module in the profile phase."""
    organisation = ctx.organisation
    admin = ctx.people.get("admin")
    towns = [town for ags, town in ctx.towns.items() if ags in TOTALS]
    common = {"organisation": organisation, "user": admin, "replace": True, "municipalities": towns}
    services.batch_import(
        **common,
        file_format="age_template",
        content=population_file(),
        file_name="demo-bevoelkerung.csv",
        source=SOURCE_POPULATION,
        is_illustrative=True,
        note="Die Altersstruktur ist nicht amtlich, sondern zur Veranschaulichung umgelegt.",
    )
    services.batch_import(
        **common,
        file_format="movement_template",
        content=deaths_file(),
        file_name="12613-010Z-gestorbene-auszug.csv",
        source=SOURCE_DEATHS,
    )
    services.batch_import(
        **common,
        file_format="movement_template",
        content=secondary_movements_file(),
        file_name="demo-geburten-sterbefaelle.csv",
        source=SOURCE_SECONDARY,
    )
    services.projection_save(
        organisation=organisation,
        user=admin,
        title="Bevölkerungsvorausberechnung bis 2040 (Demo)",
        base_year=2020,
        horizon_year=2040,
        explanation=(
            "Demo-Annahmen in Anlehnung an die 8. Regionalisierte Bevölkerungsvorausberechnung für Sachsen: "
            "Geburtenziffer 1,45 / 1,55 / 1,65 Kinder je Frau, Wanderungssaldo −3 / 0 / +3 je 1 000 Einwohner "
            "und Jahr, Sterbetafel Deutschland 2022/24. Die Ausgangs-Altersstruktur ist illustrativ."
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
