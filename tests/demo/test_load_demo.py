"""The Göltzschtal demo that `make run` loads: towns, a finished first round in its interim review,
a running round, and accounts that can log in. (The invariants of its story: test_demo_story.py.)"""

import datetime as dt
import os
import secrets
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from tests.demo.command import load_demo
from zukunftswerkstatt.accounts.models import Membership, Role, User
from zukunftswerkstatt.core.models import Municipality, Organisation
from zukunftswerkstatt.demo.services import ACCOUNTS, DEMO_PASSWORD
from zukunftswerkstatt.processes.models import Module, Phase, PhaseState, Process

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo()
    return Organisation.objects.get(slug="goeltzschtal")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def test_the_demo_organisation_is_the_staedteverbund_goeltzschtal(demo):
    assert demo.name == "Mittelzentraler Städteverbund Göltzschtal"
    assert demo.has_offline_contact
    assert demo.topics.count() == 13
    assert demo.legal_pages.count() == 3


def test_the_demo_has_the_four_towns_with_their_official_keys(demo):
    assert dict(demo.municipalities.values_list("ags", "name")) == {
        "14523020": "Auerbach/Vogtl.",
        "14523120": "Falkenstein/Vogtl.",
        "14523360": "Rodewisch",
        "14523090": "Ellefeld",
    }


def running_round(organisation):
    return organisation.processes.get(slug="attraktiv-im-wandel")


def test_the_demo_has_two_published_rounds_with_all_four_towns_in_scope(demo):
    assert set(demo.processes.values_list("slug", flat=True)) == {
        "attraktiv-im-wandel",
        "attraktiv-im-wandel-erste-runde",
    }
    for process in demo.processes.all():
        assert process.is_published
        assert process.municipalities.count() == 4
    # Newest first: the running round heads every list.
    assert demo.processes.first().slug == "attraktiv-im-wandel"


def test_each_round_has_the_five_phases_in_order_without_overlap(demo):
    for process in demo.processes.all():
        phases = list(process.phases.all())
        assert [phase.type for phase in phases] == ["kickoff", "profile", "workshop", "action_plan", "review"]
        assert all(earlier.end == later.start for earlier, later in zip(phases, phases[1:], strict=False))


def test_the_future_workshop_runs_today(demo):
    phases = {phase.type: phase.state() for phase in running_round(demo).phases.all()}
    assert phases == {
        "kickoff": PhaseState.FINISHED,
        "profile": PhaseState.FINISHED,
        "workshop": PhaseState.RUNNING,
        "action_plan": PhaseState.UPCOMING,
        "review": PhaseState.UPCOMING,
    }


@pytest.mark.parametrize(
    "day", [dt.date(2026, 1, 1), dt.date(2026, 3, 29), dt.date(2026, 10, 25), dt.date(2027, 2, 28)]
)
def test_the_future_workshop_runs_on_whatever_day_the_demo_is_loaded(day):
    # On the days the clocks change too: phases start at local midnight.
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    with freeze_time(moment):
        load_demo()
        workshop = Phase.objects.get(type="workshop", process__slug="attraktiv-im-wandel")
        assert workshop.state() == PhaseState.RUNNING
        assert timezone.localtime(workshop.start).time() == dt.time.min


def test_the_demo_process_page_shows_the_running_workshop(client, demo):
    process = running_round(demo)
    response = client.get(process.get_absolute_url())
    assert response.status_code == 200
    assert response.context["current"].phase.type == "workshop"


def test_the_running_round_explains_the_profile_and_the_workshop_on_information_pages(demo):
    phases = Module.objects.filter(phase__process=running_round(demo), type="information").values_list(
        "phase__type", flat=True
    )
    assert sorted(phases) == ["profile", "workshop"]


def test_the_demo_accounts_have_their_roles(demo):
    roles = {(m.user.email, m.role, m.municipality.ags if m.municipality else None) for m in Membership.objects.all()}
    assert roles == {
        ("koordination@demo.example", Role.ADMIN, None),
        ("moderation@demo.example", Role.MODERATOR, None),
        ("auerbach@demo.example", Role.TOWN_STAFF, "14523020"),
        ("ellefeld@demo.example", Role.TOWN_STAFF, "14523090"),
    }
    assert User.objects.get(email="admin@demo.example").is_superuser
    assert not User.objects.get(email="buergerin@demo.example").memberships.exists()


def test_every_demo_account_logs_in_with_the_published_password(client, demo):
    for email, _name, _role, _ags in ACCOUNTS:
        client.logout()
        response = client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        assert int(client.session["_auth_user_id"]) == User.objects.get(email=email).pk, email


def test_loading_the_demo_twice_does_not_duplicate_anything(demo):
    counts = [model.objects.count() for model in (Organisation, Municipality, Process, Phase, Module, User, Membership)]
    output = load_demo()
    assert "already" in output
    assert [
        model.objects.count() for model in (Organisation, Municipality, Process, Phase, Module, User, Membership)
    ] == counts


def test_loading_the_demo_lists_the_accounts(db):
    output = load_demo()
    assert DEMO_PASSWORD in output
    assert all(email in output for email, _name, _role, _ags in ACCOUNTS)


def test_the_running_idea_collection_shows_pins_on_its_map_inside_the_towns_area(demo, client):
    from zukunftswerkstatt.ideas.maps import process_map_area
    from zukunftswerkstatt.ideas.models import Idea

    process = Process.objects.get(slug="attraktiv-im-wandel")
    module = Module.objects.get(phase__process=process, type="ideas")
    pinned = Idea.objects.filter(module=module, latitude__isnull=False)
    assert pinned.count() >= 2
    area = process_map_area(process=process)
    for idea in pinned:
        assert area.contains(float(idea.latitude), float(idea.longitude)), idea.title
    response = client.get(reverse("ideas:list", args=[module.pk]) + "?view=map")
    assert response.status_code == 200
    assert pinned.first().title in response.content.decode()


# --- never in production ---------------------------------------------------------------------------


def test_load_demo_refuses_without_debug_and_writes_nothing(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError) as refusal:
        call_command("load_demo", stdout=StringIO())
    message = str(refusal.value)
    assert "DEBUG" in message
    assert "demo accounts" in message
    assert "DEBUG=true python manage.py load_demo" in message
    assert not Organisation.objects.exists()
    assert not User.objects.exists()


def test_manage_py_load_demo_without_debug_ends_with_an_error_before_touching_the_database(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", "load_demo"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "load_demo runs only with DEBUG on" in result.stderr
    assert not database.exists(), "the refusal must come before the database is opened"
