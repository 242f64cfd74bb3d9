"""The optional town and age group with a contribution (issue 12): offered on every way in,
prefilled from a consented profile, kept on errors, stored for each channel, never shown publicly,
and never stored for people under 16 without a parent's consent."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from tests.factories import MunicipalityFactory
from tests.ideas.conftest import german
from tests.ideas.helpers import idea_form_data, url
from tests.ideas.test_views_staff import offline_form_data
from zukunftswerkstatt.accounts.models import AgeGroup, ParentalConsent
from zukunftswerkstatt.accounts.services import profile_update
from zukunftswerkstatt.ideas import services
from zukunftswerkstatt.ideas.models import Channel, Idea, Visibility

pytestmark = pytest.mark.django_db

LIVES_IN = 'name="participant_town"'
AGE = 'name="participant_age_group"'


@pytest.fixture
def rodewisch(organisation):
    """A town of the association that is not one of the process's towns: its name appears on no
    page of the collection unless a participant detail leaks."""
    return MunicipalityFactory(organisation=organisation, name="Treuen", ags="14523450")


def selected(html: str, name: str, value) -> bool:
    """Whether the <select> `name` has `value` selected in the rendered form."""
    start = html.index(f'name="{name}"')
    end = html.index("</select>", start)
    return f'value="{value}" selected' in html[start:end]


def fresh(idea: Idea) -> Idea:
    return Idea.objects.get(pk=idea.pk)


def with_profile(user, town, age_group=AgeGroup.AGE_65_79):
    return profile_update(
        user=user,
        display_name=user.display_name,
        is_under_16=user.is_under_16,
        age_group=age_group,
        home_municipality=town,
        profile_consent=True,
    )


# Online, with an account


def test_the_form_offers_the_details_prefilled_from_the_consented_profile(
    client_for, participant, ideas_module, rodewisch
):
    with_profile(participant, rodewisch)
    html = client_for(participant).get(url("create", ideas_module)).content.decode()
    assert german("About you, for the statistics (optional)") in html
    assert (
        german(
            "Voluntary: where you live and your age group help us see whether every town and generation is "
            "heard. They are never shown with your name."
        )
        in html
    )
    assert selected(html, "participant_town", rodewisch.pk)
    assert selected(html, "participant_age_group", AgeGroup.AGE_65_79)


def test_without_a_profile_nothing_is_prefilled(client_for, participant, ideas_module, rodewisch):
    html = client_for(participant).get(url("create", ideas_module)).content.decode()
    assert LIVES_IN in html
    assert AGE in html
    assert not selected(html, "participant_town", rodewisch.pk)
    assert 'value="" selected' in html[html.index(AGE) :]


def test_a_participant_changes_the_profiles_details_for_this_contribution(
    client_for, participant, ideas_module, rodewisch, town_b
):
    with_profile(participant, rodewisch)
    response = client_for(participant).post(
        url("create", ideas_module),
        idea_form_data(participant_town=town_b.pk, participant_age_group=AgeGroup.AGE_45_64),
    )
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert (idea.participant_town, idea.participant_age_group) == (town_b, AgeGroup.AGE_45_64)
    participant.refresh_from_db()
    assert (participant.home_municipality, participant.age_group) == (rodewisch, AgeGroup.AGE_65_79)


def test_the_details_are_never_required(client_for, participant, ideas_module):
    response = client_for(participant).post(url("create", ideas_module), idea_form_data())
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert (idea.participant_town, idea.participant_age_group) == (None, "")


def test_the_typed_details_survive_a_failed_submit(client_for, participant, ideas_module, rodewisch):
    response = client_for(participant).post(
        url("create", ideas_module),
        idea_form_data(title="", participant_town=rodewisch.pk, participant_age_group=AgeGroup.AGE_18_29),
    )
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    html = response.content.decode()
    assert selected(html, "participant_town", rodewisch.pk)
    assert selected(html, "participant_age_group", AgeGroup.AGE_18_29)
    assert not Idea.objects.exists()


def test_a_town_outside_the_association_is_refused_and_nothing_stored(
    client_for, participant, ideas_module, other_organisation
):
    elsewhere = MunicipalityFactory(organisation=other_organisation, name="Anderswo", ags="14999999")
    response = client_for(participant).post(
        url("create", ideas_module), idea_form_data(participant_town=elsewhere.pk, participant_age_group="99+")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "participant_town" in errors
    assert "participant_age_group" in errors
    assert not Idea.objects.exists()
    with pytest.raises(ValidationError) as refused:
        services.idea_create(
            module=ideas_module, author=participant, kind="proposal", title="T", text="X", participant_town=elsewhere
        )
    assert "participant_town" in refused.value.message_dict


# People under 16


@pytest.fixture
def child(participant):
    participant.is_under_16 = True
    participant.save(update_fields=["is_under_16"])
    return participant


def test_under_16_without_a_parents_consent_are_not_asked_and_nothing_is_stored(
    client_for, child, ideas_module, rodewisch
):
    client = client_for(child)
    html = client.get(url("create", ideas_module)).content.decode()
    assert LIVES_IN not in html
    assert AGE not in html
    # Sent all the same (an old form, a crafted request): not stored.
    client.post(
        url("create", ideas_module),
        idea_form_data(participant_town=rodewisch.pk, participant_age_group=AgeGroup.AGE_12_15),
    )
    idea = Idea.objects.get()
    assert (idea.participant_town, idea.participant_age_group) == (None, "")
    direct = services.idea_create(
        module=ideas_module,
        author=child,
        kind="proposal",
        title="Direkt",
        text="Über den Dienst",
        participant_town=rodewisch,
        participant_age_group=AgeGroup.AGE_12_15,
    )
    assert (direct.participant_town, direct.participant_age_group) == (None, "")
    services.idea_update(
        idea=direct,
        editor=child,
        title="Direkt",
        text="Geändert",
        kind="proposal",
        participant_town=rodewisch,
        participant_age_group=AgeGroup.AGE_12_15,
    )
    assert (fresh(direct).participant_town, fresh(direct).participant_age_group) == (None, "")


def test_under_16_with_a_parents_consent_may_give_them(client_for, child, ideas_module, rodewisch):
    ParentalConsent.objects.create(
        user=child, parent_email="mama@example.org", token_hash="x" * 64, confirmed_at=timezone.now()
    )
    client = client_for(child)
    assert LIVES_IN in client.get(url("create", ideas_module)).content.decode()
    client.post(
        url("create", ideas_module),
        idea_form_data(participant_town=rodewisch.pk, participant_age_group=AgeGroup.AGE_12_15),
    )
    idea = Idea.objects.get()
    assert (idea.participant_town, idea.participant_age_group) == (rodewisch, AgeGroup.AGE_12_15)


# Guests and offline: anonymous statistics with the record


def test_a_guest_gives_the_details_and_keeps_them_on_a_failed_submit(client, guest_module, rodewisch):
    html = client.get(url("create", guest_module)).content.decode()
    assert german("About you, for the statistics (optional)") in html
    data = idea_form_data(participant_town=rodewisch.pk, participant_age_group=AgeGroup.AGE_80_PLUS)
    failed = client.post(url("create", guest_module), {**data, "guest_email": "kein-at"})
    assert failed.status_code == 200
    assert selected(failed.content.decode(), "participant_town", rodewisch.pk)
    assert selected(failed.content.decode(), "participant_age_group", AgeGroup.AGE_80_PLUS)
    assert client.post(url("create", guest_module), data).status_code == 302
    idea = Idea.objects.get()
    assert idea.author is None
    assert (idea.participant_town, idea.participant_age_group) == (rodewisch, AgeGroup.AGE_80_PLUS)


def test_staff_record_the_details_of_an_offline_contribution(client_for, staff_a, ideas_module, rodewisch):
    client = client_for(staff_a)
    html = client.get(url("offline", ideas_module)).content.decode()
    assert german("About the person, for the statistics (optional)") in html
    assert german("The person lives in") in html
    assert german("Their age group") in html
    data = offline_form_data(channel="phone", participant_town=rodewisch.pk, participant_age_group="65-79")
    failed = client.post(url("offline", ideas_module), {**data, "contact_name": ""})
    assert "contact_name" in failed.context["form"].errors
    assert selected(failed.content.decode(), "participant_town", rodewisch.pk)
    assert selected(failed.content.decode(), "participant_age_group", "65-79")
    assert client.post(url("offline", ideas_module), data).status_code == 302
    idea = Idea.objects.get()
    assert idea.channel == Channel.PHONE
    assert (idea.participant_town, idea.participant_age_group) == (rodewisch, AgeGroup.AGE_65_79)


def test_the_staff_members_own_profile_does_not_fill_in_the_offline_form(client_for, staff_a, ideas_module, rodewisch):
    with_profile(staff_a, rodewisch, AgeGroup.AGE_30_44)
    html = client_for(staff_a).get(url("offline", ideas_module)).content.decode()
    assert not selected(html, "participant_town", rodewisch.pk)
    assert not selected(html, "participant_age_group", AgeGroup.AGE_30_44)


# Editing


def test_the_author_edits_and_keeps_or_changes_the_details(client_for, participant, idea, ideas_module, rodewisch):
    services.idea_update(
        idea=idea,
        editor=participant,
        title=idea.title,
        text=idea.text,
        kind=idea.kind,
        municipality=idea.municipality,
        participant_town=rodewisch,
        participant_age_group=AgeGroup.AGE_45_64,
    )
    client = client_for(participant)
    html = client.get(url("edit", ideas_module, idea)).content.decode()
    assert selected(html, "participant_town", rodewisch.pk)
    assert selected(html, "participant_age_group", AgeGroup.AGE_45_64)
    data = idea_form_data(
        title=idea.title, municipality=idea.municipality_id, participant_town=rodewisch.pk, participant_age_group=""
    )
    assert client.post(url("edit", ideas_module, idea), data).status_code == 302
    assert (fresh(idea).participant_town, fresh(idea).participant_age_group) == (rodewisch, "")


def test_a_moderator_editing_someone_elses_contribution_neither_sees_nor_changes_them(
    client_for, moderator, idea, ideas_module, rodewisch
):
    Idea.objects.filter(pk=idea.pk).update(participant_town=rodewisch, participant_age_group="65-79")
    client = client_for(moderator)
    html = client.get(url("edit", ideas_module, idea)).content.decode()
    assert LIVES_IN not in html
    assert "Treuen" not in html
    data = idea_form_data(
        title="Neuer Titel",
        municipality=idea.municipality_id,
        moderator_note="Titel gekürzt",
        participant_town="",
        participant_age_group="",
    )
    assert client.post(url("edit", ideas_module, idea), data).status_code == 302
    edited = fresh(idea)
    assert edited.title == "Neuer Titel"
    assert (edited.participant_town, edited.participant_age_group) == (rodewisch, "65-79")


def test_staff_correct_the_details_of_an_offline_contribution(client_for, staff_a, moderator, ideas_module, rodewisch):
    client = client_for(staff_a)
    client.post(url("offline", ideas_module), offline_form_data(participant_town=rodewisch.pk))
    idea = Idea.objects.get()
    client = client_for(moderator)
    html = client.get(url("edit", ideas_module, idea)).content.decode()
    assert german("About the person, for the statistics (optional)") in html
    assert selected(html, "participant_town", rodewisch.pk)
    data = idea_form_data(
        title=idea.title,
        text=idea.text,
        moderator_note="Alter ergänzt",
        participant_town=rodewisch.pk,
        participant_age_group="80+",
    )
    assert client.post(url("edit", ideas_module, idea), data).status_code == 302
    assert (fresh(idea).participant_town, fresh(idea).participant_age_group) == (rodewisch, "80+")


# Never shown publicly or with a name


@pytest.fixture
def told(ideas_module, participant, staff_a, rodewisch, town_a):
    """A contribution by Paula and a letter, both with town and age group."""
    idea = services.idea_create(
        module=ideas_module,
        author=participant,
        kind="proposal",
        title="Sitzbänke am Marktplatz",
        text="Am Marktplatz fehlen Sitzbänke.",
        municipality=town_a,
        participant_town=rodewisch,
        participant_age_group=AgeGroup.AGE_80_PLUS,
    )
    letter = services.offline_idea_record(
        module=ideas_module,
        recorded_by=staff_a,
        channel=Channel.LETTER,
        received_on=timezone.localdate(),
        contact_name="Erna Schubert",
        contact="Lindenstraße 4",
        consent="Schriftlich",
        delete_on=timezone.localdate().replace(year=timezone.localdate().year + 1),
        kind="criticism",
        title="Der Bus fährt zu selten",
        text="Ich komme nicht zum Arzt.",
        municipality=town_a,
        participant_town=rodewisch,
        participant_age_group=AgeGroup.AGE_80_PLUS,
    )
    assert idea.visibility == letter.visibility == Visibility.PUBLISHED
    return [idea, letter]


def test_no_public_page_shows_the_details(client, client_for, participant, moderator, ideas_module, told):
    age = german(str(AgeGroup.AGE_80_PLUS.label))
    pages = [
        url("list", ideas_module),
        url("list", ideas_module) + "?view=map",
        url("list", ideas_module) + "?q=Marktplatz",
        *[idea.get_absolute_url() for idea in told],
    ]
    # Everyone, the author and the moderation: the town and the age group appear on none of these pages.
    for visitor in (Client(), client_for(participant), client_for(moderator)):
        for page in pages:
            response = visitor.get(page)
            assert response.status_code == 200, page
            html = response.content.decode()
            assert "Treuen" not in html, page
            assert age not in html, page
            assert "80+" not in html, page


def test_the_staff_export_lists_authors_and_so_leaves_the_details_out(client_for, staff_a, ideas_module, told):
    response = client_for(staff_a).get(url("export", ideas_module, file_format="csv"))
    text = response.content.decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert german("Author") in rows[0]
    assert "Treuen" not in text
    assert "80+" not in text
    assert german(str(AgeGroup.AGE_80_PLUS.label)) not in text
