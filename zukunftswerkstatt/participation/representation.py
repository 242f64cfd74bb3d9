"""Participation held against the population, with small numbers suppressed (docs/participation.md).

- **Shares.** The participants' share of a cell (town × age group) is its people divided by all people
  who stated both a town of the process and an age group; the population share is the cell's
  inhabitants divided by all inhabitants of the process's towns (`demography.selectors.
  population_by_age_group`, the latest year up to the year the process began).
- **Representation index** = participants' share ÷ population share. 1 means represented as in the
  population; undefined (“–”) where the group has no inhabitants in the figures or nobody stated
  details.
- **Missing groups** are named in words: index below `HARDLY_REPRESENTED` (0.5) “hardly represented”,
  nobody at all “not reached”, once at least `MIN_STATED_FOR_SENTENCES` people stated a town and
  an age group (below that every group would look missing).
- **Suppression.** A figure of 1 to 4 people is shown as “< 5” (primary). So that a hidden figure
  cannot be recomputed from the totals, in every row and every column of a table, totals included,
  either nothing is hidden or at least two figures are hidden that together hold at least 5 people:
  where that is not so, the smallest visible figure of the line is hidden too, a total only when no
  other figure is left (secondary suppression, repeated until every line keeps the rule). Zero is
  shown. Shares and indexes of a hidden figure are hidden with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from zukunftswerkstatt.accounts.models import AgeGroup
from zukunftswerkstatt.core.models import Municipality
from zukunftswerkstatt.core.suppression import TOTAL, Figure, Table
from zukunftswerkstatt.demography.selectors import PopulationByAgeGroup, population_by_age_group

from .selectors import NOT_STATED, ParticipationCount, reference_year

HARDLY_REPRESENTED = 0.5
MIN_STATED_FOR_SENTENCES = 20


# --- the comparison -------------------------------------------------------------------------------


@dataclass
class GroupCell:
    town: Municipality | None
    group: str
    label: str | Promise
    participants: Figure
    participant_share: float | None
    population: float | None
    population_share: float | None
    index: float | None
    reason: str = ""
    """Why the index is “–”."""

    @property
    def index_text(self) -> str:
        return "–" if self.index is None else f"{self.index:.2f}".replace(".", ",")


@dataclass
class Representation:
    count: ParticipationCount
    population: PopulationByAgeGroup | None
    towns: list[Municipality]
    groups: list[tuple[str, str | Promise]]
    table: Table
    """Participants by town (rows, None: not stated or elsewhere) × age group (columns, "" not stated)."""
    cells: dict[tuple[int, str], GroupCell] = field(default_factory=dict)
    """Town × age group held against the population (only when both are known)."""
    town_cells: dict[int, GroupCell] = field(default_factory=dict)
    """Each town (any age) held against the population."""
    stated: int = 0
    """People who stated a town of the process and an age group."""
    town_stated: int = 0
    """People who stated a town of the process."""
    missing: list[str] = field(default_factory=list)
    missing_by_town: dict[int, list[str]] = field(default_factory=dict)
    """The sentences of `missing` that name each town."""

    @property
    def compares_ages(self) -> bool:
        return bool(self.population and self.population.has_ages and self.count.has_details)

    @property
    def compares_towns(self) -> bool:
        return bool(self.population and self.population.town_totals)

    @property
    def notes(self) -> list[str]:
        """Why a comparison is missing, in words."""
        notes = []
        if not self.count.has_details:
            notes.append(
                _(
                    "Nobody has given an age group yet, so participation cannot be compared by age. The age "
                    "comparison needs the optional question on town and age group (at contributions, "
                    "registrations, the workshop board and on paper)."
                )
            )
        if self.population is None:
            notes.append(_("There are no population figures for the towns yet, so nothing can be held against them."))
        elif not self.population.has_ages:
            notes.append(
                _(
                    "The population figures have no ages by sex for every town, so the towns are compared "
                    "without age groups."
                )
            )
        return notes

    @property
    def reference_dates(self) -> list[tuple[Municipality, object]]:
        """Each town with the reference date of its population figures."""
        if self.population is None:
            return []
        dates = self.population.reference_dates
        return [(town, dates[town.pk]) for town in self.towns if town.pk in dates]

    @property
    def by_town(self) -> list[tuple[Municipality, list[GroupCell]]]:
        return [(town, self.row_cells(town)) for town in self.towns]

    def row_cells(self, town: Municipality) -> list[GroupCell]:
        return [self.cells[(town.pk, group)] for group, _label in self.groups if (town.pk, group) in self.cells]


def _share(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def representation(*, process, count: ParticipationCount) -> Representation:
    """`count` held against the population of the process's towns (two queries)."""
    towns = count.towns
    population = population_by_age_group(process.organisation, reference_year(process))
    groups = [(str(value), label) for value, label in AgeGroup.choices]
    town_keys: list[int | None] = [town.pk for town in towns] + [None]
    group_keys = [group for group, _label in groups] + [NOT_STATED]
    table = Table.build(
        dict(count.overall),
        town_keys,
        group_keys,
    )
    result = Representation(count=count, population=population, towns=towns, groups=groups, table=table)
    result.stated = sum(v for (town, age), v in count.overall.items() if town is not None and age != NOT_STATED)
    result.town_stated = sum(v for (town, _age), v in count.overall.items() if town is not None)
    if population is None:
        return result
    town_population = {town.pk: population.town_totals.get(town.pk, 0) for town in towns}
    all_inhabitants = sum(town_population.values())
    for town in towns:
        figure = table.get(town.pk, TOTAL)
        result.town_cells[town.pk] = _cell(
            town=town,
            group="",
            label=town.name,
            participants=figure,
            people=count_sum(count, town.pk),
            stated=result.town_stated,
            inhabitants=town_population[town.pk],
            all_inhabitants=all_inhabitants,
        )
    if population.has_ages:
        all_in_groups = sum(population.by_town_and_group.get((town.pk, g), 0) for town in towns for g, _l in groups)
        for town in towns:
            for group, label in groups:
                result.cells[(town.pk, group)] = _cell(
                    town=town,
                    group=group,
                    label=label,
                    participants=table.get(town.pk, group),
                    people=count.overall.get((town.pk, group), 0),
                    stated=result.stated,
                    inhabitants=population.by_town_and_group.get((town.pk, group), 0),
                    all_inhabitants=all_in_groups,
                )
    result.missing = missing_groups(result)
    for town in towns:
        result.missing_by_town[town.pk] = [
            sentence for cell, sentence in _missing_cells(result) if cell.town is not None and cell.town.pk == town.pk
        ]
    return result


def count_sum(count: ParticipationCount, town_id: int) -> int:
    return sum(v for (town, _age), v in count.overall.items() if town == town_id)


def _cell(*, town, group, label, participants: Figure, people: int, stated: int, inhabitants, all_inhabitants):
    population_share = _share(inhabitants, all_inhabitants)
    participant_share = _share(people, stated)
    index = None
    reason = ""
    if not inhabitants:
        reason = _("No inhabitants of this group in the population figures.")
    elif not stated:
        reason = _("Nobody has stated these details yet.")
    elif participants.hidden:
        reason = _("Hidden with the small number of people.")
    else:
        index = participant_share / population_share if participant_share is not None and population_share else None
    return GroupCell(
        town=town,
        group=group,
        label=label,
        participants=participants,
        participant_share=None if participants.hidden else participant_share,
        population=inhabitants,
        population_share=population_share,
        index=index,
        reason=reason,
    )


def missing_groups(result: Representation) -> list[str]:
    """The groups that are missing, in words, largest population first."""
    if not result.compares_ages:
        return []
    if result.stated < MIN_STATED_FOR_SENTENCES:
        return [
            _(
                "Only %(n)s people have stated their town and age group so far; missing groups are named from "
                "%(min)s on."
            )
            % {"n": result.stated, "min": MIN_STATED_FOR_SENTENCES}
        ]
    return [sentence for _cell, sentence in _missing_cells(result)]


def _missing_cells(result: Representation) -> list[tuple[GroupCell, str]]:
    """(cell, sentence) for each group not reached or hardly represented, largest population first."""
    if not result.compares_ages or result.stated < MIN_STATED_FOR_SENTENCES:
        return []
    found = []
    for cell in sorted(result.cells.values(), key=lambda cell: -(cell.population or 0)):
        if not cell.population or cell.town is None:
            continue
        people = result.count.overall.get((cell.town.pk, cell.group), 0)
        index = (people / result.stated) / cell.population_share if cell.population_share else None
        if people == 0:
            found.append(
                (
                    cell,
                    _("People aged %(group)s from %(town)s have not been reached.")
                    % {"group": cell.label, "town": cell.town.name},
                )
            )
        elif index is not None and index < HARDLY_REPRESENTED:
            found.append(
                (
                    cell,
                    _("People aged %(group)s from %(town)s are hardly represented.")
                    % {"group": cell.label, "town": cell.town.name},
                )
            )
    return found
