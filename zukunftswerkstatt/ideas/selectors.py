"""Reads for the idea collection: a fixed number of queries per page, however much data there is."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import F, Prefetch, Q, QuerySet
from django.db.models.functions import Mod

from zukunftswerkstatt.conversation.models import Comment, CommentReport
from zukunftswerkstatt.core import search
from zukunftswerkstatt.processes.models import Module

from .models import Follow, Idea, Report, Status, StatusChange, Support, Visibility

SORTS = ("newest", "supported", "discussed", "random")


@dataclass
class IdeaFilters:
    kind: str = ""
    topic: int | None = None
    municipality: int | None = None
    whole_association: bool = False
    target_group: int | None = None
    status: str = ""
    youth: str = ""
    """"any", "school" or "youth_club": contributions from a class-mode workshop of such a group."""
    query: str = ""
    sort: str = "newest"
    random_seed: int = 0


def _search(queryset: QuerySet, query: str) -> QuerySet:
    """Contributions whose title, text or place contain every word of the query in some German
    word form ("Spielplätze" finds "Kinderspielplatz", "Jugendcafe" finds "Jugendcafé"), the same
    on SQLite and PostgreSQL (core/search.py). Order by search.SEARCH_ORDER before the list's order."""
    return search.search_queryset(
        queryset, search.parse_query(query), title_field="search_title_terms", text_field="search_text_terms"
    )


def ideas_highlight(*, ideas: list[Idea], query: str) -> None:
    """Give each contribution of a page `title_html` and `excerpt_html`: escaped text with the words
    that matched the search inside <mark>. Pure Python on the page's rows, no query."""
    parsed = search.parse_query(query)
    for idea in ideas:
        idea.title_html = search.highlight(idea.title, parsed)
        idea.excerpt_html = search.excerpt(idea.text, parsed)


def idea_list(*, module: Module, filters: IdeaFilters, user=None, include_hidden: bool = False) -> QuerySet:
    """The contributions a list shows, filtered and ordered; read a page of it with idea_page()."""
    queryset = Idea.objects.filter(module=module)
    if not include_hidden:
        visible = Q(visibility=Visibility.PUBLISHED)
        # Authors see their own waiting or hidden contributions too. Asked first, because the OR
        # keeps the database from using the ordering indexes, and most people have none.
        if user is not None and user.is_authenticated and _has_unpublished(module=module, user=user):
            visible |= Q(author=user)
        queryset = queryset.filter(visible)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.topic:
        queryset = queryset.filter(topic_id=filters.topic)
    if filters.whole_association:
        queryset = queryset.filter(municipality__isnull=True)
    elif filters.municipality:
        queryset = queryset.filter(municipality_id=filters.municipality)
    if filters.target_group:
        queryset = queryset.filter(target_groups__id=filters.target_group)
    if filters.youth == "any":
        queryset = queryset.exclude(youth_group_kind="")
    elif filters.youth:
        queryset = queryset.filter(youth_group_kind=filters.youth)
    # Withdrawn contributions stay findable with the status filter, but leave the default list.
    status = Q(status=filters.status) if filters.status else ~Q(status=Status.WITHDRAWN)
    queryset = queryset.filter(status)
    searching = bool(filters.query.strip())
    if searching:
        queryset = _search(queryset, filters.query.strip())
    # With a search, the best matches come first and the chosen order decides among equals.
    first = search.SEARCH_ORDER if searching else ()

    if filters.sort == "supported":
        queryset = queryset.order_by(*first, "-support_count", "-created", "-pk")
    elif filters.sort == "discussed":
        queryset = queryset.order_by(*first, "-comment_count", "-created", "-pk")
    elif filters.sort == "random":
        # A shuffle that stays the same for one visitor (seed in the session) so that paging works,
        # and that differs between visitors so that early contributions are not favoured.
        queryset = queryset.order_by(*first, Mod(F("id") * 2654435761 + filters.random_seed, 4294967291), "pk")
    else:
        queryset = queryset.order_by(*first, "-created", "-pk")
    return queryset


def lookup_module(*, process) -> Module | None:
    """The published interim-review module of the process, whose page "What became of my idea?"
    finds a contribution by its reference; found by its registered type identifier, so that
    the idea collection needs nothing from the progress app but its link tag (progress_links)."""
    return Module.objects.filter(phase__process=process, type="review", is_published=True).order_by("pk").first()


def _has_unpublished(*, module: Module, user) -> bool:
    return Idea.objects.filter(module=module, author=user).exclude(visibility=Visibility.PUBLISHED).exists()


def idea_page(*, queryset: QuerySet, number, per_page: int) -> Page:
    """One page of a list of contributions, in two steps.

    First the page's ids, from a narrow query that the ordering indexes (module, visibility, sort
    key, created, id) answer on their own; then only those contributions with their relations.
    Deep pages and the random order then cost hardly more than the first page.
    """
    page = Paginator(queryset.values_list("pk", flat=True), per_page).get_page(number)
    ids = list(page.object_list)
    # What a card shows (ideas/_idea_card.html); target groups are shown on the detail page only.
    rows = Idea.objects.filter(pk__in=ids).select_related("topic", "municipality", "author").in_bulk(ids)
    page.object_list = [rows[pk] for pk in ids if pk in rows]  # one may have gone in between
    return page


def supported_idea_ids(*, user, ideas) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(Support.objects.filter(user=user, idea__in=[i.pk for i in ideas]).values_list("idea_id", flat=True))


def idea_get_for_detail(*, module: Module, pk: int) -> Idea:
    idea = (
        Idea.objects.select_related("topic", "municipality", "author", "answered_by", "merged_into", "offline_contact")
        .prefetch_related("target_groups")
        .get(module=module, pk=pk)
    )
    idea.module = module
    return idea


COMMENTS_PER_PAGE = 25


def idea_comments(*, idea: Idea, page: int | str = 1) -> Page:
    """One page of top-level comments, oldest first, each with all its replies: three queries.

    A page that does not exist gives the last one, so an old link still lands somewhere useful.
    """
    replies = Comment.objects.select_related("author").order_by("created", "pk")
    top_level = (
        Comment.objects.on(idea)
        .filter(parent__isnull=True)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="reply_list"))
        .order_by("created", "pk")
    )
    comments = Paginator(top_level, COMMENTS_PER_PAGE).get_page(page)
    for comment in comments:
        comment.target = idea
        for reply in comment.reply_list:
            reply.target = idea
    return comments


def comment_page_number(*, comment: Comment) -> int:
    """The page of idea_comments on which a comment (or its thread, for a reply) stands."""
    top = comment.parent or comment
    earlier = Comment.objects.filter(
        content_type_id=top.content_type_id, object_id=top.object_id, parent__isnull=True
    ).filter(Q(created__lt=top.created) | Q(created=top.created, pk__lt=top.pk))
    return earlier.count() // COMMENTS_PER_PAGE + 1


def idea_status_history(*, idea: Idea) -> list[StatusChange]:
    return list(idea.status_changes.all())


def idea_person_state(*, idea: Idea, user) -> dict:
    if not user.is_authenticated:
        return {"supported": False, "following": False}
    return {
        "supported": Support.objects.filter(idea=idea, user=user).exists(),
        "following": Follow.objects.filter(idea=idea, user=user).exists(),
    }


def moderation_queue(*, module: Module) -> dict:
    """Waiting and hidden contributions, and the open reports of contributions and of comments, oldest first."""
    idea_reports = list(
        Report.objects.filter(resolved_at__isnull=True, idea__module=module).select_related("idea", "reporter")
    )
    comment_reports = list(
        CommentReport.objects.filter(resolved_at__isnull=True, comment__idea__module=module).select_related(
            "comment", "reporter"
        )
    )
    ideas = Idea.objects.in_bulk({report.comment.object_id for report in comment_reports})
    for report in comment_reports:
        report.comment.target = ideas[report.comment.object_id]
    return {
        "pending": list(Idea.objects.filter(module=module, visibility=Visibility.PENDING).order_by("created")),
        "reports": sorted([*idea_reports, *comment_reports], key=lambda report: report.created),
        "hidden": list(Idea.objects.filter(module=module, visibility=Visibility.HIDDEN).order_by("-modified")[:50]),
    }


# --- contributions as evidence of SWOT items (registered with swot/evidence.py in IdeasConfig.ready()) ---


def published_contributions() -> QuerySet:
    return Idea.objects.filter(visibility=Visibility.PUBLISHED)


def citable_contributions(*, process_id: int) -> QuerySet:
    """Contributions a SWOT item may cite: the published ones of any module of the process."""
    return (
        Idea.objects.filter(module__phase__process_id=process_id, visibility=Visibility.PUBLISHED)
        .select_related("module")
        .order_by("module__position", "module_id", "title", "pk")
    )


def contributions_process_and_published(pks) -> list[tuple[int, bool]]:
    """(process id, published?) of each contribution, as in the database: one query, whatever the number."""
    rows = Idea.objects.filter(pk__in=list(pks)).values_list("module__phase__process_id", "visibility")
    return [(process_id, visibility == Visibility.PUBLISHED) for process_id, visibility in rows]
