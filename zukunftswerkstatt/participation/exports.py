"""The figures as rows for the CSV download (through core.spreadsheets, like every export)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from .figures import Figures, label_of_town


def _share(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}".replace(".", ",")


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}"


def _share_row(table: str, row: str, town: str, cell) -> list:
    return [
        table,
        row,
        town,
        str(cell.participants),
        _share(cell.participant_share),
        _number(cell.population),
        _share(cell.population_share),
        cell.index_text,
        cell.reason,
    ]


def figures_rows(figures: Figures) -> Iterator[list]:
    """One table: section, row, column, then the figures (small numbers as “< 5”)."""
    representation = figures.representation
    yield [
        _("Table"),
        _("Row"),
        _("Town"),
        _("People"),
        _("Share of participants (%)"),
        _("Inhabitants"),
        _("Share of inhabitants (%)"),
        _("Representation index"),
        _("Note"),
    ]
    towns = [*figures.towns, None]
    for count, cells, total in figures.channel_rows():
        for town, figure in zip(towns, cells, strict=True):
            yield [_("People per channel and town"), str(count.channel.label), label_of_town(town), str(figure)]
        yield [_("People per channel and town"), str(count.channel.label), _("Total"), str(total)]
    for town, figure in zip(towns, figures.people_by_town(), strict=True):
        yield [_("People per channel and town"), _("People overall"), label_of_town(town), str(figure)]
    yield [_("People per channel and town"), _("People overall"), _("Total"), str(figures.people_total)]
    for row, cells, total in figures.phase_table_rows():
        for town, figure in zip(towns, cells, strict=True):
            yield [_("Each phase by town"), f"{row.label} ({row.unit})", label_of_town(town), str(figure)]
        yield [_("Each phase by town"), f"{row.label} ({row.unit})", _("Total"), str(total)]
    for town in figures.towns:
        cell = representation.town_cells.get(town.pk)
        if cell:
            yield _share_row(_("Towns against the population"), _("all ages"), town.name, cell)
    for town, cells in representation.by_town:
        for cell in cells:
            yield _share_row(_("Age groups against the population"), str(cell.label), town.name, cell)
    for sentence in representation.missing:
        yield [_("Who is missing"), sentence]
    for note in representation.notes:
        yield [_("Note"), note]
    if representation.population:
        yield [
            _("Population reference"),
            representation.population.source,
            str(representation.population.reference_date or representation.population.year),
        ]
