"""Demography fixtures: a demography module in the profile phase, and towns with figures."""

from __future__ import annotations

import pytest

from tests.demography.helpers import age_template_csv
from zukunftswerkstatt.demography import services
from zukunftswerkstatt.processes.services import module_create


@pytest.fixture
def profile_phase(process):
    return process.phases.get(type="profile")


@pytest.fixture
def demography_module(profile_phase):
    return module_create(phase=profile_phase, type="demography", title="Bevölkerung in Zahlen")


def pyramid_men_women(scale: int = 1) -> tuple[list[int], list[int]]:
    """A small, irregular age structure: men 10 + age % 7, women 12 + age % 5 (times scale)."""
    return [scale * (10 + age % 7) for age in range(101)], [scale * (12 + age % 5) for age in range(101)]


@pytest.fixture
def figures(organisation, town_a, town_b):
    """Population by single year of age for both towns on 31.12.2022 and 31.12.2023, and movements 2023."""
    content = age_template_csv(
        {
            town_a.ags: {2022: pyramid_men_women(2), 2023: pyramid_men_women(2)},
            town_b.ags: {2022: pyramid_men_women(1), 2023: pyramid_men_women(1)},
        }
    )
    batch = services.batch_import(
        organisation=organisation,
        user=None,
        file_format="age_template",
        content=content,
        file_name="altersjahre.csv",
        source="Testquelle",
    )
    return batch
