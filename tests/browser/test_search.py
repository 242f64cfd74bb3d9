"""German search in the browser: a visitor types a word form and sees the matches marked, escaped."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser import test_ideas
from tests.browser.conftest import check_page
from tests.browser.test_ideas import add_idea, list_url

collection = test_ideas.collection  # the same idea collection as the other idea tests (a fixture)


def test_a_visitor_searches_a_plural_and_sees_the_singular_and_compounds_marked(
    page,
    live_server,
    collection,
    participant,
):
    add_idea(collection, participant, title="Kinderspielplatz in Rodewisch", text="Die Schaukel ist kaputt.")
    add_idea(collection, participant, title="Neuer Spielplatz am Markt", text="Mit Schatten für Eltern.")
    add_idea(collection, participant, title="Zu wenig Busse", text="Abends fährt kein Bus zum Spielplatzfest.")
    add_idea(collection, participant, title="<b>Jugendcafé</b> im Zentrum", text="Ein Treff für Jugendliche.")

    page.goto(list_url(live_server, collection))
    page.locator("main input[name=q]").fill("Spielplätze")
    page.get_by_role("button", name="Anzeigen").click()

    cards = page.locator(".idea-card")
    expect(cards).to_have_count(3)
    # Title matches first, then the text match.
    expect(cards.nth(2)).to_contain_text("Zu wenig Busse")
    expect(cards.nth(0).locator("h3 mark")).to_have_text("Spielplatz")
    expect(cards.nth(1).locator("h3 mark")).to_have_text("Kinderspielplatz")
    expect(cards.nth(2).locator(".idea-card__text mark")).to_have_text("Spielplatzfest")
    check_page(page, "ideas-search")

    page.goto(list_url(live_server, collection) + "?q=jugendcafe")
    title = page.locator(".idea-card h3")
    expect(title).to_have_text("<b>Jugendcafé</b> im Zentrum")  # the user's markup is shown as text
    expect(title.locator("mark")).to_have_text("Jugendcafé")
    expect(title.locator("b")).to_have_count(0)
