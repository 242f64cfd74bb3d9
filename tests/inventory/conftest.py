"""The inventory's fixtures: an "inventory" module in the profile phase of the shared process,
the default fields of action and target groups, and a few entries."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from zukunftswerkstatt.core.models import TargetGroup, Topic
from zukunftswerkstatt.core.services import organisation_add_defaults
from zukunftswerkstatt.processes.services import module_create

from .factories import InventoryItemFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits count in the cache; every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def vocabularies(organisation):
    organisation_add_defaults(organisation=organisation)
    return {
        "topics": {t.name: t for t in Topic.objects.filter(organisation=organisation)},
        "groups": {g.name: g for g in TargetGroup.objects.all()},
    }


@pytest.fixture
def profile_phase(process):
    return process.phases.get(type="profile")


@pytest.fixture
def inventory_module(profile_phase, vocabularies):
    return module_create(
        phase=profile_phase,
        type="inventory",
        title="Bestandsaufnahme",
        settings={"suggestions_open": True},
    )


@pytest.fixture
def item_a(inventory_module, town_a, vocabularies):
    """An entry of town A (staff_a may change it, staff_b may not)."""
    return InventoryItemFactory(
        module=inventory_module,
        title="Seniorentreff am Markt",
        municipalities=[town_a],
        topic=vocabularies["topics"]["Begegnung, Beratung und Selbsthilfe"],
        target_groups=[vocabularies["groups"]["Seniorinnen und Senioren (65+)"]],
        status="running",
    )


@pytest.fixture
def item_b(inventory_module, town_b, vocabularies):
    return InventoryItemFactory(
        module=inventory_module,
        title="Jugendclub Ellefeld",
        municipalities=[town_b],
        topic=vocabularies["topics"]["Ehrenamt"],
        target_groups=[vocabularies["groups"]["Jugendliche (12–17)"]],
        status="planned",
    )


@pytest.fixture
def item_all(inventory_module, vocabularies):
    """An entry for the whole association (no town): only moderators and admins may change it."""
    return InventoryItemFactory(
        module=inventory_module,
        title="Bürgerbus Göltzschtal",
        municipalities=[],
        topic=vocabularies["topics"]["Kooperation in und zwischen Kommunen"],
        status="ended",
    )


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (e-mails) when the block ends, as in production."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
