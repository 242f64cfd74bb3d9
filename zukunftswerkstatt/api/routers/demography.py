"""Demographic evidence of a process: the indicators of its towns and the published projection.

Exactly what the public demography page of the process shows (its published "demography" module):
the same selectors compute it (`demography.selectors.profile_section`), with the sources and the note
where figures are illustrative rather than official. Who imported a file is never shown.
"""

import datetime as dt

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.demography.selectors import ASSOCIATION, profile_section

from ..conventions import public_modules, public_process

router = Router(tags=["Demography"])


class IndicatorValue(Schema):
    town: str = Field(..., description="The town's name, or the association's for the sum of its towns.")
    town_id: int | None = Field(None, description="null: the association (all towns of the process).")
    value: float | None = Field(None, description="null: not known (the reason is in missing).")
    year: int | None = None
    reference_date: dt.date | None = None
    source: str = ""
    is_illustrative: bool = Field(False, description="Figures made up for a demonstration, not official.")
    missing: str = Field("", description="Why there is no value.")


class IndicatorOut(Schema):
    key: str
    name: str
    unit: str
    definition: str
    values: list[IndicatorValue]


class ProjectedYearOut(Schema):
    year: int
    start: float = Field(..., description="Population at the start of the year.")
    births: float
    deaths: float
    migration: float = Field(..., description="Net migration.")
    end: float = Field(..., description="Population at the end of the year.")


class ScenarioOut(Schema):
    name: str
    total_fertility_rate: float
    net_migration_per_1000: float
    years: list[ProjectedYearOut]
    horizon_indicators: dict[str, float | int | None] = Field(
        ..., description="Indicators of the age structure in the horizon year."
    )


class ProjectionOut(Schema):
    title: str
    base_year: int
    horizon_year: int
    explanation: str
    scenarios: list[ScenarioOut] = Field(..., description="Summed over all towns of the process.")


class DemographyOut(Schema):
    towns: list[dict] = Field(..., description="The towns of the process (id, name, ags).")
    indicators: list[IndicatorOut]
    sources: list[str] = Field(..., description="Where the figures come from.")
    is_illustrative: bool = Field(..., description="Some figures are made up for a demonstration.")
    projection: ProjectionOut | None = None
    csv: str = Field(..., description="The charts' figures as CSV, on the public page.")
    url: str


@router.get(
    "/organisations/{org}/processes/{process}/demography",
    response=DemographyOut,
    summary="Demographic indicators and projection",
    description="What the process's public demography page shows, for each town and the association.",
)
def demography(request: HttpRequest, org: str, process: str):
    found = public_process(org, process)
    modules = public_modules(found, "demography")
    if not modules:
        raise Http404
    module = modules[0]
    module.phase.process = found
    context = profile_section(process=found, module=module)
    columns = context["columns"]
    towns = {town.pk: town for town in context["municipalities"]}
    indicators = []
    for row in context["rows"]:
        definition = row["indicator"]
        values = []
        for column, value, missing in zip(columns, row["values"], row["missing"], strict=True):
            values.append(
                {
                    "town": str(column.name),
                    "town_id": None if column.key == ASSOCIATION else column.key,
                    "value": value.value if value is not None else None,
                    "year": value.year if value is not None else None,
                    "reference_date": value.reference_date if value is not None else None,
                    "source": str(value.source) if value is not None else "",
                    "is_illustrative": bool(value.is_illustrative) if value is not None else False,
                    "missing": str(missing or ""),
                }
            )
        indicators.append(
            {
                "key": definition.key,
                "name": str(definition.name),
                "unit": str(definition.unit),
                "definition": str(definition.definition),
                "values": values,
            }
        )
    projection = None
    if context["projection"]:
        summary = context["projection"]
        model = summary["projection"]
        projection = {
            "title": model.title,
            "base_year": model.base_year,
            "horizon_year": model.horizon_year,
            "explanation": model.explanation,
            "scenarios": [
                {
                    "name": entry["scenario"].name,
                    "total_fertility_rate": float(entry["scenario"].total_fertility_rate),
                    "net_migration_per_1000": float(entry["scenario"].net_migration_per_1000),
                    "years": entry["years"],
                    "horizon_indicators": entry["horizon"],
                }
                for entry in summary["scenarios"]
            ],
        }
    return {
        "towns": [{"id": town.pk, "name": town.name, "ags": town.ags} for town in towns.values()],
        "indicators": indicators,
        "sources": [str(source) for source, _illustrative in context["sources"]],
        "is_illustrative": context["is_illustrative"],
        "projection": projection,
        "csv": absolute_url(context["csv_base"]),
        "url": absolute_url(module.get_absolute_url()),
    }
