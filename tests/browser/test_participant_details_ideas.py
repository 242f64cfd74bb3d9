"""The optional town and age group on the contribution form, in a browser: a fieldset with its
legend and explanation, filled in from the consented profile, kept after an error, accessible
(axe at 1280 and 320 px), and not shown on the published contribution."""

from __future__ import annotations

import re

from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import check_page
from tests.browser.test_ideas import button, collection, combobox, textbox  # noqa: F401 - fixture
from tests.factories import MunicipalityFactory
from zukunftswerkstatt.accounts.models import AgeGroup
from zukunftswerkstatt.accounts.services import profile_update
from zukunftswerkstatt.ideas.models import Idea


def test_a_participant_gives_town_and_age_group_with_a_contribution(
    open_page,
    live_server,
    collection,  # noqa: F811
    participant,
    organisation,
):
    treuen = MunicipalityFactory(organisation=organisation, name="Treuen", ags="14523450")
    profile_update(
        user=participant,
        display_name=participant.display_name,
        is_under_16=False,
        age_group=AgeGroup.AGE_65_79,
        home_municipality=treuen,
        profile_consent=True,
    )
    page = open_page(participant)
    page.goto(live_server.url + reverse("ideas:create", kwargs={"module_pk": collection.pk}))
    details = page.get_by_role("group", name=re.compile("Über Sie, für die Statistik|About you, for the statistics"))
    expect(details).to_be_visible()
    expect(details).to_contain_text(re.compile("nie mit Ihrem Namen|never shown with your name"))
    town = combobox(details, "Ich wohne in|I live in")
    age = combobox(details, "Meine Altersgruppe|My age group")
    expect(town).to_have_value(str(treuen.pk))
    expect(age).to_have_value(AgeGroup.AGE_65_79)
    check_page(page, "ideas-form-participant-details")

    # Changed for this contribution; the title forgotten: the error keeps both choices.
    age.select_option(AgeGroup.AGE_45_64)
    textbox(page, r"^(Ihr Beitrag|Your contribution)").fill("Ein Trinkbrunnen im Stadtpark.")
    page.get_by_role("radio", name=re.compile("Vorschlag|Proposal")).check()
    button(page.locator("main form"), "^(Veröffentlichen|Publish)$").click()
    expect(page.locator(".field--error")).not_to_have_count(0)
    details = page.get_by_role("group", name=re.compile("Über Sie, für die Statistik|About you, for the statistics"))
    expect(combobox(details, "Ich wohne in|I live in")).to_have_value(str(treuen.pk))
    expect(combobox(details, "Meine Altersgruppe|My age group")).to_have_value(AgeGroup.AGE_45_64)
    check_page(page, "ideas-form-participant-details-error")

    textbox(page, r"^(Titel|Title)").fill("Trinkbrunnen")
    button(page.locator("main form"), "^(Veröffentlichen|Publish)$").click()
    idea = Idea.objects.get(title="Trinkbrunnen")
    assert (idea.participant_town, idea.participant_age_group) == (treuen, AgeGroup.AGE_45_64)
    page.goto(live_server.url + idea.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Trinkbrunnen")
    expect(page.locator("main")).not_to_contain_text("Treuen")
    expect(page.locator("main")).not_to_contain_text(re.compile("45 bis 64|45 to 64"))
