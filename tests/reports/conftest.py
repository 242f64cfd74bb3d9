"""The profile document's fixtures: a "profile_document" module next to the inventory of the profile phase."""

from __future__ import annotations

import pytest

from tests.inventory.conftest import (  # noqa: F401 - fixtures shared with the inventory's tests
    _fresh_cache,
    inventory_module,
    item_a,
    item_all,
    item_b,
    profile_phase,
    vocabularies,
)
from tests.processes.document_sections import document_section  # noqa: F401 - a later app's section in the documents
from zukunftswerkstatt.processes.services import module_create


@pytest.fixture
def document_module(profile_phase):  # noqa: F811 - the fixture imported above
    return module_create(phase=profile_phase, type="profile_document", title="Kommunalprofil")


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the PDF task) when the block ends, as in production."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
