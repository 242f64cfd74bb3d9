"""Who took part: people per channel, town and age group, held against the population.

The definitions (docs/participation.md has them for readers):

- A **channel** is one way of taking part (`CHANNELS`). In a channel, a person with an account counts
  once, however many records they left there (distinct user ids); a record without an account (a
  guest's contribution, a letter, a registration without an account, a phone joined to a live board)
  counts as one person, and so does every person in a tally. Those cannot be de-duplicated: a guest
  who wrote twice counts twice.
- **Overall**, an account counts once across all channels; records without an account and tallies
  are added as separate people. People who came to an event mostly registered for it, so for an
  event with a sign-in sheet the sheet replaces the registrations without an account (and the
  companions), and the people registered with an account are taken off the sheet's “not stated”
  part (`_sign_in_sheets`).
- A record's **town and age group** are its own optional details (`accounts.ParticipantDetails`) if
  given, else the account's consented profile (`User.home_municipality`, `User.age_group`), else
  “not stated”. When one account gave different details in one channel (or overall), one of them
  counts (the largest value, so that the result does not depend on the order), never both. A town
  outside the process's towns counts as “not stated or elsewhere”.

Every count is an aggregate query (GROUP BY) whose number does not grow with the data:
`participation_count` makes a fixed number of queries for any process.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.db.models import CharField, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.models import AgeGroup
from zukunftswerkstatt.conversation.models import Comment
from zukunftswerkstatt.core.models import Municipality
from zukunftswerkstatt.demography.selectors import process_municipalities
from zukunftswerkstatt.events.models import Registration
from zukunftswerkstatt.events.models import Status as RegistrationStatus
from zukunftswerkstatt.ideas.models import Channel as IdeaChannel
from zukunftswerkstatt.ideas.models import Idea, Visibility
from zukunftswerkstatt.plans.models import Ballot, Dot, Measure
from zukunftswerkstatt.progress.models import Rating
from zukunftswerkstatt.surveys.models import Response
from zukunftswerkstatt.workshops.models import Card, Participant

from .models import Tally, TallyCell, TallyChannel

NOT_STATED = ""
"""The age-group key of “not stated”; the town key is None."""

Cell = tuple[int | None, str]
"""(town id or None, age group or NOT_STATED)."""

OFFLINE_IDEA_CHANNELS = (IdeaChannel.PHONE, IdeaChannel.LETTER, IdeaChannel.EMAIL, IdeaChannel.IN_PERSON)


@dataclass(frozen=True)
class ChannelDefinition:
    key: str
    label: str | Promise
    definition: str | Promise
    phase: str
    """The phase type whose participation it is (for the comparison of the towns by phase)."""


CHANNELS: tuple[ChannelDefinition, ...] = (
    ChannelDefinition(
        "online",
        _("Contributions online with an account"),
        _("Contributions written online while signed in; an account counts once."),
        "future_workshop",
    ),
    ChannelDefinition(
        "guest",
        _("Contributions online as a guest"),
        _("Contributions written online without an account; each contribution counts as one person."),
        "future_workshop",
    ),
    ChannelDefinition(
        "offline",
        _("Contributions by phone, letter, e-mail or in person"),
        _("Contributions the team entered for people; each counts as one person unless it names an account."),
        "future_workshop",
    ),
    ChannelDefinition(
        "comments",
        _("Comments on contributions"),
        _("People with an account who commented on a contribution; hidden comments do not count."),
        "future_workshop",
    ),
    ChannelDefinition(
        "registrations",
        _("Event registrations"),
        _("Registrations that were not cancelled (also on the waiting list), each with its companions."),
        "kickoff",
    ),
    ChannelDefinition(
        "attendance",
        _("Event attendance (sign-in sheets)"),
        _("People counted on the sign-in sheets of events (tallies)."),
        "kickoff",
    ),
    ChannelDefinition(
        "surveys",
        _("Survey answers"),
        _(
            "Filled-in questionnaires of the process's surveys, online, on paper and by phone; an account counts "
            "once, every other questionnaire as one person."
        ),
        "profile",
    ),
    ChannelDefinition(
        "workshop",
        _("Live workshop board"),
        _("Phones that joined a live board; each counts as one person."),
        "future_workshop",
    ),
    ChannelDefinition(
        "paper_cards",
        _("Paper cards at workshops"),
        _(
            "Paper cards counted at a workshop (tallies), or else the paper cards typed onto the board; "
            "each card counts as one person."
        ),
        "future_workshop",
    ),
    ChannelDefinition(
        "votes",
        _("Votes online"),
        _("People who gave at least one point in the prioritisation of the measures."),
        "action_plan",
    ),
    ChannelDefinition(
        "paper_votes",
        _("Votes on paper"),
        _("People who voted on paper (tallies)."),
        "action_plan",
    ),
    ChannelDefinition(
        "ratings",
        _("Ratings in the review"),
        _("People who rated at least one measure in a review round."),
        "review",
    ),
    ChannelDefinition(
        "paper_ratings",
        _("Ratings on paper"),
        _("People who rated measures on paper (tallies)."),
        "review",
    ),
    ChannelDefinition(
        "letters_calls",
        _("Other letters and calls"),
        _("Letters and calls the team counted without entering them as contributions (tallies)."),
        "future_workshop",
    ),
)
CHANNEL_BY_KEY = {channel.key: channel for channel in CHANNELS}
TALLY_CHANNELS = {
    TallyChannel.ATTENDANCE: "attendance",
    TallyChannel.PAPER_CARDS: "paper_cards",
    TallyChannel.PAPER_VOTES: "paper_votes",
    TallyChannel.PAPER_RATINGS: "paper_ratings",
    TallyChannel.LETTERS_CALLS: "letters_calls",
}


@dataclass
class ChannelCount:
    """The people of one channel by (town, age group)."""

    channel: ChannelDefinition
    cells: dict[Cell, int] = field(default_factory=lambda: defaultdict(int))
    accounts: int = 0
    """People with an account (each once)."""
    records: int = 0
    """Records without an account and tallied people (each one person)."""

    @property
    def total(self) -> int:
        return self.accounts + self.records


@dataclass
class ParticipationCount:
    """Everything counted for one process (`participation_count`)."""

    towns: list[Municipality]
    channels: list[ChannelCount]
    overall: dict[Cell, int]
    accounts: int
    """Distinct accounts across all channels."""
    records: int
    """People without an account and tallied people (not de-duplicated)."""

    @property
    def total(self) -> int:
        return self.accounts + self.records

    @property
    def has_details(self) -> bool:
        """Anyone gave an age group (the age comparison needs the optional question)."""
        return any(age != NOT_STATED and count for (_town, age), count in self.overall.items())


# --- the sources of each channel ------------------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    queryset: QuerySet
    user: str | None
    """The path to the account (None: records never have one)."""
    own_details: bool
    """The model carries `ParticipantDetails`."""
    with_account: bool = True
    """Count the records with an account (each account once)."""
    without_account: bool = True
    """Count the records without an account (each one person)."""


def _sources(process) -> dict[str, list[_Source]]:
    ideas = Idea.objects.filter(module__phase__process=process).exclude(visibility=Visibility.HIDDEN)
    idea_ids = Idea.objects.filter(module__phase__process=process).exclude(visibility=Visibility.HIDDEN).values("pk")
    paper_card_events = Tally.objects.filter(process=process, channel=TallyChannel.PAPER_CARDS, event__isnull=False)
    return {
        "online": [_Source(ideas.filter(channel=IdeaChannel.ONLINE), "author", True, without_account=False)],
        "guest": [_Source(ideas.filter(channel=IdeaChannel.ONLINE, author__isnull=True), None, True)],
        "offline": [_Source(ideas.filter(channel__in=OFFLINE_IDEA_CHANNELS), "author", True)],
        "comments": [
            _Source(
                Comment.objects.filter(
                    content_type__app_label="ideas",
                    content_type__model="idea",
                    object_id__in=idea_ids,
                    author__isnull=False,
                    is_hidden=False,
                ),
                "author",
                False,
                without_account=False,
            )
        ],
        "registrations": [
            _Source(
                Registration.objects.filter(event__process=process).exclude(status=RegistrationStatus.CANCELLED),
                "user",
                True,
            )
        ],
        "surveys": [_Source(Response.objects.filter(survey__module__phase__process=process), "user", True)],
        "workshop": [_Source(Participant.objects.filter(session__ideas_module__phase__process=process), None, True)],
        "paper_cards": [
            _Source(
                Card.objects.filter(
                    session__ideas_module__phase__process=process, from_paper=True, is_hidden=False
                ).exclude(session__event__in=paper_card_events.values("event_id")),
                None,
                True,
            )
        ],
        "votes": [
            _Source(
                Ballot.objects.filter(module__phase__process=process).filter(
                    Exists(Dot.objects.filter(ballot=OuterRef("pk")))
                ),
                "user",
                False,
                without_account=False,
            )
        ],
        "ratings": [
            _Source(Rating.objects.filter(review_round__process=process), "user", False, without_account=False)
        ],
    }


def _town(source: _Source, *, with_account: bool):
    if source.own_details and with_account and source.user:
        return Coalesce("participant_town_id", f"{source.user}__home_municipality_id", output_field=IntegerField())
    if source.own_details:
        return F("participant_town_id")
    return F(f"{source.user}__home_municipality_id")


def _age(source: _Source, *, with_account: bool):
    own = NullIf("participant_age_group", Value(""))
    if source.own_details and with_account and source.user:
        return Coalesce(own, NullIf(f"{source.user}__age_group", Value("")), output_field=CharField())
    if source.own_details:
        return own
    return NullIf(f"{source.user}__age_group", Value(""))


def _account_rows(source: _Source) -> QuerySet:
    """One row per record with an account: (uid, town, age)."""
    if source.user is None:
        raise ValueError("a source without accounts has no account rows")
    return (
        source.queryset.filter(**{f"{source.user}__isnull": False})
        .order_by()
        .values(uid=F(f"{source.user}_id"), town=_town(source, with_account=True), age=_age(source, with_account=True))
    )


def _cells_of_accounts(parts: list[tuple[str, QuerySet]]) -> tuple[dict[str, dict[Cell, int]], dict[Cell, int]]:
    """Distinct accounts by (town, age), per channel and across all channels, in one query.

    Each account is first reduced to one town and one age group per channel (MAX, which prefers a
    stated value to none), then across channels; then the accounts are counted per cell. The
    records are read once (a common table expression) for both counts."""
    selects, params = [], []
    for key, queryset in parts:
        if not key.replace("_", "").isalnum():
            raise ValueError(f"not a channel key: {key!r}")
        sql, part_params = queryset.query.sql_with_params()
        # The key is checked above and the part is Django's own compiled query with its parameters.
        selects.append(f"SELECT '{key}' AS ch, uid, town, age FROM ({sql}) AS part{len(selects)}")  # noqa: S608
        params.extend(part_params)
    sql = (
        "WITH records AS (" + " UNION ALL ".join(selects) + "), "  # noqa: S608 - the parts above
        "per_channel AS (SELECT ch, uid, MAX(town) AS town, MAX(age) AS age FROM records GROUP BY ch, uid) "
        "SELECT ch, town, age, COUNT(*) FROM per_channel GROUP BY ch, town, age "
        "UNION ALL "
        "SELECT NULL, town, age, COUNT(*) FROM ("
        "SELECT uid, MAX(town) AS town, MAX(age) AS age FROM per_channel GROUP BY uid"
        ") AS people GROUP BY town, age"
    )
    per_channel: dict[str, dict[Cell, int]] = defaultdict(lambda: defaultdict(int))
    overall: dict[Cell, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for key, town, age, count in cursor.fetchall():
            if key is None:
                overall[(town, age or NOT_STATED)] = count
            else:
                per_channel[key][(town, age or NOT_STATED)] += count
    return per_channel, overall


def _cells_of_records(source: _Source) -> dict[Cell, int]:
    """Records without an account by (town, age): one query."""
    queryset = source.queryset.order_by()
    if source.user:
        queryset = queryset.filter(**{f"{source.user}__isnull": True})
    rows = queryset.values(town=_town(source, with_account=False), age=_age(source, with_account=False)).annotate(
        n=Count("pk")
    )
    return {(row["town"], row["age"] or NOT_STATED): row["n"] for row in rows}


def _tally_cells(process) -> dict[str, dict[Cell, int]]:
    """Tallied people by channel and (town, age): the breakdowns and, as “not stated”, what each
    tally's breakdown leaves over. Two queries."""
    result: dict[str, dict[Cell, int]] = defaultdict(lambda: defaultdict(int))
    broken_down: dict[str, int] = defaultdict(int)
    for row in (
        TallyCell.objects.filter(tally__process=process)
        .order_by()
        .values("tally__channel", "town_id", "age_group")
        .annotate(n=Sum("count"))
    ):
        channel = TALLY_CHANNELS[row["tally__channel"]]
        result[channel][(row["town_id"], row["age_group"] or NOT_STATED)] += row["n"]
        broken_down[channel] += row["n"]
    for row in Tally.objects.filter(process=process).order_by().values("channel").annotate(n=Sum("total")):
        channel = TALLY_CHANNELS[row["channel"]]
        rest = row["n"] - broken_down[channel]
        if rest:
            result[channel][(None, NOT_STATED)] += rest
    return result


def _companions(process) -> int:
    registrations = Registration.objects.filter(event__process=process).exclude(status=RegistrationStatus.CANCELLED)
    return registrations.aggregate(n=Sum("companions"))["n"] or 0


def _sign_in_sheets(process) -> dict[Cell, int]:
    """What the sign-in sheets change in the overall count, by cell (four queries).

    For an event with a sign-in sheet the sheet counts who came, with its breakdown: the event's
    registrations without an account (and all companions) leave the overall count, and the people
    registered with an account, who count as accounts already, are taken from the part of the sheet
    that stated nothing (as far as it goes). Sheets without an event count in full."""
    sheets = Tally.objects.filter(process=process, channel=TallyChannel.ATTENDANCE)
    change: dict[Cell, int] = defaultdict(int)
    came: dict[int | None, int] = defaultdict(int)
    for row in sheets.order_by().values("event_id").annotate(n=Sum("total")):
        came[row["event_id"]] += row["n"]
    stated: dict[int | None, int] = defaultdict(int)
    for row in TallyCell.objects.filter(tally__in=sheets).order_by().values("tally__event_id").annotate(n=Sum("count")):
        stated[row["tally__event_id"]] += row["n"]
    at_sheet_events = Registration.objects.filter(
        event_id__in=sheets.filter(event__isnull=False).values("event_id")
    ).exclude(status=RegistrationStatus.CANCELLED)
    for row in (
        at_sheet_events.order_by()
        .values("event_id")
        .annotate(accounts=Count("pk", filter=Q(user__isnull=False)), companions=Sum("companions"))
    ):
        not_stated = came[row["event_id"]] - stated[row["event_id"]]
        change[(None, NOT_STATED)] -= min(row["accounts"], not_stated) + (row["companions"] or 0)
    for row in (
        at_sheet_events.filter(user__isnull=True)
        .order_by()
        .values(town=F("participant_town_id"), age=F("participant_age_group"))
        .annotate(n=Count("pk"))
    ):
        change[(row["town"], row["age"] or NOT_STATED)] -= row["n"]
    return change


def _normalise(cells: dict[Cell, int], town_ids: set[int]) -> dict[Cell, int]:
    """Towns outside the process count as “not stated or elsewhere”; unknown age codes likewise."""
    ages = set(AgeGroup.values)
    result: dict[Cell, int] = defaultdict(int)
    for (town, age), count in cells.items():
        result[(town if town in town_ids else None, age if age in ages else NOT_STATED)] += count
    return result


def participation_count(*, process) -> ParticipationCount:
    """People per channel and overall, by (town, age group), for one process (docs/participation.md).

    A fixed number of queries whatever the data: one for the accounts of every channel and overall,
    one per channel with records without an account, two for the tallies, one for the companions,
    four for the sign-in sheets, one for the towns."""
    towns = process_municipalities(process)
    town_ids = {town.pk for town in towns}
    sources = _sources(process)
    tallies = _tally_cells(process)
    counts: list[ChannelCount] = []
    overall: dict[Cell, int] = defaultdict(int)
    records_total = 0
    account_parts = [
        (definition.key, _account_rows(source))
        for definition in CHANNELS
        for source in sources.get(definition.key, [])
        if source.user and source.with_account
    ]
    accounts_by_channel, accounts_overall = _cells_of_accounts(account_parts)
    for definition in CHANNELS:
        count = ChannelCount(channel=definition)
        for cell, n in _normalise(accounts_by_channel.get(definition.key, {}), town_ids).items():
            count.cells[cell] += n
            count.accounts += n
        for source in sources.get(definition.key, []):
            if source.without_account:
                for cell, n in _normalise(_cells_of_records(source), town_ids).items():
                    count.cells[cell] += n
                    count.records += n
                    overall[cell] += n
                    records_total += n
        if definition.key == "registrations":
            companions = _companions(process)
            if companions:
                count.cells[(None, NOT_STATED)] += companions
                count.records += companions
                overall[(None, NOT_STATED)] += companions
                records_total += companions
        for cell, n in _normalise(tallies.get(definition.key, {}), town_ids).items():
            count.cells[cell] += n
            count.records += n
            overall[cell] += n
            records_total += n
        counts.append(count)
    # People who came to an event mostly registered for it: the sheet replaces the registrations.
    for cell, n in _normalise(_sign_in_sheets(process), town_ids).items():
        overall[cell] += n
        records_total += n
    accounts_total = 0
    for cell, n in _normalise(accounts_overall, town_ids).items():
        overall[cell] += n
        accounts_total += n
    return ParticipationCount(
        towns=towns,
        channels=counts,
        overall=dict(overall),
        accounts=accounts_total,
        records=records_total,
    )


# --- the towns side by side, phase by phase ---------------------------------------------------------


@dataclass
class TownPhaseRow:
    key: str
    label: str | Promise
    phase: str
    unit: str | Promise
    by_town: dict[int | None, int]

    @property
    def total(self) -> int:
        return sum(self.by_town.values())


def town_comparison(*, process, participation: ParticipationCount) -> list[TownPhaseRow]:
    """What came from each town in each phase: the people of each channel by town (from
    `participation`), contributions by the writer's town and about the town, measures for the town.
    Two queries beyond `participation`."""
    town_ids = {town.pk for town in participation.towns}
    rows: list[TownPhaseRow] = []
    for count in participation.channels:
        by_town: dict[int | None, int] = defaultdict(int)
        for (town, _age), n in count.cells.items():
            by_town[town] += n
        rows.append(TownPhaseRow(count.channel.key, count.channel.label, count.channel.phase, _("people"), by_town))
    ideas = Idea.objects.filter(module__phase__process=process).exclude(visibility=Visibility.HIDDEN).order_by()
    # Both towns of a contribution in one query: the writer's and the one it is about.
    pairs = list(
        ideas.values(
            written=Coalesce("participant_town_id", "author__home_municipality_id", output_field=IntegerField()),
            about=F("municipality_id"),
        ).annotate(n=Count("pk"))
    )
    written = [{"town": row["written"], "n": row["n"]} for row in pairs]
    about = [{"town": row["about"], "n": row["n"]} for row in pairs]
    measures = (
        Measure.objects.filter(process=process).order_by().values(town=F("municipalities")).annotate(n=Count("pk"))
    )
    for key, label, phase, queryset in (
        ("ideas_from", _("Contributions by people from the town"), "future_workshop", written),
        ("ideas_about", _("Contributions about the town"), "future_workshop", about),
        ("measures", _("Measures for the town"), "action_plan", measures),
    ):
        by_town = defaultdict(int)
        for row in queryset:
            by_town[row["town"] if row["town"] in town_ids else None] += row["n"]
        rows.append(TownPhaseRow(key, label, phase, _("records"), by_town))
    return rows


def tally_list(*, process) -> list[Tally]:
    """The process's tallies, newest first, with their event, module, author and breakdown (3 queries)."""
    return list(
        Tally.objects.filter(process=process)
        .select_related("event", "module", "entered_by")
        .prefetch_related("cells__town")
    )


def tally_get(*, process, pk: int) -> Tally:
    return (
        Tally.objects.select_related("process", "event", "module").prefetch_related("cells").get(process=process, pk=pk)
    )


def _first_day(process) -> date | None:
    starts = [phase.start for phase in process.phases.all()]
    return min(starts).date() if starts else None


def reference_year(process) -> int | None:
    """The year whose population the participation is held against: the year the process began."""
    first = _first_day(process)
    return first.year if first else None
