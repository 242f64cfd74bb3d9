"""Writes for themes: computing suggestions and the moderators' decisions (docs/themes.md).

Every theme is a person's decision: a run only writes suggestions, and replaces the previous
suggestions of its process; accepted themes and their items are never touched by a run. Each act
of a person is recorded in the audit log. Permission checks are the views' job (themes/rules.py).

The background task that computes a run lives in tasks.py and calls `theme_run_execute`; the view
queues it (a service never imports its task, docs/architecture.md).
"""

from __future__ import annotations

import logging
import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zukunftswerkstatt.core.audit import audit_record
from zukunftswerkstatt.core.models import AuditAction
from zukunftswerkstatt.plans import services as plans_services
from zukunftswerkstatt.plans.models import Measure
from zukunftswerkstatt.processes.models import Process
from zukunftswerkstatt.workshops import services as workshops_services
from zukunftswerkstatt.workshops.models import Cluster, WorkshopSession

from . import clustering, selectors
from .models import RunStatus, Theme, ThemeItem, ThemeRun, ThemeState

logger = logging.getLogger(__name__)

TITLE_LENGTH = 150
DESCRIPTION_ITEMS = 60
ERROR_LENGTH = 2000


def _audit(*, process: Process, **kwargs) -> None:
    audit_record(organisation=process.organisation_id, **kwargs)


def _lock(process: Process) -> None:
    """Serve two moderators editing the same process's themes one after the other (the row lock lasts
    until the transaction ends), so that an item cannot land in two themes at once."""
    Process.objects.select_for_update().filter(pk=process.pk).first()


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Please give the theme a name.")})
    if len(title) > TITLE_LENGTH:
        raise ValidationError({"title": _("A name has at most %(n)d characters.") % {"n": TITLE_LENGTH}})
    return title


def _next_position(process: Process) -> int:
    last = Theme.objects.filter(process=process).aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


# -- runs --------------------------------------------------------------------------------


@transaction.atomic
def theme_run_request(*, process: Process, by) -> ThemeRun:
    """A new run, waiting for the worker (queue it with tasks.theme_run_queue). Refused while
    another run of the process is waiting or being computed; a run whose worker died is marked
    failed first."""
    _lock(process)
    for run in ThemeRun.objects.filter(process=process, status__in=(RunStatus.QUEUED, RunStatus.RUNNING)):
        if not run.is_stale():
            raise ValidationError(_("Themes are already being computed for this process. Please wait a moment."))
        _fail(run, _("The background worker stopped before the themes were computed."))
    run = ThemeRun.objects.create(process=process, requested_by=by)
    _audit(process=process, actor=by, action=AuditAction.THEMES_COMPUTED, obj=run, label=str(process))
    return run


def _fail(run: ThemeRun, error: str) -> None:
    ThemeRun.objects.filter(pk=run.pk).update(
        status=RunStatus.FAILED, error=error[:ERROR_LENGTH], finished_at=timezone.now()
    )


def _claim(run_pk: int) -> bool:
    return bool(
        ThemeRun.objects.filter(pk=run_pk, status=RunStatus.QUEUED).update(
            status=RunStatus.RUNNING, started_at=timezone.now()
        )
    )


def theme_run_execute(*, run_pk: int) -> ThemeRun | None:
    """Compute the run's suggested themes (in the task worker, or at once for the demo). A run
    already taken, finished or gone is left alone. Items already in an accepted theme are left out;
    the previous suggestions are replaced in one transaction at the end."""
    if not _claim(run_pk):
        return None
    run = ThemeRun.objects.select_related("process").get(pk=run_pk)
    started = time.monotonic()
    try:
        _compute(run, started)
    except Exception as error:
        logger.exception("themes: run %s failed", run_pk)
        _fail(run, f"{type(error).__name__}: {error}")
    run.refresh_from_db()
    return run


def _compute(run: ThemeRun, started: float) -> None:
    process = run.process
    accepted = ThemeItem.objects.filter(theme__process=process, theme__state=ThemeState.ACCEPTED)
    taken_ideas = set(accepted.exclude(idea=None).values_list("idea_id", flat=True))
    taken_cards = set(accepted.exclude(card=None).values_list("card_id", flat=True))
    items = [
        clustering.Item(key=f"idea-{idea.pk}", title=idea.title, text=idea.text)
        for idea in selectors.process_ideas(process).only("pk", "title", "text", "module")
        if idea.pk not in taken_ideas
    ]
    items += [
        clustering.Item(key=f"card-{card.pk}", text=card.text)
        for card in selectors.process_cards(process).only("pk", "text", "session")
        if card.pk not in taken_cards
    ]
    groups = clustering.cluster(items)
    with transaction.atomic():
        _lock(process)
        current = ThemeRun.objects.select_for_update().get(pk=run.pk)
        if current.status != RunStatus.RUNNING or ThemeRun.objects.filter(process=process, pk__gt=run.pk).exists():
            # A newer run was started meanwhile (this one was taken for dead): its result counts.
            _fail(run, _("A newer computation replaced this one."))
            return
        Theme.objects.filter(process=process, state=ThemeState.SUGGESTED).delete()
        position = _next_position(process)
        themes = Theme.objects.bulk_create(
            Theme(
                process=process,
                run=run,
                title=(group.title or _("Theme"))[:TITLE_LENGTH],
                words=group.words,
                position=position + index,
            )
            for index, group in enumerate(groups)
        )
        ThemeItem.objects.bulk_create(
            ThemeItem(theme=theme, **_item_fields(key))
            for theme, group in zip(themes, groups, strict=True)
            for key in group.keys
        )
        ThemeRun.objects.filter(pk=run.pk).update(
            status=RunStatus.DONE,
            finished_at=timezone.now(),
            item_count=len(items),
            theme_count=len(groups),
            seconds=round(time.monotonic() - started, 2),
        )


def _item_fields(key: str) -> dict:
    kind, _sep, number = key.partition("-")
    return {"idea_id": int(number)} if kind == "idea" else {"card_id": int(number)}


# -- the moderators' decisions -----------------------------------------------------------


@transaction.atomic
def theme_accept(*, theme: Theme, by) -> Theme:
    """Make a suggestion a theme of the process: a new run no longer replaces it."""
    if theme.is_accepted:
        return theme
    theme.state = ThemeState.ACCEPTED
    theme.accepted_by = by
    theme.accepted_at = timezone.now()
    theme.save(update_fields=["state", "accepted_by", "accepted_at", "modified"])
    _audit(process=theme.process, actor=by, action=AuditAction.THEME_ACCEPTED, obj=theme)
    return theme


@transaction.atomic
def theme_rename(*, theme: Theme, title: str, by) -> Theme:
    old = theme.title
    theme.title = _clean_title(title)
    theme.full_clean()
    theme.save(update_fields=["title", "modified"])
    _audit(
        process=theme.process,
        actor=by,
        action=AuditAction.THEME_RENAMED,
        obj=theme,
        details={"old": old, "new": theme.title},
    )
    return theme


def _chosen(process: Process, keys) -> tuple[list, list]:
    ideas, cards = selectors.items_for_keys(process, keys)
    if not ideas and not cards:
        raise ValidationError({"items": _("Please tick at least one item.")})
    return ideas, cards


def _put(theme: Theme | None, process: Process, ideas: list, cards: list) -> None:
    ThemeItem.objects.filter(theme__process=process).filter(selectors.memberships_q(ideas, cards)).delete()
    if theme is not None:
        ThemeItem.objects.bulk_create(
            [ThemeItem(theme=theme, idea=idea) for idea in ideas]
            + [ThemeItem(theme=theme, card=card) for card in cards]
        )


@transaction.atomic
def theme_create(*, process: Process, title: str, keys, by) -> Theme:
    """A new, accepted theme from the ticked items (split off a theme, or gathered from the items
    not in a theme); they leave the theme they were in."""
    title = _clean_title(title)
    _lock(process)
    ideas, cards = _chosen(process, keys)
    now = timezone.now()
    theme = Theme(
        process=process,
        title=title,
        state=ThemeState.ACCEPTED,
        accepted_by=by,
        accepted_at=now,
        position=_next_position(process),
    )
    theme.full_clean()
    theme.save()
    _put(theme, process, ideas, cards)
    _audit(
        process=process,
        actor=by,
        action=AuditAction.THEME_CREATED,
        obj=theme,
        details={"items": len(ideas) + len(cards)},
    )
    return theme


@transaction.atomic
def theme_items_move(*, process: Process, keys, target: Theme | None, by) -> int:
    """Move the ticked items into another theme of the process, or out of every theme (None)."""
    if target is not None and target.process_id != process.pk:
        raise ValidationError({"target": _("Choose a theme of this process.")})
    _lock(process)
    if target is not None and not Theme.objects.filter(pk=target.pk).exists():
        raise ValidationError(
            _("The theme “%(title)s” no longer exists (perhaps it was just dissolved).") % {"title": target.title}
        )
    ideas, cards = _chosen(process, keys)
    _put(target, process, ideas, cards)
    _audit(
        process=process,
        actor=by,
        action=AuditAction.THEME_ITEMS_MOVED,
        obj=target,
        label=target.title if target else _("not in a theme"),
        details={"items": len(ideas) + len(cards)},
    )
    return len(ideas) + len(cards)


@transaction.atomic
def theme_dissolve(*, theme: Theme, by) -> None:
    """Delete the theme; its items are "not in a theme" again."""
    _audit(
        process=theme.process,
        actor=by,
        action=AuditAction.THEME_DISSOLVED,
        obj=theme,
        details={"items": theme.items.count()},
    )
    theme.delete()


def _require_accepted(theme: Theme) -> None:
    if not theme.is_accepted:
        raise ValidationError(_("Accept the theme first: a suggestion is not yet a decision."))


@transaction.atomic
def theme_to_cluster(*, theme: Theme, session: WorkshopSession, by) -> Cluster:
    """A cluster with the theme's name on the session's wall, holding the session's cards of the theme."""
    _require_accepted(theme)
    if session.event.process_id != theme.process_id:
        raise ValidationError(_("Choose a live board of this process."))
    cards = [item.card for item in theme.items.filter(card__session=session).select_related("card")]
    cluster = workshops_services.cluster_create(session=session, title=theme.title, cards=cards)
    _audit(
        process=theme.process,
        actor=by,
        action=AuditAction.THEME_TO_CLUSTER,
        obj=theme,
        details={"session": session.title, "cards": len(cards)},
    )
    return cluster


def measure_description(theme: Theme) -> str:
    """The seed of a measure's description: the theme's words and its items, one per line."""
    lines = [
        _("Grown from the theme “%(title)s” (%(words)s).") % {"title": theme.title, "words": ", ".join(theme.words)}
    ]
    lines.append("")
    items = list(theme.items.select_related("idea", "card__session").order_by("pk"))
    for item in items[:DESCRIPTION_ITEMS]:
        if item.idea_id:
            lines.append(f"- {item.idea.title} ({item.idea.reference})")
        else:
            text = " ".join(item.card.text.split())
            lines.append(f"- {text} ({item.card.session.title})")
    if len(items) > DESCRIPTION_ITEMS:
        lines.append(_("- and %(n)d more") % {"n": len(items) - DESCRIPTION_ITEMS})
    return "\n".join(lines)[: Measure._meta.get_field("description").max_length]


@transaction.atomic
def theme_to_measure(*, theme: Theme, by) -> Measure:
    """A measure in the process's action plan with the theme's name, its items in the description
    and its contributions linked (they become "taken into the action plan")."""
    _require_accepted(theme)
    if theme.measure_id:
        raise ValidationError(_("This theme already started a measure."))
    if selectors.plan_module(theme.process) is None:
        raise ValidationError(
            _(
                "This process has no action plan yet. Add an action plan module to the process first, "
                "then start the measure."
            )
        )
    ideas = [item.idea for item in theme.items.exclude(idea=None).select_related("idea__module__phase")]
    measure = plans_services.measure_create(
        process=theme.process,
        by=by,
        title=theme.title,
        description=measure_description(theme),
        ideas=ideas,
    )
    theme.measure = measure
    theme.save(update_fields=["measure", "modified"])
    _audit(
        process=theme.process,
        actor=by,
        action=AuditAction.THEME_TO_MEASURE,
        obj=theme,
        details={"measure": measure.title, "contributions": len(ideas)},
    )
    return measure
