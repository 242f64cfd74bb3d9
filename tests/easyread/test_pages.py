"""The pages in Leichte Sprache: writing them (services), who may (rules), what the public sees."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.factories import ModuleFactory
from zukunftswerkstatt.easyread import services
from zukunftswerkstatt.easyread.models import EasyReadPage, PhaseSentence
from zukunftswerkstatt.easyread.selectors import running_phase_calls
from zukunftswerkstatt.processes.models import PhaseState

pytestmark = pytest.mark.django_db


def _jpeg(name="bild.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, "JPEG", exif=Image.Exif())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _url(name, organisation, **kwargs):
    return reverse(f"easyread:{name}", kwargs={"organisation_slug": organisation.slug, **kwargs})


# --- services -----------------------------------------------------------------------------------


def test_saving_a_kind_twice_changes_the_one_page(organisation, steps_page):
    again = services.easyread_page_save(
        organisation=organisation, kind=EasyReadPage.Kind.STEPS, title="Neu", body="Neu.", is_published=False
    )

    assert again.pk == steps_page.pk
    assert EasyReadPage.objects.get().title == "Neu"
    assert not again.is_published


def test_a_new_page_takes_the_place_of_its_kind_in_the_fixed_order(organisation):
    page = services.easyread_page_save(
        organisation=organisation, kind=EasyReadPage.Kind.PRIVACY, title="Daten·schutz", body="Text.", is_published=True
    )
    assert page.position == 3


def test_a_picture_is_re_encoded_and_needs_its_description(organisation):
    with pytest.raises(ValidationError) as error:
        services.easyread_page_save(
            organisation=organisation, kind="platform", title="T", body="B.", is_published=True, image=_jpeg()
        )
    assert "image_alt" in error.value.message_dict

    page = services.easyread_page_save(
        organisation=organisation,
        kind="platform",
        title="T",
        body="B.",
        is_published=True,
        image=_jpeg(),
        image_alt="Menschen an einem Tisch",
    )
    with Image.open(page.image.path) as saved:
        assert not saved.getexif()
    assert page.image_alt == "Menschen an einem Tisch"


def test_removing_the_picture_removes_its_description(organisation):
    services.easyread_page_save(
        organisation=organisation,
        kind="platform",
        title="T",
        body="B.",
        is_published=True,
        image=_jpeg(),
        image_alt="X",
    )
    page = services.easyread_page_save(
        organisation=organisation, kind="platform", title="T", body="B.", is_published=True, remove_image=True
    )
    assert not page.image
    assert page.image_alt == ""


def test_an_empty_phase_sentence_removes_it(process):
    phase = process.phases.get(type="workshop")
    services.phase_sentence_save(phase=phase, text="Jetzt sammeln wir Ideen.")
    assert PhaseSentence.objects.get().text == "Jetzt sammeln wir Ideen."

    services.phase_sentence_save(phase=phase, text="  ")
    assert not PhaseSentence.objects.exists()


def test_the_body_keeps_one_sentence_a_line_sanitised_with_break_points(steps_page):
    steps_page.body = "Satz eins.\nSatz zwei.\n\n<script>alert(1)</script>"
    html = steps_page.body_html

    assert "Satz eins.<br>" in html or "Satz eins.<br />" in html
    assert "<script" not in html
    assert "Zukunfts·<wbr>werkstatt" in steps_page.title_html


# --- the running phases' calls to action ----------------------------------------------------------


def test_the_running_phase_comes_with_its_main_action_and_sentence(process, organisation):
    phase = process.phases.get(type="workshop")
    assert phase.state() == PhaseState.RUNNING
    ModuleFactory(phase=phase, type="ideas", title="Ideen")
    services.phase_sentence_save(phase=phase, text="Schreiben Sie Ihre Idee auf.")

    [call] = running_phase_calls(organisation=organisation)

    assert call.phase == phase
    assert call.sentence == "Schreiben Sie Ihre Idee auf."
    assert call.action is not None
    assert call.action.url.startswith("/ideas/")


def test_unpublished_processes_have_no_call(process, organisation):
    process.is_published = False
    process.save(update_fields=["is_published"])
    assert running_phase_calls(organisation=organisation) == []


def test_the_calls_take_a_fixed_number_of_queries(process, organisation, django_assert_max_num_queries):
    ModuleFactory(phase=process.phases.get(type="workshop"), type="ideas", title="Ideen")
    with django_assert_max_num_queries(4):
        running_phase_calls(organisation=organisation)


# --- public pages -------------------------------------------------------------------------------


def test_the_index_lists_the_published_pages_and_links_back(client, organisation, steps_page):
    services.easyread_page_save(
        organisation=organisation, kind="privacy", title="Entwurf", body="B.", is_published=False
    )

    response = client.get(_url("index", organisation))

    html = response.content.decode()
    assert response.status_code == 200
    assert steps_page.get_absolute_url() in html
    assert "Entwurf" not in html
    assert "Back to the normal pages" in html
    assert organisation.get_absolute_url() in html


def test_a_page_is_german_and_shows_its_text(client, organisation, steps_page):
    response = client.get(steps_page.get_absolute_url())

    html = response.content.decode()
    assert '<article class="easyread-page" lang="de">' in html
    assert "Bei jedem Schritt können Sie mit·<wbr>machen." in html
    assert "easyread/easyread.css" in html


def test_how_to_take_part_shows_the_organisations_contact(client, organisation):
    organisation.contact_phone = "03744 123456"
    organisation.contact_address = "Nicolaistraße 22\n08209 Auerbach"
    organisation.save()
    page = services.easyread_page_save(
        organisation=organisation, kind="take-part", title="So machen Sie mit", body="Rufen Sie an.", is_published=True
    )

    html = client.get(page.get_absolute_url()).content.decode()

    assert 'href="tel:03744123456"' in html
    assert "Nicolaistraße 22" in html


def test_an_unpublished_page_is_missing_for_the_public_and_there_for_its_editors(
    client_for, client, organisation, steps_page, moderator, staff_a
):
    steps_page.is_published = False
    steps_page.save()

    assert client.get(steps_page.get_absolute_url()).status_code == 404
    assert client_for(staff_a).get(steps_page.get_absolute_url()).status_code == 404
    assert client_for(moderator).get(steps_page.get_absolute_url()).status_code == 200


def test_an_unknown_kind_or_organisation_is_missing(client, organisation):
    assert client.get(_url("page", organisation, kind="nonsense")).status_code == 404
    assert client.get(reverse("easyread:index", kwargs={"organisation_slug": "nirgends"})).status_code == 404


def test_take_part_now_shows_the_running_phase(client, process, organisation):
    phase = process.phases.get(type="workshop")
    ModuleFactory(phase=phase, type="ideas", title="Ideen")
    services.phase_sentence_save(phase=phase, text="Jetzt sammeln wir Ideen.")

    html = client.get(_url("now", organisation)).content.decode()

    assert "Jetzt sammeln wir Ideen." in html
    assert "easyread-call__action" in html
    assert phase.get_absolute_url() in html


def test_without_organisations_in_view_the_entry_lists_them(client, organisation, other_organisation):
    response = client.get(reverse("easyread:organisations"))
    assert response.status_code == 200
    assert _url("index", organisation) in response.content.decode()
    assert _url("index", other_organisation) in response.content.decode()


def test_with_one_organisation_the_entry_leads_to_its_pages(client, organisation):
    response = client.get(reverse("easyread:organisations"))
    assert response.status_code == 302
    assert response.url == _url("index", organisation)


# --- the editor ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["editor", "page_edit", "phase_edit"])
def test_the_editor_is_for_the_organisations_admins_and_moderators(
    client_for, client, process, organisation, participant, staff_a, moderator, org_admin, other_org_admin, name
):
    kwargs = {"kind": "steps"} if name == "page_edit" else {}
    if name == "phase_edit":
        kwargs = {"phase_pk": process.phases.first().pk}
    url = _url(name, organisation, **kwargs)

    assert client.get(url).status_code in (302, 403)
    for person in (participant, staff_a, other_org_admin):
        assert client_for(person).get(url).status_code == 403
    for person in (moderator, org_admin):
        assert client_for(person).get(url).status_code == 200


def test_a_moderator_writes_a_page_and_sees_the_hints(client_for, organisation, moderator):
    client = client_for(moderator)
    url = _url("page_edit", organisation, kind="steps")

    form = client.get(url).content.decode()
    assert 'data-readability="de"' in form
    assert 'name="zw-readability"' in form

    response = client.post(
        url, {"title": "In 5 Schritten", "body": "Es gibt z. B. Treffen.", "is_published": "on", "image_alt": ""}
    )

    assert response.status_code == 302
    page = EasyReadPage.objects.get(organisation=organisation, kind="steps")
    assert page.is_published
    assert response.url == page.get_absolute_url()
    # The hint is advice: the abbreviation was saved as written.
    assert page.body == "Es gibt z. B. Treffen."
    again = client.get(url).content.decode()
    assert "zum Beispiel" in again


def test_a_missing_title_is_asked_for(client_for, organisation, moderator):
    response = client_for(moderator).post(_url("page_edit", organisation, kind="steps"), {"title": "", "body": "Text."})
    assert response.status_code == 200
    assert not EasyReadPage.objects.exists()


def test_a_moderator_writes_a_phase_sentence(client_for, process, organisation, moderator):
    phase = process.phases.get(type="workshop")
    response = client_for(moderator).post(
        _url("phase_edit", organisation, phase_pk=phase.pk), {"text": "Jetzt sammeln wir Ideen."}
    )
    assert response.status_code == 302
    assert PhaseSentence.objects.get(phase=phase).text == "Jetzt sammeln wir Ideen."


def test_a_phase_of_another_organisation_is_missing(client_for, process, other_organisation, other_org_admin):
    url = _url("phase_edit", other_organisation, phase_pk=process.phases.first().pk)
    assert client_for(other_org_admin).get(url).status_code == 404
