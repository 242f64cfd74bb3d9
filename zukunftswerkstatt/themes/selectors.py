"""Reads for the themes page: the items of a process, its themes and the state of the last run."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.ideas.models import Idea, Status, Visibility
from zukunftswerkstatt.processes.models import Module, Process
from zukunftswerkstatt.workshops.models import Card, WorkshopSession

from .models import Theme, ThemeItem, ThemeRun

PLAN_MODULE_TYPE = "action_plan"
EXCERPT_LENGTH = 240


@dataclass
class ItemView:
    """A contribution or a card as the themes page shows it."""

    key: str
    kind: str
    title: str
    text: str
    source: str
    reference: str = ""
    url: str = ""
    idea: Idea | None = None
    card: Card | None = None

    @property
    def is_idea(self) -> bool:
        return self.idea is not None


@dataclass
class ThemesPage:
    process: Process
    run: ThemeRun | None
    themes: list[Theme]
    unthemed: list[ItemView]
    item_count: int
    sessions: list[WorkshopSession]
    plan_module: Module | None
    items: dict[str, ItemView] = field(default_factory=dict)


def process_ideas(process: Process):
    """The contributions themes are made of: published, neither withdrawn nor merged, of the
    process's idea collections."""
    return (
        Idea.objects.filter(module__phase__process=process, module__type="ideas", visibility=Visibility.PUBLISHED)
        .exclude(status__in=(Status.WITHDRAWN, Status.MERGED))
        .select_related("module")
        .order_by("pk")
    )


def process_cards(process: Process):
    """The cards of the process's live-board sessions (typed on phones or from paper), not hidden.

    Cards already transferred into the idea collection (alone, or with their cluster) are there as a
    contribution, which is an item itself: they are not counted twice."""
    return (
        Card.objects.filter(session__ideas_module__phase__process=process, is_hidden=False, idea__isnull=True)
        .exclude(cluster__idea__isnull=False)
        .select_related("session")
        .order_by("pk")
    )


def _idea_view(idea: Idea) -> ItemView:
    return ItemView(
        key=f"idea-{idea.pk}",
        kind=str(_("contribution")),
        title=idea.title,
        text=idea.text,
        source=idea.module.title,
        reference=idea.reference,
        url=idea.get_absolute_url(),
        idea=idea,
    )


def _card_view(card: Card) -> ItemView:
    return ItemView(
        key=f"card-{card.pk}",
        kind=str(_("paper card") if card.from_paper else _("card")),
        title="",
        text=card.text,
        source=card.session.title,
        card=card,
    )


def process_items(process: Process) -> dict[str, ItemView]:
    """Every item of the process by key ("idea-12", "card-7"): two queries."""
    items = {view.key: view for view in map(_idea_view, process_ideas(process))}
    items.update((view.key, view) for view in map(_card_view, process_cards(process)))
    return items


def latest_run(process: Process) -> ThemeRun | None:
    return ThemeRun.objects.filter(process=process).order_by("-created", "-pk").first()


def plan_module(process: Process) -> Module | None:
    """The process's action plan module, where a theme can seed a measure (None: none yet)."""
    return Module.objects.filter(phase__process=process, type=PLAN_MODULE_TYPE).order_by("pk").first()


def themes_page(process: Process) -> ThemesPage:
    """Everything the themes page shows, in seven queries whatever the number of items: the last
    run, the themes, their items' keys, the contributions, the cards, the sessions, the plan module."""
    run = latest_run(process)
    themes = list(Theme.objects.filter(process=process).select_related("measure", "accepted_by"))
    memberships = ThemeItem.objects.filter(theme__process=process).values_list("theme_id", "idea_id", "card_id")
    items = process_items(process)
    by_theme: dict[int, list[ItemView]] = {theme.pk: [] for theme in themes}
    themed: set[str] = set()
    for theme_id, idea_id, card_id in memberships:
        key = f"idea-{idea_id}" if idea_id else f"card-{card_id}"
        view = items.get(key)
        if view is not None:  # a contribution hidden or withdrawn since is not shown
            by_theme[theme_id].append(view)
            themed.add(key)
    for theme in themes:
        theme.item_views = by_theme[theme.pk]
        theme.session_ids = {view.card.session_id for view in theme.item_views if view.card is not None}
    # Clusters can be added only while a board runs.
    sessions = list(
        WorkshopSession.objects.filter(ideas_module__phase__process=process).live().order_by("created", "pk")
    )
    return ThemesPage(
        process=process,
        run=run,
        themes=themes,
        unthemed=[view for key, view in items.items() if key not in themed],
        item_count=len(items),
        sessions=sessions,
        plan_module=plan_module(process),
        items=items,
    )


def items_for_keys(process: Process, keys) -> tuple[list[Idea], list[Card]]:
    """The process's contributions and cards named by keys; a key of something else is left out."""
    idea_ids, card_ids = _ids(keys)
    ideas = list(process_ideas(process).filter(pk__in=idea_ids)) if idea_ids else []
    cards = list(process_cards(process).filter(pk__in=card_ids)) if card_ids else []
    return ideas, cards


def _ids(keys) -> tuple[set[int], set[int]]:
    idea_ids: set[int] = set()
    card_ids: set[int] = set()
    for key in keys:
        kind, _sep, number = str(key).partition("-")
        if number.isdigit():
            (idea_ids if kind == "idea" else card_ids if kind == "card" else set()).add(int(number))
    return idea_ids, card_ids


def memberships_q(ideas, cards) -> Q:
    return Q(idea__in=[i.pk for i in ideas]) | Q(card__in=[c.pk for c in cards])
