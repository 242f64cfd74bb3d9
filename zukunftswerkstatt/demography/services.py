"""Writing population figures and projections: all or nothing, each in one transaction."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zukunftswerkstatt.accounts.roles import staff_municipality_ids
from zukunftswerkstatt.accounts.rules import is_org_admin, is_platform_admin
from zukunftswerkstatt.core.audit import audit_record
from zukunftswerkstatt.core.models import AuditAction, Municipality, Organisation

from . import importers
from . import projection as engine
from .importers import Collector, ImportFailed, Parsed, Problem
from .models import ImportBatch, ImportFormat, Movement, PopulationCount, ProjectedYear, Projection, Scenario

HORIZON_LIMIT = 2070
MAX_MIGRATION_PER_1000 = 100
"""±10 % of the population per year."""


def _parse(*, file_format: str, content: bytes, file_name: str, keep=None) -> Parsed:
    if file_format == ImportFormat.REGIONAL_CLASSIC:
        return importers.parse_regional_classic(importers.decode(content), keep)
    if file_format == ImportFormat.REGIONAL_FLAT:
        return importers.parse_regional_flat(importers.decode(content), keep)
    if file_format == ImportFormat.AGE_TEMPLATE:
        return importers.parse_age_template(content, file_name)
    if file_format == ImportFormat.MOVEMENT_TEMPLATE:
        return importers.parse_movement_template(content, file_name)
    if file_format == ImportFormat.GENESIS_TABLE:
        return importers.parse_genesis_table(importers.decode(content), keep)
    raise ImportFailed([Problem(None, "", _("Unknown file format."))])


def importable_municipalities(*, organisation: Organisation, user) -> list[Municipality]:
    """The towns a person may import figures for: every member town for admins, their own for town staff."""
    towns = list(Municipality.objects.filter(organisation=organisation))
    if user is None or is_platform_admin(user) or is_org_admin(user, organisation):
        return towns
    own = staff_municipality_ids(user, organisation.pk)
    return [town for town in towns if town.pk in own]


def batch_import(
    *,
    organisation: Organisation,
    user,
    file_format: str,
    content: bytes,
    file_name: str,
    source: str,
    replace: bool = False,
    skip_other_regions: bool = False,
    is_illustrative: bool = False,
    note: str = "",
    municipalities: list[Municipality] | None = None,
) -> ImportBatch:
    """Read a file and store its figures, or raise ImportFailed with every problem and store nothing.

    `municipalities`: the towns the importing person may write (default: what `importable_municipalities`
    gives). A key that is not a member town is an error, unless `skip_other_regions` is set (official
    tables hold every town of a Land): then those rows are left out and counted. A year that already
    has figures for a town is an error, unless `replace` is set: then the old figures of exactly
    those towns and years are deleted first.
    """
    if not source.strip():
        raise ImportFailed([Problem(None, "", _("Please name the source of the figures."))])
    members = {m.ags: m for m in Municipality.objects.filter(organisation=organisation)}
    if municipalities is None:
        municipalities = importable_municipalities(organisation=organisation, user=user)
    allowed = {m.pk for m in municipalities}
    allowed_keys = {m.ags for m in municipalities if members.get(m.ags) == m}
    keep = allowed_keys.__contains__ if skip_other_regions else None
    parsed = _parse(file_format=file_format, content=content, file_name=file_name, keep=keep)
    problems = Collector()
    population: list[importers.PopulationRow] = []
    for row in parsed.population:
        town = _town_for(row.ags, row.line, members, allowed, skip_other_regions, parsed, problems)
        if town is not None:
            population.append(row)
    movements: list[importers.MovementRow] = []
    for row in parsed.movements:
        town = _town_for(row.ags, row.line, members, allowed, skip_other_regions, parsed, problems)
        if town is not None:
            movements.append(row)
    if not population and not movements and not problems.problems:
        problems.add(
            None,
            "",
            _("The file contains no figures for a member town of %(organisation)s.")
            % {"organisation": organisation.name},
        )
    importers.check_age_coverage(population, problems)
    _check_duplicates(organisation, members, population, movements, replace, problems)
    problems.raise_if_any()
    with transaction.atomic():
        batch = ImportBatch(
            organisation=organisation,
            format=file_format,
            source=source.strip(),
            file_name=file_name[:255],
            is_illustrative=is_illustrative,
            note=note,
            imported_by=user if getattr(user, "is_authenticated", False) else None,
            imported_at=timezone.now(),
            row_count=len(population) + len(movements),
        )
        if parsed.skipped_regions:
            batch.note = (note + "\n" if note else "") + _("%(count)s other regions in the file were left out.") % {
                "count": len(parsed.skipped_regions)
            }
        batch.full_clean()
        batch.save()
        if replace:
            _delete_replaced(organisation, members, population, movements)
        PopulationCount.objects.bulk_create(
            [
                PopulationCount(
                    organisation=organisation,
                    municipality=members[row.ags],
                    batch=batch,
                    year=row.reference_date.year,
                    reference_date=row.reference_date,
                    sex=row.sex,
                    age_from=row.age_from,
                    age_to=row.age_to,
                    count=row.count,
                )
                for row in population
            ],
            batch_size=2000,
        )
        Movement.objects.bulk_create(
            [
                Movement(
                    organisation=organisation,
                    municipality=members[row.ags],
                    batch=batch,
                    year=row.year,
                    births=row.births,
                    deaths=row.deaths,
                    moves_in=row.moves_in,
                    moves_out=row.moves_out,
                )
                for row in movements
            ],
            batch_size=2000,
        )
        if replace:
            ImportBatch.objects.filter(
                organisation=organisation, population_counts__isnull=True, movements__isnull=True
            ).exclude(pk=batch.pk).exclude(format=ImportFormat.DEMO).delete()
        audit_record(
            actor=user,
            action=AuditAction.DEMOGRAPHY_IMPORTED,
            organisation=organisation,
            obj=batch,
            details={
                "file": file_name,
                "population_rows": len(population),
                "movement_rows": len(movements),
                "replace": replace,
            },
        )
    return batch


def _town_for(ags, line, members, allowed, skip_other_regions, parsed, problems) -> Municipality | None:
    town = members.get(ags)
    if town is None or (skip_other_regions and town.pk not in allowed):
        if skip_other_regions:
            parsed.skipped_regions.add(ags)
        else:
            problems.add(
                line,
                "AGS",
                _("“%(ags)s” is not the key (AGS) of a member town of this organisation.") % {"ags": ags},
            )
        return None
    if town.pk not in allowed:
        problems.add(
            line, "AGS", _("You may import figures only for your own town; %(town)s is not.") % {"town": town.name}
        )
        return None
    return town


def _check_duplicates(organisation, members, population, movements, replace, problems: Collector) -> None:
    seen: dict[tuple, int] = {}
    years_in_file: dict[tuple, int] = {}
    for row in population:
        key = (row.ags, row.reference_date.year, row.sex, row.age_from)
        dates = (row.ags, row.reference_date.year)
        if dates in years_in_file and years_in_file[dates] != row.reference_date:
            problems.add(
                row.line,
                "",
                _("AGS %(ags)s has two reference dates in %(year)s.")
                % {"ags": row.ags, "year": row.reference_date.year},
            )
        years_in_file.setdefault(dates, row.reference_date)
        if key in seen and seen[key] != row.line:
            problems.add(
                row.line,
                "",
                _("The same figure for AGS %(ags)s and %(year)s is also in line %(other)s.")
                % {"ags": row.ags, "year": row.reference_date.year, "other": seen[key]},
            )
        seen.setdefault(key, row.line)
    movement_seen: dict[tuple, int] = {}
    for row in movements:
        key = (row.ags, row.year)
        if key in movement_seen:
            problems.add(
                row.line,
                "Jahr",
                _("AGS %(ags)s and %(year)s are also in line %(other)s.")
                % {"ags": row.ags, "year": row.year, "other": movement_seen[key]},
            )
        movement_seen.setdefault(key, row.line)
    if replace:
        return
    first_line: dict[tuple, int] = {}
    for row in population:
        first_line.setdefault((row.ags, row.reference_date.year), row.line)
    existing = set(
        PopulationCount.objects.filter(
            organisation=organisation, municipality__ags__in={ags for ags, _year in first_line}
        )
        .values_list("municipality__ags", "year")
        .distinct()
    )
    for key, line in sorted(first_line.items(), key=lambda item: item[1]):
        if key in existing:
            problems.add(
                line,
                "",
                _(
                    "%(town)s already has population figures for %(year)s. "
                    "Tick “replace existing figures” to overwrite them."
                )
                % {"town": members[key[0]].name, "year": key[1]},
            )
    existing_movements: dict[tuple, set[str]] = defaultdict(set)
    for ags, year, *values in Movement.objects.filter(
        organisation=organisation, municipality__ags__in={ags for ags, _y in movement_seen}
    ).values_list("municipality__ags", "year", *MOVEMENT_FIELDS):
        existing_movements[(ags, year)] |= {
            name for name, value in zip(MOVEMENT_FIELDS, values, strict=True) if value is not None
        }
    for row in movements:
        key = (row.ags, row.year)
        if movement_seen.get(key) != row.line or key not in existing_movements:
            continue
        overlap = existing_movements[key] & _movement_fields(row)
        if overlap or not _movement_fields(row):
            problems.add(
                row.line,
                "Jahr",
                _(
                    "%(town)s already has births, deaths and moves for %(year)s. "
                    "Tick “replace existing figures” to overwrite them."
                )
                % {"town": members[key[0]].name, "year": key[1]},
            )


MOVEMENT_FIELDS = ("births", "deaths", "moves_in", "moves_out")


def _movement_fields(row: importers.MovementRow) -> set[str]:
    """The measures a movement row gives (a deaths table gives only deaths)."""
    return {name for name in MOVEMENT_FIELDS if getattr(row, name) is not None}


def _delete_replaced(organisation, members, population, movements) -> None:
    by_town: dict[int, set[int]] = defaultdict(set)
    for row in population:
        by_town[members[row.ags].pk].add(row.reference_date.year)
    for town_id, years in by_town.items():
        PopulationCount.objects.filter(organisation=organisation, municipality_id=town_id, year__in=years).delete()
    for row in movements:
        # Only the measures the new file gives are replaced; deaths from one table stay when births come.
        fields = _movement_fields(row) or set(MOVEMENT_FIELDS)
        existing = Movement.objects.filter(
            organisation=organisation, municipality_id=members[row.ags].pk, year=row.year
        )
        existing.update(**dict.fromkeys(fields))
        existing.filter(**{f"{name}__isnull": True for name in MOVEMENT_FIELDS}).delete()


def batch_delete(*, batch: ImportBatch, by=None) -> None:
    with transaction.atomic():
        audit_record(actor=by, action=AuditAction.DEMOGRAPHY_DELETED, organisation=batch.organisation_id, obj=batch)
        batch.delete()


# --- projections -----------------------------------------------------------------------------


def _check_assumptions(*, projection: Projection, scenarios: list[dict], available_years: set[int]) -> None:
    errors: dict[str, list[str]] = defaultdict(list)
    if projection.base_year not in available_years:
        errors["base_year"].append(
            _("There are no population figures by age for every town for %(year)s. Years with figures: %(years)s.")
            % {"year": projection.base_year, "years": ", ".join(map(str, sorted(available_years))) or "–"}
        )
    if projection.horizon_year <= projection.base_year:
        errors["horizon_year"].append(_("The horizon year must come after the base year."))
    if projection.horizon_year > HORIZON_LIMIT:
        errors["horizon_year"].append(
            _("Projections beyond %(limit)s are too uncertain to be useful for a town.") % {"limit": HORIZON_LIMIT}
        )
    if not projection.explanation.strip():
        errors["explanation"].append(_("Please explain the assumptions; the explanation is shown with the results."))
    if not scenarios:
        errors["__all__"].append(_("A projection needs at least one scenario."))
    names = set()
    for scenario in scenarios:
        tfr = Decimal(str(scenario["total_fertility_rate"]))
        migration = Decimal(str(scenario["net_migration_per_1000"]))
        decline = Decimal(str(scenario.get("mortality_decline_percent", 0)))
        label = scenario["name"]
        if label in names:
            errors["__all__"].append(_("Two scenarios are called “%(name)s”.") % {"name": label})
        names.add(label)
        if not Decimal("0.5") <= tfr <= Decimal("3.0"):
            errors["__all__"].append(
                _(
                    "Scenario “%(name)s”: a total fertility rate of %(value)s is outside 0.5 to 3.0 children "
                    "per woman. "
                    "No German region has been outside this range since 1950 (Germany 2023: 1.35)."
                )
                % {"name": label, "value": tfr}
            )
        if abs(migration) > MAX_MIGRATION_PER_1000:
            errors["__all__"].append(
                _(
                    "Scenario “%(name)s”: net migration of %(value)s per 1,000 is more than 10 %% of the population "
                    "per year; such a change is not a sensible assumption for a whole projection period."
                )
                % {"name": label, "value": migration}
            )
        if not Decimal("0") <= decline <= Decimal("3"):
            errors["__all__"].append(
                _("Scenario “%(name)s”: the yearly fall in mortality must be between 0 and 3 per cent.")
                % {"name": label}
            )
    if errors:
        raise ValidationError(dict(errors))


def projection_save(
    *,
    organisation: Organisation,
    user,
    title: str,
    base_year: int,
    horizon_year: int,
    explanation: str,
    life_table: str,
    migration_profile: str,
    scenarios: list[dict],
    is_published: bool = True,
    projection: Projection | None = None,
) -> Projection:
    """Create or change a projection with its scenarios and compute it (all or nothing)."""
    from .selectors import dataset_get

    towns = list(Municipality.objects.filter(organisation=organisation))
    data = dataset_get(organisation_id=organisation.pk, municipalities=towns)
    # A projection needs every town's population by sex and age (files with totals only cannot start one).
    available = (
        set.intersection(
            *({year for year, s in data[t.pk].structures.items() if s.has_ages and s.has_sexes} for t in towns)
        )
        if towns
        else set()
    )
    projection = projection or Projection(organisation=organisation, created_by=user)
    projection.title = title
    projection.base_year = base_year
    projection.horizon_year = horizon_year
    projection.explanation = explanation
    projection.life_table = life_table
    projection.migration_profile = migration_profile
    projection.is_published = is_published
    _check_assumptions(projection=projection, scenarios=scenarios, available_years=available)
    projection.full_clean()
    with transaction.atomic():
        projection.computed_at = timezone.now()
        projection.save()
        projection.scenarios.all().delete()
        table = engine.life_table(life_table)
        for position, values in enumerate(scenarios):
            scenario = Scenario(
                projection=projection,
                organisation=organisation,
                name=values["name"],
                position=position,
                total_fertility_rate=Decimal(str(values["total_fertility_rate"])),
                net_migration_per_1000=Decimal(str(values["net_migration_per_1000"])),
                mortality_decline_percent=Decimal(str(values.get("mortality_decline_percent", 0))),
            )
            scenario.full_clean(exclude=["projection"])
            scenario.save()
            rows = []
            for town in towns:
                structure = data[town.pk].structures[base_year]
                males, females = engine.single_years(
                    [(c.sex, c.age_from, c.age_to, c.count) for c in structure.cells], table
                )
                for result in engine.project(
                    males=males,
                    females=females,
                    base_year=base_year,
                    horizon_year=horizon_year,
                    life_table=table,
                    fertility=engine.scaled_fertility(float(scenario.total_fertility_rate)),
                    net_migration_rate=float(scenario.net_migration_per_1000),
                    migration_profile=migration_profile,
                    mortality_decline=float(scenario.mortality_decline_percent),
                ):
                    rows.append(
                        ProjectedYear(
                            scenario=scenario,
                            organisation=organisation,
                            municipality=town,
                            year=result.year,
                            population_start=result.population_start,
                            births=result.births,
                            deaths=result.deaths,
                            net_migration=result.net_migration,
                            population_end=result.population_end,
                            males=[round(v, 3) for v in result.males],
                            females=[round(v, 3) for v in result.females],
                        )
                    )
            ProjectedYear.objects.bulk_create(rows, batch_size=500)
    return projection


def projection_delete(*, projection: Projection) -> None:
    with transaction.atomic():
        projection.delete()
