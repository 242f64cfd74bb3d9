"""The results pages over HTTP: who may see them, the review of free texts, the export (queue, state,
download) and the number of queries of the main pages."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from zukunftswerkstatt.core.models import AuditEntry, DocumentStatus
from zukunftswerkstatt.surveys.models import Answer, Kind, SurveyExport, TextReview

from .factories import full_values, question, survey_module
from .test_results import answer

pytestmark = pytest.mark.django_db


def url(name: str, survey, **kwargs) -> str:
    return reverse(f"surveys:{name}", kwargs={"module_pk": survey.module_id, **kwargs})


@pytest.fixture
def answered(survey, questions, staff_a, town_a, town_b):
    """Twelve questionnaires (town A, town B and not stated) with every kind of question answered."""
    for n in range(12):
        values = full_values(questions)
        values[questions["long"].pk] = f"Mehr Busse am Abend, bitte ({n})."
        answer(survey, staff_a, values, town=(town_a, town_b, None)[n % 3], age="30-44" if n % 2 else "65-79")
    return survey


# --- who may see what ------------------------------------------------------------------------------


def test_the_team_sees_the_results_and_the_public_only_once_they_are_public(
    client, client_for, answered, participant, staff_a, moderator
):
    page = url("results", answered)
    assert client.get(page).status_code in (302, 403)
    assert client_for(participant).get(page).status_code == 403
    assert client_for(staff_a).get(page).status_code == 200
    assert client_for(moderator).get(page).status_code == 200

    answered.results_public = True
    answered.save()
    client.logout()
    response = client.get(page)
    assert response.status_code == 200
    assert "Review the free-text answers" not in response.content.decode()


def test_public_results_of_an_unpublished_module_stay_hidden(client, answered):
    answered.results_public = True
    answered.save()
    answered.module.is_published = False
    answered.module.save()

    assert client.get(url("results", answered)).status_code == 404


def test_the_results_of_another_organisation_are_not_shown(client_for, answered, other_org_admin):
    assert client_for(other_org_admin).get(url("results", answered)).status_code in (403, 404)


def test_results_page_shows_charts_tables_and_the_breakdown_switch(client_for, answered, moderator, questions):
    client = client_for(moderator)

    content = client.get(url("results", answered)).content.decode()
    assert 'role="img"' in content
    assert "Question 1: answers" in content or "Frage 1" in content
    assert "style=" not in content
    by_town = client.get(url("results", answered) + "?by=town").content.decode()
    assert "Auerbach/Vogtl." in by_town
    assert 'aria-current="page">' in by_town
    assert client.get(url("results", answered) + "?by=nonsense").status_code == 200


def test_results_page_takes_a_fixed_number_of_queries(
    client_for, survey, questions, staff_a, moderator, django_assert_num_queries
):
    answer(survey, staff_a, full_values(questions))
    client = client_for(moderator)
    page = url("results", survey) + "?by=town"
    client.get(page)  # the session, the translations
    cache.clear()
    # The module, the session, the person, the survey, their roles, the questions, the options, the
    # state of the responses; the counting (towns, three over the answers, the responses, the
    # population: one query without figures); the published texts; the organisation of the page.
    with django_assert_num_queries(16):
        client.get(page)
    for _ in range(8):
        answer(survey, staff_a, full_values(questions))
    cache.clear()
    with django_assert_num_queries(16):
        client.get(page)
    # The counts are reused while no response comes in: the six counting queries are left out.
    with django_assert_num_queries(10):
        client.get(page)


# --- free-text answers -------------------------------------------------------------------------------


def test_only_those_who_coordinate_review_texts(client_for, answered, questions, staff_a, moderator):
    assert client_for(staff_a).get(url("texts", answered)).status_code == 403
    first = client_for(moderator).get(url("texts", answered))
    assert first.status_code == 200
    assert "Der Marktplatz" in first.content.decode()  # the first question with free text
    second = client_for(moderator).get(url("texts", answered) + f"?q={questions['long'].pk}")
    assert "Mehr Busse am Abend, bitte (0)." in second.content.decode()


def test_texts_marked_publishable_in_bulk_are_quoted_on_the_results_page(client_for, answered, questions, moderator):
    client = client_for(moderator)
    long = questions["long"]
    texts = list(Answer.objects.filter(question=long).order_by("pk"))

    response = client.post(
        url("texts", answered),
        {"q": long.pk, "action": "published", "answer": [texts[0].pk, texts[1].pk]},
    )
    assert response.status_code == 302
    client.post(url("texts", answered), {"q": long.pk, "action": "hidden", "answer": [texts[2].pk]})

    assert Answer.objects.filter(question=long, text_review=TextReview.PUBLISHED).count() == 2
    assert Answer.objects.get(pk=texts[2].pk).text_review == TextReview.HIDDEN
    content = client.get(url("results", answered)).content.decode()
    assert "Mehr Busse am Abend, bitte (0)." in content
    assert "Mehr Busse am Abend, bitte (1)." in content
    assert "Mehr Busse am Abend, bitte (2)." not in content
    assert "Mehr Busse am Abend, bitte (3)." not in content  # not reviewed yet
    listed = client.get(url("texts", answered) + f"?q={long.pk}&review=hidden").content.decode()
    assert "Mehr Busse am Abend, bitte (2)." in listed
    assert "Mehr Busse am Abend, bitte (0)." not in listed


def test_texts_of_another_survey_cannot_be_marked(client_for, answered, questions, process, staff_a, moderator):
    other = survey_module(process, title="Andere Umfrage")
    q = question(other, Kind.LONG_TEXT, "Was noch?")
    foreign = answer(other, staff_a, {q.pk: "Geheim"}).answers.get()

    client_for(moderator).post(url("texts", answered), {"action": "published", "answer": [foreign.pk]})

    foreign.refresh_from_db()
    assert foreign.text_review == TextReview.NEW


def test_texts_page_names_the_retention_date(client_for, answered, moderator):
    content = client_for(moderator).get(url("texts", answered)).content.decode()
    assert "deleted on" in content or "gelöscht" in content


# --- the comparison ----------------------------------------------------------------------------------


def test_the_comparison_needs_the_results_of_both_rounds(client_for, client, process, staff_a, moderator):
    before = survey_module(process, phase_type="profile", title="2026")
    after = survey_module(process, phase_type="review", title="2028")
    after.previous_round = before
    after.results_public = True
    after.save()
    assert client_for(moderator).get(url("compare", after)).status_code == 200
    client.logout()
    assert client.get(url("compare", after)).status_code == 403  # the earlier round is not public
    before.results_public = True
    before.save()
    assert client.get(url("compare", after)).status_code == 200


def test_a_survey_without_an_earlier_round_says_so(client_for, answered, moderator):
    response = client_for(moderator).get(url("compare", answered))
    assert response.status_code == 200
    assert "nothing to compare" in response.content.decode() or "nichts zu vergleichen" in response.content.decode()


# --- the export --------------------------------------------------------------------------------------


def test_only_those_who_coordinate_export(client_for, answered, staff_a):
    response = client_for(staff_a).post(url("export", answered), {"file_format": "xlsx"})
    assert response.status_code == 403
    assert not SurveyExport.objects.exists()


def test_export_is_queued_built_and_downloaded_with_an_audit_entry(
    client_for, answered, moderator, django_capture_on_commit_callbacks
):
    client = client_for(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("export", answered), {"file_format": "xlsx"})
    export = SurveyExport.objects.get()
    assert response["Location"] == url("export_state", answered, pk=export.pk)
    export.refresh_from_db()
    assert export.status == DocumentStatus.DONE
    assert (export.rows_done, export.rows_total) == (12, 12)

    state = client.get(url("export_state", answered, pk=export.pk))
    assert url("export_download", answered, pk=export.pk) in state.content.decode()
    download = client.get(url("export_download", answered, pk=export.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    assert len(list(workbook.worksheets[0].iter_rows())) == 13
    assert AuditEntry.objects.filter(action="export.downloaded").count() == 1


def test_export_state_shows_progress_and_polls_without_needing_javascript(client_for, answered, moderator):
    export = SurveyExport.objects.create(
        survey=answered, file_format="csv", rows_total=400, rows_done=100, status=DocumentStatus.RUNNING
    )
    export.lease_until = None
    client = client_for(moderator)

    page = client.get(url("export_state", answered, pk=export.pk)).content.decode()
    assert '<progress id="export-progress" max="100" value="25">' in page
    assert "Reload this page" in page or "Seite neu laden" in page
    fragment = client.get(url("export_state", answered, pk=export.pk), HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="export-state"')
    assert "hx-get" in fragment
    assert client.get(url("export_download", answered, pk=export.pk)).status_code == 404  # not ready


def test_a_double_click_makes_one_export(client_for, answered, moderator):
    client = client_for(moderator)
    client.post(url("export", answered), {"file_format": "csv"})
    client.post(url("export", answered), {"file_format": "csv"})  # the first one still waits

    assert SurveyExport.objects.count() == 1


def test_exports_of_another_survey_are_not_found(client_for, answered, process, moderator):
    other = survey_module(process, title="Andere Umfrage")
    export = SurveyExport.objects.create(survey=other, file_format="csv", status=DocumentStatus.DONE)

    client = client_for(moderator)
    assert client.get(url("export_state", answered, pk=export.pk)).status_code == 404
    assert client.get(url("export_download", answered, pk=export.pk)).status_code == 404


def test_unknown_format_is_refused_with_a_message(client_for, answered, moderator):
    response = client_for(moderator).post(url("export", answered), {"file_format": "pdf"}, follow=True)
    assert response.status_code == 200
    assert not SurveyExport.objects.exists()


def test_csv_export_is_a_zip_of_answers_and_questions(
    client_for, answered, moderator, django_capture_on_commit_callbacks
):
    client = client_for(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("export", answered), {"file_format": "csv"})
    export = SurveyExport.objects.get()
    download = client.get(url("export_download", answered, pk=export.pk))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert len(archive.namelist()) == 2


def test_a_survey_without_answers_shows_empty_results(client_for, survey, questions, moderator):
    response = client_for(moderator).get(url("results", survey) + "?by=age")
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="questions-title"' in content
    assert f'id="question-{questions["single"].pk}"' in content


def test_the_public_gets_no_export_form(client, answered):
    answered.results_public = True
    answered.save()
    content = client.get(url("results", answered)).content.decode()
    assert url("export", answered) not in content
    assert url("texts", answered) not in content
