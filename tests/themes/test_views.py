"""The themes page and its actions through HTTP: who may, what a refused form shows, the status poll."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zukunftswerkstatt.themes.models import RunStatus, Theme, ThemeItem, ThemeRun, ThemeState
from zukunftswerkstatt.workshops.models import Cluster

from .conftest import theme_of

pytestmark = pytest.mark.django_db


def _page(process) -> str:
    return reverse("themes:process", kwargs={"process_pk": process.pk})


def _theme_urls(theme) -> list[str]:
    return [
        reverse(f"themes:{name}", kwargs={"pk": theme.pk})
        for name in ("theme_accept", "theme_rename", "theme_dissolve", "theme_cluster", "theme_measure")
    ]


def _process_posts(process) -> list[str]:
    return [
        reverse(f"themes:{name}", kwargs={"process_pk": process.pk}) for name in ("run", "theme_create", "items_move")
    ]


@pytest.mark.parametrize("who", ["anonymous", "participant", "staff_a", "other_org_admin"])
def test_only_the_moderating_staff_see_and_change_themes(client, computed, process, ideas, who, request):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    theme = theme_of(process, f"idea-{ideas[0].pk}")
    response = client.get(_page(process))
    assert response.status_code in (302, 403)
    for url in _process_posts(process) + _theme_urls(theme):
        data = {"title": "X", "items": [f"idea-{ideas[0].pk}"], "target": "none"}
        assert client.post(url, data).status_code in (302, 403), url
    theme.refresh_from_db()
    assert theme.state == ThemeState.SUGGESTED
    assert theme.title != "X"
    assert ThemeItem.objects.filter(idea=ideas[0]).exists()


@pytest.mark.parametrize("who", ["moderator", "org_admin", "platform_admin"])
def test_moderators_and_admins_see_the_themes(client, computed, process, ideas, cards, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(_page(process))
    assert response.status_code == 200
    html = response.content.decode()
    theme = theme_of(process, f"idea-{ideas[0].pk}")
    assert theme.title in html
    assert ideas[0].reference in html
    assert ideas[0].get_absolute_url() in html
    assert "paper card" in html
    assert cards[1].session.title in html
    assert "suggestion" in html


def test_the_page_takes_the_same_number_of_queries_whatever_the_number_of_themes(
    client, computed, process, ideas, moderator, django_assert_num_queries
):
    client.force_login(moderator)
    client.get(_page(process))  # the session and roles are read once
    with django_assert_num_queries(12):
        client.get(_page(process))
    theme = theme_of(process, f"idea-{ideas[0].pk}")
    from zukunftswerkstatt.themes import services

    services.theme_accept(theme=theme, by=moderator)
    services.theme_create(process=process, title="Mehr", keys=[f"idea-{ideas[1].pk}"], by=moderator)
    with django_assert_num_queries(12):
        client.get(_page(process))


def test_starting_a_run_queues_it_and_the_worker_computes_it(
    client, process, ideas, cards, moderator, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("themes:run", kwargs={"process_pk": process.pk}))
    assert response.status_code == 302
    run = ThemeRun.objects.get()
    assert run.status == RunStatus.DONE
    assert run.requested_by == moderator
    assert Theme.objects.filter(process=process, run=run).exists()


def test_the_status_poll_answers_with_the_status_until_the_run_is_done(client, process, ideas, moderator):
    client.force_login(moderator)
    from zukunftswerkstatt.themes import services

    run = services.theme_run_request(process=process, by=moderator)
    response = client.get(_page(process))
    assert 'hx-trigger="every 3s"' in response.content.decode()
    polled = client.get(_page(process), headers={"HX-Request": "true"})
    assert polled.status_code == 200
    assert "HX-Refresh" not in polled
    assert "waiting for the background worker" in polled.content.decode()
    services.theme_run_execute(run_pk=run.pk)
    polled = client.get(_page(process), headers={"HX-Request": "true"})
    assert polled["HX-Refresh"] == "true"


def test_a_failed_run_shows_a_message(client, process, moderator):
    ThemeRun.objects.create(process=process, requested_by=moderator, status=RunStatus.FAILED, error="Boom")
    client.force_login(moderator)
    html = client.get(_page(process)).content.decode()
    assert "Computing the themes failed." in html
    assert "Boom" in html


def test_accept_rename_and_dissolve(client, computed, process, ideas, moderator):
    client.force_login(moderator)
    theme = theme_of(process, f"idea-{ideas[0].pk}")
    response = client.post(reverse("themes:theme_accept", kwargs={"pk": theme.pk}))
    assert response.status_code == 302
    assert response.url.endswith(f"#theme-{theme.pk}")
    client.post(reverse("themes:theme_rename", kwargs={"pk": theme.pk}), {"title": "Abendbus"})
    theme.refresh_from_db()
    assert theme.is_accepted
    assert theme.title == "Abendbus"
    client.post(reverse("themes:theme_dissolve", kwargs={"pk": theme.pk}))
    assert not Theme.objects.filter(pk=theme.pk).exists()
    assert "not in a theme" in client.get(_page(process)).content.decode()


def test_a_refused_rename_keeps_the_input_and_says_why(client, computed, process, ideas, moderator):
    client.force_login(moderator)
    theme = theme_of(process, f"idea-{ideas[0].pk}")
    long = "Bus" * 60
    response = client.post(reverse("themes:theme_rename", kwargs={"pk": theme.pk}), {"title": long})
    assert response.status_code == 400
    html = response.content.decode()
    assert f'value="{long}"' in html
    assert "A name has at most 150 characters." in html
    assert f'aria-describedby="rename-errors-{theme.pk}"' in html


def test_split_ticked_items_into_a_new_theme_and_move_them_back(client, computed, process, ideas, cards, moderator):
    client.force_login(moderator)
    theme = theme_of(process, f"idea-{ideas[0].pk}")
    key = f"card-{cards[0].pk}"
    response = client.post(
        reverse("themes:theme_create", kwargs={"process_pk": process.pk}),
        {"origin": theme.pk, "items": [key], "title": "Letzter Bus"},
    )
    new = theme_of(process, key)
    assert response.status_code == 302
    assert new.title == "Letzter Bus"
    assert new.is_accepted
    client.post(
        reverse("themes:items_move", kwargs={"process_pk": process.pk}),
        {"origin": new.pk, "items": [key], "target": theme.pk},
    )
    assert theme_of(process, key) == theme
    client.post(
        reverse("themes:items_move", kwargs={"process_pk": process.pk}),
        {"origin": theme.pk, "items": [key], "target": "none"},
    )
    assert not ThemeItem.objects.filter(card=cards[0]).exists()


def test_a_split_without_ticks_keeps_the_name_and_says_why(client, computed, process, ideas, moderator):
    client.force_login(moderator)
    theme = theme_of(process, f"idea-{ideas[0].pk}")
    response = client.post(
        reverse("themes:theme_create", kwargs={"process_pk": process.pk}), {"origin": theme.pk, "title": "Neu"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please tick at least one item." in html
    assert f'id="new-title-{theme.pk}" name="title" maxlength="150" value="Neu"' in html


def test_a_theme_of_another_process_is_not_a_target(client, computed, process, ideas, moderator):
    client.force_login(moderator)
    response = client.post(
        reverse("themes:items_move", kwargs={"process_pk": process.pk}),
        {"origin": "none", "items": [f"idea-{ideas[0].pk}"], "target": "999999"},
    )
    assert response.status_code == 400
    assert "Please choose where the ticked items go." in response.content.decode()


def test_cluster_and_measure_from_an_accepted_theme(client, computed, process, ideas, cards, moderator, plan_module):
    client.force_login(moderator)
    theme = theme_of(process, f"idea-{ideas[0].pk}")
    refused = client.post(reverse("themes:theme_cluster", kwargs={"pk": theme.pk}), {"session": cards[0].session_id})
    assert refused.status_code == 400
    assert "Accept the theme first" in refused.content.decode()
    client.post(reverse("themes:theme_accept", kwargs={"pk": theme.pk}))
    response = client.post(reverse("themes:theme_cluster", kwargs={"pk": theme.pk}), {"session": cards[0].session_id})
    assert response.status_code == 302
    assert Cluster.objects.get().title == theme.title
    response = client.post(reverse("themes:theme_measure", kwargs={"pk": theme.pk}))
    theme.refresh_from_db()
    assert response.status_code == 302
    assert response.url == reverse("plans:measure_edit", kwargs={"pk": theme.measure_id})
    assert theme.measure.get_absolute_url() in client.get(_page(process)).content.decode()


def test_without_a_plan_module_the_page_says_so(client, computed, process, ideas, moderator):
    client.force_login(moderator)
    theme = theme_of(process, f"idea-{ideas[0].pk}")
    client.post(reverse("themes:theme_accept", kwargs={"pk": theme.pk}))
    assert "This process has no action plan module yet" in client.get(_page(process)).content.decode()


def test_the_moderation_page_and_the_console_link_to_the_themes(
    client, process, ideas_module, session, moderator, staff_a
):
    client.force_login(moderator)
    url = _page(process)
    assert url in client.get(reverse("ideas:moderation", kwargs={"module_pk": ideas_module.pk})).content.decode()
    assert url in client.get(reverse("workshops:console", kwargs={"pk": session.pk})).content.decode()
    client.force_login(staff_a)  # town staff follow the console, but do not edit themes
    assert url not in client.get(reverse("workshops:console", kwargs={"pk": session.pk})).content.decode()
