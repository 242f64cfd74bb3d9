"""Views that lose the database on purpose, for tests/core/test_database_unavailable.py."""

from django.db import OperationalError
from django.http import HttpResponse
from django.urls import include, path

from zukunftswerkstatt.accounts.models import User

CALLS = {"count": 0, "fail": 0}


def flaky(request):
    """Fails while CALLS["fail"] is above zero (one failure each call), then reads the database."""
    CALLS["count"] += 1
    if CALLS["fail"] > 0:
        CALLS["fail"] -= 1
        raise OperationalError("terminating connection due to administrator command")
    return HttpResponse(f"people: {User.objects.count()}")


urlpatterns = [
    path("flaky/", flaky, name="flaky"),
    path("", include("config.urls")),
]
