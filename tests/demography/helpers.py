"""Builders for population files in the official layouts and the platform's templates."""

from __future__ import annotations

from pathlib import Path

from zukunftswerkstatt import demography as demography_package

AGE_GROUPS = [
    ("unter 3 Jahre", 0, 2),
    ("3 bis unter 6 Jahre", 3, 5),
    ("6 bis unter 10 Jahre", 6, 9),
    ("10 bis unter 15 Jahre", 10, 14),
    ("15 bis unter 18 Jahre", 15, 17),
    ("18 bis unter 20 Jahre", 18, 19),
    ("20 bis unter 25 Jahre", 20, 24),
    ("25 bis unter 30 Jahre", 25, 29),
    ("30 bis unter 35 Jahre", 30, 34),
    ("35 bis unter 40 Jahre", 35, 39),
    ("40 bis unter 45 Jahre", 40, 44),
    ("45 bis unter 50 Jahre", 45, 49),
    ("50 bis unter 55 Jahre", 50, 54),
    ("55 bis unter 60 Jahre", 55, 59),
    ("60 bis unter 65 Jahre", 60, 64),
    ("65 bis unter 75 Jahre", 65, 74),
    ("75 Jahre und mehr", 75, None),
]


def age_template_csv(towns: dict[str, dict[int, tuple[list[int], list[int]]]], *, delimiter: str = ";") -> bytes:
    """towns: AGS → year → (men by age 0…100, women by age 0…100)."""
    lines = [delimiter.join(["AGS", "Stichtag", "Alter", "männlich", "weiblich"])]
    for ags, years in towns.items():
        for year, (men, women) in years.items():
            for age, (m, f) in enumerate(zip(men, women, strict=True)):
                lines.append(delimiter.join([ags, f"31.12.{year}", str(age), str(m), str(f)]))
    return ("\n".join(lines) + "\n").encode("utf-8")


def movement_csv(rows: list[tuple]) -> bytes:
    lines = ["AGS;Jahr;Lebendgeborene;Gestorbene;Zuzüge;Fortzüge"]
    lines += [";".join("" if v is None else str(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def group_counts(seed: int) -> list[tuple[int, int]]:
    """(men, women) per age group, deterministic."""
    return [(100 + seed + 3 * i, 110 + seed + 2 * i) for i in range(len(AGE_GROUPS))]


def classic_long_csv(rows: dict[str, tuple[str, list[tuple[int, int]]]], *, date: str = "31.12.2022") -> bytes:
    """The classic 12411-02-03-5 layout: title lines, header, date;AGS;name;age group;total;male;female, footer."""
    lines = [
        "GENESIS-Tabelle: 12411-02-03-5",
        "Bevölkerung nach Geschlecht und Altersgruppen (17) -;;;;;;",
        "Stichtag 31.12. - regionale Ebenen;;;;;;",
        "Fortschreibung des Bevölkerungsstandes;;;;;;",
        ";;;;Insgesamt;männlich;weiblich",
    ]
    for ags, (name, counts) in rows.items():
        for (label, _low, _high), (m, f) in zip(AGE_GROUPS, counts, strict=True):
            lines.append(f"{date};{ags};{name};{label};{m + f};{m};{f}")
        men = sum(m for m, _f in counts)
        women = sum(f for _m, f in counts)
        lines.append(f"{date};{ags};{name};Insgesamt;{men + women};{men};{women}")
    lines += [
        "__________",
        '"© Statistische Ämter des Bundes und der Länder, Deutschland, 2024.',
        'Dieses Werk ist lizenziert unter der Datenlizenz Deutschland - Namensnennung - Version 2.0."',
        "Stand: 12.03.2024 / 10:11:12",
    ]
    return ("\n".join(lines) + "\n").encode("latin-1")


def flat_csv(rows: dict[str, tuple[str, list[tuple[int, int]]]], *, date: str = "31.12.2022") -> bytes:
    """The long flat layout (Zeit, N_Merkmal_Code, N_Auspraegung_Code, …, BEVSTD__Bevoelkerungsstand__Anzahl)."""
    header = (
        "Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;1_Auspraegung_Code;"
        "1_Auspraegung_Label;2_Merkmal_Code;2_Merkmal_Label;2_Auspraegung_Code;2_Auspraegung_Label;3_Merkmal_Code;"
        "3_Merkmal_Label;3_Auspraegung_Code;3_Auspraegung_Label;BEVSTD__Bevoelkerungsstand__Anzahl"
    )
    lines = [header]
    prefix = "12411;Fortschreibung des Bevölkerungsstandes;STAG;Stichtag;" + date
    for ags, (name, counts) in rows.items():
        for sex_code, sex_label, index in (("GESM", "männlich", 0), ("GESW", "weiblich", 1)):
            for (label, low, high), pair in zip(AGE_GROUPS, counts, strict=True):
                code = (
                    f"ALTU{high + 1:02d}"
                    if low == 0
                    else (f"ALT{low:03d}UM" if high is None else f"ALT{low:03d}B{high + 1:02d}")
                )
                lines.append(
                    f"{prefix};GEMEIN;Gemeinden;{ags};{name};GES;Geschlecht;{sex_code};{sex_label};"
                    f"ALTX17;Altersgruppen;{code};{label};{pair[index]}"
                )
            total = sum(pair[index] for pair in counts)
            lines.append(
                f"{prefix};GEMEIN;Gemeinden;{ags};{name};GES;Geschlecht;{sex_code};{sex_label};ALTX17;Altersgruppen;;Insgesamt;{total}"
            )
    return ("\n".join(lines) + "\n").encode("utf-8")


def flat_ffcsv(rows: dict[str, tuple[str, list[tuple[int, int]]]], *, date: str = "2022-12-31") -> bytes:
    """The 2024+ GENESIS “ffcsv”: UTF-8 with BOM, time/value columns and quality flags."""
    header = (
        "statistics_code;statistics_label;time_code;time_label;time;1_variable_code;1_variable_label;"
        "1_variable_attribute_code;1_variable_attribute_label;2_variable_code;2_variable_label;"
        "2_variable_attribute_code;2_variable_attribute_label;3_variable_code;3_variable_label;"
        "3_variable_attribute_code;3_variable_attribute_label;value;value_unit;value_variable_code;"
        "value_variable_label;value_q"
    )
    lines = [header]
    for ags, (name, counts) in rows.items():
        for sex_code, sex_label, index in (("GESM", "männlich", 0), ("GESW", "weiblich", 1)):
            for (label, low, high), pair in zip(AGE_GROUPS, counts, strict=True):
                code = (
                    f"ALTU{high + 1:02d}"
                    if low == 0
                    else (f"ALT{low:03d}UM" if high is None else f"ALT{low:03d}B{high + 1:02d}")
                )
                lines.append(
                    f"12411;Bevölkerungsstand;STAG;Stichtag;{date};GEMEIN;Gemeinden;{ags};{name};"
                    f"GES;Geschlecht;{sex_code};{sex_label};ALTX17;Altersgruppen;{code};{label};"
                    f"{pair[index]};Anzahl;BEVSTD;Bevölkerungsstand;e"
                )
    return ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")


def uniform_population(per_age: int) -> tuple[list[int], list[int]]:
    return [per_age] * 101, [per_age] * 101


TEST_DATA = Path(__file__).parent / "data"
SHIPPED_DATA = Path(demography_package.__file__).parent / "data" / "official"


def real_file(name: str) -> bytes:
    """A statistics office's file, unchanged: from the tests' data folder or the ones the project ships
    (zukunftswerkstatt/demography/data/official, used by the demo)."""
    for folder in (TEST_DATA, SHIPPED_DATA):
        if (folder / name).exists():
            return (folder / name).read_bytes()
    raise FileNotFoundError(name)


SAXONY_FOOTER = [
    "__________",
    "© Statistisches Landesamt des Freistaates Sachsen, Kamenz, 2024 ",
    "Stand: 17.01.2024 / 00:31:37",
]


def saxony_series_csv(
    table: str, titles: list[str], headers: list[list[str]], rows: list[tuple], *, footer: list[str] | None = None
) -> bytes:
    """A Statistik Sachsen time series in exactly the layout of the real 12613-010Z file (tests/demography/data,
    zukunftswerkstatt/demography/data/official): `GENESIS-Tabelle: …`, title lines padded with `;`, header
    lines starting `;;;`, long rows `year;AGS;name (indented by its level);values`, the footer, Latin-1, LF.

    For births and moves no real file was found, so the tests write this layout with their words."""
    width = 3 + len(headers[0])
    lines = [f"GENESIS-Tabelle: {table}"]
    lines += [title + ";" * (width - 1) for title in titles]
    lines += [";;;" + ";".join(header) for header in headers]
    for when, ags, name, *values in rows:
        indent = {2: 0, 3: 2, 5: 4, 8: 6}.get(len(ags), 6)
        lines.append(";".join([str(when), ags, " " * indent + name, *map(str, values)]))
    lines += SAXONY_FOOTER if footer is None else footer
    return ("\n".join(lines) + "\n").encode("latin-1")


def saxony_movement_csv(measure: str, rows: list[tuple], table: str = "12612-010Z") -> bytes:
    """Births, moves in or moves out per municipality: the sibling of 12613-010Z with another measure word."""
    return saxony_series_csv(
        table,
        [f"{measure} (absolut) nach Geschlecht", "auf Gemeinden (Gebietsstand 01.01.2023)", measure],
        [[measure] * 3, ["Insgesamt", "männlich", "weiblich"], ["absolut"] * 3],
        rows,
    )
