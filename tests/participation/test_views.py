"""The team's pages: who may open them, the tally form, the dashboard's fixed number of queries, the CSV."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory
from zukunftswerkstatt.participation.models import Tally, TallyChannel

from .conftest import population

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, settings):
    # The messages are checked in the source language (German comes with the translation).
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def url(name, process, **kwargs):
    return reverse(f"participation:{name}", kwargs={"process_pk": process.pk, **kwargs})


@pytest.mark.parametrize("name", ["dashboard", "live", "towns", "csv", "tallies", "tally_create"])
def test_the_pages_are_for_the_processs_team_only(client, process, participant, other_org_admin, staff_a, name):
    assert client.get(url(name, process)).status_code in (302, 403)
    for outsider in (participant, other_org_admin):
        client.force_login(outsider)
        assert client.get(url(name, process)).status_code == 403
    client.force_login(staff_a)
    assert client.get(url(name, process)).status_code == 200


def test_a_towns_page_answers_for_the_processs_towns_only(client, process, staff_a, town_a, other_organisation):
    from tests.factories import MunicipalityFactory

    client.force_login(staff_a)
    assert client.get(url("town", process, town_pk=town_a.pk)).status_code == 200
    elsewhere = MunicipalityFactory(organisation=other_organisation)
    assert client.get(url("town", process, town_pk=elsewhere.pk)).status_code == 404


def _post(client, process, **data):
    fields = {"channel": TallyChannel.ATTENDANCE, "counted_on": "2026-11-20", "total": "", "note": "", **data}
    return client.post(url("tally_create", process), fields)


def test_staff_enter_a_tally_with_its_breakdown(client, process, staff_a, town_a):
    client.force_login(staff_a)

    response = _post(client, process, total="12", **{"cell_x_65-79": "5", f"cell_{town_a.pk}_x": "3"})

    assert response.status_code == 302
    tally = Tally.objects.get()
    assert (tally.total, tally.entered_by, tally.organisation_id) == (12, staff_a, process.organisation_id)
    assert {(c.town_id, c.age_group, c.count) for c in tally.cells.all()} == {(None, "65-79", 5), (town_a.pk, "", 3)}


def test_a_breakdown_above_the_total_is_refused_and_what_was_typed_stays(client, process, staff_a, town_a):
    client.force_login(staff_a)

    response = _post(client, process, total="4", note="Tisch 2", **{"cell_x_65-79": "5"})

    assert response.status_code == 200
    assert not Tally.objects.exists()
    content = response.content.decode()
    assert "The breakdown adds up to 5 people, more than the 4 counted." in content
    assert 'value="Tisch 2"' in content
    assert 'name="cell_x_65-79" value="5"' in content


def test_a_total_of_zero_is_refused(client, process, staff_a):
    client.force_login(staff_a)
    response = _post(client, process, total="0")
    assert response.status_code == 200
    assert not Tally.objects.exists()


def test_staff_correct_and_remove_a_tally(client, process, staff_a, world):
    from zukunftswerkstatt.participation import services

    tally = services.tally_create(
        process=process,
        channel=TallyChannel.PAPER_VOTES,
        event=None,
        module=None,
        counted_on=world.event.start.date(),
        total=9,
        cells={(None, "80+"): 2},
        note="",
        entered_by=staff_a,
    )
    client.force_login(staff_a)
    response = client.post(
        url("tally_edit", process, pk=tally.pk),
        {
            "channel": TallyChannel.PAPER_VOTES,
            "counted_on": "2026-11-20",
            "total": "10",
            "note": "",
            "cell_x_18-29": "1",
        },
    )
    assert response.status_code == 302
    tally.refresh_from_db()
    assert tally.total == 10
    assert [(c.age_group, c.count) for c in tally.cells.all()] == [("18-29", 1)]

    assert client.post(url("tally_delete", process, pk=tally.pk)).status_code == 302
    assert not Tally.objects.exists()


def test_a_tally_of_another_process_is_not_found(client, process, staff_a, organisation):
    from zukunftswerkstatt.participation import services
    from zukunftswerkstatt.processes.services import process_create_from_blueprint

    other = process_create_from_blueprint(
        organisation=organisation,
        title="Zweite Runde",
        slug="zweite-runde",
        theme="x",
        start=process.phases.first().start,
        municipalities=[],
        is_published=True,
    )
    tally = services.tally_create(
        process=other,
        channel=TallyChannel.ATTENDANCE,
        event=None,
        module=None,
        counted_on=process.phases.first().start.date(),
        total=3,
        cells={},
        note="",
        entered_by=staff_a,
    )
    client.force_login(staff_a)
    assert client.get(url("tally_edit", process, pk=tally.pk)).status_code == 404


def test_the_dashboard_takes_the_same_number_of_queries_whatever_the_data(
    client, world, organisation, town_a, town_b, staff_a, django_assert_num_queries
):
    population(
        organisation,
        world.process.phases.order_by("start").first().start.year,
        [
            (town_a, "m", 0, 100, 1000),
            (town_b, "f", 0, 100, 800),
        ],
    )

    def build(n):
        for _ in range(n):
            user = UserFactory(home_municipality=town_a, age_group="65-79")
            world.idea(author=user)
            world.idea(town=town_b, age="18-29")
            world.registration(user=user)
            world.ballot(user=user)
            world.participant(age="30-44")
            world.rating(user=user)

    client.force_login(staff_a)
    build(2)
    client.get(url("dashboard", world.process))  # warm the caches of the session and the life table
    cache.clear()
    with django_assert_num_queries(25):
        response = client.get(url("dashboard", world.process))
    assert response.status_code == 200
    build(10)
    cache.clear()
    with django_assert_num_queries(25):
        response = client.get(url("dashboard", world.process))
    # Within 30 seconds the figures are reused: only the session, the person, their roles and the process.
    with django_assert_num_queries(5):
        client.get(url("live", world.process))
    content = response.content.decode()
    assert "People aged 18 to 29 from Auerbach/Vogtl. have not been reached." in content
    assert 'hx-get="' + url("live", world.process) + '"' in content


def test_the_csv_holds_the_suppressed_figures_with_a_formula_guard(client, world, town_a, staff_a):
    for _ in range(3):
        world.idea(town=town_a, age="18-29")
    client.force_login(staff_a)

    response = client.get(url("csv", world.process))

    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "People per channel and town;Contributions online as a guest;Auerbach/Vogtl.;< 5" in text
    assert ";3\r\n" not in text.split("Each phase by town")[0]


def test_the_process_page_links_the_team_to_the_dashboard(client, process, participant, staff_a):
    dashboard = url("dashboard", process)
    client.force_login(participant)
    assert dashboard not in client.get(process.get_absolute_url()).content.decode()
    client.force_login(staff_a)
    assert dashboard in client.get(process.get_absolute_url()).content.decode()


def test_entering_a_tally_updates_the_dashboard_at_once(client, process, staff_a, django_capture_on_commit_callbacks):
    client.force_login(staff_a)
    assert "<strong>0</strong>" in client.get(url("live", process)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        _post(client, process, total="7")

    assert "<strong>7</strong>" in client.get(url("live", process)).content.decode()


def test_a_towns_page_names_only_its_own_missing_groups(client, world, organisation, town_a, town_b, staff_a):
    population(
        organisation,
        world.process.phases.order_by("start").first().start.year,
        [(town_a, "m", 20, 20, 100), (town_a, "f", 70, 70, 100), (town_b, "m", 20, 20, 100)],
    )
    for _ in range(20):
        world.idea(town=town_a, age="65-79")
    client.force_login(staff_a)

    page = client.get(url("town", world.process, town_pk=town_b.pk)).content.decode()

    assert "People aged 18 to 29 from Ellefeld have not been reached." in page
    assert "from Auerbach/Vogtl." not in page
