"""`manage.py load_demo` for tests, as `make run` calls it: with DEBUG on, since the command refuses
to write its story and its demo accounts into a database without it (tests run with DEBUG off)."""

from io import StringIO

from django.core.management import call_command
from django.test import override_settings


def load_demo(**options) -> str:
    """Run the command with DEBUG on and return what it printed."""
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=out, **options)
    return out.getvalue()
