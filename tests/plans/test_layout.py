"""The plans app's layout: services by topic behind one name, and no import loop with the tasks."""

from __future__ import annotations

import ast
from pathlib import Path

from django.utils.module_loading import import_string

from zukunftswerkstatt.plans import services

SERVICES = Path(services.__file__).parent


def test_every_service_module_is_reexported_by_the_package():
    for name in services.__all__:
        value = getattr(services, name)
        if callable(value):
            assert value.__module__.startswith("zukunftswerkstatt.plans.services."), name
    public = {
        node.name
        for path in SERVICES.glob("*.py")
        if path.name != "__init__.py"
        for node in ast.parse(path.read_text()).body
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_")
    }
    assert public <= set(services.__all__)


def test_services_never_import_the_tasks():
    """The service queues its task by the model's dotted path (core.documents.document_queue)."""
    for path in SERVICES.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + [alias.name for alias in node.names]
                assert not any(n == "tasks" or n.endswith(".tasks") for n in names), path.name


def test_the_document_names_the_service_that_builds_it():
    from zukunftswerkstatt.plans.models import PlanExport

    assert import_string(PlanExport.builder) is services.plan_export_make
