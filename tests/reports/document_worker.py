"""The task worker (`manage.py db_worker`) with a profile-PDF renderer for the kill test
(tests/reports/test_document_races.py): with DOCUMENT_TEST_BLOCK set, the render says it started
and then hangs until the process is killed; without, it returns a small PDF at once.

Run as a script in a subprocess: python tests/reports/document_worker.py [db_worker options]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from zukunftswerkstatt.reports import services  # noqa: E402


def render(*, module):
    if os.environ.get("DOCUMENT_TEST_BLOCK"):
        Path(os.environ["DOCUMENT_TEST_DIR"], "render-started").touch()
        time.sleep(3600)
    return b"%PDF-1.4 built by the second worker", 1


services.profile_pdf_render = render
call_command("db_worker", *sys.argv[1:])
