"""`processes.rules.module_allows(module, feature, now)`: the one rule for "may citizens do this here now?".

Parametrised over the registry, so a module type registered tomorrow is tested here by itself: every
feature it declares, at the edges of its phase (start inclusive, end exclusive, as `Phase.state`),
or, for a type whose input window runs until staff close the module, from the start until the close.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.utils import timezone
from freezegun import freeze_time

from tests.factories import ModuleFactory, PhaseFactory, ProcessFactory
from zukunftswerkstatt.processes.models import PhaseState
from zukunftswerkstatt.processes.registry import InputWindow, ModuleType, _Registry, registry
from zukunftswerkstatt.processes.rules import module_allows

pytestmark = pytest.mark.django_db

MICROSECOND = dt.timedelta(microseconds=1)
START = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)  # the phase's start, a Monday at midnight
END = dt.datetime(2026, 5, 25, tzinfo=dt.UTC)

# How staff close each type whose input runs until they close it (the settings its `input_closed` reads).
# A new type with `InputWindow.UNTIL_CLOSED` adds its line here (test_every_until_closed_type_says_how_it_closes).
CLOSING_SETTINGS = {
    "swot": {"accept_input": False},
    "inventory": {"suggestions_open": False},
}

TYPE_FEATURES = sorted(
    (module_type.identifier, feature)
    for module_type in registry.module_types.values()
    for feature in module_type.features
)
UNTIL_CLOSED = [(t, f) for t, f in TYPE_FEATURES if registry.module_types[t].input_window == InputWindow.UNTIL_CLOSED]
IN_PHASE = [(t, f) for t, f in TYPE_FEATURES if registry.module_types[t].input_window == InputWindow.PHASE]


def a_module(type_identifier: str, **fields):
    """A published module of the type in a published phase of the first phase type that may hold it."""
    module_type = registry.module_types[type_identifier]
    phase_type = sorted(module_type.phase_types or registry.phase_types)[0]
    process = ProcessFactory(is_published=fields.pop("process_published", True))
    phase = PhaseFactory(process=process, type=phase_type, start=START, end=END)
    return ModuleFactory(phase=phase, type=type_identifier, **fields)


def test_the_registry_has_features_to_test():
    assert ("ideas", "contribute") in IN_PHASE
    assert ("swot", "comment") in UNTIL_CLOSED
    assert ("inventory", "suggest") in UNTIL_CLOSED


@pytest.mark.parametrize(("type_identifier", "feature"), TYPE_FEATURES)
@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (START - MICROSECOND, False),
        (START, True),
        (END - MICROSECOND, True),
    ],
    ids=["a microsecond before the start", "at the start", "a microsecond before the end"],
)
def test_a_declared_feature_opens_with_the_start_of_the_phase(type_identifier, feature, moment, expected):
    module = a_module(type_identifier)
    assert module_allows(module, feature, moment) is expected


@pytest.mark.parametrize(("type_identifier", "feature"), IN_PHASE)
def test_a_feature_of_the_phase_closes_at_the_end_of_the_phase(type_identifier, feature):
    module = a_module(type_identifier)
    assert module.phase.state(END) == PhaseState.FINISHED
    assert module_allows(module, feature, END) is False
    assert module_allows(module, feature, END + dt.timedelta(days=400)) is False


@pytest.mark.parametrize(("type_identifier", "feature"), UNTIL_CLOSED)
def test_a_feature_open_until_closed_outlasts_its_phase_until_staff_close_it(type_identifier, feature):
    module = a_module(type_identifier)
    assert module_allows(module, feature, END) is True
    assert module_allows(module, feature, END + dt.timedelta(days=400)) is True
    module.settings = CLOSING_SETTINGS[type_identifier]
    assert module_allows(module, feature, START) is False
    assert module_allows(module, feature, END) is False


@pytest.mark.parametrize(("type_identifier", "feature"), TYPE_FEATURES)
def test_a_closed_module_allows_nothing(monkeypatch, type_identifier, feature):
    """Whatever the type's window: once `input_closed` says staff closed it, the feature is closed."""
    module = a_module(type_identifier)
    closed = dataclasses.replace(registry.module_types[type_identifier], input_closed=lambda module: True)
    monkeypatch.setitem(registry.module_types, type_identifier, closed)
    assert module_allows(module, feature, START) is False


@pytest.mark.parametrize(("type_identifier", "feature"), TYPE_FEATURES)
def test_an_unpublished_module_allows_nothing(type_identifier, feature):
    module = a_module(type_identifier, is_published=False)
    assert module_allows(module, feature, START) is False


@pytest.mark.parametrize(("type_identifier", "feature"), TYPE_FEATURES)
def test_a_module_of_an_unpublished_process_allows_nothing(type_identifier, feature):
    module = a_module(type_identifier, process_published=False)
    assert module_allows(module, feature, START) is False


@pytest.mark.parametrize("type_identifier", sorted(registry.module_types))
def test_a_feature_the_type_does_not_declare_is_never_open(type_identifier):
    module = a_module(type_identifier)
    undeclared = {"contribute", "comment", "support", "suggest", "prioritise", "rate", "volunteer", "no_such"}
    for feature in undeclared - registry.module_types[type_identifier].features:
        assert module_allows(module, feature, START) is False, feature


def test_without_a_moment_it_asks_about_now():
    module = a_module("ideas")
    module.phase.start = timezone.now() - dt.timedelta(days=1)
    module.phase.end = timezone.now() + dt.timedelta(days=1)
    assert module_allows(module, "contribute") is True
    module.phase.end = timezone.now()
    assert module_allows(module, "contribute") is False


def test_every_until_closed_type_says_how_it_closes():
    until_closed = {t.identifier for t in registry.module_types.values() if t.input_window == InputWindow.UNTIL_CLOSED}
    assert until_closed == set(CLOSING_SETTINGS)


def test_a_type_open_until_closed_must_say_how_staff_close_it():
    table = _Registry()
    with pytest.raises(ValueError, match="until closed"):
        table.register_module_type(
            ModuleType(identifier="poll", name="Poll", description="", input_window=InputWindow.UNTIL_CLOSED)
        )


@pytest.mark.parametrize("permission", ["swot.suggest_item", "inventory.suggest_item"])
def test_suggestions_open_with_the_phase_and_outlast_it_until_staff_close_them(participant, permission):
    module = a_module(permission.split(".")[0])
    with freeze_time(START - MICROSECOND):
        assert participant.has_perm(permission, module) is False
    with freeze_time(START):
        assert participant.has_perm(permission, module) is True
    with freeze_time(END + dt.timedelta(days=30)):
        assert participant.has_perm(permission, module) is True
        module.settings = CLOSING_SETTINGS[module.type]
        assert participant.has_perm(permission, module) is False
