"""Who may do what on the live workshop board.

Moderators and organisation administrators of the event's organisation run sessions and invite
classes (class mode); a teacher with a class invitation's secret link runs that invitation's class
sessions without an account (checked by the key in the views, not here); the
organisation's town staff may look at the console and the projector; participants act only with
a valid participant token of that session (the object checked is then the Participant, found by
the token; without a valid token it is None). The record of a session is public once the event
and its process are published.
"""

from __future__ import annotations

import rules
from django.utils import timezone

from zukunftswerkstatt.accounts.rules import is_moderator, is_org_admin, is_platform_admin, is_town_staff

from .models import CARD_STEPS, Participant, VoteState, WorkshopSession


def _event_of(obj):
    if isinstance(obj, WorkshopSession):
        return obj.event
    return obj  # an Event


@rules.predicate
def is_published(user, obj) -> bool:
    if isinstance(obj, WorkshopSession) and obj.event_id is None:
        # A class session (no event): its record is public once it is finished and the process is published.
        return obj.is_finished and obj.process.is_published
    event = _event_of(obj)
    return event is not None and event.is_published and event.process.is_published


@rules.predicate
def is_participant(user, participant) -> bool:
    """A valid token of a session that has not ended (a class session also ends with its invitation)."""
    if not isinstance(participant, Participant) or participant.session.is_finished:
        return False
    invitation = participant.session.invitation
    return invitation is None or invitation.is_valid_on(timezone.localdate())


@rules.predicate
def collects_cards(user, participant) -> bool:
    return isinstance(participant, Participant) and participant.session.step in CARD_STEPS


@rules.predicate
def vote_open(user, participant) -> bool:
    return isinstance(participant, Participant) and participant.session.vote_state == VoteState.OPEN


is_running_team = is_platform_admin | is_org_admin | is_moderator
is_reading_team = is_running_team | is_town_staff

# On a session (or, for run_session/start, on its Event).
rules.add_perm("workshops.run_session", is_running_team)
rules.add_perm("workshops.view_session", is_reading_team)
rules.add_perm("workshops.view_record", is_published | is_reading_team)
# On an idea collection (Module) or a ClassInvitation: invite a class, see and revoke the invitations.
rules.add_perm("workshops.invite_class", is_running_team)
# On a Participant (found by the token in the cookie) or None.
rules.add_perm("workshops.add_card", is_participant & collects_cards)
rules.add_perm("workshops.vote", is_participant & vote_open)
