"""Small numbers of people, hidden so that no one can be recognised: one rule for every table of
people the platform publishes (who took part, survey results).

- **Primary suppression.** A figure of 1 to 4 people is shown as “< 5”. Zero is shown.
- **Secondary suppression.** So that a hidden figure cannot be recomputed from the totals, in every
  row and every column of a table, totals included, either nothing is hidden or at least two figures
  are hidden that together hold at least 5 people: where that is not so, the smallest visible figure
  of the line is hidden too, a total only when no other figure is left (repeated until every line
  keeps the rule). Shares computed from a hidden figure are hidden with it.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

SMALL = 5
"""Figures from 1 to SMALL − 1 are hidden."""
TOTAL = "total"
"""The key of a row's or column's total in a `Table`."""


def suppressed_cells(values: dict[tuple[Hashable, Hashable], int], rows: Sequence, columns: Sequence) -> set:
    """The cells of a table (its totals under the key TOTAL) to hide, by the rule in the module
    docstring. `values` holds every cell including the totals of each row and column and the grand
    total at (TOTAL, TOTAL)."""
    all_rows = [*rows, TOTAL]
    all_columns = [*columns, TOTAL]
    hidden = {cell for cell, value in values.items() if 0 < value < SMALL}
    lines = [[(row, column) for column in all_columns] for row in all_rows]
    lines += [[(row, column) for row in all_rows] for column in all_columns]
    changed = True
    while changed:
        changed = False
        for line in lines:
            inside = [cell for cell in line if cell in hidden]
            if not inside:
                continue
            if len(inside) >= 2 and sum(values.get(cell, 0) for cell in inside) >= SMALL:
                continue
            candidates = [cell for cell in line if cell not in hidden and values.get(cell, 0) > 0]
            if not candidates:
                continue
            inner = [cell for cell in candidates if TOTAL not in cell]
            pick = min(inner or candidates, key=lambda cell: (values.get(cell, 0), str(cell)))
            hidden.add(pick)
            changed = True
    return hidden


@dataclass(frozen=True)
class Figure:
    """A number of people as published: the number, or “< 5”."""

    value: int
    hidden: bool = False

    def __str__(self) -> str:
        return f"< {SMALL}" if self.hidden else str(self.value)

    @property
    def shown(self) -> int | None:
        return None if self.hidden else self.value


@dataclass
class Table:
    """A table of people (rows × columns with totals), suppressed as a whole."""

    rows: list
    columns: list
    figures: dict[tuple, Figure]

    @classmethod
    def build(cls, values: dict[tuple, int], rows: list, columns: list) -> Table:
        full = dict(values)
        for row in rows:
            full[(row, TOTAL)] = sum(values.get((row, column), 0) for column in columns)
        for column in columns:
            full[(TOTAL, column)] = sum(values.get((row, column), 0) for row in rows)
        full[(TOTAL, TOTAL)] = sum(full[(row, TOTAL)] for row in rows)
        hidden = suppressed_cells(full, rows, columns)
        return cls(rows, columns, {cell: Figure(value, cell in hidden) for cell, value in full.items()})

    def get(self, row, column) -> Figure:
        return self.figures.get((row, column), Figure(0))
