"""The results of a survey: counts and shares per question, by town and by age group, with small
numbers hidden, and two rounds of the same questionnaire side by side (docs/surveys.md, "Results").

What is counted how:

- **Respondents of a question** are the responses with at least one answer to it (for a matrix: to
  one of its statements; for a ranking: at least one place). A question hidden by its condition, or
  skipped, is not answered. Every **share** is of the respondents of the question (of the column, in a
  table by town or age group), so the shares of a multiple-choice question can add up to more than
  100 %.
- **Scale** (1 to 5): the distribution, the mean and the median of the points. **Matrix**: the same
  for each statement, of the people who rated that statement. **Ranking**: for each option the mean
  place among the people who placed it (a ranking may stop before the last option: options left
  out are not counted as last) and how often it was placed first. **Number**: n, mean, median, the
  quartiles (linear interpolation between the closest ranks, as `statistics.quantiles(...,
  method="inclusive")` and Excel's QUARTILE.INC), smallest and largest. **Text**: how many answered;
  the texts themselves only where the team marked them publishable (`texts.py`).
- **Small numbers** (`core.suppression`): every table of people, the overall one included, is
  suppressed as a whole: 1 to 4 people show as “< 5”, and further figures where a small one could be
  worked out from the totals. A share is hidden with its count or with its column's respondents; a
  mean, median or quartile is hidden when fewer than `SMALL` (5) people stand behind it or their
  number is hidden.
- **Town and age group** are what the person stated with the response (the optional questions of
  the survey); a town that is no longer in the process counts as “not stated”.
- **Composition**: the respondents by town and by age group, each held against the inhabitants of
  the process's towns (`demography.selectors.population_by_age_group`, the latest figures up to the
  year the survey's phase began): the share among the respondents who stated it, the share of the
  inhabitants, and their ratio (the representation index of docs/participation.md: 1 means as in the
  population).
- **Two rounds** (`rounds_compare`): a question of this round is matched with the earlier round's
  through `Question.same_as`, its options through `Option.same_as`; the change of a share is in
  percentage points (this round's share minus the earlier one), of a mean in scale points.

Speed: `survey_counts` reads everything counted in at most six aggregate queries whatever the
number of answers (one GROUP BY over Answer along the `answer_counting` index, the distinct
respondents of the questions with several rows per response, the number answers, the responses by
channel, town and age group, the towns and the population); `survey_results` adds two for the
questions and options and one that says whether the cached counts are still those of the survey
(`counts_cached`: keyed by the number of responses, the highest id and the latest change).
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils.formats import get_format
from django.utils.translation import gettext as _

from zukunftswerkstatt.accounts.models import AgeGroup
from zukunftswerkstatt.core.suppression import SMALL, TOTAL, Figure, Table
from zukunftswerkstatt.demography.selectors import PopulationByAgeGroup, population_by_age_group

from .models import SCALE_POINTS, WITH_OPTIONS, Answer, Kind, Option, Question, Response, ResponseChannel, Survey
from .selectors import numbered, questions_for_answering

BY_TOWN = "town"
BY_AGE = "age"
BREAKDOWNS = (BY_TOWN, BY_AGE)
N = "n"
"""The row key of the respondents in a table of a question."""
ALL = "all"
"""The one column of an overall table."""
NOT_STATED = ""
"""The age-group key of “not stated”; the town key is None."""
CACHE_SECONDS = 600
"""Counts are reused while the survey's responses stay the same, at most this long (the towns of the
process and the population figures can change meanwhile)."""
SEVERAL_ROWS = frozenset({Kind.MULTIPLE, Kind.MATRIX})
"""Kinds with several answer rows per response and no row that marks the respondent once (a ranking
has its first place)."""

Group = tuple[int | None, str]
"""(town id or None, age group or NOT_STATED)."""


# --- counting (cached) ------------------------------------------------------------------------------


@dataclass
class Counts:
    """Everything counted of a survey: plain numbers and ids, no labels, so one copy serves every
    language and the questions' current wording."""

    answers: dict[tuple[int, int | None, int | None, int | None, str], int]
    """(question, option, value, town, age group) → answer rows."""
    respondents: dict[tuple[int, int | None, str], int]
    """(question, town, age group) → responses that answered it."""
    numbers: dict[int, list[tuple[Decimal, int | None, str, int]]]
    """Question → (number, town, age group, how often), for number questions."""
    responses: dict[tuple[str, int | None, str], int]
    """(channel, town, age group) → responses."""
    towns: list[tuple[int, str]]
    """The process's towns (id, name), by name."""
    population: PopulationByAgeGroup | None

    @property
    def total(self) -> int:
        return sum(self.responses.values())


def _state(survey: Survey) -> tuple[int, int, float]:
    """What changes whenever a response is added, corrected or removed (one query)."""
    state = Response.objects.filter(survey=survey).aggregate(n=Count("pk"), last=Max("pk"), changed=Max("modified"))
    changed = state["changed"].timestamp() if state["changed"] else 0.0
    return state["n"], state["last"] or 0, changed


def _cache_key(survey: Survey, state: tuple[int, int, float]) -> str:
    n, last, changed = state
    return f"surveys:counts:{survey.pk}:{n}:{last}:{changed:.6f}"


def counts_cached(survey: Survey, questions: list[Question]) -> Counts:
    """`survey_counts`, reused while the survey's responses are the same (one query to find out)."""
    key = _cache_key(survey, _state(survey))
    counts = cache.get(key)
    if counts is None:
        counts = survey_counts(survey, questions)
        cache.set(key, counts, CACHE_SECONDS)
    return counts


def survey_counts(survey: Survey, questions: list[Question]) -> Counts:
    """Count the survey's answers and responses (at most six queries, see the module docstring)."""
    process = survey.module.phase.process
    towns = list(process.municipalities.order_by("name").values_list("pk", "name"))
    town_ids = {pk for pk, _name in towns}
    ages = set(AgeGroup.values)

    def town_of(town: int | None) -> int | None:
        return town if town in town_ids else None

    def age_of(age: str | None) -> str:
        return age if age in ages else NOT_STATED

    kinds = {question.pk: question.kind for question in questions}
    answers: dict[tuple[int, int | None, int | None, int | None, str], int] = defaultdict(int)
    respondents: dict[tuple[int, int | None, str], int] = defaultdict(int)
    # One GROUP BY in the order of the `answer_counting` index (survey, question, option, value, town,
    # age group): the database reads the index alone and never sorts.
    rows = (
        Answer.objects.filter(survey=survey)
        .order_by()
        .values_list("question_id", "option_id", "value", "town_id", "age_group")
        .annotate(n=Count("*"))
    )
    for question_id, option_id, value, town, age, n in rows:
        kind = kinds.get(question_id)
        if kind is None:
            continue
        town, age = town_of(town), age_of(age)
        answers[(question_id, option_id, value, town, age)] += n
        # One row per response, or the ranking's first place: the rows are the respondents.
        if kind not in SEVERAL_ROWS and (kind != Kind.RANKING or value == 1):
            respondents[(question_id, town, age)] += n
    several = [pk for pk, kind in kinds.items() if kind in SEVERAL_ROWS]
    if several:
        for question_id, town, age, n in (
            # By question alone (the questions are the survey's): the `answer_respondents` index holds it all.
            Answer.objects.filter(question_id__in=several)
            .order_by()
            .values_list("question_id", "town_id", "age_group")
            .annotate(n=Count("response_id", distinct=True))
        ):
            respondents[(question_id, town_of(town), age_of(age))] += n
    numbers: dict[int, list[tuple[Decimal, int | None, str, int]]] = defaultdict(list)
    number_ids = [pk for pk, kind in kinds.items() if kind == Kind.NUMBER]
    if number_ids:
        for question_id, number, town, age, n in (
            Answer.objects.filter(question_id__in=number_ids, number__isnull=False)  # the `answer_numbers` index
            .order_by()
            .values_list("question_id", "number", "town_id", "age_group")
            .annotate(n=Count("*"))
        ):
            numbers[question_id].append((number, town_of(town), age_of(age), n))
    responses: dict[tuple[str, int | None, str], int] = defaultdict(int)
    for channel, town, age, n in (
        Response.objects.filter(survey=survey)
        .order_by()
        .values_list("channel", "participant_town_id", "participant_age_group")
        .annotate(n=Count("*"))
    ):
        responses[(channel, town_of(town), age_of(age))] += n
    population = population_by_age_group(process.organisation, survey.module.phase.start.year)
    return Counts(
        answers=dict(answers),
        respondents=dict(respondents),
        numbers=dict(numbers),
        responses=dict(responses),
        towns=towns,
        population=population,
    )


# --- figures ---------------------------------------------------------------------------------------


def _separator() -> str:
    return str(get_format("DECIMAL_SEPARATOR"))


def percent(share: float | None) -> str:
    """0.125 → “12,5 %” (in the active language's decimal sign); None → “–”."""
    return "–" if share is None else f"{share * 100:.1f}".replace(".", _separator()) + " %"


def decimal_text(value: float | Decimal | None, places: int = 1) -> str:
    """A mean or median with `places` decimals in the active language's decimal sign; None → “–”."""
    return "–" if value is None else f"{float(value):.{places}f}".replace(".", _separator())


def quantiles(values: dict[float, int], ps: Iterable[float]) -> list[float | None]:
    """The p-quantiles of values given with how often each occurs: linear interpolation between the
    closest ranks (`statistics.quantiles(..., method="inclusive")`, Excel's QUARTILE.INC)."""
    ordered = sorted((value, n) for value, n in values.items() if n)
    total = sum(n for _value, n in ordered)
    if not total:
        return [None for _p in ps]
    ends = list(itertools.accumulate(n for _value, n in ordered))

    def at(index: int) -> float:
        return ordered[min(bisect.bisect_right(ends, index), len(ordered) - 1)][0]

    found: list[float | None] = []
    for p in ps:
        position = (total - 1) * p
        low = math.floor(position)
        fraction = position - low
        lower = at(low)
        found.append(lower if fraction == 0 else lower + (at(low + 1) - lower) * fraction)
    return found


def quantile(values: dict[float, int], p: float) -> float | None:
    return quantiles(values, [p])[0]


def _mean(values: dict[float, int]) -> float | None:
    weight = sum(values.values())
    return sum(value * n for value, n in values.items()) / weight if weight else None


def _shown(value: float | None, people: Figure) -> float | None:
    """A mean (or median) is shown only when at least SMALL people stand behind it, visibly."""
    return None if people.hidden or people.value < SMALL else value


def _share(count: Figure, base: Figure) -> float | None:
    if count.hidden or base.hidden or not base.value:
        return None
    return count.value / base.value


@dataclass
class Line:
    """One row of a question's result: an option, a scale point, a statement."""

    key: Hashable
    label: str
    count: Figure
    share: float | None = None
    mean: float | None = None

    @property
    def share_text(self) -> str:
        return percent(self.share)

    @property
    def bar(self) -> str:
        """The width of the share's bar in a viewBox of 100."""
        return f"{max(0.0, min(100.0, (self.share or 0) * 100)):.1f}"

    @property
    def mean_text(self) -> str:
        return decimal_text(self.mean, 2)


@dataclass
class Statement:
    """A statement of a matrix: its distribution over the scale."""

    option: Option
    respondents: Figure
    points: list[Line]
    mean: float | None
    median: float | None

    @property
    def label(self) -> str:
        return self.option.label

    @property
    def mean_text(self) -> str:
        return decimal_text(self.mean, 2)

    @property
    def median_text(self) -> str:
        return decimal_text(self.median, 1)

    @property
    def bar(self) -> str:
        """The mean's bar in a viewBox of 100 (5, the top of the scale, is 100)."""
        return f"{max(0.0, min(100.0, (self.mean or 0) * 100 / SCALE_POINTS)):.1f}"


@dataclass
class Ranked:
    """An option of a ranking: who placed it, its mean place, how often first."""

    option: Option
    placed: Figure
    mean_rank: float | None
    first: Figure
    first_share: float | None

    @property
    def label(self) -> str:
        return self.option.label

    @property
    def mean_text(self) -> str:
        return decimal_text(self.mean_rank, 2)

    @property
    def first_share_text(self) -> str:
        return percent(self.first_share)

    @property
    def bar(self) -> str:
        return f"{max(0.0, min(100.0, (self.first_share or 0) * 100)):.1f}"


@dataclass
class NumberSummary:
    n: Figure
    mean: float | None = None
    median: float | None = None
    lower_quartile: float | None = None
    upper_quartile: float | None = None
    smallest: float | None = None
    largest: float | None = None

    def rows(self) -> list[tuple[str, str]]:
        return [
            (_("Mean"), decimal_text(self.mean, 2)),
            (_("Median"), decimal_text(self.median, 2)),
            (_("Lower quartile"), decimal_text(self.lower_quartile, 2)),
            (_("Upper quartile"), decimal_text(self.upper_quartile, 2)),
            (_("Smallest"), decimal_text(self.smallest, 2)),
            (_("Largest"), decimal_text(self.largest, 2)),
        ]


def _number_summary(values: dict[float, int], n: Figure) -> NumberSummary:
    values = {value: count for value, count in values.items() if count}
    if n.hidden or n.value < SMALL or not values:
        return NumberSummary(n=n)
    lower, median, upper = quantiles(values, (0.25, 0.5, 0.75))
    return NumberSummary(
        n=n,
        mean=_mean(values),
        median=median,
        lower_quartile=lower,
        upper_quartile=upper,
        smallest=min(values),
        largest=max(values),
    )


# --- breakdown by town or age group --------------------------------------------------------------


@dataclass
class Cell:
    figure: Figure | None = None
    share: float | None = None
    value: float | None = None
    """A mean or median, where the row shows one."""
    places: int = 2

    def __str__(self) -> str:
        if self.figure is None:
            return decimal_text(self.value, self.places)
        if self.share is None:
            return str(self.figure)
        return f"{self.figure} ({percent(self.share)})"

    @property
    def share_text(self) -> str:
        return percent(self.share)


@dataclass
class BreakdownRow:
    label: str
    cells: list[Cell]
    """One per column, then the total."""
    kind: str = "count"
    """"count" (people, with the share of the column), "n" (the respondents) or "value" (a mean or median)."""


@dataclass
class Breakdown:
    columns: list[str]
    """The column labels (the total column is added by the template)."""
    rows: list[BreakdownRow]


@dataclass
class QuestionResult:
    number: int
    question: Question
    respondents: Figure
    lines: list[Line] = field(default_factory=list)
    """Options (choice questions) or scale points, with counts and shares."""
    mean: float | None = None
    median: float | None = None
    statements: list[Statement] = field(default_factory=list)
    ranked: list[Ranked] = field(default_factory=list)
    numbers: NumberSummary | None = None
    breakdown: Breakdown | None = None
    quotes: list[str] = field(default_factory=list)
    """Free-text answers the team marked publishable (filled in by `quotes_add`)."""
    published: int = 0
    """How many texts are publishable in all."""

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def label(self) -> str:
        return self.question.label

    @property
    def sums_over_100(self) -> bool:
        return self.kind == Kind.MULTIPLE

    @property
    def mean_text(self) -> str:
        return decimal_text(self.mean, 2)

    @property
    def median_text(self) -> str:
        return decimal_text(self.median, 1)

    @property
    def is_text(self) -> bool:
        return self.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT)


@dataclass
class Versus:
    """A group of respondents held against the inhabitants."""

    label: str
    respondents: Figure
    share: float | None
    population_share: float | None

    @property
    def index(self) -> float | None:
        if self.share is None or not self.population_share:
            return None
        return self.share / self.population_share

    @property
    def index_text(self) -> str:
        return decimal_text(self.index, 2)

    @property
    def share_text(self) -> str:
        return percent(self.share)

    @property
    def population_share_text(self) -> str:
        return percent(self.population_share)


@dataclass
class Composition:
    table: Table
    """Respondents by town (rows, None: not stated) × age group (columns, "" not stated)."""
    towns: list[Versus]
    ages: list[Versus]
    town_labels: list[tuple[int | None, str]]
    age_labels: list[tuple[str, str]]
    population: PopulationByAgeGroup | None

    def rows(self) -> list[tuple[str, list[Figure], Figure]]:
        return [
            (
                label,
                [self.table.get(town, age) for age, _label in self.age_labels],
                self.table.get(town, TOTAL),
            )
            for town, label in self.town_labels
        ]

    def foot(self) -> list[Figure]:
        return [self.table.get(TOTAL, age) for age, _label in self.age_labels]

    @property
    def total(self) -> Figure:
        return self.table.get(TOTAL, TOTAL)

    @property
    def compares(self) -> bool:
        return self.population is not None


@dataclass
class SurveyResults:
    survey: Survey
    breakdown: str | None
    total: int
    """Responses in all (not suppressed: the size of the survey is public)."""
    channels: list[tuple[str, str, Figure]]
    composition: Composition
    questions: list[QuestionResult]
    counts: Counts

    @property
    def with_texts(self) -> list[QuestionResult]:
        return [result for result in self.questions if result.is_text]

    def question(self, pk: int) -> QuestionResult | None:
        return next((result for result in self.questions if result.question.pk == pk), None)


def _columns(counts: Counts, breakdown: str | None) -> list[tuple[Hashable, str]]:
    if breakdown == BY_TOWN:
        return [*counts.towns, (None, _("not stated"))]
    if breakdown == BY_AGE:
        return [*[(str(value), str(label)) for value, label in AgeGroup.choices], (NOT_STATED, _("not stated"))]
    return [(ALL, _("All"))]


def _column_of(breakdown: str | None, town: int | None, age: str) -> Hashable:
    if breakdown == BY_TOWN:
        return town
    if breakdown == BY_AGE:
        return age
    return ALL


class _Folded:
    """One question's counts by column (the breakdown's columns and ALL)."""

    __slots__ = ("by_option", "by_value", "numbers", "respondents")

    def __init__(self) -> None:
        self.by_option: dict[tuple[int | None, Hashable], int] = defaultdict(int)
        self.by_value: dict[tuple[int | None, int | None, Hashable], int] = defaultdict(int)
        self.respondents: dict[Hashable, int] = defaultdict(int)
        self.numbers: dict[Hashable, dict[float, int]] = defaultdict(lambda: defaultdict(int))

    def values(self, option: int | None, points: Iterable[int], column: Hashable) -> dict[float, int]:
        return {float(point): self.by_value.get((option, point, column), 0) for point in points}


def _fold(counts: Counts, breakdown: str | None) -> dict[int, _Folded]:
    """Every question's counts folded into the columns of the breakdown and ALL, in one pass."""
    folded: dict[int, _Folded] = defaultdict(_Folded)
    by_town = breakdown == BY_TOWN
    for (question_id, option, value, town, age), n in counts.answers.items():
        f = folded[question_id]
        f.by_option[(option, ALL)] += n
        f.by_value[(option, value, ALL)] += n
        if breakdown:
            column = town if by_town else age
            f.by_option[(option, column)] += n
            f.by_value[(option, value, column)] += n
    for (question_id, town, age), n in counts.respondents.items():
        f = folded[question_id]
        f.respondents[ALL] += n
        if breakdown:
            f.respondents[town if by_town else age] += n
    for question_id, numbers in counts.numbers.items():
        f = folded[question_id]
        for number, town, age, n in numbers:
            value = float(number)
            f.numbers[ALL][value] += n
            if breakdown:
                f.numbers[town if by_town else age][value] += n
    return folded


def _options(question: Question) -> list[Option]:
    return list(question.options.all())


def _point_label(point: int, label: str) -> str:
    return f"{point} – {label}" if label else str(point)


def _respondents(folded: _Folded) -> Figure:
    """The respondents of a question as a table of their own (one cell, “< 5” below 5)."""
    return Table.build({(N, ALL): folded.respondents[ALL]}, [N], [ALL]).get(N, ALL)


def question_result(
    number: int, question: Question, folded: _Folded, columns: list[tuple[Hashable, str]] | None = None
) -> QuestionResult:
    """The overall result of one question and, with `columns` (of a breakdown), its table by town or
    age group. `folded` holds the question's counts (`_fold`)."""
    kind = question.kind
    options = _options(question)
    result = QuestionResult(number=number, question=question, respondents=Figure(folded.respondents[ALL]))
    if kind in (Kind.SINGLE, Kind.YES_NO, Kind.MULTIPLE):
        values = {(o.pk, ALL): folded.by_option[(o.pk, ALL)] for o in options}
        values[(N, ALL)] = folded.respondents[ALL]
        table = Table.build(values, [o.pk for o in options] + [N], [ALL])
        result.respondents = table.get(N, ALL)
        result.lines = [
            Line(o.pk, o.label, table.get(o.pk, ALL), _share(table.get(o.pk, ALL), result.respondents)) for o in options
        ]
    elif kind == Kind.SCALE:
        points = question.points
        table = Table.build(
            {(p, ALL): folded.by_value[(None, p, ALL)] for p, _l in points}, [p for p, _l in points], [ALL]
        )
        # Each respondent gave one point: the table's own total is the respondents.
        result.respondents = table.get(TOTAL, ALL)
        result.lines = [Line(p, _point_label(p, label), table.get(p, ALL)) for p, label in points]
        for line in result.lines:
            line.share = _share(line.count, result.respondents)
        values_by_point = folded.values(None, (p for p, _l in points), ALL)
        result.mean = _shown(_mean(values_by_point), result.respondents)
        result.median = _shown(quantile(values_by_point, 0.5), result.respondents)
    elif kind == Kind.MATRIX:
        points = question.points
        table = Table.build(
            {(o.pk, p): folded.by_value[(o.pk, p, ALL)] for o in options for p, _l in points},
            [o.pk for o in options],
            [p for p, _l in points],
        )
        result.respondents = _respondents(folded)
        for o in options:
            people = table.get(o.pk, TOTAL)
            lines = [Line(p, _point_label(p, label), table.get(o.pk, p)) for p, label in points]
            for line in lines:
                line.share = _share(line.count, people)
            values_by_point = folded.values(o.pk, (p for p, _l in points), ALL)
            result.statements.append(
                Statement(
                    option=o,
                    respondents=people,
                    points=lines,
                    mean=_shown(_mean(values_by_point), people),
                    median=_shown(quantile(values_by_point, 0.5), people),
                )
            )
    elif kind == Kind.RANKING:
        places = list(range(1, len(options) + 1))
        table = Table.build(
            {(o.pk, place): folded.by_value[(o.pk, place, ALL)] for o in options for place in places},
            [o.pk for o in options],
            places,
        )
        result.respondents = _respondents(folded)
        for o in options:
            placed = table.get(o.pk, TOTAL)
            first = table.get(o.pk, 1)
            result.ranked.append(
                Ranked(
                    option=o,
                    placed=placed,
                    mean_rank=_shown(_mean(folded.values(o.pk, places, ALL)), placed),
                    first=first,
                    first_share=_share(first, result.respondents),
                )
            )
    elif kind == Kind.NUMBER:
        result.respondents = _respondents(folded)
        result.numbers = _number_summary(folded.numbers[ALL], result.respondents)
    else:  # text
        result.respondents = _respondents(folded)
    if columns:
        result.breakdown = _breakdown(question, folded, columns, options)
    return result


def _breakdown(
    question: Question, folded: _Folded, columns: list[tuple[Hashable, str]], options: list[Option]
) -> Breakdown:
    """The question by town or age group: one suppressed table whose rows are the options (scale
    points, the statements of a matrix, the first places of a ranking) and the respondents."""
    keys = [key for key, _label in columns]
    kind = question.kind
    all_keys = [*keys, ALL]
    row_keys: list[tuple[Hashable, str]]
    if kind == Kind.SCALE:
        row_keys = [(p, _point_label(p, label)) for p, label in question.points]
    elif kind == Kind.RANKING:
        row_keys = [(o.pk, _("%(option)s placed first") % {"option": o.label}) for o in options]
    elif kind in WITH_OPTIONS:
        row_keys = [(o.pk, o.label) for o in options]
    else:
        row_keys = []
    if kind == Kind.SCALE:
        values = {(p, c): folded.by_value[(None, p, c)] for p, _l in row_keys for c in keys}
    elif kind == Kind.RANKING:
        values = {(o, c): folded.by_value[(o, 1, c)] for o, _l in row_keys for c in keys}
    else:
        values = {(o, c): folded.by_option[(o, c)] for o, _l in row_keys for c in keys}
    values.update({(N, c): folded.respondents[c] for c in keys})
    table = Table.build(values, [key for key, _l in row_keys] + [N], keys)

    def figure(row: Hashable, column: Hashable) -> Figure:
        return table.get(row, TOTAL if column == ALL else column)

    people = [figure(N, column) for column in all_keys]
    rows: list[BreakdownRow] = []
    points = [p for p, _l in question.points]
    for row_key, label in row_keys:
        if kind == Kind.MATRIX:
            cells = [
                Cell(value=_shown(_mean(folded.values(row_key, points, column)), figure(row_key, column)))
                for column in all_keys
            ]
            rows.append(BreakdownRow(_("%(statement)s (mean)") % {"statement": label}, cells, "value"))
            continue
        cells = []
        for column, base in zip(all_keys, people, strict=True):
            count = figure(row_key, column)
            cells.append(Cell(figure=count, share=_share(count, base)))
        rows.append(BreakdownRow(label, cells))
    rows.append(BreakdownRow(_("People who answered"), [Cell(figure=f) for f in people], "n"))
    if kind == Kind.SCALE:
        means = [
            Cell(value=_shown(_mean(folded.values(None, points, column)), base))
            for column, base in zip(all_keys, people, strict=True)
        ]
        rows.append(BreakdownRow(_("Mean"), means, "value"))
    if kind == Kind.NUMBER:
        summaries = [
            _number_summary(folded.numbers.get(column, {}), base) for column, base in zip(all_keys, people, strict=True)
        ]
        rows.append(BreakdownRow(_("Mean"), [Cell(value=s.mean) for s in summaries], "value"))
        rows.append(BreakdownRow(_("Median"), [Cell(value=s.median) for s in summaries], "value"))
    return Breakdown(columns=[label for _key, label in columns], rows=rows)


# --- who answered ------------------------------------------------------------------------------------


def channels_of(counts: Counts) -> list[tuple[str, str, Figure]]:
    """Responses per channel (online with an account, as a guest, paper, phone), suppressed."""
    by_channel: dict[str, int] = defaultdict(int)
    for (channel, _town, _age), n in counts.responses.items():
        by_channel[channel] += n
    keys = list(ResponseChannel.values)
    table = Table.build({(key, ALL): by_channel[key] for key in keys}, keys, [ALL])
    return [(key, str(label), table.get(key, ALL)) for key, label in ResponseChannel.choices]


def composition_of(counts: Counts) -> Composition:
    """The respondents by town × age group (suppressed), and each town and each age group held
    against the inhabitants of the process's towns."""
    town_labels: list[tuple[int | None, str]] = [*counts.towns, (None, _("not stated"))]
    age_labels = [*[(str(value), str(label)) for value, label in AgeGroup.choices], (NOT_STATED, _("not stated"))]
    cells: dict[tuple, int] = defaultdict(int)
    for (_channel, town, age), n in counts.responses.items():
        cells[(town, age)] += n
    table = Table.build(dict(cells), [town for town, _l in town_labels], [age for age, _l in age_labels])
    population = counts.population
    town_ids = [town for town, _l in counts.towns]
    # Shares among those who stated a town (an age group): the others cannot be held against anyone.
    town_stated = sum(n for (town, _age), n in cells.items() if town is not None)
    age_stated = sum(n for (_town, age), n in cells.items() if age != NOT_STATED)
    inhabitants = {town: population.town_totals.get(town, 0) for town in town_ids} if population else {}
    all_inhabitants = sum(inhabitants.values())
    by_group: dict[str, float] = defaultdict(float)
    if population and population.has_ages:
        for (town, group), people in population.by_town_and_group.items():
            if town in town_ids:
                by_group[group] += people
    all_in_groups = sum(by_group.values())
    towns = []
    for town, label in counts.towns:
        figure = table.get(town, TOTAL)
        towns.append(
            Versus(
                label=label,
                respondents=figure,
                share=None if figure.hidden or not town_stated else figure.value / town_stated,
                population_share=inhabitants.get(town, 0) / all_inhabitants if all_inhabitants else None,
            )
        )
    ages = []
    for age, label in age_labels[:-1]:
        figure = table.get(TOTAL, age)
        ages.append(
            Versus(
                label=label,
                respondents=figure,
                share=None if figure.hidden or not age_stated else figure.value / age_stated,
                population_share=by_group.get(age, 0) / all_in_groups if all_in_groups else None,
            )
        )
    return Composition(
        table=table,
        towns=towns,
        ages=ages,
        town_labels=town_labels,
        age_labels=age_labels,
        population=population,
    )


# --- the results page --------------------------------------------------------------------------------


def survey_results(
    survey: Survey, breakdown: str | None = None, *, questions: list[Question] | None = None
) -> SurveyResults:
    """Every question's result (in order, section headings left out), the channels and the
    composition of the respondents; with `breakdown` ("town" or "age") each question's table by town
    or age group. A fixed number of queries: two for the questions (unless given), one for the state
    of the responses, and on a cache miss those of `survey_counts`."""
    if breakdown not in (None, *BREAKDOWNS):
        raise ValueError(f"unknown breakdown {breakdown!r}")
    if questions is None:
        questions = questions_for_answering(survey)
    counts = counts_cached(survey, questions)
    folded = _fold(counts, breakdown)
    columns = _columns(counts, breakdown) if breakdown else None
    empty = _Folded()
    results = [
        question_result(number, question, folded.get(question.pk, empty), columns)
        for number, question in numbered(questions)
        if number is not None
    ]
    return SurveyResults(
        survey=survey,
        breakdown=breakdown,
        total=counts.total,
        channels=channels_of(counts),
        composition=composition_of(counts),
        questions=results,
        counts=counts,
    )


# --- two rounds ------------------------------------------------------------------------------------


@dataclass
class Change:
    label: str
    before: float | None
    after: float | None
    points: bool = False
    """A mean in scale points (else a share in per cent)."""

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return (self.after - self.before) * (1 if self.points else 100)

    def _text(self, value: float | None) -> str:
        return decimal_text(value, 2) if self.points else percent(value)

    @property
    def before_text(self) -> str:
        return self._text(self.before)

    @property
    def after_text(self) -> str:
        return self._text(self.after)

    @property
    def change_text(self) -> str:
        change = self.change
        if change is None:
            return "–"
        places = 2 if self.points else 1
        rounded = round(change, places)
        sign = "+" if rounded > 0 else ("−" if rounded < 0 else "±")
        return sign + decimal_text(abs(rounded), places)


@dataclass
class ComparedQuestion:
    before: QuestionResult
    after: QuestionResult
    changes: list[Change]
    unmatched_options: list[str]
    """Options of this round without a match in the earlier one (or the other way round)."""


@dataclass
class Comparison:
    survey: Survey
    previous: Survey
    before: SurveyResults
    after: SurveyResults
    questions: list[ComparedQuestion]
    new: list[QuestionResult]
    """Questions of this round that were not asked before."""
    dropped: list[QuestionResult]
    """Questions of the earlier round that were not asked again."""


def rounds_compare(survey: Survey, previous: Survey | None = None) -> Comparison | None:
    """This survey against its earlier round (`survey.previous_round`): each matched question's
    shares (or means) in both rounds and the change in percentage points (scale points). None
    without an earlier round."""
    previous = previous or survey.previous_round
    if previous is None:
        return None
    after = survey_results(survey)
    before = survey_results(previous)
    earlier = {result.question.pk: result for result in before.questions}
    compared: list[ComparedQuestion] = []
    new: list[QuestionResult] = []
    matched: set[int] = set()
    for result in after.questions:
        old = earlier.get(result.question.same_as_id) if result.question.same_as_id else None
        if old is None or old.kind != result.kind:
            new.append(result)
            continue
        matched.add(old.question.pk)
        compared.append(_compare(old, result))
    dropped = [result for pk, result in earlier.items() if pk not in matched]
    return Comparison(
        survey=survey,
        previous=previous,
        before=before,
        after=after,
        questions=compared,
        new=new,
        dropped=dropped,
    )


def _compare(before: QuestionResult, after: QuestionResult) -> ComparedQuestion:
    changes: list[Change] = []
    unmatched: list[str] = []
    kind = after.kind
    if kind in (Kind.SINGLE, Kind.YES_NO, Kind.MULTIPLE):
        old_lines = {line.key: line for line in before.lines}
        used = set()
        for line in after.lines:
            option = next(o for o in after.question.options.all() if o.pk == line.key)
            old = old_lines.get(option.same_as_id) if option.same_as_id else None
            if old is None:
                unmatched.append(line.label)
                continue
            used.add(old.key)
            changes.append(Change(line.label, old.share, line.share))
        unmatched += [line.label for key, line in old_lines.items() if key not in used]
    elif kind == Kind.SCALE:
        old_points = {line.key: line for line in before.lines}
        changes += [Change(line.label, old_points[line.key].share, line.share) for line in after.lines]
        changes.append(Change(_("Mean"), before.mean, after.mean, points=True))
    elif kind == Kind.MATRIX:
        old_statements = {s.option.pk: s for s in before.statements}
        used = set()
        for statement in after.statements:
            old_statement = old_statements.get(statement.option.same_as_id) if statement.option.same_as_id else None
            if old_statement is None:
                unmatched.append(statement.label)
                continue
            used.add(old_statement.option.pk)
            changes.append(
                Change(
                    _("%(statement)s (mean)") % {"statement": statement.label},
                    old_statement.mean,
                    statement.mean,
                    points=True,
                )
            )
        unmatched += [s.label for pk, s in old_statements.items() if pk not in used]
    elif kind == Kind.RANKING:
        old_ranked = {r.option.pk: r for r in before.ranked}
        used = set()
        for ranked in after.ranked:
            old_rank = old_ranked.get(ranked.option.same_as_id) if ranked.option.same_as_id else None
            if old_rank is None:
                unmatched.append(ranked.label)
                continue
            used.add(old_rank.option.pk)
            changes.append(
                Change(
                    _("%(option)s placed first") % {"option": ranked.label}, old_rank.first_share, ranked.first_share
                )
            )
        unmatched += [r.label for pk, r in old_ranked.items() if pk not in used]
    elif kind == Kind.NUMBER and before.numbers and after.numbers:
        changes.append(Change(_("Mean"), before.numbers.mean, after.numbers.mean, points=True))
        changes.append(Change(_("Median"), before.numbers.median, after.numbers.median, points=True))
    return ComparedQuestion(before=before, after=after, changes=changes, unmatched_options=unmatched)
