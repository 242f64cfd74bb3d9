"""Writes for the live workshop board.

Every write runs in one transaction and raises the session's revision in it, so that pollers see
the change exactly once. Writes that change the board's structure (steps, clusters, moving cards,
voting settings, transfer) first lock the session row (SELECT … FOR UPDATE): two moderators acting
at once are served one after the other, and the second one sees the first one's result. A
participant's dot locks that participant's row, so that parallel clicks cannot exceed the allowance.
Permission checks (who may call what) are the views' job, through workshops/rules.py.
"""

from __future__ import annotations

import secrets
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zukunftswerkstatt.accounts.services import participant_details_checked
from zukunftswerkstatt.core import live
from zukunftswerkstatt.core.audit import audit_record
from zukunftswerkstatt.core.images import image_reencode
from zukunftswerkstatt.core.models import AuditAction, Municipality
from zukunftswerkstatt.events.models import Event
from zukunftswerkstatt.ideas import services as ideas_services
from zukunftswerkstatt.ideas.models import Channel, Idea
from zukunftswerkstatt.processes.models import Module

from .models import (
    CARD_STEPS,
    CLASS_AGE_GROUPS,
    CODE_ALPHABET,
    CODE_LENGTH,
    MAX_CARD_LENGTH,
    MAX_DOTS,
    STEP_KIND,
    STEP_ORDER,
    Card,
    ClassInvitation,
    Cluster,
    Dot,
    FlipchartPhoto,
    Participant,
    Step,
    VoteState,
    WorkshopSession,
    live_channel,
    token_hash,
)

IDEA_TITLE_LENGTH = 150

# -- helpers -----------------------------------------------------------------------------


def _bump(session: WorkshopSession) -> None:
    """Tell every poller that the board changed (one UPDATE, inside the caller's transaction)."""
    WorkshopSession.objects.filter(pk=session.pk).update(revision=F("revision") + 1, modified=timezone.now())
    _announce(session.pk, phones=True)


def _announce(session_pk: int, *, phones: bool = False) -> None:
    """Nudge the open pages of the session once the transaction has committed (live push): the
    walls and consoles always, the phones when the moderation changed something (`phones`)."""
    live.announce(live_channel(session_pk))
    if phones:
        live.announce(live_channel(session_pk, phones=True))


def _locked(session: WorkshopSession) -> WorkshopSession:
    """The session row, locked until the transaction ends, with the current values."""
    return WorkshopSession.objects.select_for_update().get(pk=session.pk)


def _require_not_finished(session: WorkshopSession) -> None:
    if session.is_finished:
        raise ValidationError(_("This session has ended; the board can no longer be changed."))


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _n in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    """What people type: lower case, spaces, a dash in the middle; O for 0 is not in the alphabet."""
    return "".join(character for character in code.upper() if character.isalnum())


def suggested_dots(option_count: int) -> int:
    """About half the number of options, at least 1 and at most 10 (the usual rule of thumb)."""
    return max(1, min(MAX_DOTS, option_count // 2))


# -- sessions ----------------------------------------------------------------------------


def _free_code() -> str:
    for _attempt in range(20):
        code = _new_code()
        if not WorkshopSession.objects.filter(code=code).exists():
            return code
    # 23^6 codes; twenty collisions in a row do not happen
    raise ValidationError(_("No free join code was found. Please try again."))  # pragma: no cover


@transaction.atomic
def session_create(*, event: Event, ideas_module: Module, title: str, started_by) -> WorkshopSession:
    """A new live session for an event, in preparation, with a fresh join code."""
    if ideas_module.type != "ideas" or ideas_module.phase.process_id != event.process_id:
        raise ValidationError({"ideas_module": _("Please choose an idea collection of the same process.")})
    session = WorkshopSession(
        event=event,
        ideas_module=ideas_module,
        title=title.strip() or event.title,
        code=_free_code(),
        projector_key=secrets.token_urlsafe(24),
        started_by=started_by,
    )
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def session_set_step(*, session: WorkshopSession, step: str, expected_step: str | None = None) -> WorkshopSession:
    """Move the session to a step. With `expected_step`, refuse if someone else moved it meanwhile."""
    locked = _locked(session)
    if step not in STEP_ORDER:
        raise ValidationError(_("There is no such step."))
    if expected_step is not None and locked.step != expected_step:
        raise ValidationError(
            _("Someone else has already moved the session on; it is now in the step “%(step)s”.")
            % {"step": locked.get_step_display()}
        )
    _require_not_finished(locked)
    locked.step = step
    fields = ["step", "modified"]
    if step == Step.FINISHED:
        locked.finished_at = timezone.now()
        if locked.vote_state == VoteState.OPEN:
            locked.vote_state = VoteState.CLOSED
        fields += ["finished_at", "vote_state"]
    locked.save(update_fields=fields)
    _bump(locked)
    locked.refresh_from_db(fields=["revision"])
    return locked


# -- class mode ---------------------------------------------------------------------------


def invitation_key_hash(key: str) -> str:
    return token_hash(key)


@transaction.atomic
def invitation_create(
    *,
    ideas_module: Module,
    group_name: str,
    kind: str,
    town: Municipality,
    age_group: str,
    valid_until,
    leader_name: str = "",
    leader_email: str = "",
    created_by=None,
) -> tuple[ClassInvitation, str]:
    """A class invitation for an idea collection. Returns it and its secret key (shown once,
    only its hash is kept): the teacher's link is `/workshops/class/<key>/`."""
    if ideas_module.type != "ideas":
        raise ValidationError({"ideas_module": _("Please choose an idea collection.")})
    if town.organisation_id != ideas_module.phase.process.organisation_id:
        raise ValidationError({"town": _("Please choose a town of the organisation running the process.")})
    if age_group not in CLASS_AGE_GROUPS:
        raise ValidationError({"age_group": _("Please choose the age band of a class or youth group.")})
    if valid_until < timezone.localdate():
        raise ValidationError({"valid_until": _("The date has passed; please choose today or a later day.")})
    key = secrets.token_urlsafe(24)
    invitation = ClassInvitation(
        ideas_module=ideas_module,
        group_name=" ".join(group_name.split()),
        kind=kind,
        town=town,
        age_group=age_group,
        leader_name=leader_name.strip(),
        leader_email=leader_email.strip(),
        valid_until=valid_until,
        key_hash=invitation_key_hash(key),
        created_by=created_by,
    )
    invitation.full_clean()
    invitation.save()
    return invitation, key


def invitation_for_key(*, key: str) -> ClassInvitation | None:
    """The invitation a teacher's link names, if it is still valid (not revoked, not past its day).
    An invitation that has just expired finishes its open sessions on the way."""
    invitation = (
        ClassInvitation.objects.select_related("ideas_module__phase__process__organisation", "town")
        .filter(key_hash=invitation_key_hash(key))
        .first()
    )
    if invitation is None:
        return None
    if not invitation.is_valid_on(timezone.localdate()):
        _finish_open_sessions(invitation)
        return None
    return invitation


def _finish_open_sessions(invitation: ClassInvitation) -> None:
    for session in WorkshopSession.objects.filter(invitation=invitation).live():
        _finish_quietly(session)


def _finish_quietly(session: WorkshopSession) -> WorkshopSession:
    """Finish a session; if another request finished it a moment ago, that is just as good."""
    try:
        return session_set_step(session=session, step=Step.FINISHED)
    except ValidationError:
        return WorkshopSession.objects.get(pk=session.pk)


@transaction.atomic
def invitation_revoke(*, invitation: ClassInvitation, by=None) -> ClassInvitation:
    """The team withdraws the teacher's link; open class sessions end at once (their cards stay
    and can still be transferred by the team from the console)."""
    ClassInvitation.objects.select_for_update().filter(pk=invitation.pk).get()
    invitation.revoked_at = invitation.revoked_at or timezone.now()
    invitation.save(update_fields=["revoked_at", "modified"])
    _finish_open_sessions(invitation)
    return invitation


def class_session_close_if_expired(*, session: WorkshopSession) -> WorkshopSession:
    """A class session ends by itself when its invitation is revoked or past its day."""
    if session.invitation_id is None or session.is_finished:
        return session
    invitation = session.invitation
    if invitation.is_valid_on(timezone.localdate()):
        return session
    finished = _finish_quietly(session)
    session.step, session.finished_at, session.revision = finished.step, finished.finished_at, finished.revision
    return session


@transaction.atomic
def class_session_create(*, invitation: ClassInvitation, title: str = "") -> WorkshopSession:
    """A new class session (no event) for the invitation's idea collection, with a fresh join code."""
    if not invitation.is_valid_on(timezone.localdate()):
        raise ValidationError(_("This invitation is no longer valid."))
    session = WorkshopSession(
        invitation=invitation,
        ideas_module=invitation.ideas_module,
        title=" ".join(title.split()) or invitation.group_name,
        code=_free_code(),
        projector_key=secrets.token_urlsafe(24),
    )
    session.full_clean(exclude=["started_by"])  # a teacher has no account
    session.save()
    return session


# -- participants ------------------------------------------------------------------------


def session_for_code(code: str) -> WorkshopSession:
    """The session a join code belongs to; a clear error for a wrong or an ended session."""
    code = normalise_code(code)
    session = WorkshopSession.objects.select_related("event", "invitation").filter(code=code).first()
    if session is None:
        raise ValidationError(_("There is no session with this code. Please check the code on the wall."), code="wrong")
    session = class_session_close_if_expired(session=session)
    if session.is_finished:
        raise ValidationError(_("This session has ended. Thank you for taking part!"), code="ended")
    return session


def _organisation_id(session: WorkshopSession) -> int:
    # The idea collection is always of the session's process (an event's or a class invitation's).
    return (
        Module.objects.filter(pk=session.ideas_module_id).values_list("phase__process__organisation", flat=True).get()
    )


@transaction.atomic
def participant_join(
    *, code: str, pseudonym: str = "", participant_town: Municipality | None = None, participant_age_group: str = ""
) -> tuple[Participant, str]:
    """Join a session by its code. Returns the participant and their secret token (for the cookie).

    The optional town and age group are anonymous figures on the participant (who has no account)
    and count for every card and dot of theirs. They never stop anyone joining: a town outside the
    session's organisation (possible only before the code was known) is left out."""
    session = session_for_code(code)
    if session.invitation_id is not None:
        # A class: no name, nothing asked; the pupils stand for the group's town and age band.
        invitation = session.invitation
        pseudonym, participant_town, participant_age_group = "", invitation.town, invitation.age_group
    elif participant_town is not None and participant_town.organisation_id != _organisation_id(session):
        participant_town = None
    token = secrets.token_urlsafe(24)
    participant = Participant(
        session=session,
        token_hash=token_hash(token),
        pseudonym=pseudonym.strip(),
        participant_town=participant_town,
        participant_age_group=participant_age_group,
    )
    participant.full_clean()
    participant.save()
    return participant, token


# -- cards -------------------------------------------------------------------------------


def _clean_text(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise ValidationError({"text": _("Please write something on the card.")})
    if len(text) > MAX_CARD_LENGTH:
        raise ValidationError({"text": _("A card holds at most %(max)s characters.") % {"max": MAX_CARD_LENGTH}})
    return text


def card_add(
    *,
    session: WorkshopSession,
    text: str,
    step: str,
    nonce: str = "",
    participant: Participant | None = None,
    from_paper: bool = False,
    added_by=None,
    participant_town: Municipality | None = None,
    participant_age_group: str = "",
) -> tuple[Card, bool]:
    """A card for the current step (a paper card: for any step while cards are collected).
    Returns (card, created): a form sent twice (same `nonce`) gives back the first card instead of
    making a second one.

    Only a paper card carries the optional town and age group of its writer, as the moderator
    typed them in; a card from a phone inherits nothing (its participant carries them)."""
    text = _clean_text(text)
    if (participant_town is not None or participant_age_group) and not from_paper:
        raise ValueError("Only paper cards carry a writer's town and age group; a phone's participant does.")
    # Staff type a paper card for its writer: the details are the writer's, checked as everywhere.
    details = participant_details_checked(
        person=None, organisation_id=_organisation_id(session), town=participant_town, age_group=participant_age_group
    )
    if step not in CARD_STEPS:
        raise ValidationError(_("Cards are not being collected right now."))
    if nonce:
        existing = Card.objects.filter(session=session, nonce=nonce).first()
        if existing is not None:
            return existing, False
    try:
        with transaction.atomic():
            # The UPDATE both announces the card and checks, under the row lock, that its step is current.
            # Paper cards may be typed in later, for any step, until the session ends.
            current_step = {"step__in": CARD_STEPS} if from_paper else {"step": step}
            changed = WorkshopSession.objects.filter(pk=session.pk, **current_step).update(
                revision=F("revision") + 1, modified=timezone.now()
            )
            if not changed:
                current = WorkshopSession.objects.get(pk=session.pk)
                if current.is_finished:
                    raise ValidationError(_("This session has ended; no more cards can be added."))
                if current.step not in CARD_STEPS:
                    raise ValidationError(_("Cards are not being collected right now."))
                raise ValidationError(
                    _(
                        "The session has moved on to the step “%(step)s”. "
                        "Your text is still here: please check it and send it again."
                    )
                    % {"step": current.get_step_display()}
                )
            _announce(session.pk)
            card = Card(
                session=session,
                step=step,
                text=text,
                participant=participant,
                from_paper=from_paper,
                added_by=added_by,
                nonce=nonce,
                **details,
            )
            card.full_clean(exclude=["nonce"])
            card.save()
    except IntegrityError:
        # The same form arrived twice at the same moment: the other request made the card.
        existing = Card.objects.filter(session=session, nonce=nonce).first()
        if nonce and existing is not None:
            return existing, False
        raise
    return card, True


@transaction.atomic
def card_set_hidden(*, session: WorkshopSession, card: Card, hidden: bool, by=None) -> Card:
    """Hide an abusive card (it stays in the database, out of every view and vote) or show it again."""
    locked = _locked(session)
    _require_not_finished(locked)
    Card.objects.filter(pk=card.pk, session=session).update(is_hidden=hidden)
    card.is_hidden = hidden
    _bump(locked)
    audit_record(
        actor=by,
        action=AuditAction.WORKSHOP_CARD_HIDDEN if hidden else AuditAction.WORKSHOP_CARD_RESTORED,
        obj=session,
        label=str(session),
        details={"card": card.pk},
    )
    return card


@transaction.atomic
def card_move(*, session: WorkshopSession, card: Card, cluster: Cluster | None) -> Card:
    """Put a card into a cluster (or take it out). Last write wins; a card is always in at most one
    cluster because the cluster is a column of the card. A cluster merged away meanwhile is refused."""
    locked = _locked(session)
    _require_not_finished(locked)
    if not Card.objects.filter(pk=card.pk, session=session).exists():
        raise ValidationError(_("This card is no longer on the board."))
    if cluster is not None and not Cluster.objects.filter(pk=cluster.pk, session=session).exists():
        raise ValidationError(
            _("The cluster “%(title)s” no longer exists (perhaps it was just merged). Please choose again.")
            % {"title": cluster.title}
        )
    Card.objects.filter(pk=card.pk).update(cluster=cluster)
    if cluster is not None:
        # Dots a card got while it stood alone go with it into its cluster.
        moved = Dot.objects.filter(card_id=card.pk).update(card=None, cluster=cluster)
        if moved:
            Card.objects.filter(pk=card.pk).update(dot_count=0)
            Cluster.objects.filter(pk=cluster.pk).update(dot_count=F("dot_count") + moved)
    card.cluster = cluster
    _bump(locked)
    return card


# -- clusters ----------------------------------------------------------------------------


def _clean_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": _("Please give the cluster a name.")})
    if len(title) > 150:
        raise ValidationError({"title": _("A name has at most 150 characters.")})
    return title


@transaction.atomic
def cluster_create(*, session: WorkshopSession, title: str, cards: list[Card] = ()) -> Cluster:
    """A new cluster at the end of the board, optionally with cards moved into it."""
    locked = _locked(session)
    _require_not_finished(locked)
    last = Cluster.objects.filter(session=session).aggregate(last=Max("position"))["last"]
    cluster = Cluster(session=session, title=_clean_title(title), position=0 if last is None else last + 1)
    cluster.full_clean()
    cluster.save()
    if cards:
        Card.objects.filter(session=session, pk__in=[card.pk for card in cards]).update(cluster=cluster)
    _bump(locked)
    return cluster


def _existing_cluster(session: WorkshopSession, cluster: Cluster) -> Cluster:
    current = Cluster.objects.filter(pk=cluster.pk, session=session).first()
    if current is None:
        raise ValidationError(
            _("The cluster “%(title)s” no longer exists (perhaps it was just merged).") % {"title": cluster.title}
        )
    return current


@transaction.atomic
def cluster_rename(*, session: WorkshopSession, cluster: Cluster, title: str) -> Cluster:
    locked = _locked(session)
    _require_not_finished(locked)
    cluster = _existing_cluster(session, cluster)
    cluster.title = _clean_title(title)
    cluster.save(update_fields=["title"])
    _bump(locked)
    return cluster


@transaction.atomic
def cluster_move(*, session: WorkshopSession, cluster: Cluster, direction: str) -> None:
    """Move a cluster one place up or down; positions are renumbered 0, 1, 2, … on the way."""
    locked = _locked(session)
    _require_not_finished(locked)
    cluster = _existing_cluster(session, cluster)
    order = list(Cluster.objects.filter(session=session).order_by("position", "pk"))
    index = next(i for i, c in enumerate(order) if c.pk == cluster.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(order):
        order[index], order[other] = order[other], order[index]
    for position, item in enumerate(order):
        if item.position != position:
            Cluster.objects.filter(pk=item.pk).update(position=position)
    _bump(locked)


@transaction.atomic
def cluster_merge(*, session: WorkshopSession, source: Cluster, target: Cluster) -> Cluster:
    """Merge `source` into `target`: its cards and dots move over, then `source` is deleted.
    Two moderators merging at once are served one after the other; the second is told if a
    cluster they named is gone."""
    locked = _locked(session)
    _require_not_finished(locked)
    if source.pk == target.pk:
        raise ValidationError(_("A cluster cannot be merged with itself."))
    source = _existing_cluster(session, source)
    target = _existing_cluster(session, target)
    if source.idea_id or target.idea_id:
        raise ValidationError(_("Clusters already transferred to the idea collection cannot be merged."))
    Card.objects.filter(cluster=source).update(cluster=target)
    moved = Dot.objects.filter(cluster=source).update(cluster=target)
    Cluster.objects.filter(pk=target.pk).update(dot_count=F("dot_count") + moved)
    source.delete()
    _bump(locked)
    target.refresh_from_db()
    return target


@transaction.atomic
def cluster_delete(*, session: WorkshopSession, cluster: Cluster) -> None:
    """Dissolve a cluster: its cards go back to "not grouped"; dots on it are removed."""
    locked = _locked(session)
    _require_not_finished(locked)
    cluster = _existing_cluster(session, cluster)
    if cluster.idea_id:
        raise ValidationError(_("A cluster already transferred to the idea collection cannot be removed."))
    Card.objects.filter(cluster=cluster).update(cluster=None)
    cluster.delete()
    _bump(locked)


# -- dot voting --------------------------------------------------------------------------


@transaction.atomic
def vote_configure(*, session: WorkshopSession, dots_per_participant: int, allow_stacking: bool) -> WorkshopSession:
    locked = _locked(session)
    _require_not_finished(locked)
    if not 1 <= dots_per_participant <= MAX_DOTS:
        raise ValidationError(
            {"dots_per_participant": _("Between 1 and %(max)s dots per person, please.") % {"max": MAX_DOTS}}
        )
    if locked.vote_state == VoteState.OPEN:
        raise ValidationError(_("Please close the vote before you change its rules."))
    locked.dots_per_participant = dots_per_participant
    locked.allow_stacking = allow_stacking
    locked.save(update_fields=["dots_per_participant", "allow_stacking", "modified"])
    _bump(locked)
    return locked


@transaction.atomic
def vote_set_state(*, session: WorkshopSession, state: str) -> WorkshopSession:
    """Open or close the dot vote (it can be opened again after closing)."""
    locked = _locked(session)
    _require_not_finished(locked)
    if state not in (VoteState.OPEN, VoteState.CLOSED):
        raise ValidationError(_("The vote can only be opened or closed."))
    locked.vote_state = state
    locked.save(update_fields=["vote_state", "modified"])
    _bump(locked)
    return locked


@transaction.atomic
def results_reveal(*, session: WorkshopSession, revealed: bool) -> WorkshopSession:
    locked = _locked(session)
    locked.results_revealed = revealed
    locked.save(update_fields=["results_revealed", "modified"])
    _bump(locked)
    return locked


def option_get(*, session: WorkshopSession, key: str) -> Cluster | Card:
    """What a vote button names ("cluster-12", "card-34"), checked to be on this session's ballot."""
    kind, _dash, pk = key.partition("-")
    if pk.isdigit():
        if kind == "cluster":
            cluster = Cluster.objects.filter(session=session, pk=int(pk)).first()
            if cluster is not None:
                return cluster
        elif kind == "card":
            card = Card.objects.filter(session=session, pk=int(pk), is_hidden=False, cluster__isnull=True).first()
            if card is not None:
                return card
    raise ValidationError(_("This option is no longer on the ballot (perhaps it was just grouped). Please look again."))


def _target(option: Cluster | Card) -> dict:
    return {"cluster": option} if isinstance(option, Cluster) else {"card": option}


def _count(option: Cluster | Card, change: int) -> None:
    type(option).objects.filter(pk=option.pk).update(dot_count=F("dot_count") + change)


def dot_add(*, participant: Participant, option: Cluster | Card, nonce: str = "") -> bool:
    """Put one of the participant's dots on an option. Returns False when the same form was sent
    twice (nothing is counted twice). The allowance is checked while the participant's row is
    locked, so that parallel clicks cannot go over it."""
    try:
        with transaction.atomic():
            Participant.objects.select_for_update().filter(pk=participant.pk).get()
            if nonce and Dot.objects.filter(session_id=participant.session_id, nonce=nonce).exists():
                return False
            if not WorkshopSession.objects.filter(pk=participant.session_id, vote_state=VoteState.OPEN).update(
                revision=F("revision") + 1, modified=timezone.now()
            ):
                raise ValidationError(_("The vote is closed. Your dots were not changed."))
            _announce(participant.session_id)
            session = WorkshopSession.objects.get(pk=participant.session_id)
            used = Dot.objects.filter(participant=participant).count()
            if used >= session.dots_per_participant:
                raise ValidationError(
                    _("You have used all your %(dots)s dots. Take one back first to put it elsewhere.")
                    % {"dots": session.dots_per_participant}
                )
            if not session.allow_stacking and Dot.objects.filter(participant=participant, **_target(option)).exists():
                raise ValidationError(
                    _("In this vote each option gets at most one dot from each person. Please choose another option.")
                )
            Dot.objects.create(session=session, participant=participant, nonce=nonce, **_target(option))
            _count(option, +1)
    except IntegrityError:
        if nonce and Dot.objects.filter(session_id=participant.session_id, nonce=nonce).exists():
            return False
        raise
    return True


@transaction.atomic
def dot_remove(*, participant: Participant, option: Cluster | Card) -> None:
    """Take one of the participant's dots back from an option (while the vote is open)."""
    Participant.objects.select_for_update().filter(pk=participant.pk).get()
    if not WorkshopSession.objects.filter(pk=participant.session_id, vote_state=VoteState.OPEN).update(
        revision=F("revision") + 1, modified=timezone.now()
    ):
        raise ValidationError(_("The vote is closed. Your dots were not changed."))
    _announce(participant.session_id)
    dot = Dot.objects.filter(participant=participant, **_target(option)).order_by("-pk").first()
    if dot is None:
        raise ValidationError(_("You have no dot on this option."))
    dot.delete()
    _count(option, -1)


@transaction.atomic
def paper_dots_set(*, session: WorkshopSession, option: Cluster | Card, count: int, added_by) -> int:
    """Set the number of paper dots (sticky dots counted on the wall) on an option; returns the
    change. Paper dots have no allowance: the moderator counts what is on the wall."""
    locked = _locked(session)
    _require_not_finished(locked)
    if count < 0 or count > 999:
        raise ValidationError({"count": _("Please enter a number between 0 and 999.")})
    current = list(Dot.objects.filter(session=session, from_paper=True, **_target(option)).values_list("pk", flat=True))
    change = count - len(current)
    if change > 0:
        Dot.objects.bulk_create(
            [Dot(session=session, from_paper=True, added_by=added_by, **_target(option)) for _n in range(change)]
        )
    elif change < 0:
        Dot.objects.filter(pk__in=current[:-change]).delete()
    if change:
        _count(option, change)
        _bump(locked)
    return change


# -- transfer into the idea collection ---------------------------------------------------


def _idea_title(text: str) -> str:
    return text if len(text) <= IDEA_TITLE_LENGTH else text[: IDEA_TITLE_LENGTH - 1].rstrip() + "…"


def _main_step(cards: list[Card]) -> str:
    """The step most of a cluster's cards come from (the earliest step on a tie)."""
    counts = Counter(card.step for card in cards)
    return max(CARD_STEPS, key=lambda step: (counts[step], -CARD_STEPS.index(step)))


@transaction.atomic
def session_transfer(*, session: WorkshopSession) -> list[Idea]:
    """Turn every cluster and every card outside a cluster into a contribution of the idea
    collection (channel "at a workshop", linked to the event). Idempotent: what was transferred
    once is skipped, so a second click or a retry after an error never makes a contribution twice.
    Either everything new is transferred or nothing."""
    locked = _locked(session)
    event = Event.objects.select_related("process").get(pk=locked.event_id) if locked.event_id else None
    invitation = ClassInvitation.objects.get(pk=locked.invitation_id) if locked.invitation_id else None
    module = Module.objects.select_related("phase__process").get(pk=locked.ideas_module_id)
    if event is not None:
        received_on = timezone.localdate(event.start)
    else:
        received_on = timezone.localdate(locked.finished_at or locked.created)
    cards = list(Card.objects.filter(session=session, is_hidden=False).order_by("created", "pk"))
    by_cluster: dict[int, list[Card]] = {}
    for card in cards:
        if card.cluster_id:
            by_cluster.setdefault(card.cluster_id, []).append(card)
    created: list[Idea] = []

    def make(*, title: str, text: str, step: str) -> Idea:
        try:
            idea = ideas_services.idea_create(
                module=module,
                author=None,
                kind=STEP_KIND[step],
                title=_idea_title(title),
                text=text,
                channel=Channel.WORKSHOP,
                received_on=received_on,
            )
        except ValidationError as error:
            raise ValidationError(
                _("The idea collection did not accept “%(title)s”: %(reason)s. Nothing was transferred.")
                % {"title": _idea_title(title), "reason": " ".join(error.messages)}
            ) from error
        if event is not None:
            idea.event = event
            idea.save(update_fields=["event"])
        if invitation is not None:
            # From a school class or a youth club: marked with the group's kind and name.
            idea.youth_group_kind = invitation.kind
            idea.youth_group_name = invitation.group_name
            idea.save(update_fields=["youth_group_kind", "youth_group_name"])
        created.append(idea)
        return idea

    for cluster in Cluster.objects.filter(session=session, idea__isnull=True).order_by("position", "pk"):
        members = by_cluster.get(cluster.pk, [])
        if not members:
            continue
        text = "\n".join(f"- {card.text}" for card in members)
        idea = make(title=cluster.title, text=text, step=_main_step(members))
        Cluster.objects.filter(pk=cluster.pk).update(idea=idea)
        Card.objects.filter(pk__in=[card.pk for card in members], idea__isnull=True).update(idea=idea)
    for card in cards:
        if card.cluster_id is None and card.idea_id is None:
            idea = make(title=card.text, text=card.text, step=card.step)
            Card.objects.filter(pk=card.pk).update(idea=idea)
    locked.transferred_at = locked.transferred_at or timezone.now()
    locked.save(update_fields=["transferred_at", "modified"])
    _bump(locked)
    return created


# -- the record --------------------------------------------------------------------------


@transaction.atomic
def photo_add(*, session: WorkshopSession, image, alt_text: str) -> FlipchartPhoto:
    """A photo of a flipchart, re-encoded (no location or camera data), with its description."""
    alt_text = alt_text.strip()
    if not alt_text:
        raise ValidationError({"alt_text": _("Please describe what the photo shows, for people who cannot see it.")})
    last = FlipchartPhoto.objects.filter(session=session).aggregate(last=Max("position"))["last"]
    photo = FlipchartPhoto(
        session=session, image=image_reencode(image), alt_text=alt_text, position=0 if last is None else last + 1
    )
    photo.full_clean()
    photo.save()
    _bump(session)
    return photo


@transaction.atomic
def photo_delete(*, session: WorkshopSession, photo: FlipchartPhoto) -> None:
    FlipchartPhoto.objects.filter(pk=photo.pk, session=session).delete()
    _bump(session)
