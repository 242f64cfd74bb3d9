"""Class mode: the team invites a class, the teacher runs a session by the secret link, pupils join
by code without anything asked, the cards go into the idea collection marked, and participation
counts the pupils as young people of the class's town."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zukunftswerkstatt.ideas.models import Channel, Idea
from zukunftswerkstatt.participation import selectors as participation_selectors
from zukunftswerkstatt.workshops import services
from zukunftswerkstatt.workshops.models import ClassInvitation, Participant, Step, WorkshopSession, token_hash

pytestmark = pytest.mark.django_db


def _invite(ideas_module, town, *, days: int = 7, by=None, **extra) -> tuple[ClassInvitation, str]:
    return services.invitation_create(
        ideas_module=ideas_module,
        group_name=extra.pop("group_name", "Klasse 8b, Oberschule Rodewisch"),
        kind=extra.pop("kind", "school"),
        town=town,
        age_group=extra.pop("age_group", "12-15"),
        valid_until=timezone.localdate() + dt.timedelta(days=days),
        leader_name="Frau Lehmann",
        created_by=by,
        **extra,
    )


@pytest.fixture
def invitation(ideas_module, town_b, moderator):
    return _invite(ideas_module, town_b, by=moderator)


def _home(key: str) -> str:
    return reverse("workshops:class_home", kwargs={"key": key})


def _url(name: str, key: str, session, **extra) -> str:
    return reverse(f"workshops:{name}", kwargs={"key": key, "pk": session.pk, **extra})


def _pupil(session) -> Client:
    pupil = Client()
    response = pupil.post(reverse("workshops:join"), {"code": session.code.lower()})
    assert response.status_code == 302, response.content
    return pupil


def test_the_full_flow_from_invitation_to_marked_contributions_and_counted_pupils(
    ideas_module, town_b, moderator, client_for, process
):
    # The team creates the invitation; the link is shown once and only its hash is stored.
    team = client_for(moderator)
    page = reverse("workshops:class_invitations", kwargs={"process_pk": process.pk})
    assert team.get(page).status_code == 200
    response = team.post(
        page,
        {
            "ideas_module": ideas_module.pk,
            "group_name": "Klasse 8b,  Oberschule Rodewisch",
            "kind": "school",
            "town": town_b.pk,
            "age_group": "12-15",
            "leader_name": "Frau Lehmann",
            "leader_email": "lehmann@schule.example",
            "valid_until": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 200
    key = re.search(r"/workshops/class/([\w-]+)/", response.content.decode()).group(1)
    invitation = ClassInvitation.objects.get()
    assert invitation.key_hash == token_hash(key)
    assert key not in str(ClassInvitation.objects.values().get())
    assert invitation.group_name == "Klasse 8b, Oberschule Rodewisch"

    # The teacher (no account) opens a session by the link.
    teacher = Client()
    assert teacher.get(_home(key)).status_code == 200
    response = teacher.post(_home(key), {"title": ""})
    session = WorkshopSession.objects.get()
    assert response.status_code == 302
    assert session.event is None
    assert session.invitation == invitation
    assert session.title == "Klasse 8b, Oberschule Rodewisch"
    assert teacher.get(_url("class_console", key, session)).status_code == 200

    # The join page of a class session asks nothing; two pupils join and write cards.
    join_page = teacher.get(reverse("workshops:join_code", kwargs={"code": session.code})).content.decode()
    assert "You need no name" in join_page
    assert 'name="pseudonym"' not in join_page
    assert 'name="participant_age_group"' not in join_page
    pupils = [_pupil(session), _pupil(session)]
    assert teacher.post(_url("class_step", key, session), {"step": "criticism"}).status_code == 302
    for n, pupil in enumerate(pupils):
        response = pupil.post(
            reverse("workshops:participant_card", kwargs={"pk": session.pk}),
            {"text": f"Zu wenig für Jugendliche {n}", "step": "criticism", "nonce": f"n{n}"},
        )
        assert response.status_code == 302
    assert set(Participant.objects.values_list("participant_town", "participant_age_group", "pseudonym")) == {
        (town_b.pk, "12-15", "")
    }
    # The teacher hides one (moderation works in class mode).
    abusive = session.cards.last()
    teacher.post(_url("class_card_hide", key, session, card_pk=abusive.pk), {"action": "hide"})
    abusive.refresh_from_db()
    assert abusive.is_hidden

    # Finish and transfer: one contribution, marked, no event.
    response = teacher.post(_url("class_finish", key, session))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.is_finished
    assert session.transferred_at
    idea = Idea.objects.get()
    assert idea.youth_group_kind == "school"
    assert idea.youth_group_name == "Klasse 8b, Oberschule Rodewisch"
    assert idea.channel == Channel.WORKSHOP
    assert idea.event is None
    assert idea.module == ideas_module
    Idea.objects.filter(pk=idea.pk).update(visibility="published")  # as after the moderation, if any
    assert (
        "From the school class “Klasse 8b, Oberschule Rodewisch”"
        in Client().get(idea.get_absolute_url()).content.decode()
    )
    # Again: nothing twice.
    teacher.post(_url("class_finish", key, session))
    assert Idea.objects.count() == 1

    # Participation counts both pupils as young people of the class's town.
    count = participation_selectors.participation_count(process=process)
    workshop = next(c for c in count.channels if c.channel.key == "workshop")
    assert workshop.total == 2
    assert count.overall[(town_b.pk, "12-15")] == 2

    # The team's console and the record work for a session without an event.
    assert team.get(reverse("workshops:console", kwargs={"pk": session.pk})).status_code == 200
    assert Client().get(reverse("workshops:record", kwargs={"pk": session.pk})).status_code == 200


def test_a_pupil_cannot_choose_town_age_or_name_in_class_mode(invitation, town_a):
    inv, _key = invitation
    session = services.class_session_create(invitation=inv)
    participant, _token = services.participant_join(
        code=session.code, pseudonym="Max", participant_town=town_a, participant_age_group="30-44"
    )
    assert (participant.pseudonym, participant.participant_town, participant.participant_age_group) == (
        "",
        inv.town,
        "12-15",
    )


def test_a_revoked_link_stops_working_and_ends_open_sessions(invitation, moderator, client_for):
    inv, key = invitation
    session = services.class_session_create(invitation=inv)
    pupil = _pupil(session)
    response = client_for(moderator).post(reverse("workshops:class_revoke", kwargs={"pk": inv.pk}))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.is_finished
    teacher = Client()
    assert teacher.get(_home(key)).status_code == 404
    assert "This link no longer works" in teacher.get(_url("class_console", key, session)).content.decode()
    assert teacher.post(_url("class_step", key, session), {"step": "criticism"}).status_code == 404
    assert Client().post(reverse("workshops:join"), {"code": session.code}).status_code == 400
    assert pupil.get(reverse("workshops:participant", kwargs={"pk": session.pk})).status_code == 302


def test_a_class_session_closes_itself_after_the_end_date(invitation, join):
    inv, key = invitation
    session = services.class_session_create(invitation=inv)
    session = services.session_set_step(session=session, step="criticism")
    _participant, pupil = join(session)
    ClassInvitation.objects.filter(pk=inv.pk).update(valid_until=timezone.localdate() - dt.timedelta(days=1))
    # The pupil's next page ends the session; the card is refused.
    response = pupil.post(
        reverse("workshops:participant_card", kwargs={"pk": session.pk}),
        {"text": "Noch eine", "step": "criticism", "nonce": "late"},
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.is_finished
    assert session.cards.count() == 0
    assert Client().get(_home(key)).status_code == 404


def test_invitations_are_checked(ideas_module, town_a, other_organisation):
    from tests.factories import MunicipalityFactory

    foreign_town = MunicipalityFactory(organisation=other_organisation, name="Plauen", ags="14523320")
    with pytest.raises(ValidationError):
        _invite(ideas_module, foreign_town)
    with pytest.raises(ValidationError):
        _invite(ideas_module, town_a, age_group="45-64")
    with pytest.raises(ValidationError):
        _invite(ideas_module, town_a, days=-1)


@pytest.mark.parametrize("who", ["anonymous", "staff_a", "participant", "other_org_admin"])
def test_only_the_running_team_invites_and_revokes(who, request, invitation, process, client_for):
    inv, _key = invitation
    client = Client() if who == "anonymous" else client_for(request.getfixturevalue(who))
    page = reverse("workshops:class_invitations", kwargs={"process_pk": process.pk})
    assert client.get(page).status_code in (302, 403)
    assert client.post(reverse("workshops:class_revoke", kwargs={"pk": inv.pk})).status_code in (302, 403)
    inv.refresh_from_db()
    assert inv.revoked_at is None


def test_a_teacher_link_reaches_only_its_own_sessions(invitation, ideas_module, town_a, session):
    inv, key = invitation
    other, _other_key = _invite(ideas_module, town_a, group_name="Jugendclub Ellefeld", kind="youth_club")
    foreign = services.class_session_create(invitation=other)
    teacher = Client()
    assert teacher.get(_url("class_console", key, foreign)).status_code == 404
    assert teacher.get(_url("class_console", key, session)).status_code == 404  # an event's session
    assert teacher.post(_url("class_finish", key, foreign)).status_code == 404
    assert teacher.get(_url("class_console", "wrong-key", foreign)).status_code == 404


def test_a_pupil_cannot_use_the_teachers_endpoints(invitation):
    inv, key = invitation
    session = services.class_session_create(invitation=inv)
    pupil = _pupil(session)
    # Without the key there is no address to reach; the staff console needs an account.
    assert pupil.post(reverse("workshops:step", kwargs={"pk": session.pk}), {"step": "criticism"}).status_code in (
        302,
        403,
        404,
    )
    assert pupil.post(reverse("workshops:transfer", kwargs={"pk": session.pk})).status_code in (302, 403, 404)
    session.refresh_from_db()
    assert session.step == Step.PREPARATION


def test_the_teachers_poll_answers_204_when_nothing_changed(invitation):
    inv, key = invitation
    session = services.class_session_create(invitation=inv)
    live = _url("class_console_live", key, session)
    assert Client().get(live, {"v": session.revision}).status_code == 204
    assert Client().get(live, {"v": 0}).status_code == 200


def test_query_counts_of_the_class_join_and_pupil_pages(invitation, django_assert_num_queries):
    inv, _key = invitation
    session = services.class_session_create(invitation=inv)
    session = services.session_set_step(session=session, step="criticism")
    client = Client()
    # is it a class, towns for the form, the page's organisation (context processor)
    with django_assert_num_queries(3):
        assert client.get(reverse("workshops:join_code", kwargs={"code": session.code})).status_code == 200
    pupil = _pupil(session)
    page = reverse("workshops:participant", kwargs={"pk": session.pk})
    pupil.get(page)
    # participant with session and invitation, own cards, own dots, organisation
    with django_assert_num_queries(4):
        assert pupil.get(page).status_code == 200
    live = reverse("workshops:participant_live", kwargs={"pk": session.pk})
    session.refresh_from_db()
    with django_assert_num_queries(1):
        assert pupil.get(live, {"v": session.revision}).status_code == 204


ROLES = ["anonymous", "participant", "staff_a", "moderator", "org_admin", "other_org_admin", "platform_admin"]
RUNNING = {"moderator", "org_admin", "platform_admin"}


def _person(request, role):
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_of_class_mode(request, role, invitation, process):
    """`workshops.invite_class` on the process and an invitation; the team's console of a class
    session; its record only once finished (and the process published), else for the team."""
    inv, _key = invitation
    user = _person(request, role)
    session = services.class_session_create(invitation=inv)
    session = services.session_set_step(session=session, step="criticism")
    assert user.has_perm("workshops.invite_class", process) == (role in RUNNING)
    assert user.has_perm("workshops.invite_class", inv) == (role in RUNNING)
    assert user.has_perm("workshops.run_session", session) == (role in RUNNING)
    assert user.has_perm("workshops.view_session", session) == (role in RUNNING | {"staff_a"})
    assert user.has_perm("workshops.view_record", session) == (role in RUNNING | {"staff_a"})
    session = services.session_set_step(session=session, step="finished")
    assert user.has_perm("workshops.view_record", session)


def test_the_idea_list_filters_contributions_from_school_classes_and_youth_clubs(invitation, ideas_module):
    from zukunftswerkstatt.ideas.selectors import IdeaFilters, idea_list

    inv, _key = invitation
    session = services.class_session_create(invitation=inv)
    session = services.session_set_step(session=session, step="criticism")
    pupil, _token = services.participant_join(code=session.code)
    services.card_add(session=session, text="Ein Jugendraum", step="criticism", participant=pupil)
    services.session_set_step(session=session, step="finished")
    services.session_transfer(session=session)
    Idea.objects.update(visibility="published")
    assert [i.title for i in idea_list(module=ideas_module, filters=IdeaFilters(youth="any"))] == ["Ein Jugendraum"]
    assert idea_list(module=ideas_module, filters=IdeaFilters(youth="school")).count() == 1
    assert idea_list(module=ideas_module, filters=IdeaFilters(youth="youth_club")).count() == 0
    page = Client().get(reverse("ideas:list", kwargs={"module_pk": ideas_module.pk}), {"youth": "school"})
    assert page.status_code == 200
    assert "Ein Jugendraum" in page.content.decode()
