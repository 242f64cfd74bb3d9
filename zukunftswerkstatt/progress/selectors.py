"""Reads of the interim review: the state of the plan, a measure's progress, what became of a
contribution, a person's contributions, and the review report's figures. Query counts are pinned
in tests/progress/test_queries.py."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldError
from django.db.models import Count, F, Max, Prefetch, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zukunftswerkstatt.conversation.models import Comment
from zukunftswerkstatt.ideas.models import Channel, Idea, Status, Support, Visibility
from zukunftswerkstatt.ideas.references import reference_normalise
from zukunftswerkstatt.plans.models import Measure, MeasureStatus, Milestone
from zukunftswerkstatt.processes.models import Module, Process
from zukunftswerkstatt.processes.registry import registry

from .charts import line_chart
from .models import Indicator, IndicatorValue, ProgressUpdate, Rating, ReviewReport, ReviewRound, Score

WHOLE_ASSOCIATION = "all"


@dataclass
class StatusCount:
    status: str
    label: str
    count: int
    share: int
    """Per cent of all measures, rounded."""


@dataclass
class PlanSummary:
    total: int
    by_status: list[StatusCount]
    average_percent: int | None
    milestones_total: int
    milestones_met: int
    milestones_late: int


@dataclass
class Group:
    """The measures of one field of action or one town, with their own summary."""

    key: str
    name: str
    measures: list = field(default_factory=list)
    summary: PlanSummary | None = None


def module_get(*, module_pk: int) -> Module:
    return Module.objects.select_related("phase__process__organisation").get(pk=module_pk)


def _late(milestone: Milestone, today: dt.date) -> bool:
    return milestone.done_on is None and milestone.due_on < today


def measures_for_progress(*, process: Process, topic_id: int | None = None, town: str = "") -> list[Measure]:
    """The process's measures with field of action, towns, milestones and the latest entry date (3 queries).

    `town` is a municipality id, WHOLE_ASSOCIATION (measures without a town) or empty (all).
    Each measure gets `milestone_list`, `late_milestones`, `met_milestones` and `town_list`.
    """
    queryset = (
        Measure.objects.filter(process=process)
        .select_related("topic")
        .annotate(last_entry=Max("progress_updates__date"))
        .prefetch_related(
            "municipalities",
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "pk"), to_attr="milestone_list"),
        )
        .order_by("topic__position", "topic__name", "title", "pk")
    )
    if topic_id:
        queryset = queryset.filter(topic_id=topic_id)
    if town == WHOLE_ASSOCIATION:
        queryset = queryset.filter(municipalities__isnull=True)
    elif town.isdigit():
        queryset = queryset.filter(municipalities__id=int(town))
    today = timezone.localdate()
    measures = list(queryset)
    for measure in measures:
        measure.town_list = list(measure.municipalities.all())
        measure.late_milestones = [m for m in measure.milestone_list if _late(m, today)]
        measure.met_milestones = [m for m in measure.milestone_list if m.done_on]
    return measures


def plan_summary(measures: list[Measure]) -> PlanSummary:
    """Counts and shares per status, average completion and milestones, from measures_for_progress()."""
    total = len(measures)
    counts = Counter(m.status for m in measures)
    by_status = [
        StatusCount(
            status=value,
            label=str(label),
            count=counts.get(value, 0),
            share=round(100 * counts.get(value, 0) / total) if total else 0,
        )
        for value, label in MeasureStatus.choices
    ]
    # Dropped measures are not part of the average: they will never be complete.
    counted = [m.percent_complete for m in measures if m.status != MeasureStatus.DROPPED]
    milestones = [ms for m in measures for ms in m.milestone_list]
    return PlanSummary(
        total=total,
        by_status=by_status,
        average_percent=round(sum(counted) / len(counted)) if counted else None,
        milestones_total=len(milestones),
        milestones_met=sum(1 for m in measures for _ms in m.met_milestones),
        milestones_late=sum(len(m.late_milestones) for m in measures),
    )


def groups_by_topic(measures: list[Measure]) -> list[Group]:
    groups: dict[str, Group] = {}
    for measure in measures:
        key = str(measure.topic_id or "none")
        if key not in groups:
            name = measure.topic.name if measure.topic else _("Without a field of action")
            groups[key] = Group(key=key, name=name)
        groups[key].measures.append(measure)
    for group in groups.values():
        group.summary = plan_summary(group.measures)
    return list(groups.values())


def groups_by_town(measures: list[Measure], towns) -> list[Group]:
    """One group per town of the process, and one for measures of the whole association."""
    groups = [Group(key=str(town.pk), name=town.name) for town in towns]
    by_key = {group.key: group for group in groups}
    whole = Group(key=WHOLE_ASSOCIATION, name=_("Whole association"))
    for measure in measures:
        if not measure.town_list:
            whole.measures.append(measure)
        for town in measure.town_list:
            if str(town.pk) in by_key:
                by_key[str(town.pk)].measures.append(measure)
    result = [g for g in groups if g.measures] + ([whole] if whole.measures else [])
    for group in result:
        group.summary = plan_summary(group.measures)
    return result


def measure_get(*, process: Process, pk: int) -> Measure:
    return (
        Measure.objects.select_related("topic", "process__organisation")
        .prefetch_related("municipalities")
        .get(process=process, pk=pk)
    )


@dataclass
class IndicatorView:
    indicator: Indicator
    values: list[IndicatorValue]
    chart: object
    latest: IndicatorValue | None
    reached_percent: int | None
    """How far from the baseline to the target the latest value is, in per cent."""


def _indicator_view(indicator: Indicator) -> IndicatorView:
    values = list(indicator.values.all())
    chart = line_chart(
        baseline=(indicator.baseline_date, indicator.baseline_value),
        target=(indicator.target_date, indicator.target_value),
        values=[(v.date, v.value) for v in values],
    )
    latest = values[-1] if values else None
    reached = None
    span = indicator.target_value - indicator.baseline_value
    if latest is not None and span:
        reached = round(100 * (latest.value - indicator.baseline_value) / span)
    return IndicatorView(indicator=indicator, values=values, chart=chart, latest=latest, reached_percent=reached)


def indicators_of(*, measures) -> dict[int, list[IndicatorView]]:
    """Indicators with their values and charts, per measure id (2 queries)."""
    result: dict[int, list[IndicatorView]] = defaultdict(list)
    indicators = Indicator.objects.filter(measure__in=measures).prefetch_related(
        Prefetch("values", queryset=IndicatorValue.objects.order_by("date", "pk"))
    )
    for indicator in indicators:
        result[indicator.measure_id].append(_indicator_view(indicator))
    return result


def measure_progress(*, measure: Measure) -> dict:
    """What the measure's progress page shows."""
    today = timezone.localdate()
    milestones = list(measure.milestones.order_by("due_on", "pk"))
    for milestone in milestones:
        milestone.is_late = _late(milestone, today)
    return {
        "updates": list(ProgressUpdate.objects.filter(measure=measure).select_related("author")),
        "milestones": milestones,
        "indicators": indicators_of(measures=[measure]).get(measure.pk, []),
        "contributions": list(
            measure.ideas.filter(visibility=Visibility.PUBLISHED).select_related("module").order_by("pk")
        ),
    }


def indicator_get(*, process: Process, pk: int) -> Indicator:
    return Indicator.objects.select_related("measure__process__organisation").get(measure__process=process, pk=pk)


# --- what became of a contribution ---------------------------------------------------------------


def _with_path(ideas: QuerySet) -> QuerySet:
    """Contributions with the measures they became, directly or through the one they were merged into."""
    measures = Measure.objects.only("pk", "title", "status", "status_reason", "percent_complete", "process_id")
    return ideas.select_related("module__phase__process__organisation", "merged_into", "topic").prefetch_related(
        Prefetch("measures", queryset=measures),
        Prefetch("merged_into__measures", queryset=measures),
    )


def idea_paths(ideas) -> None:
    """Give each contribution `path_measures`: its measures, or else those of the one it was merged into."""
    for idea in ideas:
        own = list(idea.measures.all())
        idea.path_via = None
        if not own and idea.merged_into_id and idea.merged_into:
            own = list(idea.merged_into.measures.all())
            idea.path_via = idea.merged_into if own else None
        idea.path_measures = own


def contribution_lookup(*, process: Process, query: str, limit: int = 20) -> list[Idea]:
    """Contributions of the process found by reference ("ZW-2026-0142", "zw 2026 142", "2026-142"),
    number ("42", "#42", "Nr. 42") or title words.

    Published ones only, except that the exact reference also finds one still waiting for
    moderation: the person who has the reference learns that it arrived (the page shows no title
    or text of it, which nobody has checked yet).
    """
    query = (query or "").strip()
    if not query:
        return []
    reference = reference_normalise(query)
    visible = Q(visibility=Visibility.PUBLISHED)
    if reference:
        visible |= Q(visibility=Visibility.PENDING, reference=reference)
    ideas = Idea.objects.filter(visible, module__phase__process=process)
    number = query.lower().removeprefix("nr.").removeprefix("#").strip()
    condition = Q()
    words = [w for w in query.split() if len(w) > 1]
    if reference:
        condition |= Q(reference=reference)
    if number.isdigit():
        condition |= Q(pk=int(number))
    if words:
        title = Q()
        for word in words:
            title &= Q(title__icontains=word)
        condition |= title
    if not condition:
        return []
    found = list(_with_path(ideas.filter(condition)).order_by("-created", "-pk")[:limit])
    idea_paths(found)
    return found


# --- review rounds and the report -----------------------------------------------------------------


def review_rounds_of(*, process: Process) -> list[ReviewRound]:
    return list(ReviewRound.objects.filter(process=process).annotate(rating_count=Count("ratings")))


def review_round_get(*, process: Process, pk: int) -> ReviewRound:
    return ReviewRound.objects.select_related("process__organisation").get(process=process, pk=pk)


def open_review_round(*, process: Process) -> ReviewRound | None:
    return ReviewRound.objects.filter(process=process).open().order_by("closes_at").first()


def review_round_is_open(module: Module, now=None) -> bool:
    """Whether the module's process has a review round open for ratings (the module's main action)."""
    return ReviewRound.objects.filter(process_id=module.phase.process_id).open(now).exists()


def ratings_of_person(*, review_round: ReviewRound, user) -> dict[int, Rating]:
    if not user.is_authenticated:
        return {}
    return {r.measure_id: r for r in Rating.objects.filter(review_round=review_round, user=user)}


@dataclass
class RatingSummary:
    count: int
    average: float | None
    distribution: list[tuple[int, str, int, int]]
    """(score, label, count, share in per cent) for 1 … 5."""
    comments: list[Rating] = field(default_factory=list)


def rating_summaries(*, review_round: ReviewRound) -> dict[int, RatingSummary]:
    """Per measure id: how many rated, the average, the distribution and the comments (1 query)."""
    per_measure: dict[int, list[Rating]] = defaultdict(list)
    for rating in Rating.objects.filter(review_round=review_round).order_by("created", "pk"):
        per_measure[rating.measure_id].append(rating)
    summaries = {}
    for measure_id, ratings in per_measure.items():
        counts = Counter(r.score for r in ratings)
        total = len(ratings)
        summaries[measure_id] = RatingSummary(
            count=total,
            average=round(sum(r.score for r in ratings) / total, 1),
            distribution=[
                (score, str(label), counts.get(score, 0), round(100 * counts.get(score, 0) / total))
                for score, label in Score.choices
            ],
            comments=[r for r in ratings if r.comment],
        )
    return summaries


def _guarded_count(app_label: str, model_name: str, lookups: list[str], process: Process, aggregate=None) -> int | None:
    """Count rows of another app's model for the process, if that app has the model (else None)."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return None
    for lookup in lookups:
        try:
            queryset = model.objects.filter(**{lookup: process})
            if aggregate:
                return queryset.aggregate(total=Sum(aggregate))["total"] or 0
            return queryset.count()
        except FieldError:
            continue
    return None


@dataclass
class Participation:
    contributions_by_channel: list[tuple[str, int]]
    contributions_total: int
    comments: int
    supports: int
    registrations_by_channel: list[tuple[str, int]]
    registrations_total: int
    workshop_cards: int | None
    workshop_dots: int | None
    prioritisation_ballots: int | None
    prioritisation_points_online: int | None
    prioritisation_points_paper: int | None
    ratings: int
    raters: int


def participation(*, process: Process, review_round: ReviewRound | None = None) -> Participation:
    """Participation across all phases and channels; apps that are not there count as None."""
    ideas = Idea.objects.filter(module__phase__process=process, visibility=Visibility.PUBLISHED)
    by_channel = dict(ideas.values_list("channel").annotate(n=Count("id")).order_by())
    contributions = [(str(label), by_channel.get(value, 0)) for value, label in Channel.choices]
    comments = Comment.objects.filter(idea__module__phase__process=process, is_deleted=False, is_hidden=False).count()
    supports = Support.objects.filter(idea__module__phase__process=process).count()

    registrations: list[tuple[str, int]] = []
    registrations_total = 0
    try:
        registration_model = apps.get_model("events", "Registration")
    except LookupError:
        registration_model = None
    if registration_model is not None:
        from zukunftswerkstatt.events.models import Channel as EventChannel
        from zukunftswerkstatt.events.models import Status as EventStatus

        rows = dict(
            registration_model.objects.filter(event__process=process)
            .exclude(status=EventStatus.CANCELLED)
            .values_list("channel")
            .annotate(n=Count("id"))
            .order_by()
        )
        registrations = [(str(label), rows.get(value, 0)) for value, label in EventChannel.choices]
        registrations_total = sum(rows.values())

    ratings = Rating.objects.filter(review_round__process=process)
    if review_round is not None:
        ratings = ratings.filter(review_round=review_round)
    return Participation(
        contributions_by_channel=contributions,
        contributions_total=sum(n for _label, n in contributions),
        comments=comments,
        supports=supports,
        registrations_by_channel=registrations,
        registrations_total=registrations_total,
        workshop_cards=_guarded_count("workshops", "Card", ["session__ideas_module__phase__process"], process),
        workshop_dots=_guarded_count("workshops", "Dot", ["session__ideas_module__phase__process"], process),
        prioritisation_ballots=_guarded_count("plans", "Ballot", ["module__phase__process"], process),
        prioritisation_points_online=_guarded_count(
            "plans", "Dot", ["ballot__module__phase__process"], process, aggregate="points"
        ),
        prioritisation_points_paper=_guarded_count(
            "plans", "PaperTally", ["module__phase__process"], process, aggregate="points"
        ),
        ratings=ratings.count(),
        raters=ratings.values("user").distinct().count(),
    )


def review_report(*, review_round: ReviewRound, for_print: bool = False) -> dict:
    """Everything the review report shows: the plan's state, indicators, participation, citizens' ratings."""
    process = review_round.process
    measures = measures_for_progress(process=process)
    summaries = rating_summaries(review_round=review_round)
    indicators = indicators_of(measures=measures)
    for measure in measures:
        measure.rating = summaries.get(measure.pk)
        measure.indicator_views = indicators.get(measure.pk, [])
    towns = list(process.municipalities.all())
    all_scores = Counter()
    for summary in summaries.values():
        for score, _label, count, _share in summary.distribution:
            all_scores[score] += count
    rated = sum(all_scores.values())
    return {
        "review_round": review_round,
        "process": process,
        "organisation": process.organisation,
        "measures": measures,
        "summary": plan_summary(measures),
        "by_topic": groups_by_topic(measures),
        "by_town": groups_by_town(measures, towns),
        "participation": participation(process=process, review_round=review_round),
        "overall_distribution": [
            (score, str(label), all_scores.get(score, 0), round(100 * all_scores.get(score, 0) / rated) if rated else 0)
            for score, label in Score.choices
        ],
        "ratings_total": rated,
        "measures_with_indicators": any(m.indicator_views for m in measures),
        "comment_count": sum(len(s.comments) for s in summaries.values()),
        "made_at": timezone.now(),
        # Sections of later apps (processes.registry.DocumentSection), after the report's own; in
        # the PDF computed when it is built.
        "sections": registry.section_parts("review", process=process, for_print=for_print),
    }


def reports_of(*, review_round: ReviewRound) -> list[ReviewReport]:
    return list(ReviewReport.objects.filter(review_round=review_round)[:5])


def idea_status_label(idea: Idea) -> str:
    return str(Status(idea.status).label) if idea.status in Status.values else idea.status


def person_export(user) -> dict:
    """The person's ratings in review rounds, for their data export (accounts)."""
    return {
        "ratings": [
            {
                "review_round": r.review_round.title,
                "measure": r.measure.title,
                "score": r.score,
                "comment": r.comment,
                "created": r.created.isoformat(),
            }
            for r in Rating.objects.filter(user=user).select_related("review_round", "measure").order_by("pk")
        ]
    }


# --- "My contributions": everything a person did, across all apps -----------------------------------
# progress may read every earlier app, which is why this page lives here.

ACTIVITY_PREVIEW = 5  # items per kind on the overview; the rest is on the kind's own, paginated page
ACTIVITY_PAGE_SIZE = 50


@dataclass
class ActivityItem:
    """One thing a person did, shown the same way whatever its kind."""

    title: str
    url: str
    date: dt.datetime | dt.date | None
    status: str = ""
    detail: str = ""
    where: str = ""


@dataclass
class ActivityGroup:
    key: str
    title: str
    count: int
    items: list = field(default_factory=list)  # ActivityItem, or Idea for "contributions"

    @property
    def has_more(self) -> bool:
        return self.count > len(self.items)


def _activity_sources(user) -> dict:
    """For each kind: (heading, queryset of the person's rows, newest first, function row -> ActivityItem).
    Each queryset fetches what its items show in one query (select_related), so the page's query
    count does not grow with the number of items."""
    from zukunftswerkstatt.conversation.models import Comment as SharedComment
    from zukunftswerkstatt.events.models import Registration
    from zukunftswerkstatt.inventory.models import InventorySuggestion
    from zukunftswerkstatt.plans.models import Dot, HelpOffer
    from zukunftswerkstatt.swot.models import SwotSuggestion
    from zukunftswerkstatt.workshops.models import Card

    def short(text: str, length: int = 120) -> str:
        text = " ".join(text.split())
        return text if len(text) <= length else text[: length - 1] + "…"

    def idea_comment(c):
        # The contribution's title and module come with the comment (joined through its GenericRelation).
        url = reverse("ideas:detail", kwargs={"module_pk": c.idea_module_id, "pk": c.object_id})
        return ActivityItem(
            title=short(c.text),
            url=f"{url}#comment-{c.pk}",
            date=c.created,
            where=c.idea_title,
            status=_("hidden by moderation") if c.is_hidden else "",
        )

    def swot_comment(c):
        # The item's statement and module come with the comment (joined through the item's
        # GenericRelation), so the list stays one query.
        url = reverse("swot:detail", kwargs={"module_pk": c.item_module_id, "pk": c.object_id})
        return ActivityItem(
            title=short(c.text),
            url=f"{url}#comment-{c.pk}",
            date=c.created,
            where=c.item_statement,
            status=_("hidden by moderation") if c.is_hidden else "",
        )

    def card(c):
        return ActivityItem(
            title=short(c.text), url=c.session.get_absolute_url(), date=c.created, where=c.session.title
        )

    def dot(d):
        return ActivityItem(
            title=d.measure.title,
            url=d.measure.get_absolute_url(),
            date=d.ballot.modified,
            detail=_("%(points)s point(s)") % {"points": d.points},
        )

    def rating(r):
        return ActivityItem(
            title=r.measure.title,
            url=r.measure.get_absolute_url(),
            date=r.created,
            where=r.review_round.title,
            status=r.get_score_display(),
            detail=short(r.comment),
        )

    def offer(o):
        return ActivityItem(
            title=o.measure.title, url=o.measure.get_absolute_url(), date=o.created, detail=short(o.message)
        )

    def registration(r):
        return ActivityItem(
            title=r.event.title,
            url=r.event.get_absolute_url(),
            date=r.event.start,
            status=r.get_status_display(),
            detail=_("with %(count)s companion(s)") % {"count": r.companions} if r.companions else "",
        )

    def swot_suggestion(s):
        return ActivityItem(
            title=s.statement,
            url=s.item.get_absolute_url() if s.item_id else s.module.get_absolute_url(),
            date=s.created,
            status=s.get_status_display(),
            detail=short(s.decision_reason),
            where=s.get_quadrant_display(),
        )

    def inventory_suggestion(s):
        return ActivityItem(
            title=s.title,
            url=s.item.get_absolute_url() if s.item_id else s.module.get_absolute_url(),
            date=s.created,
            status=s.get_status_display(),
        )

    return {
        "comments": (
            _("Comments on contributions"),
            SharedComment.objects.filter(author=user, is_deleted=False, idea__isnull=False)
            .annotate(idea_title=F("idea__title"), idea_module_id=F("idea__module_id"))
            .order_by("-created", "-pk"),
            idea_comment,
        ),
        "swot_comments": (
            _("Comments on the SWOT analysis"),
            SharedComment.objects.filter(author=user, swot_item__isnull=False)
            .annotate(item_statement=F("swot_item__statement"), item_module_id=F("swot_item__module_id"))
            .order_by("-created", "-pk"),
            swot_comment,
        ),
        "cards": (
            _("Cards at live workshops"),
            Card.objects.filter(added_by=user, from_paper=False).select_related("session").order_by("-created", "-pk"),
            card,
        ),
        "dots": (
            _("Points given to measures"),
            Dot.objects.filter(ballot__user=user)
            .select_related("measure", "ballot")
            .order_by("-ballot__modified", "-pk"),
            dot,
        ),
        "ratings": (
            _("Ratings in review rounds"),
            Rating.objects.filter(user=user).select_related("measure", "review_round").order_by("-created", "-pk"),
            rating,
        ),
        "offers": (
            _("Offers to help"),
            HelpOffer.objects.filter(user=user).select_related("measure").order_by("-created", "-pk"),
            offer,
        ),
        "registrations": (
            _("Event registrations"),
            Registration.objects.filter(user=user).select_related("event").order_by("-event__start", "-pk"),
            registration,
        ),
        "swot_suggestions": (
            _("Suggestions for the SWOT analysis"),
            SwotSuggestion.objects.filter(author=user).select_related("item", "module").order_by("-created", "-pk"),
            swot_suggestion,
        ),
        "inventory_suggestions": (
            _("Suggestions for the inventory"),
            InventorySuggestion.objects.filter(author=user)
            .select_related("item", "module")
            .order_by("-created", "-pk"),
            inventory_suggestion,
        ),
    }


ACTIVITY_KINDS = (
    "contributions",
    "comments",
    "swot_comments",
    "cards",
    "dots",
    "ratings",
    "offers",
    "registrations",
    "swot_suggestions",
    "inventory_suggestions",
)


def _contributions(user, rows: slice) -> tuple[int, list[Idea]]:
    ideas = Idea.objects.filter(author=user)
    found = list(_with_path(ideas).order_by("-created", "-pk")[rows])
    idea_paths(found)
    process_ids = {idea.module.phase.process_id for idea in found}
    review_modules: dict[int, int] = {}
    if process_ids:
        for module_pk, process_id in (
            Module.objects.filter(type="review", is_published=True, phase__process_id__in=process_ids)
            .order_by("-phase__start", "position", "pk")
            .values_list("pk", "phase__process_id")
        ):
            review_modules.setdefault(process_id, module_pk)
    for idea in found:
        idea.review_module_pk = review_modules.get(idea.module.phase.process_id)
    return ideas.count(), found


def person_activity(*, user, preview: int = ACTIVITY_PREVIEW) -> list[ActivityGroup]:
    """Everything the person did, one group per kind with its count and the newest `preview` items.
    Two or three queries per kind, whatever the number of items (pinned in tests/progress)."""
    count, ideas = _contributions(user, slice(0, preview))
    groups = [ActivityGroup(key="contributions", title=_("Contributions"), count=count, items=ideas)]
    for key, (title, queryset, to_item) in _activity_sources(user).items():
        items = [to_item(row) for row in queryset[:preview]]
        groups.append(ActivityGroup(key=key, title=title, count=queryset.count(), items=items))
    return groups


def person_activity_page(*, user, kind: str, page: int) -> tuple[ActivityGroup, int, int]:
    """One kind, a page at a time: (group with the page's items, page number, number of pages)."""
    from django.core.paginator import Paginator

    if kind == "contributions":
        count = Idea.objects.filter(author=user).count()
        title = _("Contributions")
    else:
        title, queryset, to_item = _activity_sources(user)[kind]
        count = queryset.count()
    paginator = Paginator(range(count), ACTIVITY_PAGE_SIZE)
    page_obj = paginator.get_page(page)
    rows = slice(page_obj.start_index() - 1 if count else 0, page_obj.end_index())
    if kind == "contributions":
        _count, items = _contributions(user, rows)
    else:
        items = [to_item(row) for row in queryset[rows]]
    return ActivityGroup(key=kind, title=title, count=count, items=items), page_obj.number, paginator.num_pages
