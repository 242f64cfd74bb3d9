"""Who took part, in the browser: the team's dashboard and a paper tally entered with the keyboard
("Karten: 12, davon 65 bis 79 aus Auerbach: 5"), kept after an error, then counted on the dashboard;
axe-core at 1280 and 320 px on each page, no CSP violation.

Selectors use names and attributes rather than words, so the test holds in German and English."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import check_page
from zukunftswerkstatt.participation.forms import cell_name
from zukunftswerkstatt.participation.models import Tally


def test_the_team_enters_a_paper_tally_and_sees_it_on_the_dashboard(open_page, live_server, site, town_a, staff_a):
    process = site.process
    page = open_page(staff_a)
    page.goto(live_server.url + reverse("participation:dashboard", kwargs={"process_pk": process.pk}))
    expect(page.locator("h1")).to_be_visible()
    check_page(page, "participation-dashboard-empty")

    page.goto(live_server.url + reverse("participation:tally_create", kwargs={"process_pk": process.pk}))
    page.locator("select[name=channel]").select_option("paper_cards")
    page.locator("input[name=counted_on]").fill(process.phases.order_by("start").first().start.date().isoformat())
    page.locator("input[name=total]").fill("12")
    cell = f"input[name={cell_name(town_a.pk, '65-79')}]"
    page.locator(cell).fill("15")  # more than the total: refused, nothing typed is lost
    page.locator("form.form button[type=submit]").first.click()
    page.wait_for_load_state()
    expect(page.locator(".form-errors")).to_be_visible()
    expect(page.locator("input[name=total]")).to_have_value("12")
    expect(page.locator(cell)).to_have_value("15")
    check_page(page, "participation-tally-error")
    assert not Tally.objects.exists()

    page.locator(cell).fill("5")
    page.locator("form.form button[type=submit]").first.click()
    page.wait_for_load_state()
    tally = Tally.objects.get()
    assert (tally.total, {(c.town_id, c.age_group): c.count for c in tally.cells.all()}) == (
        12,
        {(town_a.pk, "65-79"): 5},
    )

    page.goto(live_server.url + reverse("participation:dashboard", kwargs={"process_pk": process.pk}))
    # Twelve people overall, on paper: the key figures say so.
    expect(page.locator(".key-numbers").first).to_contain_text("12")
    check_page(page, "participation-dashboard")
