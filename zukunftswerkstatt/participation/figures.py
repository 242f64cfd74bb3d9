"""The figures of one process as every page, the CSV and the document section show them: counted,
held against the population, suppressed (one place, so that they agree)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .representation import TOTAL, Figure, Representation, Table, representation
from .selectors import ChannelCount, ParticipationCount, TownPhaseRow, participation_count, town_comparison


@dataclass
class Figures:
    process: object
    count: ParticipationCount
    representation: Representation
    channel_table: Table
    """Channels (rows, by key) × towns (columns, None: not stated or elsewhere), suppressed."""
    phase_rows: list[TownPhaseRow]
    phase_table: Table
    """The comparison rows (by key) × towns, suppressed."""

    @property
    def towns(self):
        return self.count.towns

    @property
    def town_keys(self) -> list[int | None]:
        return [town.pk for town in self.towns] + [None]

    def channel_rows(self) -> list[tuple[ChannelCount, list[Figure], Figure]]:
        return [
            (
                c,
                [self.channel_table.get(c.channel.key, t) for t in self.town_keys],
                self.channel_table.get(c.channel.key, TOTAL),
            )
            for c in self.count.channels
        ]

    def channel_totals(self) -> tuple[list[Figure], Figure]:
        return [self.channel_table.get(TOTAL, t) for t in self.town_keys], self.channel_table.get(TOTAL, TOTAL)

    def phase_table_rows(self) -> list[tuple[TownPhaseRow, list[Figure], Figure]]:
        return [
            (row, [self.phase_table.get(row.key, t) for t in self.town_keys], self.phase_table.get(row.key, TOTAL))
            for row in self.phase_rows
        ]

    def people_by_town(self) -> list[Figure]:
        return [self.representation.table.get(t, TOTAL) for t in self.town_keys]

    @property
    def people_total(self) -> Figure:
        return self.representation.table.get(TOTAL, TOTAL)

    def dominance(self) -> list[str]:
        """Each town's share of the people who named a town, beside its share of the inhabitants."""
        sentences = []
        for town in self.towns:
            cell = self.representation.town_cells.get(town.pk)
            if cell is None or cell.participant_share is None or cell.population_share is None:
                continue
            sentences.append(
                _("%(town)s: %(people)s %% of the people who named their town, %(inhabitants)s %% of the inhabitants.")
                % {
                    "town": town.name,
                    "people": _percent(cell.participant_share),
                    "inhabitants": _percent(cell.population_share),
                }
            )
        return sentences

    def town_sentences(self, town) -> list[str]:
        return self.representation.missing_by_town.get(town.pk, [])


def _percent(share: float) -> str:
    return f"{share * 100:.0f}"


def _by_town(cells: dict) -> dict[int | None, int]:
    result: dict[int | None, int] = defaultdict(int)
    for (town, _age), n in cells.items():
        result[town] += n
    return result


def figures_get(*, process) -> Figures:
    """Every figure of the process (a fixed number of queries, see `participation_count`)."""
    count = participation_count(process=process)
    compared = representation(process=process, count=count)
    town_keys = [town.pk for town in count.towns] + [None]
    channel_values = {}
    for channel in count.channels:
        for town, n in _by_town(channel.cells).items():
            channel_values[(channel.channel.key, town)] = n
    channel_table = Table.build(channel_values, [c.channel.key for c in count.channels], town_keys)
    phase_rows = town_comparison(process=process, participation=count)
    phase_table = Table.build(
        {(row.key, town): n for row in phase_rows for town, n in row.by_town.items()},
        [row.key for row in phase_rows],
        town_keys,
    )
    return Figures(process, count, compared, channel_table, phase_rows, phase_table)


CACHE_SECONDS = 30
"""How long the team's pages reuse the figures of a process: as long as the dashboard's live fragment
waits between two updates, so that a contribution shows within a minute at the latest. Entering,
correcting or removing a tally forgets them at once (`figures_forget`)."""


def _cache_key(process_id: int, language: str) -> str:
    return f"participation:figures:{process_id}:{language}"


def figures_cached(*, process) -> Figures:
    """`figures_get`, reused for `CACHE_SECONDS` (the sentences are in the active language)."""
    key = _cache_key(process.pk, get_language() or settings.LANGUAGE_CODE)
    figures = cache.get(key)
    if figures is None:
        figures = figures_get(process=process)
        cache.set(key, figures, CACHE_SECONDS)
    return figures


def figures_forget(*, process_id: int) -> None:
    cache.delete_many([_cache_key(process_id, code) for code, _name in settings.LANGUAGES])


def label_of_town(town) -> str | Promise:
    return town.name if town is not None else _("not stated or elsewhere")
