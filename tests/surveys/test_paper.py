"""Paper questionnaires (numbered copies made by the task worker) and the poster with the QR code."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext
from pypdf import PdfReader

from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.core.models import DocumentStatus
from zukunftswerkstatt.surveys import services
from zukunftswerkstatt.surveys.models import PaperForms, ResponseChannel
from zukunftswerkstatt.surveys.printing import (
    css_content,
    paper_entry_number,
    paper_forms_render,
    paper_next_number,
    short_url,
)

from .factories import full_values


def page_texts(content: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def no(number: str) -> str:
    return gettext("No. %(number)s") % {"number": number}


def page_of(page: int, pages: int) -> str:
    return gettext("Page %(page)s of %(pages)s") % {"page": page, "pages": pages}


@pytest.fixture
def contact(organisation):
    organisation.contact_name = "Koordinierungsstelle Städteverbund"
    # As long as the demo's: the poster must still fit one page.
    organisation.contact_address = "Stadtverwaltung Auerbach/Vogtl.\nNicolaistraße 22\n08209 Auerbach/Vogtl."
    organisation.contact_phone = "03744 123456"
    organisation.contact_email = "zukunftswerkstatt@goeltzschtal.example"
    organisation.contact_hours = "Montag bis Donnerstag 9–12 Uhr, Dienstag zusätzlich 14–18 Uhr"
    organisation.save()
    return organisation


def test_every_page_of_every_copy_carries_the_form_code_and_its_number(contact, survey, questions):
    survey.paper_code = "WL-2027"
    survey.save()
    content, pages = paper_forms_render(survey=survey, numbers=range(1, 3))
    texts = page_texts(content)
    assert len(texts) == pages
    per_copy = pages // 2
    assert pages == 2 * per_copy
    assert per_copy >= 2
    for index, text in enumerate(texts):
        copy_number = "0001" if index < per_copy else "0002"
        assert "WL-2027" in text
        assert no(copy_number) in text
        # Page x of y counts the pages of the copy, not of the print run.
        assert page_of(index % per_copy + 1, per_copy) in text
    first_copy = " ".join(texts[:per_copy])
    for question in questions.values():
        assert question.text in first_copy
    # The small numbers staff type, the condition in words, the towns, where to hand it in.
    assert "1 Miete" in first_copy
    assert "3 bei Angehörigen" in first_copy
    assert "km" in first_copy
    condition = gettext("Only if you ticked “%(answer)s” in question %(number)s:") % {"answer": "Ja", "number": 4}
    assert condition in first_copy
    assert "1 Auerbach/Vogtl." in first_copy
    assert "2 Ellefeld" in first_copy
    assert "Koordinierungsstelle Städteverbund" in first_copy
    assert "03744 123456" in first_copy
    assert " ".join(texts[per_copy:]).count(questions["single"].text) == 1


def test_the_question_numbers_are_those_of_the_web_form(survey, questions):
    content, _pages = paper_forms_render(survey=survey, numbers=range(7, 8))
    text = " ".join(page_texts(content))
    # The section heading has no number; the first question is 1, the matrix the ninth.
    assert f"1. {questions['single'].text}" in text
    assert f"9. {questions['matrix'].text}" in text
    assert no("0007") in text


def test_without_town_and_age_the_paper_asks_neither(survey, questions):
    survey.ask_town = survey.ask_age = False
    survey.save()
    text = " ".join(page_texts(paper_forms_render(survey=survey, numbers=range(1, 2))[0]))
    assert "Ellefeld" not in text
    assert gettext("How old are you?") not in text


def test_corner_texts_are_css_strings_that_cannot_break_out():
    assert css_content("Seite %(page)s von %(pages)s", page="counter(page)", pages='"3"') == (
        '"Seite " counter(page) " von " "3"'
    )
    assert "</style>" not in css_content('Nr. "%(number)s" </style>', number="string(n)")


# --- print runs ---------------------------------------------------------------------------------


def paper_url(survey) -> str:
    return reverse("surveys:paper", kwargs={"module_pk": survey.module_id})


def test_a_print_run_is_made_by_the_worker_and_downloaded(
    client_for, moderator, survey, questions, django_capture_on_commit_callbacks
):
    client = client_for(moderator)
    page = client.get(paper_url(survey)).content.decode()
    assert 'value="1"' in page  # the first free number
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(paper_url(survey), {"copies": "2", "first_number": "1", "language": "de"})
    run = PaperForms.objects.get(survey=survey)
    assert response.status_code == 302
    assert response["Location"] == run.get_absolute_url()
    assert (run.status, run.first_number, run.copies, run.requested_by) == (DocumentStatus.DONE, 1, 2, moderator)
    status = client.get(run.get_absolute_url()).content.decode()
    download_url = reverse("surveys:paper_download", args=[survey.module_id, run.pk])
    assert download_url in status
    download = client.get(download_url)
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "private, no-store"
    content = b"".join(download.streaming_content)
    texts = page_texts(content)
    assert len(texts) == run.page_count
    assert no("0001") in texts[0]
    assert no("0002") in texts[-1]
    listing = client.get(paper_url(survey)).content.decode()
    assert "0001–0002" in listing
    assert download_url in listing
    assert paper_next_number(survey) == 3


def test_numbers_printed_already_are_refused_with_the_next_free_one(client_for, moderator, survey, questions):
    PaperForms.objects.create(survey=survey, first_number=1, copies=50, status=DocumentStatus.DONE)
    PaperForms.objects.create(survey=survey, first_number=51, copies=10, status=DocumentStatus.FAILED)
    response = client_for(moderator).post(paper_url(survey), {"copies": "10", "first_number": "45", "language": "de"})
    assert response.status_code == 400
    message = gettext("The numbers %(first)s to %(last)s were printed already. The next free number is %(next)s.") % {
        "first": "0001",
        "last": "0050",
        "next": 51,
    }
    assert message in response.content.decode()
    assert PaperForms.objects.count() == 2
    # A failed run printed nothing: its numbers are free.
    assert paper_next_number(survey) == 51


def test_a_print_run_is_limited(client_for, moderator, survey, questions):
    response = client_for(moderator).post(paper_url(survey), {"copies": "301", "first_number": "1", "language": "de"})
    assert response.status_code == 400
    assert not PaperForms.objects.exists()


def test_the_next_numbers_follow_print_runs_and_entries(survey, questions, staff_a):
    assert paper_next_number(survey) == 1
    assert paper_entry_number(survey) == 1
    PaperForms.objects.create(survey=survey, first_number=101, copies=100, status=DocumentStatus.DONE)
    assert paper_next_number(survey) == 201
    assert paper_entry_number(survey) == 101
    for number in (101, 102, 104):
        services.response_submit(
            survey=survey,
            values=full_values(questions),
            channel=ResponseChannel.PAPER,
            paper_number=number,
            entered_by=staff_a,
        )
    assert paper_entry_number(survey) == 105
    assert paper_entry_number(survey, after=101) == 103
    assert paper_entry_number(survey, after=104) == 105


def test_only_those_who_coordinate_print_runs(client_for, staff_a, participant, other_org_admin, survey, questions):
    run = PaperForms.objects.create(survey=survey, first_number=1, copies=1, status=DocumentStatus.DONE)
    for person in (staff_a, participant, other_org_admin):
        client = client_for(person)
        assert client.get(paper_url(survey)).status_code == 403
        assert client.post(paper_url(survey), {"copies": "1", "first_number": "5", "language": "de"}).status_code == 403
        assert client.get(run.get_absolute_url()).status_code == 403
        assert client.get(reverse("surveys:paper_download", args=[survey.module_id, run.pk])).status_code == 403
    assert PaperForms.objects.count() == 1


def test_a_run_of_another_survey_is_not_found(client_for, moderator, survey, questions, process):
    from .factories import survey_module

    other = survey_module(process, title="Andere Umfrage")
    run = PaperForms.objects.create(survey=other, first_number=1, copies=1, status=DocumentStatus.DONE)
    client = client_for(moderator)
    assert client.get(reverse("surveys:paper_status", args=[survey.module_id, run.pk])).status_code == 404
    assert client.get(reverse("surveys:paper_download", args=[survey.module_id, run.pk])).status_code == 404


# --- the poster ---------------------------------------------------------------------------------


def test_the_poster_leads_to_the_online_form(client_for, staff_a, survey, questions, contact, settings):
    settings.SITE_URL = "https://beteiligung.goeltzschtal.example"
    survey.module.title = "Wohnen und Leben im Göltzschtal – zweite Befragung"
    survey.module.save()
    response = client_for(staff_a).get(reverse("surveys:poster", kwargs={"module_pk": survey.module_id}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    texts = page_texts(response.content)
    assert len(texts) == 1
    url = absolute_url(reverse("surveys:answer", kwargs={"module_pk": survey.module_id}))
    assert url.startswith("https://beteiligung.goeltzschtal.example/")
    assert short_url(url) in texts[0].replace(" ", "")
    assert survey.title in texts[0]
    assert "03744 123456" in texts[0]
    assert re.search(r"\d{1,2}\. \w+ \d{4}", texts[0])  # the closing day


@pytest.mark.parametrize("who", ["participant", "other_org_admin"])
def test_citizens_get_no_poster(request, client_for, survey, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("surveys:poster", kwargs={"module_pk": survey.module_id})).status_code == 403


def test_a_run_being_made_is_polled_and_a_failed_one_made_again(
    client_for, moderator, survey, questions, django_capture_on_commit_callbacks
):
    client = client_for(moderator)
    run = PaperForms.objects.create(survey=survey, first_number=1, copies=2)
    page = client.get(run.get_absolute_url()).content.decode()
    assert f'hx-get="{run.get_absolute_url()}"' in page
    fragment = client.get(run.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="pdf-state"')
    PaperForms.objects.filter(pk=run.pk).update(status=DocumentStatus.FAILED, error="Pango fehlt")
    assert "Pango fehlt" in client.get(run.get_absolute_url()).content.decode()
    retry_url = reverse("surveys:paper_retry", args=[survey.module_id, run.pk])
    assert client.get(retry_url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(retry_url).status_code == 302
    run.refresh_from_db()
    assert run.status == DocumentStatus.DONE
    assert run.page_count > 0


def test_the_paper_page_asks_a_fixed_number_of_queries(
    client_for, moderator, survey, questions, django_assert_num_queries
):
    for first in (1, 11, 21):
        PaperForms.objects.create(survey=survey, first_number=first, copies=10, status=DocumentStatus.DONE)
    client = client_for(moderator)
    client.get(paper_url(survey))
    with django_assert_num_queries(9):
        response = client.get(paper_url(survey))
    assert response.status_code == 200
    assert 'value="31"' in response.content.decode()
