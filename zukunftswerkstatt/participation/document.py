"""The participation section of the Kommunalprofil, the Werkstattplan and the review report.

`section_context(process)` freezes the figures as plain data (texts and numbers, small numbers
already shown as “< 5”), so that a document keeps what it showed when it was made;
`participation/_document_section.html` prints them (WeasyPrint, plain HTML with classes) and
`section_docx` writes the same into a python-docx Document. apps.py registers the three pieces as
a `processes.registry.DocumentSection` of the Kommunalprofil, the Werkstattplan and the review report
(the document writes the section's heading).
"""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zukunftswerkstatt.core.docx import docx_figure_table

from .figures import Figures, figures_cached, label_of_town


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.1f} %".replace(".", ",")


def section_context(process) -> dict | None:
    """The figures for a document, or None when nobody has been counted yet.

    The figures are the team pages' (reused for `figures.CACHE_SECONDS`): the plan and the profile are
    public pages, which must not count every channel on each request; a PDF made from them is at most
    half a minute behind."""
    figures = figures_cached(process=process)
    if not figures.count.total:
        return None
    return _context(figures)


def _context(figures: Figures) -> dict:
    r = figures.representation
    towns = [*figures.towns, None]
    town_names = [str(label_of_town(town)) for town in towns]
    channels = {
        "caption": _("People per channel and town"),
        "head": [_("Channel"), *town_names, _("Total")],
        "rows": [
            [str(count.channel.label), *[str(f) for f in cells], str(total)]
            for count, cells, total in figures.channel_rows()
            if count.total
        ],
        "foot": [_("People overall"), *[str(f) for f in figures.people_by_town()], str(figures.people_total)],
    }
    phases = {
        "caption": _("Each phase by town"),
        "head": [_("What"), *town_names, _("Total")],
        "rows": [
            [f"{row.label} ({row.unit})", *[str(f) for f in cells], str(total)]
            for row, cells, total in figures.phase_table_rows()
            if row.key in ("ideas_from", "ideas_about", "measures", "votes", "ratings")
        ],
    }
    towns_table = None
    if r.compares_towns:
        towns_table = {
            "caption": _("Participants and inhabitants by town"),
            "head": [
                _("Town"),
                _("Participants"),
                _("Share of participants"),
                _("Share of inhabitants"),
                _("Representation index"),
            ],
            "rows": [
                [
                    town.name,
                    str(cell.participants),
                    _percent(cell.participant_share),
                    _percent(cell.population_share),
                    cell.index_text,
                ]
                for town in figures.towns
                if (cell := r.town_cells.get(town.pk))
            ],
        }
    ages = None
    if r.compares_ages:
        groups = [str(label) for _value, label in r.groups]
        ages = {
            "caption": _("Representation index by town and age group (participants in brackets)"),
            "head": [_("Town"), *groups],
            "rows": [
                [town.name, *[f"{cell.index_text} ({cell.participants})" for cell in cells]]
                for town, cells in r.by_town
            ],
        }
    reference = ""
    if r.population:
        reference = _("Population on: %(dates)s (%(source)s).") % {
            "dates": "; ".join(f"{town.name} {date_format(day)}" for town, day in r.reference_dates),
            "source": r.population.source,
        }
    return {
        "title": _("Who took part"),
        "summary": _(
            "%(people)s people took part (%(accounts)s with an account, each counted once; %(records)s without an "
            "account or counted on paper, who cannot be matched and count separately)."
        )
        % {"people": figures.people_total, "accounts": figures.count.accounts, "records": figures.count.records},
        "tables": [table for table in (channels, phases, towns_table, ages) if table],
        "missing": list(r.missing),
        "notes": list(r.notes),
        "reference": reference,
        "method": _(
            "A person counts once in each channel they used; an account counts once overall. Town and age group "
            "are what the person stated, else their account's profile. The representation index is the "
            "participants' share divided by the inhabitants' share (1: as in the population; below 0.5: hardly "
            "represented). Figures from 1 to 4 are shown as “< 5”, and further figures are hidden where a "
            "small one could be worked out from the totals."
        ),
    }


def section_docx(document, context: dict) -> None:
    """Write the section's body into a python-docx Document, after the heading the document wrote."""
    document.add_paragraph(context["summary"])
    for note in context["notes"]:
        document.add_paragraph(note)
    if context["missing"]:
        document.add_heading(_("Who is missing"), level=2)
        for sentence in context["missing"]:
            document.add_paragraph(sentence, style="List Bullet")
    for table_data in context["tables"]:
        document.add_heading(table_data["caption"], level=2)
        rows = [table_data["head"], *table_data["rows"]]
        if table_data.get("foot"):
            rows.append(table_data["foot"])
        docx_figure_table(document, rows)
    if context["reference"]:
        document.add_paragraph(context["reference"])
    document.add_paragraph(context["method"])
