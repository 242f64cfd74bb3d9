"""The hints while writing a contribution: similar contributions of the same collection, asked by
htmx while typing (ideas:hints) and shown by the form's preview step without JavaScript; and the
page that explains them in plain language (ideas:similar_explained)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.ideas.conftest import german
from tests.ideas.factories import IdeaFactory
from tests.ideas.helpers import idea_form_data, jpeg_with_exif, messages_of, upload, url
from zukunftswerkstatt.ideas import services
from zukunftswerkstatt.ideas.models import Idea
from zukunftswerkstatt.processes.services import module_create

pytestmark = pytest.mark.django_db

HEADING = "Similar contributions – perhaps you would like to support or comment there?"
# What a person types who has not seen the existing bus contribution.
TYPED = {
    "title": "Bus fährt abends nicht",
    "text": "Abends fährt kein Bus mehr nach Ellefeld, ohne Auto kommt man nicht nach Hause.",
}
# Queries of one hint request by a person signed in, whatever the size of the collection: session
# and user (2), the module with its phase and process, the person's blocks (permission), the five
# of similar_ideas, and the organisation of the site's context processor.
HINT_QUERIES = 10


@pytest.fixture
def bus(ideas_module):
    """Someone wrote about the evening buses already."""
    return IdeaFactory(
        module=ideas_module,
        title="Der Bus fährt abends nicht mehr",
        text="Nach 18 Uhr gibt es keine Busverbindung von Auerbach nach Ellefeld. Abends fährt kein Bus.",
    )


@pytest.fixture
def bench(idea):
    """Paula's benches at the market square: nothing to do with buses."""
    return idea


def hints(client, module, **data):
    return client.post(url("hints", module), {**TYPED, **data}, HTTP_HX_REQUEST="true")


def shown_ids(response) -> str:
    match = re.search(r'name="similar_shown" value="([0-9,]*)"', response.content.decode())
    return match.group(1) if match else ""


# -- the hints while typing -----------------------------------------------------------------------


def test_a_contribution_that_says_the_same_is_shown_and_an_unrelated_one_is_not(
    client_for, participant, ideas_module, bus, bench
):
    response = hints(client_for(participant), ideas_module)
    page = response.content.decode()
    assert response.status_code == 200
    assert german(HEADING) in page
    assert bus.title in page
    assert bench.title not in page
    # the link leads to the support button of the contribution, in a new tab (the typed text stays)
    assert f'href="{bus.get_absolute_url()}#support-{bus.pk}" target="_blank" rel="noopener"' in page
    assert german("(opens in a new tab)") in page
    assert reverse("ideas:similar_explained") in page
    assert shown_ids(response) == str(bus.pk)
    # the short status for screen readers is set beside the box, which is no live region itself
    assert 'id="similar-hints-status" hx-swap-oob="innerHTML"' in page
    assert "aria-live" not in page


def test_the_hints_show_counts_and_a_short_excerpt(client_for, participant, ideas_module, bus, moderator):
    services.support_toggle(idea=bus, user=moderator)
    services.comment_create(idea=bus, author=moderator, text="Das stimmt, der letzte Bus fährt um 17 Uhr.")
    bus.text = "Abends fährt kein Bus. " + " ".join(["Wort"] * 60) + " Schlusssatz"
    bus.save(update_fields=["text"])
    page = hints(client_for(participant), ideas_module).content.decode()
    assert "1 support" in page or "1 Unterstützung" in page
    assert "1 comment" in page or "1 Kommentar" in page
    assert "Schlusssatz" not in page  # only the beginning of a long text


def test_nothing_is_looked_up_for_a_word_or_two(client_for, participant, ideas_module, bus):
    client = client_for(participant)
    response = hints(client, ideas_module, title="Bus", text="")
    assert response.status_code == 204  # nothing was shown, nothing is: htmx leaves the page alone
    response = hints(client, ideas_module, title="Bus abends", text="", similar_shown=str(bus.pk))
    assert response.status_code == 200
    assert bus.title not in response.content.decode()  # the box shown before is emptied


def test_the_same_hints_again_change_nothing_on_the_page(client_for, participant, ideas_module, bus):
    client = client_for(participant)
    first = hints(client, ideas_module)
    again = hints(client, ideas_module, text=TYPED["text"] + " Bitte ändern!", similar_shown=shown_ids(first))
    assert again.status_code == 204
    assert again.content == b""


def test_a_guest_may_ask_where_guests_may_contribute(client, guest_module):
    IdeaFactory(module=guest_module, title="Der Bus fährt abends nicht mehr", text="Kein Bus nach 18 Uhr.")
    Idea.objects.filter(module=guest_module).update(visibility="published")  # as a moderator would
    response = hints(client, guest_module)
    assert response.status_code == 200
    assert "Der Bus fährt abends nicht mehr" in response.content.decode()


def test_a_guest_may_not_ask_where_only_accounts_may_contribute(client, ideas_module, bus):
    assert hints(client, ideas_module).status_code == 403


def test_a_module_closed_for_contributions_gives_no_hints(client_for, participant, process):
    profile = process.phases.get(type="profile")  # the phase before the workshop: over
    finished = module_create(phase=profile, type="ideas", title="Vorbei")
    assert hints(client_for(participant), finished).status_code == 403


def test_an_unpublished_module_gives_no_hints(client_for, participant, ideas_module, bus):
    ideas_module.is_published = False
    ideas_module.save(update_fields=["is_published"])
    assert hints(client_for(participant), ideas_module).status_code == 404


def test_the_hints_are_only_posted(client_for, participant, ideas_module):
    assert client_for(participant).get(url("hints", ideas_module), TYPED).status_code == 405


def test_contributions_not_published_are_not_hinted_at(client_for, participant, ideas_module, bus, moderator):
    services.idea_hide(idea=bus, by=moderator, reason="Doppelt")
    response = hints(client_for(participant), ideas_module)
    assert bus.title not in response.content.decode()


def test_over_the_rate_limit_the_box_is_empty_and_nobody_is_scolded(
    settings, client_for, participant, ideas_module, bus
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "ideas.hints:account": "1/h"}
    client = client_for(participant)
    first = hints(client, ideas_module)
    assert bus.title in first.content.decode()
    second = hints(client, ideas_module, similar_shown=shown_ids(first))
    assert second.status_code == 200
    assert bus.title not in second.content.decode()
    assert german(HEADING) not in second.content.decode()
    assert messages_of(second) == []


def test_visitors_are_limited_by_address(settings, client, guest_module):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "ideas.hints:ip": "1/h"}
    IdeaFactory(module=guest_module, title="Der Bus fährt abends nicht mehr", text="Kein Bus nach 18 Uhr.")
    Idea.objects.filter(module=guest_module).update(visibility="published")
    first = hints(client, guest_module)
    assert "Der Bus fährt abends nicht mehr" in first.content.decode()
    second = hints(client, guest_module, similar_shown=shown_ids(first))
    assert "Der Bus fährt abends nicht mehr" not in second.content.decode()


def test_the_text_of_contributions_is_escaped(client_for, participant, ideas_module):
    IdeaFactory(
        module=ideas_module,
        title="<b>Bus</b> fährt abends nicht",
        text='<script>alert("Bus")</script> Abends fährt kein Bus nach Ellefeld <img src=x onerror=alert(1)>',
    )
    page = hints(client_for(participant), ideas_module).content.decode()
    assert "&lt;b&gt;Bus&lt;/b&gt;" in page
    assert "<script>" not in page
    assert "<img" not in page


def test_a_hint_request_takes_a_fixed_number_of_queries(
    client_for, participant, ideas_module, bus, django_assert_num_queries
):
    for number in range(12):
        IdeaFactory(module=ideas_module, title=f"Bus {number} fährt abends nicht", text="Abends fährt kein Bus.")
    client = client_for(participant)
    with django_assert_num_queries(HINT_QUERIES):
        response = hints(client, ideas_module)
    assert response.content.decode().count('class="similar-hints__item"') == 5


# -- the form ---------------------------------------------------------------------------------------


def test_the_form_asks_for_hints_while_typing(client_for, participant, ideas_module):
    page = client_for(participant).get(url("create", ideas_module)).content.decode()
    assert f'hx-post="{url("hints", ideas_module)}"' in page
    assert "input changed delay:800ms from:#id_title" in page
    assert 'hx-params="csrfmiddlewaretoken,title,text,similar_shown"' in page  # never the picture
    assert 'id="similar-hints-status" class="visually-hidden" role="status"' in page
    assert 'name="preview"' in page


def test_the_edit_form_has_no_hints_and_no_preview(client_for, participant, ideas_module, idea):
    page = client_for(participant).get(url("edit", ideas_module, idea)).content.decode()
    assert url("hints", ideas_module) not in page
    assert 'name="preview"' not in page


# -- the preview step (without JavaScript) --------------------------------------------------------


def test_the_preview_shows_the_contribution_and_the_hints_and_stores_nothing(
    client_for, participant, ideas_module, bus, town_a
):
    data = idea_form_data(**TYPED, municipality=town_a.pk, place_name="Haltestelle Markt", preview="1")
    response = client_for(participant).post(url("create", ideas_module), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert Idea.objects.count() == 1  # only the bus contribution from before
    assert response.context["preview"].title == TYPED["title"]
    assert german("Preview: this is how your contribution will look") in page
    assert german(HEADING) in page
    assert bus.title in page
    # what was typed stays in the form, and it can be sent as it is
    form = response.context["form"]
    assert form["title"].value() == TYPED["title"]
    assert form["text"].value() == TYPED["text"]
    assert f'value="{TYPED["title"]}"' in page
    assert "Haltestelle Markt" in page
    assert german("Publish") in page
    assert messages_of(response) == []


def test_sending_after_the_preview_publishes(client_for, participant, ideas_module, bus):
    client = client_for(participant)
    client.post(url("create", ideas_module), idea_form_data(**TYPED, preview="1"))
    response = client.post(url("create", ideas_module), idea_form_data(**TYPED, similar_shown=str(bus.pk)))
    assert response.status_code == 302
    assert Idea.objects.filter(title=TYPED["title"]).exists()


def test_a_preview_of_invalid_input_shows_the_errors_and_keeps_the_input(client_for, participant, ideas_module, bus):
    data = idea_form_data(**{**TYPED, "title": ""}, preview="1")
    response = client_for(participant).post(url("create", ideas_module), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["preview"] is None
    assert "title" in response.context["form"].errors
    assert german("Please correct the marked fields.") in page
    assert TYPED["text"] in page
    assert german(HEADING) in page  # the hints come from the text all the same
    assert Idea.objects.count() == 1


def test_a_preview_says_that_a_chosen_image_must_be_chosen_again(client_for, participant, ideas_module):
    data = idea_form_data(image=upload("bus.jpg", jpeg_with_exif()), image_alt="Die leere Haltestelle", preview="1")
    response = client_for(participant).post(url("create", ideas_module), data)
    page = response.content.decode()
    assert response.context["form"].image_again
    notice = german(
        "Please choose your image again before you send the contribution: for your safety, browsers do not keep "
        "a chosen file when a page is shown again."
    )
    assert escape(notice) in page
    assert 'aria-describedby="id_image_helptext"' in page
    assert "idea-form--image-again" in page
    assert not Idea.objects.exists()


def test_without_an_image_there_is_no_such_note(client_for, participant, ideas_module):
    response = client_for(participant).post(url("create", ideas_module), idea_form_data(preview="1"))
    assert not response.context["form"].image_again


def test_a_guest_previews_too(client, guest_module):
    data = idea_form_data(**TYPED, guest_name="Gerd", preview="1")
    response = client.post(url("create", guest_module), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert not Idea.objects.exists()
    assert "Gerd" in page  # the preview names the guest as the contribution will
    assert german("Submit for review") in page  # a guest's contribution waits for moderation


def test_a_preview_does_not_count_as_a_contribution(settings, client_for, participant, ideas_module):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "ideas.idea:account": "1/h"}
    client = client_for(participant)
    for _ in range(3):
        client.post(url("create", ideas_module), idea_form_data(preview="1"))
    assert client.post(url("create", ideas_module), idea_form_data()).status_code == 302


# -- the explanation ------------------------------------------------------------------------------


def test_the_explanation_is_a_public_page_in_plain_german(client):
    response = client.get(reverse("ideas:similar_explained"))
    page = response.content.decode()
    assert response.status_code == 200
    assert german("How we find similar contributions") in page
    assert german("It does not use an artificial intelligence service.") in page
