"""Contributions of the idea collection as evidence of a SWOT item.

Staff cite published contributions of the same process; an item's page, its PDF and the matrix show
them. The idea collection comes after the SWOT analysis (docs/architecture.md, "Layers"), so swot
does not import it: the link is declared on the contribution (`Idea.swot_items`, SwotItem's reverse
`ideas`, in the table swot created) and the ideas app registers how swot reads contributions here, in
its AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class ContributionSource:
    published: Callable[[], QuerySet]
    """Every published contribution: what an item's page shows of those cited."""
    citable: Callable[..., QuerySet]
    """(*, process_id) -> the published contributions of a process, in the staff form's order."""
    process_and_published: Callable[[Iterable[int]], list[tuple[int, bool]]]
    """For contributions by pk, as they are in the database: (process id, published?), in one query."""


_source: ContributionSource | None = None


def register_contributions(source: ContributionSource) -> ContributionSource:
    global _source  # filled once, when Django starts
    _source = source
    return source


def contributions() -> ContributionSource:
    if _source is None:
        raise LookupError("no source of contributions registered (the ideas app registers it in its ready())")
    return _source
