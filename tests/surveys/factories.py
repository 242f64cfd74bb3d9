"""A questionnaire with one question of every kind, built row by row (the builder's services have
tests of their own), and helpers to answer it."""

from __future__ import annotations

from decimal import Decimal

from zukunftswerkstatt.processes.services import module_create
from zukunftswerkstatt.surveys.models import Kind, Option, Question, Survey
from zukunftswerkstatt.surveys.selectors import survey_of

AGREE = ["stimme gar nicht zu", "stimme eher nicht zu", "teils, teils", "stimme eher zu", "stimme voll zu"]


def survey_module(process, *, phase_type: str = "workshop", title: str = "Wohnen und Leben im Göltzschtal"):
    module = module_create(phase=process.phases.get(type=phase_type), type="survey", title=title)
    return survey_of(module)


def question(survey: Survey, kind: str, text: str, options: list[str] = (), **fields) -> Question:
    position = survey.questions.count() + 1
    if kind == Kind.SCALE or kind == Kind.MATRIX:
        fields.setdefault("scale_labels", AGREE)
    created = Question.objects.create(survey=survey, kind=kind, text=text, position=position, **fields)
    if kind == Kind.YES_NO and not options:
        options = ["Ja", "Nein"]
    for index, option in enumerate(options, start=1):
        Option.objects.create(question=created, text=option, position=index)
    return created


def every_kind(survey: Survey) -> dict[str, Question]:
    """One question of each kind; "car_use" is asked only of those who answered "Ja" to "car"."""
    q = {}
    q["section"] = question(survey, Kind.SECTION, "Wohnen")
    q["single"] = question(
        survey, Kind.SINGLE, "Wie wohnen Sie?", ["Miete", "Eigentum", "bei Angehörigen"], required=True
    )
    q["multiple"] = question(survey, Kind.MULTIPLE, "Was fehlt Ihnen?", ["Ärzte", "Busse", "Cafés", "Sportplätze"])
    q["scale"] = question(survey, Kind.SCALE, "Ich lebe gern hier.", required=True)
    q["car"] = question(survey, Kind.YES_NO, "Haben Sie ein Auto?")
    q["car_use"] = question(
        survey,
        Kind.NUMBER,
        "Wie viele Kilometer fahren Sie am Tag?",
        unit="km",
        number_min=Decimal(0),
        number_max=Decimal(1000),
        required=True,
    )
    q["car_use"].condition_option = q["car"].options.get(text="Ja")
    q["car_use"].save()
    q["short"] = question(survey, Kind.SHORT_TEXT, "Ihr Lieblingsort?")
    q["long"] = question(survey, Kind.LONG_TEXT, "Was sollte sich ändern?")
    q["ranking"] = question(survey, Kind.RANKING, "Was ist am wichtigsten?", ["Arbeit", "Ärzte", "Schule", "Bus"])
    q["matrix"] = question(
        survey, Kind.MATRIX, "Wie sehr stimmen Sie zu?", ["Es ist sicher.", "Es ist sauber.", "Es ist ruhig."]
    )
    return q


def option_id(q: Question, text: str) -> int:
    return q.options.get(text=text).pk


def full_values(q: dict[str, Question]) -> dict:
    """A complete answer to `every_kind`, with a car."""
    return {
        q["single"].pk: option_id(q["single"], "Miete"),
        q["multiple"].pk: sorted([option_id(q["multiple"], "Busse"), option_id(q["multiple"], "Ärzte")]),
        q["scale"].pk: 4,
        q["car"].pk: option_id(q["car"], "Ja"),
        q["car_use"].pk: Decimal("12.5"),
        q["short"].pk: "Der Marktplatz",
        q["long"].pk: "Mehr Busse am Abend.",
        q["ranking"].pk: [option_id(q["ranking"], "Ärzte"), option_id(q["ranking"], "Bus")],
        q["matrix"].pk: {option_id(q["matrix"], "Es ist sicher."): 5, option_id(q["matrix"], "Es ist ruhig."): 2},
    }
