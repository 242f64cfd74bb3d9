"""The pages through HTTP: merging contributions, editing with the optimistic lock, voting,
paper tallies, results, versions and adoption, help offers, follows, documents."""

from __future__ import annotations

import datetime as dt
import io

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.plans.conftest import german
from tests.plans.factories import MeasureFactory
from zukunftswerkstatt.ideas.models import Status as IdeaStatus
from zukunftswerkstatt.plans import services
from zukunftswerkstatt.plans.models import HelpOffer, Measure, MeasureFollow, PaperTally, PlanVersionStatus


def test_plan_page_shows_measures_by_field_of_action(client, plan_module, measure, measure_two):
    response = client.get(reverse("plans:plan", kwargs={"module_pk": plan_module.pk}))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Wohnen und Leben" in text
    assert "Bänke für alle" in text
    assert "Bürgerbus" in text
    assert "Stadtverwaltung Auerbach, Bauamt" in text


def test_measure_page_shows_fields_contributions_and_history(client, process, staff_a, idea_one):
    measure = services.measure_create(process=process, by=staff_a, title="Sitzbänke", ideas=[idea_one])
    response = client.get(measure.get_absolute_url())
    text = response.content.decode()
    assert response.status_code == 200
    assert idea_one.title in text
    assert german("Change history") in text
    assert german("Measure created") in text


def test_contribution_page_links_to_its_measure(client, process, staff_a, idea_one):
    measure = services.measure_create(process=process, by=staff_a, title="Sitzbänke überall", ideas=[idea_one])
    response = client.get(idea_one.get_absolute_url())
    assert measure.get_absolute_url() in response.content.decode()


def test_staff_merges_two_contributions_into_a_measure(
    client_for, process, staff_a, idea_one, idea_two, author, mail_on_commit
):
    client = client_for(staff_a)
    choose = reverse("plans:measure_choose_ideas", kwargs={"process_pk": process.pk})
    response = client.get(choose, {"chosen": "1", "ideas": [idea_one.pk, idea_two.pk]})
    assert response.status_code == 302
    form = client.get(response.url)
    assert idea_one.title in form.content.decode()
    with_ideas = {
        "title": "Mehr Bänke und Schatten",
        "priority": "high",
        "ideas": [idea_one.pk, idea_two.pk],
        "put_to_vote": "on",
    }
    with mail_on_commit():
        response = client.post(reverse("plans:measure_create", kwargs={"process_pk": process.pk}), with_ideas)
    assert response.status_code == 302
    measure = Measure.objects.get()
    assert set(measure.ideas.all()) == {idea_one, idea_two}
    idea_one.refresh_from_db()
    assert idea_one.status == IdeaStatus.IN_PLAN
    assert any(author.email in m.to for m in mail.outbox)


def test_a_failed_measure_form_keeps_the_input_and_explains(client_for, process, staff_a):
    client = client_for(staff_a)
    response = client.post(
        reverse("plans:measure_create", kwargs={"process_pk": process.pk}),
        {
            "title": "Teuer und verkehrt",
            "priority": "medium",
            "estimated_cost": "-5",
            "start": "2027-05-01",
            "end": "2027-04-01",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Teuer und verkehrt" in text
    assert german("The cost cannot be negative.") in text
    assert german("The end cannot be before the start.") in text
    assert not Measure.objects.exists()


def _edit_data(measure, **changes):
    data = {
        "title": measure.title,
        "priority": measure.priority,
        "responsible_body": measure.responsible_body,
        "contact_name": measure.contact_name,
        "contact_email": measure.contact_email,
        "version": measure.version,
        "put_to_vote": "on",
    }
    data.update(changes)
    return data


def test_second_editor_sees_what_changed_and_keeps_the_input(client_for, measure, staff_a, staff_b):
    url = reverse("plans:measure_edit", kwargs={"pk": measure.pk})
    stale = _edit_data(measure, title="Titel von B")
    response = client_for(staff_a).post(url, _edit_data(measure, title="Titel von A"))
    assert response.status_code == 302
    response = client_for(staff_b).post(url, stale)
    assert response.status_code == 409
    text = response.content.decode()
    assert "Titel von B" in text  # the input stays
    assert "Titel von A" in text  # what the other person changed
    measure.refresh_from_db()
    assert measure.title == "Titel von A"
    # Saving again replaces it knowingly.
    resubmit = {**stale, "version": measure.version}
    assert client_for(staff_b).post(url, resubmit).status_code == 302
    measure.refresh_from_db()
    assert measure.title == "Titel von B"
    assert measure.changes.count() == 3


def test_citizen_votes_with_dots_and_the_limit_is_shown_and_enforced(client_for, vote_module, measure, participant):
    client = client_for(participant)
    page = client.get(vote_module.get_absolute_url())
    assert (
        german("You have given %(used)s of %(allowance)s points.") % {"used": 0, "allowance": 5}
        in page.content.decode()
    )
    url = reverse("plans:vote", kwargs={"module_pk": vote_module.pk})
    for _i in range(5):
        client.post(url, {"add": measure.pk})
    response = client.post(url, {"add": measure.pk}, follow=True)
    text = response.content.decode()
    assert german("You have given %(used)s of %(allowance)s points.") % {"used": 5, "allowance": 5} in text
    assert "5" in text
    response = client.post(url, {f"points-{measure.pk}": "9"}, follow=True)
    assert (
        german("You have given %(used)s of %(allowance)s points.") % {"used": 5, "allowance": 5}
        in response.content.decode()
    )


def test_anonymous_vote_goes_to_the_login(client, vote_module, measure):
    response = client.post(reverse("plans:vote", kwargs={"module_pk": vote_module.pk}), {"add": measure.pk})
    assert response.status_code == 302
    assert "login" in response.url


def test_staff_enter_a_paper_tally_and_results_rank_it(client_for, vote_module, measure, measure_two, staff_a):
    client = client_for(staff_a)
    url = reverse("plans:tallies", kwargs={"module_pk": vote_module.pk})
    response = client.post(url, {"measure": measure_two.pk, "channel": "event", "points": "12", "note": "Forum"})
    assert response.status_code == 302
    assert PaperTally.objects.get().points == 12
    results = client.get(reverse("plans:results", kwargs={"module_pk": vote_module.pk})).content.decode()
    assert results.index("Bürgerbus") < results.index("Bänke für alle")


def test_staff_record_adoption_refused_with_the_list_then_accepted(client_for, process, plan_module, measure, staff_a):
    lacking = MeasureFactory(process=process, by=staff_a, title="Ohne Kontakt", contact_name="")
    client = client_for(staff_a)
    response = client.post(
        reverse("plans:version_create", kwargs={"process_pk": process.pk}), {"title": "Werkstattplan"}
    )
    version_url = response.url
    version = process.plan_versions.get()
    adopt = reverse("plans:version_adopt", kwargs={"pk": version.pk})
    data = {"adopted_on": timezone.localdate().isoformat(), "adopted_by": "Stadtrat Auerbach"}
    response = client.post(adopt, data)
    assert response.status_code == 400
    assert "Ohne Kontakt" in response.content.decode()
    services.measure_update(
        measure=lacking, by=staff_a, expected_version=lacking.version, data={"contact_name": "Herr X"}
    )
    assert client.post(adopt, data).status_code == 302
    version.refresh_from_db()
    assert version.status == PlanVersionStatus.ADOPTED
    assert "Stadtrat Auerbach" in client.get(version_url).content.decode()


def _download(client, url: str, run_tasks) -> bytes:
    """Ask for a document: it is queued (202, a page asking to come back), the background task makes
    it, and the same address then answers with the file."""
    with run_tasks():
        waiting = client.get(url)
    assert waiting.status_code == 202
    assert german("The document is being prepared") in waiting.content.decode()
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_plan_pdf_and_docx_contain_the_measures(client, plan_module, measure, mail_on_commit):
    from docx import Document
    from pypdf import PdfReader

    pdf = _download(
        client, reverse("plans:plan_export", kwargs={"module_pk": plan_module.pk, "file_format": "pdf"}), mail_on_commit
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Bänke für alle" in text
    assert "Wohnen und Leben" in text
    assert "Stadtverwaltung Auerbach, Bauamt" in text
    docx = _download(
        client,
        reverse("plans:plan_export", kwargs={"module_pk": plan_module.pk, "file_format": "docx"}),
        mail_on_commit,
    )
    document = Document(io.BytesIO(docx))
    headings = [p.text for p in document.paragraphs]
    assert "Bänke für alle" in headings
    assert "Wohnen und Leben" in headings
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Stadtverwaltung Auerbach, Bauamt" in cells


def test_the_same_plan_is_made_into_a_document_once_and_a_change_makes_a_new_one(
    client, plan_module, measure, staff_a, mail_on_commit
):
    from zukunftswerkstatt.plans.models import PlanExport

    url = reverse("plans:plan_export", kwargs={"module_pk": plan_module.pk, "file_format": "pdf"})
    _download(client, url, mail_on_commit)
    assert client.get(url).status_code == 200
    assert PlanExport.objects.count() == 1
    services.measure_update(measure=measure, by=staff_a, expected_version=measure.version, data={"title": "Neu"})
    _download(client, url, mail_on_commit)
    assert PlanExport.objects.count() == 2


def test_adopted_version_documents_show_the_snapshot(client, process, plan_module, staff_a, measure, mail_on_commit):
    from docx import Document

    version = services.plan_version_create(process=process, by=staff_a, title="Plan 2027")
    services.plan_version_adopt(version=version, by=staff_a, adopted_on=timezone.localdate(), adopted_by="Stadtrat")
    services.measure_update(measure=measure, by=staff_a, expected_version=measure.version, data={"title": "Später"})
    docx = _download(
        client, reverse("plans:version_export", kwargs={"pk": version.pk, "file_format": "docx"}), mail_on_commit
    )
    texts = [p.text for p in Document(io.BytesIO(docx)).paragraphs]
    assert "Bänke für alle" in texts
    assert "Später" not in texts


def test_versions_and_their_documents_are_hidden_while_the_plan_module_is(
    client, client_for, process, plan_module, staff_a, participant, other_org_admin
):
    version = services.plan_version_create(process=process, by=staff_a, title="Entwurf 2027")
    page = reverse("plans:version", kwargs={"pk": version.pk})
    document = reverse("plans:version_export", kwargs={"pk": version.pk, "file_format": "docx"})
    assert client.get(page).status_code == 200
    plan_module.is_published = False
    plan_module.save(update_fields=["is_published"])
    for person in (None, participant, other_org_admin):
        if person is not None:
            client_for(person)
        assert client.get(reverse("plans:plan", kwargs={"module_pk": plan_module.pk})).status_code == 404
        assert client.get(page).status_code == 404
        assert client.get(document).status_code == 404
    assert client_for(staff_a).get(page).status_code == 200


def test_citizen_offers_help_with_consent(client_for, measure, participant, django_capture_on_commit_callbacks):
    client = client_for(participant)
    url = reverse("plans:help_offer", kwargs={"pk": measure.pk})
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"message": "Ich kann am Wochenende helfen.", "share_contact": "on"})
    assert response.status_code == 302
    assert HelpOffer.objects.get().share_contact
    assert mail.outbox[-1].to == [measure.contact_email]


def test_help_offer_needs_a_message(client_for, measure, participant):
    response = client_for(participant).post(reverse("plans:help_offer", kwargs={"pk": measure.pk}), {"message": ""})
    assert response.status_code == 200
    assert not HelpOffer.objects.exists()


def test_follow_and_unfollow(client_for, measure, participant):
    client = client_for(participant)
    url = reverse("plans:measure_follow", kwargs={"pk": measure.pk})
    client.post(url, {"follow": "1"})
    assert MeasureFollow.objects.filter(measure=measure, user=participant).exists()
    client.post(url, {"follow": "0"})
    assert not MeasureFollow.objects.exists()


def test_milestones_added_and_marked_reached(client_for, measure, staff_a):
    client = client_for(staff_a)
    client.post(
        reverse("plans:milestone_add", kwargs={"pk": measure.pk}), {"title": "Ausschreibung", "due_on": "2027-03-01"}
    )
    milestone = measure.milestones.get()
    client.post(reverse("plans:milestone_change", kwargs={"pk": milestone.pk}), {"action": "done"})
    milestone.refresh_from_db()
    assert milestone.done_on == timezone.localdate()


def test_letters_for_offline_contributors(client_for, process, staff_a, ideas_module):
    from pypdf import PdfReader

    from zukunftswerkstatt.ideas.services import offline_idea_record

    idea = offline_idea_record(
        module=ideas_module,
        recorded_by=staff_a,
        delete_on=timezone.localdate() + dt.timedelta(days=365),
        kind="proposal",
        title="Brief von Frau Müller",
        text="Ein Bus wäre gut.",
        channel="letter",
        received_on=timezone.localdate(),
        contact_name="Erna Müller",
        contact="Hauptstraße 1\n08209 Auerbach",
        consent="Einverstanden mit Speicherung",
    )
    measure = services.measure_create(process=process, by=staff_a, title="Bürgerbus", ideas=[idea])
    response = client_for(staff_a).get(reverse("plans:measure_letters", kwargs={"pk": measure.pk}))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Erna Müller" in text
    assert "Bürgerbus" in text


def test_choosing_no_contribution_explains_and_keeps_the_page(client_for, process, staff_a, idea_one):
    response = client_for(staff_a).get(
        reverse("plans:measure_choose_ideas", kwargs={"process_pk": process.pk}), {"chosen": "1"}
    )
    assert response.status_code == 200
    assert german("Choose at least one contribution.") in response.content.decode()


def test_merging_a_contribution_of_another_process_through_the_form_is_refused(
    client_for, process, organisation, staff_a, idea_one
):
    from tests.factories import PhaseFactory, ProcessFactory
    from tests.ideas.factories import IdeaFactory
    from zukunftswerkstatt.processes.services import module_create

    other = ProcessFactory(organisation=organisation, slug="anderer", is_published=True)
    foreign = IdeaFactory(
        module=module_create(phase=PhaseFactory(process=other, type="workshop"), type="ideas", title="Andere"),
        title="Fremde Idee",
    )
    client = client_for(staff_a)
    url = reverse("plans:measure_create", kwargs={"process_pk": process.pk})
    response = client.post(url, {"title": "Gemischt", "priority": "medium", "ideas": [idea_one.pk, foreign.pk]})
    assert response.status_code == 200
    assert "Fremde Idee" in response.content.decode()
    assert not Measure.objects.exists()


def test_a_document_that_fails_is_reported_and_asked_for_again(
    client, plan_module, measure, mail_on_commit, monkeypatch
):
    from zukunftswerkstatt.core.models import DocumentStatus
    from zukunftswerkstatt.plans import exports
    from zukunftswerkstatt.plans.models import PlanExport

    def broken(**kwargs):
        raise RuntimeError("Pango missing")

    monkeypatch.setattr(exports, "plan_document_render", broken)
    url = reverse("plans:plan_export", kwargs={"module_pk": plan_module.pk, "file_format": "pdf"})
    with mail_on_commit():
        client.get(url)
    failed = PlanExport.objects.get()
    assert failed.status == DocumentStatus.FAILED
    assert "Pango missing" in failed.error
    monkeypatch.undo()
    _download(client, url, mail_on_commit)
    assert PlanExport.objects.filter(status=DocumentStatus.DONE).count() == 1
