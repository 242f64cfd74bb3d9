"""Indicator arithmetic on plain data (no database): age structures and yearly movements.

An age structure is a list of `Cell`s (sex, age range, count). Ranges may be single years of
age or the age groups of the official tables; an indicator whose boundary cuts through a group
cannot be computed and is None.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

OPEN_GROUP_MEAN_OFFSET = {75: 7.5}
"""Mean age above the lower bound assumed for an open-ended group (“75 and over” → 82.5)."""


@dataclass(frozen=True)
class Cell:
    sex: str
    age_from: int
    age_to: int | None
    count: int

    @property
    def mid_age(self) -> float:
        if self.age_to is None:
            return self.age_from + OPEN_GROUP_MEAN_OFFSET.get(self.age_from, 2.5 if self.age_from >= 85 else 5.0)
        return (self.age_from + self.age_to + 1) / 2


@dataclass
class Structure:
    """One town's (or the sum of several towns') population on one reference date."""

    year: int
    reference_date: date | None
    cells: list[Cell] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)
    is_illustrative: bool = False

    @cached_property
    def total(self) -> int:
        """Read only once the cells are complete (the loaders fill them first)."""
        return sum(cell.count for cell in self.cells)

    @cached_property
    def indicators(self) -> dict[str, float | int | None]:
        return structure_indicators(self)

    def between(self, low: int, high: int | None = None) -> int | None:
        """People aged low … high (inclusive; None: and older); None when a group straddles a bound."""
        total = 0
        for cell in self.cells:
            cell_high = cell.age_to if cell.age_to is not None else 10_000
            wanted_high = high if high is not None else 10_000
            if cell.age_from >= low and cell_high <= wanted_high:
                total += cell.count
            elif cell_high < low or cell.age_from > wanted_high:
                continue
            else:
                return None
        return total

    @cached_property
    def has_ages(self) -> bool:
        """False when some figures are totals over all ages (a file without ages, e.g. 12410-010Z)."""
        return bool(self.cells) and not any(cell.age_from == 0 and cell.age_to is None for cell in self.cells)

    @cached_property
    def has_sexes(self) -> bool:
        """False when some figures are not split by sex (e.g. 12411-0017)."""
        return bool(self.cells) and all(cell.sex in ("m", "f") for cell in self.cells)

    @property
    def is_year_end(self) -> bool:
        return self.reference_date is None or (self.reference_date.month, self.reference_date.day) == (12, 31)

    def average_age(self) -> float | None:
        total = self.total
        if not total or not self.has_ages:
            return None
        return sum(cell.count * cell.mid_age for cell in self.cells) / total

    def is_single_years(self) -> bool:
        return all(cell.age_to == cell.age_from or cell.age_to is None for cell in self.cells)


@dataclass
class MovementYear:
    year: int
    births: int | None = None
    deaths: int | None = None
    moves_in: int | None = None
    moves_out: int | None = None
    sources: set[str] = field(default_factory=set)
    is_illustrative: bool = False


def combine_structures(structures: Iterable[Structure]) -> Structure | None:
    structures = list(structures)
    if not structures:
        return None
    dates = {structure.reference_date for structure in structures}
    # Towns with different reference dates in one year are not summed into one date.
    reference_date = structures[0].reference_date if len(dates) == 1 else None
    result = Structure(year=structures[0].year, reference_date=reference_date)
    for structure in structures:
        result.cells.extend(structure.cells)
        result.sources |= structure.sources
        result.is_illustrative = result.is_illustrative or structure.is_illustrative
    return result


def merge_movement(into: MovementYear, other: MovementYear) -> None:
    """Add the measures of another file for the same town and year (each measure comes from one file)."""
    for name in ("births", "deaths", "moves_in", "moves_out"):
        if getattr(into, name) is None:
            setattr(into, name, getattr(other, name))
    into.sources |= other.sources
    into.is_illustrative = into.is_illustrative or other.is_illustrative


def combine_movements(movements: Iterable[MovementYear]) -> MovementYear | None:
    movements = list(movements)
    if not movements:
        return None
    result = MovementYear(year=movements[0].year)
    for name in ("births", "deaths", "moves_in", "moves_out"):
        values = [getattr(m, name) for m in movements]
        setattr(result, name, None if any(v is None for v in values) else sum(values))
    for movement in movements:
        result.sources |= movement.sources
        result.is_illustrative = result.is_illustrative or movement.is_illustrative
    return result


def _ratio(part: int | None, whole: int | None, per: float) -> float | None:
    if part is None or not whole:
        return None
    return part * per / whole


def structure_indicators(structure: Structure) -> dict[str, float | int | None]:
    """The indicators that need only one reference date's age structure."""
    total = structure.total
    under_20 = structure.between(0, 19)
    working = structure.between(20, 64)
    over_65 = structure.between(65)
    return {
        "population": total,
        "share_under_20": _ratio(under_20, total, 100),
        "share_20_64": _ratio(working, total, 100),
        "share_65_plus": _ratio(over_65, total, 100),
        "share_80_plus": _ratio(structure.between(80), total, 100),
        "youth_dependency_ratio": _ratio(under_20, working, 100),
        "old_age_dependency_ratio": _ratio(over_65, working, 100),
        "average_age": structure.average_age(),
    }


def mean_population(previous_total: int | None, total: int | None) -> float | None:
    """The year's mean population: the mean of 31 Dec of the previous year and of the year.

    (A population on 30 June is itself the year's mean population; `Series.movement_values` passes
    it alone.)"""
    known = [value for value in (previous_total, total) if value]
    if not known:
        return None
    return sum(known) / len(known)


def movement_indicators(movement: MovementYear, population: float | None) -> dict[str, float | None]:
    def per_1000(value):
        return None if value is None or not population else value * 1000 / population

    natural = None if movement.births is None or movement.deaths is None else movement.births - movement.deaths
    migration = (
        None if movement.moves_in is None or movement.moves_out is None else movement.moves_in - movement.moves_out
    )
    return {
        "births_per_1000": per_1000(movement.births),
        "deaths_per_1000": per_1000(movement.deaths),
        "natural_balance_per_1000": per_1000(natural),
        "migration_balance_per_1000": per_1000(migration),
    }


def population_change(earlier: int | None, later: int | None) -> float | None:
    if earlier is None or later is None or not earlier:
        return None
    return (later - earlier) * 100 / earlier
