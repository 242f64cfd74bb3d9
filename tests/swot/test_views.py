"""The SWOT pages through HTTP: the matrix per scope, an item, commenting, reporting, suggesting,
moderation of suggestions and comments, staff editing (bad input keeps what was typed), settings."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from tests.swot.factories import SwotCommentFactory, SwotItemFactory, SwotSuggestionFactory
from tests.swot.helpers import item_post
from zukunftswerkstatt.conversation.models import Comment, CommentReport
from zukunftswerkstatt.processes.services import module_create, module_update_settings
from zukunftswerkstatt.swot.models import (
    Quadrant,
    SuggestionStatus,
    SwotItem,
    SwotSuggestion,
)

pytestmark = pytest.mark.django_db


def matrix_url(module, scope=None) -> str:
    url = reverse("swot:matrix", args=[module.pk])
    return f"{url}?scope={scope}" if scope else url


# -- the matrix ------------------------------------------------------------------------------


def test_matrix_shows_the_association_scope_by_default(client, swot_module, association_item, town_a_item):
    response = client.get(matrix_url(swot_module))
    assert response.status_code == 200
    assert association_item.statement in response.text
    assert town_a_item.statement not in response.text


def test_matrix_of_a_town_shows_only_its_items(client, swot_module, association_item, town_a_item, town_a):
    response = client.get(matrix_url(swot_module, town_a.pk))
    assert response.status_code == 200
    assert town_a_item.statement in response.text
    assert association_item.statement not in response.text
    assert 'aria-current="page">Auerbach/Vogtl.</a>' in response.text


def test_unknown_scope_is_not_found(client, swot_module, other_organisation):
    assert client.get(matrix_url(swot_module, "999999")).status_code == 404
    assert client.get(matrix_url(swot_module, "abc")).status_code == 404


def test_quadrants_are_four_headed_sections_in_reading_order(client, swot_module):
    for quadrant in reversed(Quadrant.values):
        SwotItemFactory(module=swot_module, quadrant=quadrant, statement=f"Punkt {quadrant}")
    html = client.get(matrix_url(swot_module)).text
    positions = [html.index(f'id="swot-{q}"') for q in Quadrant.values]
    assert positions == sorted(positions)
    assert html.count('<section class="swot-quadrant') == 4
    assert "<table" not in html


def test_a_module_of_another_type_is_not_a_swot(client, process):
    other = module_create(phase=process.phases.get(type="profile"), type="information", title="Info")
    assert client.get(matrix_url(other)).status_code == 404


def test_unpublished_module_is_hidden_from_citizens_but_not_staff(client, client_for, swot_module, staff_a):
    swot_module.is_published = False
    swot_module.save()
    assert client.get(matrix_url(swot_module)).status_code == 404
    assert client_for(staff_a).get(matrix_url(swot_module)).status_code == 200


def test_detail_shows_sanitised_explanation_and_evidence(client, swot_module, idea, town_a):
    item = SwotItemFactory(
        module=swot_module,
        statement="Vereine suchen Nachwuchs",
        explanation="Viele **Vereine**.<script>alert(1)</script>",
        ideas=[idea],
    )
    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    assert "<strong>Vereine</strong>" in response.text
    assert "<script>alert(1)" not in response.text
    assert idea.get_absolute_url() in response.text


def test_item_of_another_module_is_not_found(client, swot_module, profile_phase):
    other = module_create(phase=profile_phase, type="swot", title="Zweite Analyse", position=5)
    item = SwotItemFactory(module=other)
    assert client.get(reverse("swot:detail", args=[swot_module.pk, item.pk])).status_code == 404


# -- comments --------------------------------------------------------------------------------


def test_participant_comments(client_for, participant, association_item):
    response = client_for(participant).post(
        reverse("swot:comment", args=[association_item.module_id, association_item.pk]), {"text": "Stimmt genau."}
    )
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.url.endswith(f"#comment-{comment.pk}")
    assert comment.author == participant


def test_empty_comment_shows_the_item_again_with_an_error(client_for, participant, association_item):
    response = client_for(participant).post(
        reverse("swot:comment", args=[association_item.module_id, association_item.pk]), {"text": "  "}
    )
    assert response.status_code == 400
    assert "form-errors" in response.text
    assert not Comment.objects.exists()


def test_too_long_comment_keeps_what_was_typed(client_for, participant, association_item):
    text = "Sehr lang " * 400
    response = client_for(participant).post(
        reverse("swot:comment", args=[association_item.module_id, association_item.pk]), {"text": text}
    )
    assert response.status_code == 400
    assert "Sehr lang Sehr lang" in response.text


def test_anonymous_is_sent_to_log_in_to_comment(client, association_item):
    response = client.post(
        reverse("swot:comment", args=[association_item.module_id, association_item.pk]), {"text": "Hallo"}
    )
    assert response.status_code == 302
    assert reverse("account_login") in response.url
    assert not Comment.objects.exists()


def test_nobody_comments_when_the_staff_closed_input(client_for, participant, swot_module, association_item):
    module_update_settings(module=swot_module, settings={"accept_input": False, "allow_guests": True})
    response = client_for(participant).post(
        reverse("swot:comment", args=[swot_module.pk, association_item.pk]), {"text": "Hallo"}
    )
    assert response.status_code == 403


def test_report_and_moderator_hides_with_a_reason(client, client_for, participant, moderator, association_item):
    comment = SwotCommentFactory(item=association_item, author=participant)
    url = reverse("swot:report", args=[association_item.module_id, association_item.pk, comment.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"reason": "Beleidigend", "website": ""})
    assert CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).count() == 1

    staff = client_for(moderator)
    visibility = reverse("swot:comment_visibility", args=[association_item.module_id, association_item.pk, comment.pk])
    staff.post(visibility, {"action": "hide", "reason": ""})
    comment.refresh_from_db()
    assert not comment.is_hidden
    staff.post(visibility, {"action": "hide", "reason": "Beleidigung"})
    comment.refresh_from_db()
    assert comment.is_hidden
    assert not CommentReport.objects.filter(resolved_at__isnull=True).exists()
    page = client.get(association_item.get_absolute_url()).text
    assert "Beleidigung" in page
    assert comment.text not in page


def test_participant_cannot_hide_comments(client_for, participant, association_item):
    comment = SwotCommentFactory(item=association_item)
    url = reverse("swot:comment_visibility", args=[association_item.module_id, association_item.pk, comment.pk])
    assert client_for(participant).post(url, {"action": "hide", "reason": "x"}).status_code == 403


def test_report_with_the_honeypot_filled_is_refused(client, association_item):
    comment = SwotCommentFactory(item=association_item)
    url = reverse("swot:report", args=[association_item.module_id, association_item.pk, comment.pk])
    response = client.post(url, {"reason": "Spam", "website": "http://spam.example"})
    assert response.status_code == 200
    assert not CommentReport.objects.exists()


# -- suggestions -----------------------------------------------------------------------------


def suggest_url(module) -> str:
    return reverse("swot:suggest", args=[module.pk])


def test_guest_suggestion_waits_for_a_decision(client, swot_module):
    response = client.post(
        suggest_url(swot_module),
        {"quadrant": "opportunity", "municipality": "all", "statement": "Radweg", "email": "gast@example.org"},
    )
    assert response.status_code == 302
    suggestion = SwotSuggestion.objects.get()
    assert (suggestion.status, suggestion.email, suggestion.author) == (
        SuggestionStatus.PENDING,
        "gast@example.org",
        None,
    )
    assert "Radweg" not in client.get(matrix_url(swot_module)).text


def test_guest_suggestion_with_the_honeypot_filled_is_refused(client, swot_module):
    response = client.post(
        suggest_url(swot_module),
        {"quadrant": "opportunity", "municipality": "all", "statement": "Spam", "website": "x"},
    )
    assert response.status_code == 200
    assert not SwotSuggestion.objects.exists()


def test_suggestion_with_bad_input_keeps_what_was_typed(client_for, participant, swot_module):
    response = client_for(participant).post(
        suggest_url(swot_module), {"municipality": "all", "statement": "", "explanation": "Meine Begründung"}
    )
    assert response.status_code == 200
    assert "Meine Begründung" in response.text
    assert "form-errors" in response.text
    assert not SwotSuggestion.objects.exists()


def test_suggestion_for_a_foreign_town_is_refused(client_for, participant, swot_module, other_organisation):
    from tests.factories import MunicipalityFactory

    stranger = MunicipalityFactory(organisation=other_organisation)
    response = client_for(participant).post(
        suggest_url(swot_module), {"quadrant": "threat", "municipality": str(stranger.pk), "statement": "x"}
    )
    assert response.status_code == 200
    assert not SwotSuggestion.objects.exists()


def test_guests_are_rate_limited(client, swot_module):
    data = {"quadrant": "threat", "municipality": "all", "statement": "Noch ein Punkt"}
    for _ in range(12):
        client.post(suggest_url(swot_module), data)
    assert SwotSuggestion.objects.count() == 10


def test_guests_are_sent_to_log_in_where_the_module_does_not_allow_them(client, swot_module):
    module_update_settings(module=swot_module, settings={"accept_input": True, "allow_guests": False})
    response = client.get(suggest_url(swot_module))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def decide_url(suggestion) -> str:
    return reverse("swot:suggestion", args=[suggestion.module_id, suggestion.pk])


def test_moderator_accepts_an_edited_suggestion_and_the_suggester_is_told(
    client_for, moderator, participant, swot_module, idea, mail_on_commit
):
    suggestion = SwotSuggestionFactory(module=swot_module, author=participant, statement="Radweg")
    staff = client_for(moderator)
    page = staff.get(decide_url(suggestion))
    assert page.status_code == 200
    assert 'value="Radweg"' in page.text
    with mail_on_commit():
        response = staff.post(
            decide_url(suggestion),
            item_post(action="accept", quadrant="opportunity", statement="Ein Radweg an der Göltzsch", ideas=[idea.pk]),
        )
    item = SwotItem.objects.get()
    assert response.status_code == 302
    assert response.url == item.get_absolute_url()
    assert item.statement == "Ein Radweg an der Göltzsch"
    assert list(item.ideas.all()) == [idea]
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED
    assert [m.to for m in mail.outbox] == [[participant.email]]


def test_declining_without_a_reason_keeps_the_page(client_for, moderator, swot_module):
    suggestion = SwotSuggestionFactory(module=swot_module)
    response = client_for(moderator).post(decide_url(suggestion), {"action": "decline", "reason": ""})
    assert response.status_code == 400
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.PENDING


def test_declining_tells_the_guest(client_for, moderator, swot_module, mail_on_commit):
    suggestion = SwotSuggestionFactory(module=swot_module, email="gast@example.org")
    with mail_on_commit():
        response = client_for(moderator).post(decide_url(suggestion), {"action": "decline", "reason": "Gibt es schon."})
    assert response.status_code == 302
    assert mail.outbox[0].to == ["gast@example.org"]


def test_town_staff_decide_only_their_towns_suggestions(client_for, staff_a, staff_b, swot_module, town_a):
    suggestion = SwotSuggestionFactory(module=swot_module, municipality=town_a)
    assert client_for(staff_b).get(decide_url(suggestion)).status_code == 403
    response = client_for(staff_a).post(
        decide_url(suggestion), item_post(action="accept", municipality=str(town_a.pk), statement="Für Auerbach")
    )
    assert response.status_code == 302
    assert SwotItem.objects.get().municipality == town_a


def test_town_staff_cannot_accept_into_the_association_scope(client_for, staff_a, swot_module, town_a):
    suggestion = SwotSuggestionFactory(module=swot_module, municipality=town_a)
    response = client_for(staff_a).post(decide_url(suggestion), item_post(action="accept", municipality="all"))
    assert response.status_code == 400
    assert not SwotItem.objects.exists()


def test_participant_cannot_open_the_staff_pages(client_for, participant, swot_module, association_item):
    staff_client = client_for(participant)
    for url in (
        reverse("swot:manage", args=[swot_module.pk]),
        reverse("swot:create", args=[swot_module.pk]),
        reverse("swot:edit", args=[swot_module.pk, association_item.pk]),
        reverse("swot:delete", args=[swot_module.pk, association_item.pk]),
        reverse("swot:export", args=[swot_module.pk]),
        reverse("swot:settings", args=[swot_module.pk]),
    ):
        assert staff_client.get(url).status_code == 403, url


# -- staff editing ---------------------------------------------------------------------------


def test_moderator_creates_an_item_with_evidence(client_for, moderator, swot_module, idea, topic, town_a):
    response = client_for(moderator).post(
        reverse("swot:create", args=[swot_module.pk]),
        item_post(
            quadrant="threat",
            statement="Die Bevölkerung nimmt ab",
            explanation="Seit 1990 ein Viertel weniger.",
            topic=str(topic.pk),
            ideas=[idea.pk],
            **{
                "indicators-0-key": "population",
                "indicators-0-municipality": str(town_a.pk),
                "documents-0-title": "Gemeindetabelle",
                "documents-0-url": "https://www.statistik.sachsen.de/",
                "documents-0-publisher": "Statistisches Landesamt",
                "documents-0-published_on": "2021-06-30",
            },
        ),
    )
    item = SwotItem.objects.get()
    assert response.status_code == 302
    assert (item.quadrant, item.topic, item.municipality) == ("threat", topic, None)
    assert [(i.key, i.municipality) for i in item.indicators.all()] == [("population", town_a)]
    assert [(d.title, str(d.published_on)) for d in item.documents.all()] == [("Gemeindetabelle", "2021-06-30")]


def test_bad_input_keeps_what_was_typed(client_for, moderator, swot_module):
    response = client_for(moderator).post(
        reverse("swot:create", args=[swot_module.pk]),
        item_post(
            statement="",
            explanation="Meine lange Erklärung",
            **{"documents-0-title": "Studie ohne Adresse", "documents-1-url": "keine-url mit leerzeichen"},
        ),
    )
    assert response.status_code == 400
    assert "Meine lange Erklärung" in response.text
    assert 'value="Studie ohne Adresse"' in response.text
    assert "form-errors" in response.text
    assert not SwotItem.objects.exists()


def test_invalid_evidence_alone_keeps_the_form(client_for, moderator, swot_module):
    response = client_for(moderator).post(
        reverse("swot:create", args=[swot_module.pk]),
        item_post(statement="Gut", **{"documents-0-title": "Nur ein Titel"}),
    )
    assert response.status_code == 400
    assert 'value="Gut"' in response.text
    assert not SwotItem.objects.exists()


def test_town_staff_create_items_for_their_town_only(client_for, staff_a, swot_module, town_a, town_b):
    staff = client_for(staff_a)
    page = staff.get(reverse("swot:create", args=[swot_module.pk]))
    assert [value for value, _label in page.context["form"].fields["municipality"].choices] == [str(town_a.pk)]
    for scope in ("all", str(town_b.pk)):
        response = staff.post(reverse("swot:create", args=[swot_module.pk]), item_post(municipality=scope))
        assert response.status_code == 400
    response = staff.post(reverse("swot:create", args=[swot_module.pk]), item_post(municipality=str(town_a.pk)))
    assert response.status_code == 302
    assert SwotItem.objects.get().municipality == town_a


def test_town_staff_cannot_edit_another_towns_item(client_for, staff_a, town_b_item):
    url = reverse("swot:edit", args=[town_b_item.module_id, town_b_item.pk])
    assert client_for(staff_a).get(url).status_code == 403


def test_edit_form_shows_the_evidence_and_saves_changes(client_for, moderator, swot_module, idea):
    from zukunftswerkstatt.swot.services import DocumentRef

    item = SwotItemFactory(module=swot_module, ideas=[idea], documents=[DocumentRef("Alt", "https://alt.example")])
    staff = client_for(moderator)
    url = reverse("swot:edit", args=[swot_module.pk, item.pk])
    page = staff.get(url)
    assert 'value="Alt"' in page.text
    response = staff.post(
        url,
        item_post(
            statement="Neu formuliert",
            **{"documents-0-title": "Neu", "documents-0-url": "https://neu.example"},
        ),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.statement == "Neu formuliert"
    assert [d.title for d in item.documents.all()] == ["Neu"]
    assert list(item.ideas.all()) == []


def test_staff_reorder_and_delete(client_for, moderator, swot_module):
    first = SwotItemFactory(module=swot_module, statement="Erste")
    second = SwotItemFactory(module=swot_module, statement="Zweite")
    staff = client_for(moderator)
    response = staff.post(reverse("swot:move", args=[swot_module.pk, second.pk]), {"direction": "up"})
    assert response.status_code == 302
    ordered = list(SwotItem.objects.order_by("position").values_list("statement", flat=True))
    assert ordered == ["Zweite", "Erste"]
    assert staff.get(reverse("swot:delete", args=[swot_module.pk, first.pk])).status_code == 200
    staff.post(reverse("swot:delete", args=[swot_module.pk, first.pk]))
    assert list(SwotItem.objects.values_list("statement", flat=True)) == ["Zweite"]


def test_manage_lists_scopes_suggestions_and_reports(client_for, moderator, swot_module, association_item, participant):
    comment = SwotCommentFactory(item=association_item, author=participant)
    CommentReport.objects.create(comment=comment, reason="Bitte prüfen")
    SwotSuggestionFactory(module=swot_module, statement="Bitte entscheiden")
    page = client_for(moderator).get(reverse("swot:manage", args=[swot_module.pk])).text
    assert association_item.statement in page
    assert "Bitte entscheiden" in page
    assert "Bitte prüfen" in page


def test_org_admin_changes_the_settings(client_for, org_admin, moderator, swot_module):
    url = reverse("swot:settings", args=[swot_module.pk])
    assert client_for(moderator).get(url).status_code == 403
    response = client_for(org_admin).post(url, {"allow_guests": "on"})
    assert response.status_code == 302
    swot_module.refresh_from_db()
    assert swot_module.settings == {"accept_input": False, "allow_guests": True}


def test_detail_names_the_measures_that_take_the_item_up(client, association_item, process, moderator):
    from zukunftswerkstatt.plans.services import measure_create

    measure_create(process=process, by=moderator, title="Vereinstag aller vier Orte", swot_items=[association_item])
    response = client.get(association_item.get_absolute_url())
    assert "Vereinstag aller vier Orte" in response.text
