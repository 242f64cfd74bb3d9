"""The idea collection as people use it: contribute, discuss, support, answer, record offline, moderate.

Several people act in one test, each in a browser context of their own (`open_page`). The UI
speaks German by default and English on request, so controls are found by role and a name that
matches both languages. The pages of the idea collection go through axe-core and the reflow check
at 1280 px and at 320 px (`check_page`); pictures of them are kept in /tmp/shots.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import check_page, link_from_mail, log_in_as, login
from tests.factories import PASSWORD, UserFactory
from zukunftswerkstatt.core.models import TargetGroup, Topic
from zukunftswerkstatt.core.services import target_group_ensure_defaults
from zukunftswerkstatt.ideas import services
from zukunftswerkstatt.ideas.models import Channel, Idea, Kind, Status, Support, Visibility
from zukunftswerkstatt.notifications.models import NotificationSettings
from zukunftswerkstatt.processes.services import module_create

ALL_KINDS = [Kind.CRITICISM, Kind.VISION, Kind.PROPOSAL]


def name(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


def button(scope, pattern: str):
    return scope.get_by_role("button", name=name(pattern))


def link(scope, pattern: str):
    return scope.get_by_role("link", name=name(pattern))


def textbox(scope, pattern: str):
    return scope.get_by_role("textbox", name=name(pattern))


def combobox(scope, pattern: str):
    return scope.get_by_role("combobox", name=name(pattern))


def success_message(page):
    return page.locator(".messages .message--success")


@pytest.fixture
def collection(site, settings, tmp_path, live_server):
    """An idea collection in the running future-workshop phase, after the information module."""
    settings.SITE_URL = live_server.url  # links in e-mails lead to the live server
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MAP_TILE_URL = ""  # no tile server: places are listed in words
    target_group_ensure_defaults()
    workshop = site.process.phases.get(type="workshop")
    return module_create(
        phase=workshop,
        type="ideas",
        title="Ideen für unsere Städte",
        description="Was stört Sie, wie sollte es sein, was können wir tun? Alle Beiträge werden beantwortet.",
        settings={"open_kinds": list(ALL_KINDS), "allow_guests": False},
        position=1,
    )


def list_url(live_server, module) -> str:
    return live_server.url + reverse("ideas:list", args=[module.pk])


def add_idea(module, author=None, **fields) -> Idea:
    return services.idea_create(
        module=module, author=author, **{"kind": Kind.PROPOSAL, "text": "Ein Beitrag.", **fields}
    )


# --- 1. contribute, discuss, support, answer --------------------------------------------------


def test_citizen_contributes_another_discusses_and_supports_the_municipality_answers(
    open_page, live_server, collection, participant, moderator
):
    # Paula logs in and finds the idea collection from the process page.
    author = open_page()
    login(author, live_server, participant.email, PASSWORD)
    author.goto(live_server.url + collection.phase.process.get_absolute_url())
    link(author.locator("main"), collection.title).click()
    expect(author).to_have_url(list_url(live_server, collection))
    link(author.locator("main"), "Was stört Sie|What bothers you").click()
    expect(author.get_by_role("radio", name=name("Kritik|Criticism"))).to_be_checked()
    check_page(author, "ideas-form")

    textbox(author, r"^(Titel|Title)").fill("Kein Bus am Sonntag")
    textbox(author, r"^(Ihr Beitrag|Your contribution)").fill(
        "Sonntags fährt kein Bus nach Ellefeld.\nÄltere kommen nicht zum Gottesdienst."
    )
    combobox(author, "Handlungsfeld|Field of action").select_option(label="Bürgerbeteiligung")
    combobox(author, "Welchen Ort|Which town").select_option(label="Auerbach/Vogtl.")
    author.get_by_role("checkbox", name=name(r"Senioren")).check()
    button(author.locator("main form"), "^(Veröffentlichen|Publish)$").click()

    # The confirmation: the reference, and that it is published; then on to the contribution.
    idea = Idea.objects.get(title="Kein Bus am Sonntag")
    expect(author.locator("#reference")).to_have_text(idea.reference)
    expect(author.locator("main")).to_contain_text(name("ist veröffentlicht|has been published"))
    link(author.locator("main"), "Ihren Beitrag lesen|Read your contribution").click()
    title = author.get_by_role("heading", level=1)
    expect(title).to_have_text("Kein Bus am Sonntag")
    assert (idea.kind, idea.author, idea.municipality.name) == (Kind.CRITICISM, participant, "Auerbach/Vogtl.")
    assert [g.name for g in idea.target_groups.all()] == ["Seniorinnen und Senioren (65+)"]
    expect(author.locator("main .idea-meta")).to_contain_text(name("Kritik|Criticism"))
    expect(author.locator("main .idea__text")).to_contain_text("Gottesdienst")
    idea_url = author.url

    # Nils, a neighbour, comments and supports – with JavaScript, through htmx, without a page load.
    neighbour = open_page(UserFactory(email="nachbar@example.org", display_name="Nils"))
    neighbour.goto(idea_url)
    textbox(neighbour, r"^(Ihr Kommentar|Your comment)").fill("Das betrifft auch Rodewisch.")
    button(neighbour, "Kommentar veröffentlichen|Publish comment").click()
    comment = neighbour.locator("#comments article.comment").first
    expect(comment).to_contain_text("Das betrifft auch Rodewisch.")
    expect(comment).to_contain_text("Nils")

    count = neighbour.locator(".support__count")
    expect(count).to_have_text(name(r"^0 (Personen|people)"))
    neighbour.evaluate("() => { window.stayedOnThePage = true; }")
    button(neighbour, "Ich unterstütze das|I support this").click()
    expect(count).to_have_text(name(r"^1 (Person|person) "))
    withdraw = button(neighbour, "Unterstützung zurücknehmen|Take back my support")
    expect(withdraw).to_be_visible()  # the button says what it will do next
    # Screen readers hear the news from a live region that was in the page before.
    news = neighbour.get_by_role("status").filter(
        has_text=name("Danke für Ihre Unterstützung|Thank you for your support")
    )
    expect(news).to_contain_text(name(r"1 (Person|person) "))
    assert neighbour.evaluate("() => window.stayedOnThePage === true"), "the support button reloaded the page"
    assert Support.objects.filter(idea=idea).count() == 1

    # With the keyboard: focus stays on the button, Enter takes the support back, Space gives it again.
    withdraw.focus()
    neighbour.keyboard.press("Enter")
    expect(count).to_have_text(name(r"^0 "))
    support_button = button(neighbour, "Ich unterstütze das|I support this")
    expect(support_button).to_be_focused()
    neighbour.keyboard.press("Space")
    expect(count).to_have_text(name(r"^1 "))
    expect(withdraw).to_be_focused()
    assert neighbour.evaluate("() => window.stayedOnThePage === true")
    idea.refresh_from_db()
    assert idea.support_count == 1

    # Nils corrects his comment on its own page.
    link(comment, "Bearbeiten oder löschen|Edit or delete").click()
    check_page(neighbour, "ideas-comment-edit")
    textbox(neighbour, r"^(Ihr Kommentar|Your comment)").fill("Das betrifft auch Rodewisch und Treuen.")
    button(neighbour, "^(Speichern|Save)$").click()
    expect(neighbour.locator("#comments article.comment").first).to_contain_text("und Treuen")

    # Olga supports without JavaScript: the form posts and the page comes back with the count.
    without_js = open_page(UserFactory(email="olga@example.org", display_name="Olga"), java_script_enabled=False)
    without_js.goto(idea_url)
    expect(without_js.locator(".support__count")).to_have_text(name(r"^1 "))
    button(without_js, "Ich unterstütze das|I support this").click()
    expect(success_message(without_js)).to_be_visible()
    expect(without_js.locator(".support__count")).to_have_text(name(r"^2 (Personen|people)"))
    expect(button(without_js, "Unterstützung zurücknehmen|Take back my support")).to_be_visible()

    # Paula answers Nils with the keyboard: the reply form opens from its summary.
    author.reload()
    first_comment = author.locator("#comments article.comment").first
    link(first_comment, "^(Melden|Report)$").focus()
    author.keyboard.press("Tab")
    summary = author.locator("#comments details.reply-form > summary").first
    expect(summary).to_be_focused()
    author.keyboard.press("Enter")
    reply_box = textbox(author, r"^(Ihre Antwort|Your reply)")
    expect(reply_box).to_be_visible()
    author.keyboard.press("Tab")
    expect(reply_box).to_be_focused()
    author.keyboard.type("Danke, ich nehme es auf.")
    author.keyboard.press("Tab")
    expect(button(author, "Antwort veröffentlichen|Publish reply")).to_be_focused()
    author.keyboard.press("Enter")
    reply = author.locator("#comments article.comment--reply")
    expect(reply).to_contain_text("Danke, ich nehme es auf.")
    expect(reply).to_contain_text("Paula")

    # A moderator answers officially and changes the status.
    staff = open_page(moderator)
    staff.goto(idea_url)
    link(staff.locator("main"), "Offiziell antworten|Answer officially").click()
    check_page(staff, "ideas-answer-form")
    textbox(staff, "Offizielle Antwort|Official answer").fill(
        "Der Verkehrsverbund prüft eine Rufbus-Linie am Sonntag. Wir melden uns im Mai."
    )
    button(staff.locator("main form"), "Antwort veröffentlichen|Publish the answer").click()
    expect(success_message(staff)).to_be_visible()
    link(staff.locator("main"), "^(Status ändern|Change the status)$").click()
    check_page(staff, "ideas-status-form")
    combobox(staff, "Neuer Status|New status").select_option(label="in Prüfung")
    textbox(staff, r"^(Begründung|Grund|Reason)").fill("Wir sprechen mit dem Verkehrsverbund.")
    button(staff.locator("main form"), "Status ändern|Change the status").click()
    expect(success_message(staff)).to_be_visible()
    expect(staff.locator("main .idea-meta")).to_contain_text(name("in Prüfung|under review"))
    check_page(staff, "ideas-detail-staff")

    # Paula reloads: the answer is shown prominently, the status and its history are there.
    author.reload()
    answer = author.get_by_role("region", name=name("Offizielle Antwort|Official answer"))
    expect(answer).to_contain_text("Rufbus-Linie")
    history = author.get_by_role("region", name=name("Was mit diesem Beitrag geschah|What happened"))
    expect(history.get_by_role("listitem")).to_have_count(2)
    expect(history).to_contain_text(name("in Prüfung|under review"))
    expect(history).to_contain_text("Verkehrsverbund")
    check_page(author, "ideas-detail")

    # … and has been told by e-mail about the receipt (with the reference), the comment, the answer and the status.
    to_author = [message for message in mail.outbox if message.to == [participant.email]]
    subjects = " | ".join(message.subject for message in to_author)
    assert len(to_author) == 4, subjects
    receipt_mail, comment_mail, answer_mail, status_mail = to_author
    assert idea.reference in receipt_mail.body
    assert re.search("Neuer Kommentar|New comment", comment_mail.subject), subjects
    assert "Das betrifft auch Rodewisch." in comment_mail.body
    assert re.search("offizielle Antwort|official answer", answer_mail.subject, re.IGNORECASE), subjects
    assert "Rufbus-Linie" in answer_mail.body
    assert re.search("Status", status_mail.subject), subjects
    assert idea_url in comment_mail.body

    # One click in the e-mail stops these e-mails.
    author.goto(link_from_mail(comment_mail, r"https?://\S+/unsubscribe/\S+"))
    check_page(author, "ideas-unsubscribe")
    button(author.locator("main form"), "abbestellen|Stop these e-mails").click()
    expect(author.locator("main .message--success")).to_be_visible()
    assert not NotificationSettings.objects.get(user=participant).my_contributions


# --- 2. a contribution by telephone ---------------------------------------------------------


def test_staff_record_a_telephone_contribution_without_showing_the_person(open_page, live_server, collection, staff_a):
    staff = open_page(staff_a)
    staff.goto(list_url(live_server, collection))
    link(staff.locator("main"), "Beitrag ohne Internet erfassen|Record a contribution received offline").click()
    check_page(staff, "ideas-offline-form")

    two_days_ago = timezone.localdate() - dt.timedelta(days=2)
    combobox(staff, r"^(Eingegangen|Received):?$").select_option(label="per Telefon")
    staff.get_by_label(name(r"^(Eingegangen am|Received on)")).fill(two_days_ago.isoformat())
    textbox(staff, "Name der Person|Name of the person").fill("Erika Mustermann")
    textbox(staff, "So erreichen wir|How to reach").fill("Tel. 03744 98765")
    expect(textbox(staff, "Einwilligung|Consent")).not_to_be_empty()
    expect(staff.get_by_label(name(r"löschen am|Delete name and contact on"))).not_to_have_value("")
    staff.get_by_role("radio", name=name("Vorschlag|Proposal")).check()
    textbox(staff, r"^(Titel|Title)").fill("Sitzbänke am Marktplatz")
    textbox(staff, r"^(Ihr Beitrag|Your contribution)").fill("Am Marktplatz fehlen Bänke zum Ausruhen.")
    combobox(staff, "Welchen Ort|Which town").select_option(label="Auerbach/Vogtl.")
    button(staff.locator("main form"), "Erfassen und veröffentlichen|Record and publish").click()

    expect(staff.get_by_role("heading", level=1)).to_have_text("Sitzbänke am Marktplatz")
    expect(success_message(staff)).to_be_visible()
    expect(staff.locator("main article.idea")).to_contain_text(
        name("Eingegangen per Telefon am|Received by telephone on")
    )
    staff_panel = staff.get_by_role("region", name=name("Für die Verwaltung|For staff"))
    expect(staff_panel).to_contain_text("Erika Mustermann")
    expect(staff_panel).to_contain_text("03744 98765")
    idea = Idea.objects.get(title="Sitzbänke am Marktplatz")
    assert (idea.channel, idea.received_on, idea.author) == (Channel.PHONE, two_days_ago, None)

    public = open_page()
    public.goto(staff.url)
    expect(public.locator("main")).to_contain_text(name("Eingegangen per Telefon|Received by telephone"))
    expect(public.locator("main")).not_to_contain_text("Erika")
    expect(public.locator("main")).not_to_contain_text("03744 98765")
    public.goto(list_url(live_server, collection))
    card = public.locator("article.idea-card", has_text="Sitzbänke am Marktplatz")
    expect(card).to_contain_text(name("eingegangen per Telefon|received by telephone"))
    expect(public.locator("body")).not_to_contain_text("Erika")


# --- 3. a guest contributes, a moderator releases -------------------------------------------


def test_guest_contribution_waits_until_a_moderator_releases_it(
    open_page, live_server, collection, org_admin, moderator
):
    # The organisation's admin lets guests contribute.
    admin = open_page(org_admin)
    admin.goto(list_url(live_server, collection))
    link(admin.locator("main"), "^(Einstellungen|Settings)$").click()
    check_page(admin, "ideas-settings")
    admin.get_by_role("checkbox", name=name("Gäste|Guests")).check()
    button(admin.locator("main form"), "^(Speichern|Save)$").click()
    expect(success_message(admin)).to_be_visible()

    guest = open_page()
    guest.goto(list_url(live_server, collection))
    link(guest.locator("main"), "Was können wir tun|What can we do").click()
    expect(guest.locator("main .note").first).to_contain_text(name("Gast|guest"))
    check_page(guest, "ideas-form-guest")
    textbox(guest, r"^(Titel|Title)").fill("Trinkbrunnen im Park")
    textbox(guest, r"^(Ihr Beitrag|Your contribution)").fill("Im Sommer fehlt Wasser für Kinder und Hunde.")
    textbox(guest, r"^(Ihr Name|Your name)").fill("Gerd")
    # The button says what happens: the contribution is reviewed first, not published.
    expect(guest.get_by_role("button", name=name("^(Veröffentlichen|Publish)$"))).to_have_count(0)
    button(guest.locator("main form"), "^(Zur Prüfung einreichen|Submit for review)$").click()
    idea = Idea.objects.get(title="Trinkbrunnen im Park")
    expect(guest.locator("#reference")).to_have_text(idea.reference)
    expect(guest.locator("main")).to_contain_text(name("Moderator"))
    guest.goto(list_url(live_server, collection))
    expect(guest.locator("main")).not_to_contain_text("Trinkbrunnen")
    assert (idea.visibility, idea.author, idea.author_name) == (Visibility.PENDING, None, "Gerd")

    public = open_page()
    public.goto(list_url(live_server, collection))
    expect(public.locator("main")).not_to_contain_text("Trinkbrunnen")
    assert public.goto(live_server.url + idea.get_absolute_url()).status == 404

    staff = open_page(moderator)
    staff.goto(list_url(live_server, collection))
    link(staff.locator("main"), "^Moderation$").click()
    pending = staff.get_by_role("region", name=name("auf Freigabe|for release"))
    item = pending.get_by_role("article", name="Trinkbrunnen im Park")
    expect(item).to_contain_text("Gerd")
    button(item, "^(Freigeben|Release)$").click()
    expect(success_message(staff)).to_be_visible()
    expect(pending).not_to_contain_text("Trinkbrunnen")
    expect(pending).to_contain_text(name("Nichts wartet|Nothing is waiting"))

    public.goto(list_url(live_server, collection))
    card = public.locator("article.idea-card", has_text="Trinkbrunnen im Park")
    expect(card).to_contain_text(name("von Gerd|by Gerd"))
    link(card, "Trinkbrunnen im Park").click()
    expect(public.get_by_role("heading", level=1)).to_have_text("Trinkbrunnen im Park")


# --- 4. finding contributions ---------------------------------------------------------------


@pytest.fixture
def many_ideas(collection, participant, town_a, town_b):
    """23 contributions, so that there are two pages: 18 criticisms (3 in Ellefeld), 4 visions, a proposal."""
    housing = Topic.objects.get(organisation=collection.phase.process.organisation, name="Wohnen")
    for number in range(1, 19):
        add_idea(
            collection,
            participant,
            kind=Kind.CRITICISM,
            title=f"Kritik Nummer {number}",
            text="Die Gehwege sind zu schmal für Rollatoren.",
            municipality=town_b if number <= 3 else town_a,
            place_name=f"Hauptstraße {number}" if number <= 2 else "",
        )
    for number in range(1, 5):
        add_idea(
            collection,
            participant,
            kind=Kind.VISION,
            title=f"Vision Nummer {number}",
            text="Eine Stadt, in der man im Alter wohnen bleiben kann.",
            municipality=town_a,
            topic=housing,
        )
    add_idea(
        collection,
        participant,
        title="Ein Spielplatz für alle Generationen",
        text="Mit Bänken, Schatten und Geräten für Jung und Alt.",
        place_name="Stadtpark Auerbach",
        latitude="50.509700",
        longitude="12.400200",
        target_groups=list(TargetGroup.objects.filter(name="Alle Generationen")),
    )


def test_filter_search_and_pages(page, live_server, collection, many_ideas):
    page.goto(list_url(live_server, collection))
    count = page.locator("#result-count")
    cards = page.locator("main article.idea-card")
    expect(count).to_have_text(name(r"^23 (Beiträge|contributions)"))
    expect(cards).to_have_count(20)
    pages = page.get_by_role("navigation", name=name("Seiten|Pages"))
    expect(pages).to_contain_text(name("Seite 1 von 2|page 1 of 2"))
    expect(page.get_by_role("heading", level=2, name=name("^(Beiträge|Contributions)$"))).to_be_attached()
    check_page(page, "ideas-list")

    link(pages, "nächste Seite|next page").click()
    expect(pages).to_contain_text(name("Seite 2 von 2|page 2 of 2"))
    expect(cards).to_have_count(3)
    link(pages, "vorige Seite|previous page").click()
    expect(cards).to_have_count(20)

    search = page.get_by_role("search")
    combobox(search, "^(Art|Kind)").select_option(label="Vision")
    button(search, "^(Anzeigen|Show)$").click()
    expect(count).to_have_text(name(r"^4 "))
    expect(cards).to_have_count(4)
    for card in cards.all():
        expect(card.locator(".kind")).to_have_text(name("Vision"))
    expect(combobox(search, "^(Art|Kind)")).to_have_value("vision")
    expect(pages).to_have_count(0)

    combobox(search, "^(Art|Kind)").select_option(value="")
    combobox(search, "^(Ort|Town)").select_option(label="Ellefeld")
    button(search, "^(Anzeigen|Show)$").click()
    expect(count).to_have_text(name(r"^3 "))
    expect(cards.filter(has_text="Ellefeld")).to_have_count(3)

    combobox(search, "^(Ort|Town)").select_option(value="")
    textbox(search, "^(Suche|Search)").fill("spielplatz")
    button(search, "^(Anzeigen|Show)$").click()
    expect(count).to_have_text(name(r"^1 "))
    expect(cards).to_have_text([re.compile("Spielplatz für alle Generationen")])

    textbox(search, "^(Suche|Search)").fill("Seilbahn")
    button(search, "^(Anzeigen|Show)$").click()
    expect(count).to_have_text(name(r"^0 "))
    expect(page.locator("main")).to_contain_text(name("Kein Beitrag|No contribution"))
    link(page.locator("main"), "Filter zurücksetzen|Reset filters").click()
    expect(count).to_have_text(name(r"^23 "))

    # The map view without a tile server: the places in words.
    link(page.locator("main"), "Karte|map").click()
    expect(page.locator("main .note").filter(has_text=name("Kartendienst|map server"))).to_be_visible()
    places = page.locator("main .place-list > li")
    expect(places.filter(has_text="Stadtpark Auerbach")).to_have_count(1)
    check_page(page, "ideas-map")
    link(page.locator("main"), "Liste|list").click()
    expect(cards).to_have_count(20)


# --- 5. a failed form keeps what was typed ---------------------------------------------------


def test_a_form_with_an_error_keeps_the_input_and_leads_to_the_field(page, live_server, collection, participant):
    log_in_as(page.context, live_server, participant)
    page.goto(list_url(live_server, collection))
    link(page.locator("main"), "Wie sollte es sein|How should it be").click()
    text = "Ein Marktplatz mit Schatten, Wasser und Bänken."
    textbox(page, r"^(Ihr Beitrag|Your contribution)").fill(text)
    combobox(page, "Welchen Ort|Which town").select_option(label="Ellefeld")
    button(page.locator("main form"), "^(Veröffentlichen|Publish)$").click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(name("korrigieren|correct"))
    expect(summary.get_by_role("link")).to_have_text(name(r"^(Titel|Title)\b"))  # which field, not only what
    title = textbox(page, r"^(Titel|Title)")
    expect(title).to_have_attribute("aria-invalid", "true")
    expect(textbox(page, r"^(Ihr Beitrag|Your contribution)")).to_have_value(text)
    expect(combobox(page, "Welchen Ort|Which town")).to_have_value(
        str(collection.phase.process.municipalities.get(name="Ellefeld").pk)
    )
    expect(page.get_by_role("radio", name=name("Vision"))).to_be_checked()
    check_page(page, "ideas-form-error")

    summary.get_by_role("link").first.click()
    expect(title).to_be_focused()
    title.fill("Schatten am Markt")
    button(page.locator("main form"), "^(Veröffentlichen|Publish)$").click()
    expect(page.locator("#reference")).to_have_text(Idea.objects.get(title="Schatten am Markt").reference)
    assert Idea.objects.get(title="Schatten am Markt").text == text

    # Without a kind chosen, the group of radio buttons says what is missing.
    page.goto(live_server.url + reverse("ideas:create", args=[collection.pk]))
    textbox(page, r"^(Titel|Title)").fill("Noch ein Beitrag")
    textbox(page, r"^(Ihr Beitrag|Your contribution)").fill(text)
    button(page.locator("main form"), "^(Veröffentlichen|Publish)$").click()
    kinds = page.get_by_role("group", name=name("Was möchten Sie beitragen|What would you like to contribute"))
    expect(kinds).to_have_accessible_description(name("erforderlich|required"))
    page.get_by_role("alert").get_by_role("link").first.click()
    expect(page.get_by_role("radio", name=name("Kritik|Criticism"))).to_be_focused()
    expect(textbox(page, r"^(Titel|Title)")).to_have_value("Noch ein Beitrag")


# --- the remaining pages ---------------------------------------------------------------------


def test_report_moderation_notification_and_letter_answer_pages_are_accessible(
    open_page, live_server, collection, participant, moderator, staff_a, town_a
):
    idea = add_idea(collection, participant, title="Mehr Licht im Bahnhofstunnel", municipality=town_a)
    neighbour = UserFactory(email="nachbar@example.org", display_name="Nils")
    comment = services.comment_create(idea=idea, author=neighbour, text="Und eine Kamera, bitte.")
    services.comment_create(idea=idea, author=participant, text="Gute Idee.", parent=comment)
    add_idea(collection, None, title="Ein Gast schreibt", guest_name="Gast")
    services.idea_answer(idea=idea, by=moderator, text="Die Stadtwerke tauschen die Lampen im Juni.")
    services.idea_change_status(idea=idea, by=moderator, status=Status.UNDER_REVIEW)

    reader = open_page(neighbour)
    reader.goto(live_server.url + idea.get_absolute_url())
    link(reader.locator("main article.idea"), "Melden|Report").click()
    check_page(reader, "ideas-report")
    textbox(reader, "Warum|Why").fill("Der Titel ist irreführend.")
    button(reader.locator("main form"), "Meldung senden|Send report").click()
    expect(success_message(reader)).to_be_visible()
    link(reader.locator("#comments article.comment--reply"), "^(Melden|Report)$").click()
    expect(reader.locator("main blockquote")).to_contain_text("Gute Idee.")
    textbox(reader, "Warum|Why").fill("Nur ein Test.")
    button(reader.locator("main form"), "Meldung senden|Send report").click()
    expect(success_message(reader)).to_be_visible()

    reader.goto(live_server.url + reverse("notifications:settings"))
    check_page(reader, "notification-settings")

    staff = open_page(moderator)
    staff.goto(live_server.url + reverse("ideas:moderation", args=[collection.pk]))
    reports = staff.get_by_role("region", name=name("Meldung|report"))
    expect(reports.get_by_role("article")).to_have_count(2)
    check_page(staff, "ideas-moderation")

    town = open_page(staff_a)
    offline = services.offline_idea_record(
        module=collection,
        recorded_by=staff_a,
        channel=Channel.LETTER,
        received_on=timezone.localdate(),
        contact_name="Erika Mustermann",
        contact="Markt 3\n08209 Auerbach",
        consent="Einverstanden.",
        delete_on=timezone.localdate() + dt.timedelta(days=90),
        kind=Kind.CRITICISM,
        title="Brief zur Straßenbeleuchtung",
        text="Die Laternen gehen zu früh aus.",
        municipality=town_a,
    )
    services.idea_answer(idea=offline, by=staff_a, text="Wir stellen die Zeitschaltuhr um.")
    town.goto(live_server.url + offline.get_absolute_url())
    expect(town.get_by_role("button", name=name("verschickt wurde|answer was sent"))).to_be_visible()
    check_page(town, "ideas-detail-offline-answered")
