"""The surveys part of the Göltzschtal demo: "Wohnen und Leben im Göltzschtal".

In the first round the citizens' survey ran during the municipal profile (phase 2) and is closed:
about 600 people from all four towns answered online (almost all without an account), on the paper
questionnaires handed out in the town halls (numbered, typed in by the town staff) and by phone. Its
results are public and go into the Kommunalprofil. The same questions are asked again in the interim
review (phase 5), which runs today: the second round is open and has its first answers, enough to
compare with the first.

The answers are drawn from a seeded random generator, so that every load tells the same story, with
tendencies that agree with the rest of the demo: young people think of moving away more often, older
people answer on paper, Ellefeld has no family doctor any more (long ways, low satisfaction with
medical care), and after the "Abendbus Auerbach–Falkenstein" of the action plan the bus connections
are rated better in the second round in Auerbach and Falkenstein. They are illustrative, not a real
survey.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from zukunftswerkstatt.accounts.models import AgeGroup
from zukunftswerkstatt.processes.demo_context import DemoContext
from zukunftswerkstatt.processes.services import module_create

from . import services
from .models import Answer, Kind, Option, Question, Response, ResponseChannel, Survey, TextReview
from .selectors import questions_for_answering, survey_of

AUERBACH, FALKENSTEIN, RODEWISCH, ELLEFELD = "14523020", "14523120", "14523360", "14523090"
TITLE = "Wohnen und Leben im Göltzschtal"
SECOND_TITLE = "Wohnen und Leben im Göltzschtal – zweite Befragung"
FIRST_ROUND_RESPONSES = 612
SECOND_ROUND_RESPONSES = 184

SATISFACTION = ["sehr unzufrieden", "eher unzufrieden", "teils, teils", "eher zufrieden", "sehr zufrieden"]
SATISFACTION_EN = ["very dissatisfied", "rather dissatisfied", "partly", "rather satisfied", "very satisfied"]
AGREEMENT = ["stimme gar nicht zu", "stimme eher nicht zu", "teils, teils", "stimme eher zu", "stimme voll zu"]
AGREEMENT_EN = ["strongly disagree", "rather disagree", "partly", "rather agree", "strongly agree"]
LIKING = ["sehr ungern", "eher ungern", "teils, teils", "eher gern", "sehr gern"]
LIKING_EN = ["very reluctantly", "rather reluctantly", "partly", "rather gladly", "very gladly"]

# (key, kind, German, English, options [(German, English)], fields)
QUESTIONNAIRE = [
    ("s_life", Kind.SECTION, "Leben in Ihrem Ort", "Life in your town", [], {}),
    (
        "liking",
        Kind.SCALE,
        "Wie gern leben Sie in Ihrem Ort?",
        "How much do you like living in your town?",
        [],
        {"required": True, "scale_labels": LIKING, "scale_labels_en": LIKING_EN},
    ),
    (
        "years",
        Kind.SINGLE,
        "Wie lange leben Sie schon hier?",
        "How long have you lived here?",
        [
            ("weniger als 5 Jahre", "less than 5 years"),
            ("5 bis 20 Jahre", "5 to 20 years"),
            ("mehr als 20 Jahre", "more than 20 years"),
            ("schon immer", "always"),
        ],
        {},
    ),
    (
        "leave",
        Kind.YES_NO,
        "Können Sie sich vorstellen, in den nächsten fünf Jahren wegzuziehen?",
        "Could you imagine moving away in the next five years?",
        [("Ja", "Yes"), ("Nein", "No")],
        {"required": True},
    ),
    (
        "leave_why",
        Kind.MULTIPLE,
        "Was sind die Gründe? (mehrere Antworten möglich)",
        "What are the reasons? (several answers possible)",
        [
            ("Arbeit oder Ausbildung", "work or training"),
            ("eine passende Wohnung", "a suitable home"),
            ("Familie oder Partner", "family or partner"),
            ("zu wenig Angebote für mein Alter", "too little on offer for my age"),
            ("schlechte Verkehrsanbindung", "poor transport links"),
        ],
        {"condition": ("leave", "Ja")},
    ),
    ("s_home", Kind.SECTION, "Wohnen", "Housing", [], {}),
    (
        "tenure",
        Kind.SINGLE,
        "Wie wohnen Sie?",
        "How do you live?",
        [
            ("zur Miete", "rented"),
            ("im eigenen Haus oder in der eigenen Wohnung", "in my own house or flat"),
            ("bei Eltern oder Angehörigen", "with parents or relatives"),
            ("im betreuten Wohnen oder im Pflegeheim", "in assisted living or a care home"),
        ],
        {},
    ),
    (
        "home",
        Kind.SCALE,
        "Wie zufrieden sind Sie mit Ihrer Wohnung?",
        "How satisfied are you with your home?",
        [],
        {"scale_labels": SATISFACTION, "scale_labels_en": SATISFACTION_EN},
    ),
    (
        "barrier_free",
        Kind.YES_NO,
        "Erreichen Sie Ihre Wohnung ohne Stufen?",
        "Can you reach your home without steps?",
        [("Ja", "Yes"), ("Nein", "No")],
        {},
    ),
    ("s_move", Kind.SECTION, "Unterwegs und versorgt", "Getting around and looked after", [], {}),
    (
        "services",
        Kind.MATRIX,
        "Wie zufrieden sind Sie in Ihrem Ort mit …",
        "In your town, how satisfied are you with …",
        [
            ("den Busverbindungen", "the bus connections"),
            ("den Rad- und Gehwegen", "the cycle paths and footpaths"),
            ("den Einkaufsmöglichkeiten", "the shops"),
            ("der ärztlichen Versorgung", "medical care"),
            ("den Angeboten für Kinder und Jugendliche", "what is on offer for children and young people"),
        ],
        {"scale_labels": SATISFACTION, "scale_labels_en": SATISFACTION_EN},
    ),
    (
        "doctor_minutes",
        Kind.NUMBER,
        "Wie viele Minuten brauchen Sie bis zu Ihrer Hausarztpraxis?",
        "How many minutes does it take you to get to your family doctor?",
        [],
        {"unit": "Minuten", "number_min": Decimal(0), "number_max": Decimal(240)},
    ),
    (
        "mode",
        Kind.SINGLE,
        "Wie sind Sie meistens unterwegs?",
        "How do you usually get around?",
        [
            ("zu Fuß", "on foot"),
            ("mit dem Fahrrad", "by bike"),
            ("mit Bus oder Bahn", "by bus or train"),
            ("mit dem eigenen Auto", "by my own car"),
            ("ich werde gefahren", "someone drives me"),
        ],
        {},
    ),
    ("s_together", Kind.SECTION, "Miteinander", "Together", [], {}),
    (
        "club",
        Kind.YES_NO,
        "Sind Sie in einem Verein oder einem Ehrenamt aktiv?",
        "Are you active in a club or as a volunteer?",
        [("Ja", "Yes"), ("Nein", "No")],
        {},
    ),
    (
        "meeting",
        Kind.MULTIPLE,
        "Welche Treffpunkte nutzen Sie? (mehrere Antworten möglich)",
        "Which meeting places do you use? (several answers possible)",
        [
            ("Vereinsheim oder Sportplatz", "club house or sports ground"),
            ("Café oder Gaststätte", "café or pub"),
            ("Kirchgemeinde", "parish"),
            ("Jugendclub", "youth club"),
            ("Seniorentreff", "senior citizens' club"),
            ("Bibliothek", "library"),
        ],
        {},
    ),
    (
        "informed",
        Kind.SCALE,
        "Ich fühle mich gut darüber informiert, was die Stadt plant.",
        "I feel well informed about what the town is planning.",
        [],
        {"scale_labels": AGREEMENT, "scale_labels_en": AGREEMENT_EN},
    ),
    (
        "priorities",
        Kind.RANKING,
        "Was soll der Städteverbund zuerst angehen? Geben Sie Ihren wichtigsten Themen die Plätze 1, 2, 3 …",
        "What should the association tackle first? Give your most important topics places 1, 2, 3 …",
        [
            ("ärztliche Versorgung", "medical care"),
            ("Bus und Bahn", "bus and train"),
            ("Angebote für Jugendliche", "things for young people"),
            ("Wohnen im Alter", "housing for older people"),
            ("Kinderbetreuung", "childcare"),
            ("Treffpunkte und Vereine", "meeting places and clubs"),
            ("schnelles Internet", "fast internet"),
        ],
        {},
    ),
    ("s_say", Kind.SECTION, "Ihre Meinung", "Your opinion", [], {}),
    (
        "favourite",
        Kind.SHORT_TEXT,
        "Was ist Ihr Lieblingsort im Göltzschtal?",
        "What is your favourite place in the Göltzsch valley?",
        [],
        {},
    ),
    (
        "change",
        Kind.LONG_TEXT,
        "Was sollte sich in den nächsten zehn Jahren in Ihrem Ort ändern?",
        "What should change in your town in the next ten years?",
        [],
        {},
    ),
    (
        "join",
        Kind.YES_NO,
        "Möchten Sie bei der Zukunftswerkstatt mitmachen?",
        "Would you like to take part in the future workshop?",
        [("Ja", "Yes"), ("Nein", "No")],
        {},
    ),
]

FAVOURITES = [
    "die Göltzschtalbrücke",
    "der Marktplatz in Auerbach",
    "der Schlossteich",
    "das Freibad",
    "der Wendelstein",
    "der Stadtpark in Rodewisch",
    "die Talsperre",
    "der Wald am Ortsrand",
    "unser Garten",
    "der Sportplatz",
]
CHANGES = [
    "Abends sollte noch ein Bus fahren, gerade für Jugendliche und Ältere ohne Auto.",
    "Wir brauchen wieder einen Hausarzt im Ort, der Weg nach Auerbach ist für viele zu weit.",
    "Mehr Treffpunkte für junge Leute, nicht nur den Jugendclub.",
    "Seniorengerechte Wohnungen mit Aufzug in der Ortsmitte.",
    "Die Gehwege sind oft kaputt, mit dem Rollator kommt man schlecht durch.",
    "Mehr Kitaplätze und längere Öffnungszeiten für Eltern, die pendeln.",
    "Schnelles Internet auch in den Ortsteilen, damit man von zu Hause arbeiten kann.",
    "Die leerstehenden Läden am Markt wieder beleben, vielleicht mit einem Café.",
    "Die Vereine sollten mehr zusammenarbeiten, jeder kämpft allein um Nachwuchs.",
    "Früher erfahren, was die Stadt plant, zum Beispiel im Amtsblatt und online.",
]

TOWN_WEIGHTS = {AUERBACH: 18048, FALKENSTEIN: 7888, RODEWISCH: 6361, ELLEFELD: 2529}
AGE_WEIGHTS = {
    AgeGroup.AGE_12_15: 2,
    AgeGroup.AGE_16_17: 3,
    AgeGroup.AGE_18_29: 9,
    AgeGroup.AGE_30_44: 17,
    AgeGroup.AGE_45_64: 33,
    AgeGroup.AGE_65_79: 27,
    AgeGroup.AGE_80_PLUS: 9,
}
YOUNG = {AgeGroup.AGE_12_15, AgeGroup.AGE_16_17, AgeGroup.AGE_18_29}
OLD = {AgeGroup.AGE_65_79, AgeGroup.AGE_80_PLUS}


def load(ctx: DemoContext) -> None:
    """Only the first round has the survey (its profile and its review are where it belongs)."""
    if ctx.phases["review"].start > timezone.make_aware(dt.datetime.combine(ctx.today, dt.time.min)):
        return
    first = _questionnaire(
        ctx,
        phase=ctx.phases["profile"],
        title=TITLE,
        intro=(
            "Wie lebt es sich im Göltzschtal? Mit dieser Befragung wollen die vier Orte wissen, was Sie an Ihrem "
            "Ort schätzen, was Ihnen fehlt und was zuerst angegangen werden soll. Die Antworten gehen in das "
            "Kommunalprofil ein. Alle Fragen außer zweien sind freiwillig."
        ),
        paper_code="WL-1",
    )
    rng = random.Random(14)  # noqa: S311 - a demo story, not a secret
    _answer(ctx, first, rng, FIRST_ROUND_RESPONSES, second=False)
    Answer.objects.filter(survey=first).exclude(text="").filter(pk__in=_every_third_text(first)).update(
        text_review=TextReview.PUBLISHED
    )
    first.is_closed = True
    first.results_public = True
    first.save(update_fields=["is_closed", "results_public"])

    second = _copy_round(ctx, first, phase=ctx.phases["review"], title=SECOND_TITLE, paper_code="WL-2")
    _answer(ctx, second, rng, SECOND_ROUND_RESPONSES, second=True)


def _every_third_text(survey: Survey) -> list[int]:
    ids = list(Answer.objects.filter(survey=survey).exclude(text="").order_by("pk").values_list("pk", flat=True))
    return ids[::3]


def _questionnaire(ctx: DemoContext, *, phase, title: str, intro: str, paper_code: str) -> Survey:
    module = module_create(
        phase=phase,
        type="survey",
        title=title,
        description="Ihre Meinung zählt: online, auf Papier oder am Telefon.",
        position=5,
    )
    survey = survey_of(module)
    survey.title_en = "Living in the Göltzsch valley"
    survey.intro = intro
    survey.intro_en = (
        "What is it like to live in the Göltzsch valley? The four towns want to know what you value, what "
        "you miss and what should come first. The answers go into the municipal profile. All questions but two "
        "are optional."
    )
    survey.paper_code = paper_code
    survey.one_per_screen = True
    survey.save()
    options: dict[tuple[str, str], Option] = {}
    for position, (key, kind, german, english, choices, fields) in enumerate(QUESTIONNAIRE, start=1):
        fields = dict(fields)
        condition = fields.pop("condition", None)
        question = Question.objects.create(
            survey=survey, position=position, kind=kind, text=german, text_en=english, **fields
        )
        if condition:
            question.condition_option = options[condition]
            question.save(update_fields=["condition_option"])
        for index, (option_de, option_en) in enumerate(choices, start=1):
            options[(key, option_de)] = Option.objects.create(
                question=question, position=index, text=option_de, text_en=option_en
            )
    return survey


def _copy_round(ctx: DemoContext, source: Survey, *, phase, title: str, paper_code: str) -> Survey:
    from .builder import survey_copy_as_round

    module = module_create(
        phase=phase,
        type="survey",
        title=title,
        description="Dieselben Fragen wie im Kommunalprofil: Was hat sich seitdem verändert?",
        position=5,
    )
    target = survey_of(module)
    survey_copy_as_round(source=source, target=target, by=ctx.people["koordination"])
    target.refresh_from_db()
    target.paper_code = paper_code
    target.is_closed = False
    target.results_public = False
    target.title_en = "Living in the Göltzsch valley – second survey"
    target.intro = (
        "Zur Zwischenbilanz stellen wir dieselben Fragen wie beim Kommunalprofil noch einmal. So sehen wir, was "
        "sich seitdem verändert hat, zum Beispiel mit dem Abendbus zwischen Auerbach und Falkenstein. Die "
        "Antworten gehen in den Bericht zur Zwischenbilanz ein. Alle Fragen außer zweien sind freiwillig."
    )
    target.intro_en = (
        "For the interim review we ask the same questions as for the municipal profile again, to see what has "
        "changed since, for example with the evening bus between Auerbach and Falkenstein. The answers go into "
        "the interim review report. All questions but two are optional."
    )
    target.save(update_fields=["paper_code", "is_closed", "results_public", "title_en", "intro", "intro_en"])
    return target


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _scale(rng: random.Random, centre: float) -> int:
    return max(1, min(5, round(rng.gauss(centre, 0.9))))


def _answer(ctx: DemoContext, survey: Survey, rng: random.Random, count: int, *, second: bool) -> None:
    """`count` responses spread over the phase (up to yesterday), by channel, town and age group."""
    questions = questions_for_answering(survey)
    by_key = dict(zip([row[0] for row in QUESTIONNAIRE], questions, strict=True))
    phase = survey.module.phase
    start = phase.start
    end = min(phase.end, timezone.make_aware(dt.datetime.combine(ctx.today, dt.time.min)))
    span = (end - start).total_seconds()
    staff = {AUERBACH: ctx.people["auerbach"], ELLEFELD: ctx.people["ellefeld"]}
    paper_number = 0
    created: list[tuple[int, dt.datetime]] = []
    for index in range(count):
        ags = _pick(rng, TOWN_WEIGHTS)
        age = _pick(rng, AGE_WEIGHTS)
        old = age in OLD
        roll = rng.random()
        paper_share = 0.55 if old else 0.12
        if roll < paper_share:
            channel = ResponseChannel.PAPER
        elif roll < paper_share + (0.12 if old else 0.02):
            channel = ResponseChannel.PHONE
        else:
            channel = ResponseChannel.GUEST
        town = ctx.towns[ags] if rng.random() > 0.05 else None
        age_group = age if rng.random() > 0.07 else ""
        values = _values(rng, by_key, ags=ags, age=age, second=second)
        moment = start + dt.timedelta(seconds=span * (index + rng.random()) / count)
        kwargs: dict = {}
        if channel == ResponseChannel.PAPER:
            paper_number += 1
            kwargs = {"paper_number": paper_number, "entered_by": staff.get(ags, ctx.people["koordination"])}
        elif channel == ResponseChannel.PHONE:
            kwargs = {"entered_by": ctx.people["koordination"]}
        else:
            kwargs = {"guest_token": f"demo-{survey.pk}-{index}"}
        response = services.response_submit(
            survey=survey,
            values=values,
            channel=channel,
            town=town,
            age_group=age_group,
            questions=questions,
            now=moment,
            **kwargs,
        )
        created.append((response.pk, moment))
    if not second:
        # People with an account answered online: Anna from Rodewisch, and those who voted on the
        # measures later in the round (plans' demo), with the town and age group of their profiles.
        from zukunftswerkstatt.accounts.models import User

        accounts = [ctx.people["buergerin"], *User.objects.filter(email__startswith="demo-waehler-").order_by("email")]
        for offset, user in enumerate(accounts):
            ags = user.home_municipality.ags if user.home_municipality else AUERBACH
            values = _values(rng, by_key, ags=ags, age=user.age_group or AgeGroup.AGE_45_64, second=False)
            moment = start + dt.timedelta(days=3 + 5 * offset, hours=19)
            response = services.response_submit(
                survey=survey,
                values=values,
                channel=ResponseChannel.ONLINE,
                user=user,
                town=user.home_municipality,
                age_group=user.age_group,
                questions=questions,
                now=moment,
            )
            created.append((response.pk, moment))
    for pk, moment in created:
        Response.objects.filter(pk=pk).update(created=moment, modified=moment)


def _values(rng: random.Random, q: dict[str, Question], *, ags: str, age: str, second: bool) -> dict:
    young, old = age in YOUNG, age in OLD
    option = {key: list(question.options.all()) for key, question in q.items()}
    values: dict = {}
    values[q["liking"].pk] = _scale(rng, 3.3 if young else 4.0)
    if rng.random() < 0.9:
        weights = [4, 6, 7, 3] if not old else [1, 2, 8, 6]
        values[q["years"].pk] = rng.choices(option["years"], weights=weights)[0].pk
    leave = rng.random() < (0.42 if young else 0.07 if old else 0.15)
    values[q["leave"].pk] = option["leave"][0 if leave else 1].pk
    if leave:
        shares = [0.6, 0.3, 0.25, 0.45, 0.35]
        chosen = [o.pk for o, share in zip(option["leave_why"], shares, strict=True) if rng.random() < share]
        if chosen:
            values[q["leave_why"].pk] = sorted(chosen)
    if rng.random() < 0.92:
        weights = [4, 5, 2, 0.2] if not old else [3, 6, 1, 1]
        if age in (AgeGroup.AGE_12_15, AgeGroup.AGE_16_17):
            weights = [0.1, 0.5, 9, 0]
        values[q["tenure"].pk] = rng.choices(option["tenure"], weights=weights)[0].pk
    if rng.random() < 0.9:
        values[q["home"].pk] = _scale(rng, 3.8)
    if rng.random() < 0.85:
        values[q["barrier_free"].pk] = option["barrier_free"][0 if rng.random() < 0.35 else 1].pk
    better_bus = second and ags in (AUERBACH, FALKENSTEIN)
    centres = [
        (3.3 if better_bus else 2.3) - (0.4 if ags == ELLEFELD else 0),
        3.0,
        3.4 if ags == AUERBACH else 2.7,
        1.8 if ags == ELLEFELD else 3.2,
        2.4 if young else 2.9,
    ]
    matrix = {}
    for statement, centre in zip(option["services"], centres, strict=True):
        if rng.random() < 0.93:
            matrix[statement.pk] = _scale(rng, centre)
    if matrix:
        values[q["services"].pk] = matrix
    if rng.random() < 0.8:
        minutes = rng.gauss(24 if ags == ELLEFELD else 11, 6)
        values[q["doctor_minutes"].pk] = Decimal(max(2, round(minutes)))
    if rng.random() < 0.95:
        weights = [3, 1, 3 if better_bus else 2, 2, 3] if old else [2, 2, 2 if better_bus else 1, 7, 0.3]
        if age in (AgeGroup.AGE_12_15, AgeGroup.AGE_16_17):
            weights = [4, 4, 4, 0, 3]
        values[q["mode"].pk] = rng.choices(option["mode"], weights=weights)[0].pk
    if rng.random() < 0.9:
        values[q["club"].pk] = option["club"][0 if rng.random() < (0.34 if not young else 0.22) else 1].pk
    shares = [0.35, 0.3, 0.2 if old else 0.08, 0.35 if young else 0.01, 0.3 if old else 0.0, 0.12]
    meeting = [o.pk for o, share in zip(option["meeting"], shares, strict=True) if rng.random() < share]
    if meeting:
        values[q["meeting"].pk] = sorted(meeting)
    values[q["informed"].pk] = _scale(rng, 3.1 if second else 2.5)
    if rng.random() < 0.85:
        weights = [
            9,
            7,
            8 if young else 3,
            8 if old else 3,
            6 if age == AgeGroup.AGE_30_44 else 2,
            4,
            5 if young else 2,
        ]
        if ags == ELLEFELD:
            weights[0] += 6
        pool = list(option["priorities"])
        ranked = []
        for _place in range(rng.randint(2, 5)):
            pick = rng.choices(range(len(pool)), weights=weights)[0]
            ranked.append(pool.pop(pick).pk)
            weights.pop(pick)
        values[q["priorities"].pk] = ranked
    if rng.random() < 0.35:
        values[q["favourite"].pk] = rng.choice(FAVOURITES)
    if rng.random() < 0.25:
        values[q["change"].pk] = rng.choice(CHANGES)
    if rng.random() < 0.85:
        values[q["join"].pk] = option["join"][0 if rng.random() < 0.3 else 1].pk
    return values
