"""The code-side registry of phase types, module types and blueprints, and its validators."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import ModuleFactory, PhaseFactory, ProcessFactory
from zukunftswerkstatt.processes.registry import (
    Blueprint,
    BlueprintPhase,
    ModuleType,
    PhaseType,
    _Registry,
    registry,
    validate_blueprint,
    validate_module_type,
    validate_phase_type,
)


def phase_type(identifier: str) -> PhaseType:
    return PhaseType(identifier=identifier, name=identifier, purpose="", produces="", participation="")


@pytest.fixture
def fresh_registry() -> _Registry:
    """A registry of its own, so registering in a test never touches the one Django started with."""
    table = _Registry()
    table.register_phase_type(phase_type("kickoff"))
    table.register_phase_type(phase_type("workshop"))
    return table


def test_the_five_built_in_phase_types_are_registered():
    assert {"kickoff", "profile", "workshop", "action_plan", "review"} <= registry.phase_types.keys()


def test_the_default_blueprint_lays_out_the_five_phases_in_order():
    blueprint = registry.blueprints["zukunftswerkstatt"]
    assert [phase.phase_type for phase in blueprint.phases] == [
        "kickoff",
        "profile",
        "workshop",
        "action_plan",
        "review",
    ]


def test_registering_a_phase_type_twice_is_refused(fresh_registry):
    with pytest.raises(ValueError, match="registered already"):
        fresh_registry.register_phase_type(phase_type("kickoff"))


def test_registering_a_module_type_twice_is_refused(fresh_registry):
    fresh_registry.register_module_type(ModuleType(identifier="poll", name="Poll", description=""))
    with pytest.raises(ValueError, match="registered already"):
        fresh_registry.register_module_type(ModuleType(identifier="poll", name="Another poll", description=""))


def test_registering_a_blueprint_twice_is_refused(fresh_registry):
    blueprint = Blueprint(identifier="short", name="Short", description="", phases=(BlueprintPhase("kickoff", 1),))
    fresh_registry.register_blueprint(blueprint)
    with pytest.raises(ValueError, match="registered already"):
        fresh_registry.register_blueprint(blueprint)


@pytest.mark.parametrize("identifier", ["Kickoff", "kick-off", "kick off", ""])
def test_an_identifier_that_is_not_lower_case_letters_digits_and_underscores_is_refused(fresh_registry, identifier):
    with pytest.raises(ValueError, match="not a valid identifier"):
        fresh_registry.register_phase_type(phase_type(identifier))


def test_a_blueprint_naming_an_unknown_phase_type_is_refused(fresh_registry):
    blueprint = Blueprint(
        identifier="broken",
        name="Broken",
        description="",
        phases=(BlueprintPhase("kickoff", 2), BlueprintPhase("no_such_phase", 2)),
    )
    with pytest.raises(ValueError, match="unknown phase type 'no_such_phase'"):
        fresh_registry.register_blueprint(blueprint)
    assert "broken" not in fresh_registry.blueprints


def test_a_module_type_naming_an_unknown_phase_type_is_refused(fresh_registry):
    module_type = ModuleType(identifier="board", name="Board", description="", phase_types=frozenset({"nowhere"}))
    with pytest.raises(ValueError, match="unknown phase types"):
        fresh_registry.register_module_type(module_type)
    assert "board" not in fresh_registry.module_types


def test_a_module_type_without_phase_types_is_allowed_in_every_phase():
    module_type = ModuleType(identifier="anything", name="Anything", description="")
    assert module_type.allowed_in("kickoff")
    assert module_type.allowed_in("review")


@pytest.mark.parametrize(
    ("validator", "known"),
    [
        (validate_phase_type, "workshop"),
        (validate_module_type, "information"),
        (validate_blueprint, "zukunftswerkstatt"),
    ],
)
def test_validators_accept_registered_identifiers_and_refuse_unknown_ones(validator, known):
    validator(known)
    with pytest.raises(ValidationError) as error:
        validator("no_such_type")
    assert error.value.code == "unknown"
    assert "no_such_type" in error.value.messages[0]


@pytest.mark.django_db
def test_a_phase_of_an_unknown_type_does_not_validate():
    phase = PhaseFactory.build(process=ProcessFactory(), type="no_such_phase")
    with pytest.raises(ValidationError) as error:
        phase.full_clean()
    assert "type" in error.value.message_dict


@pytest.mark.django_db
def test_a_module_of_an_unknown_type_does_not_validate():
    module = ModuleFactory.build(phase=PhaseFactory(), type="no_such_module")
    with pytest.raises(ValidationError) as error:
        module.full_clean()
    assert "type" in error.value.message_dict


@pytest.mark.django_db
def test_a_process_with_an_unknown_blueprint_does_not_validate():
    process = ProcessFactory.build(organisation=ProcessFactory().organisation, blueprint="no_such_blueprint")
    with pytest.raises(ValidationError) as error:
        process.full_clean()
    assert "blueprint" in error.value.message_dict
