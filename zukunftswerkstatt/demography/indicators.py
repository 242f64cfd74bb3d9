"""The demographic indicators, defined as the statistics offices define them.

`INDICATORS` is an ordered mapping key → `Indicator` (other apps, e.g. the SWOT, cite these keys).
The computation lives in `compute.py`; the look-ups in `selectors.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str | Promise
    unit: str | Promise
    definition: str | Promise
    source: str | Promise
    decimals: int = 1
    needs: str = "population"
    """What the indicator is computed from: "population" (a reference date) or "movement" (a calendar year)."""
    needs_ages: bool = False
    """The population by age is needed (files with totals only cannot give it)."""


_DESTATIS = _("Statistisches Bundesamt (Destatis), Statistische Ämter des Bundes und der Länder")

INDICATORS: dict[str, Indicator] = {
    indicator.key: indicator
    for indicator in [
        Indicator(
            key="population",
            name=_("Population"),
            unit=_("inhabitants"),
            definition=_(
                "Inhabitants with their main residence in the town on the reference date (31 December, or 30 June "
                "in Statistik Sachsen's municipal series; the date is shown with the value), "
                "as carried forward by the statistics offices from the latest census."
            ),
            source=_DESTATIS,
            decimals=0,
        ),
        Indicator(
            key="population_change",
            name=_("Population change"),
            unit=_("%"),
            definition=_(
                "Change of the population between the comparison year and the latest reference date, "
                "in per cent of the population in the comparison year."
            ),
            source=_DESTATIS,
        ),
        Indicator(
            key="share_under_20",
            name=_("Share of under-20s"),
            unit=_("%"),
            definition=_("Inhabitants younger than 20 in per cent of all inhabitants on the reference date."),
            source=_DESTATIS,
            needs_ages=True,
        ),
        Indicator(
            key="share_20_64",
            name=_("Share of 20- to 64-year-olds"),
            unit=_("%"),
            definition=_("Inhabitants aged 20 to 64 in per cent of all inhabitants on the reference date."),
            source=_DESTATIS,
            needs_ages=True,
        ),
        Indicator(
            key="share_65_plus",
            name=_("Share of people aged 65 and over"),
            unit=_("%"),
            definition=_("Inhabitants aged 65 and over in per cent of all inhabitants on the reference date."),
            source=_DESTATIS,
            needs_ages=True,
        ),
        Indicator(
            key="share_80_plus",
            name=_("Share of people aged 80 and over"),
            unit=_("%"),
            definition=_(
                "Inhabitants aged 80 and over in per cent of all inhabitants on the reference date. "
                "Not available where the figures end with the group “75 and over”."
            ),
            source=_DESTATIS,
            needs_ages=True,
        ),
        Indicator(
            key="youth_dependency_ratio",
            name=_("Youth dependency ratio"),
            unit=_("per 100 aged 20–64"),
            definition=_("Number of people under 20 per 100 people aged 20 to 64 (Jugendquotient)."),
            source=_DESTATIS,
            needs_ages=True,
        ),
        Indicator(
            key="old_age_dependency_ratio",
            name=_("Old-age dependency ratio"),
            unit=_("per 100 aged 20–64"),
            definition=_("Number of people aged 65 and over per 100 people aged 20 to 64 (Altenquotient)."),
            source=_DESTATIS,
            needs_ages=True,
        ),
        Indicator(
            key="average_age",
            name=_("Average age"),
            unit=_("years"),
            definition=_(
                "Arithmetic mean of the ages of all inhabitants on the reference date; a person aged x in completed "
                "years counts as x + 0.5 years (Durchschnittsalter, table 12411-07-01-5). From age groups, "
                "the middle of each group is used, and 82.5 years for the group “75 and over”."
            ),
            source=_DESTATIS,
            needs_ages=True,
        ),
        Indicator(
            key="births_per_1000",
            name=_("Live births per 1,000 inhabitants"),
            unit=_("per 1,000"),
            definition=_(
                "Live births in the calendar year per 1,000 inhabitants (crude birth rate); the population is "
                "the mean of the populations on 31 December of the previous year and of the year, or the population on "
                "30 June of the year where that was imported."
            ),
            source=_DESTATIS,
            needs="movement",
        ),
        Indicator(
            key="deaths_per_1000",
            name=_("Deaths per 1,000 inhabitants"),
            unit=_("per 1,000"),
            definition=_(
                "Deaths in the calendar year per 1,000 inhabitants (crude death rate); the population is the "
                "mean of the populations on 31 December of the previous year and of the year, or the population "
                "on 30 June of the year where that was imported."
            ),
            source=_DESTATIS,
            needs="movement",
        ),
        Indicator(
            key="natural_balance_per_1000",
            name=_("Natural balance per 1,000 inhabitants"),
            unit=_("per 1,000"),
            definition=_(
                "Live births minus deaths in the calendar year per 1,000 inhabitants (mean population of the "
                "year); negative values mean more deaths than births."
            ),
            source=_DESTATIS,
            needs="movement",
        ),
        Indicator(
            key="migration_balance_per_1000",
            name=_("Migration balance per 1,000 inhabitants"),
            unit=_("per 1,000"),
            definition=_(
                "Moves into the town minus moves out of it across the town boundary in the calendar year, per "
                "1,000 inhabitants (mean population of the year) (Wanderungssaldo je 1 000 Einwohner)."
            ),
            source=_DESTATIS,
            needs="movement",
        ),
    ]
}
