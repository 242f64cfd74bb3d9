import pytest

from .factories import every_kind, survey_module


@pytest.fixture
def survey(process):
    """A survey in the running future-workshop phase of `process`, open for guests."""
    return survey_module(process)


@pytest.fixture
def questions(survey):
    return every_kind(survey)
