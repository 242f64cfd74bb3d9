"""Reads for the live workshop board: the board of a session, the ballot and its ranked result,
a participant's own state, and the cheap revision checks the pollers make."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from zukunftswerkstatt.core.models import Municipality
from zukunftswerkstatt.events.models import Event

from .models import CARD_STEPS, Card, ClassInvitation, Cluster, Dot, Participant, Step, WorkshopSession, token_hash


def session_get(*, pk: int) -> WorkshopSession:
    return WorkshopSession.objects.select_related(
        "event__process__organisation", "ideas_module__phase__process__organisation", "invitation"
    ).get(pk=pk)


def session_for_projector(*, key: str) -> WorkshopSession:
    return WorkshopSession.objects.select_related("event__process__organisation", "invitation").get(projector_key=key)


def revision_for_projector(*, key: str) -> int | None:
    """The projector's poll: one indexed query for one number."""
    return WorkshopSession.objects.filter(projector_key=key).values_list("revision", flat=True).first()


def revision_of(*, pk: int) -> int | None:
    return WorkshopSession.objects.filter(pk=pk).values_list("revision", flat=True).first()


def participant_for_token(*, session_pk: int, token: str | None) -> Participant | None:
    """The participant a cookie's token belongs to, with their session, in one query."""
    if not token:
        return None
    return (
        Participant.objects.select_related("session__event__process", "session__invitation")
        .filter(session_id=session_pk, token_hash=token_hash(token))
        .first()
    )


def towns_for_join(*, code: str) -> QuerySet[Municipality]:
    """The towns a person joining may choose: those of the running session with this (normalised)
    code, else those of every organisation with a running session."""
    running = WorkshopSession.objects.filter(finished_at__isnull=True)
    of_code = (
        running.filter(code=code).values_list("ideas_module__phase__process__organisation", flat=True).first()
        if code
        else None
    )
    if of_code is not None:
        return Municipality.objects.filter(organisation_id=of_code).order_by("name")
    return Municipality.objects.filter(
        organisation__in=running.values("ideas_module__phase__process__organisation")
    ).order_by("name")


def participant_revision(*, session_pk: int, token: str | None) -> int | None:
    """A participant's poll: the session's revision if the token is valid, in one query."""
    if not token:
        return None
    return (
        Participant.objects.filter(session_id=session_pk, token_hash=token_hash(token))
        .values_list("session__revision", flat=True)
        .first()
    )


def sessions_of_event(*, event: Event) -> list[WorkshopSession]:
    return list(WorkshopSession.objects.filter(event=event).order_by("created", "pk"))


def session_is_class(*, code: str) -> bool:
    """Whether a (normalised) code names a running class session: its join page asks nothing."""
    if not code:
        return False
    return WorkshopSession.objects.filter(code=code, invitation__isnull=False).live().exists()


def invitations_of_module(*, module_id: int) -> list[ClassInvitation]:
    return list(
        ClassInvitation.objects.filter(ideas_module_id=module_id)
        .select_related("town")
        .annotate(session_count=Count("sessions"))
        .order_by("-created", "-pk")
    )


def class_sessions(*, invitation) -> list[WorkshopSession]:
    return list(
        WorkshopSession.objects.filter(invitation=invitation)
        .annotate(card_count=Count("cards", distinct=True), participant_count=Count("participants", distinct=True))
        .order_by("-created", "-pk")
    )


def sessions_of_process(*, process_id: int) -> list[WorkshopSession]:
    return list(
        WorkshopSession.objects.filter(event__process_id=process_id)
        .select_related("event")
        .order_by("-event__start", "pk")
    )


@dataclass
class Option:
    """A line of the ballot: a cluster, or a card that is in no cluster."""

    key: str
    title: str
    dots: int
    is_cluster: bool
    obj: Cluster | Card
    cards: list[Card] = field(default_factory=list)
    rank: int = 0


@dataclass
class Board:
    session: WorkshopSession
    clusters: list[Cluster]
    loose_cards: list[Card]
    """Cards in no cluster (visible ones), oldest first."""
    hidden_cards: list[Card]
    cards_by_step: dict[str, list[Card]]
    participant_count: int

    @property
    def card_count(self) -> int:
        return sum(len(cards) for cards in self.cards_by_step.values())

    @property
    def options(self) -> list[Option]:
        options = [
            Option(key=c.vote_key, title=c.title, dots=c.dot_count, is_cluster=True, obj=c, cards=c.visible_cards)
            for c in self.clusters
        ]
        options += [
            Option(key=c.vote_key, title=c.text, dots=c.dot_count, is_cluster=False, obj=c) for c in self.loose_cards
        ]
        return options

    @property
    def ranking(self) -> list[Option]:
        """Options with most dots first; equal dots share a rank (1, 2, 2, 4)."""
        ranked = sorted(self.options, key=lambda option: -option.dots)
        for index, option in enumerate(ranked):
            previous = ranked[index - 1] if index else None
            option.rank = previous.rank if previous and previous.dots == option.dots else index + 1
        return ranked

    @property
    def dots_total(self) -> int:
        return sum(option.dots for option in self.options)

    @property
    def steps(self) -> list[tuple[str, str, list[Card]]]:
        return [(step, Step(step).label, self.cards_by_step.get(step, [])) for step in CARD_STEPS]


def board(*, session: WorkshopSession, with_hidden: bool = False) -> Board:
    """Everything the console, the projector and the record show, in three queries."""
    cards = list(Card.objects.filter(session=session).select_related("idea__module").order_by("created", "pk"))
    clusters = list(Cluster.objects.filter(session=session).select_related("idea__module").order_by("position", "pk"))
    participant_count = Participant.objects.filter(session=session).count()
    by_id = {cluster.pk: cluster for cluster in clusters}
    for cluster in clusters:
        cluster.visible_cards = []
    loose, hidden, by_step = [], [], {step: [] for step in CARD_STEPS}
    for card in cards:
        if card.is_hidden:
            hidden.append(card)
            continue
        by_step[card.step].append(card)
        if card.cluster_id in by_id:
            card.cluster = by_id[card.cluster_id]
            by_id[card.cluster_id].visible_cards.append(card)
        else:
            loose.append(card)
    return Board(
        session=session,
        clusters=clusters,
        loose_cards=loose,
        hidden_cards=hidden if with_hidden else [],
        cards_by_step=by_step,
        participant_count=participant_count,
    )


@dataclass
class ParticipantState:
    cards: list[Card]
    dots_on: Counter
    dots_used: int
    dots_left: int


def participant_state(*, participant: Participant) -> ParticipantState:
    """A participant's own cards and dots (what their phone shows again after a lost connection)."""
    session = participant.session
    cards = list(Card.objects.filter(participant=participant).order_by("created", "pk"))
    dots_on: Counter = Counter()
    for cluster_id, card_id in Dot.objects.filter(participant=participant).values_list("cluster_id", "card_id"):
        dots_on[f"cluster-{cluster_id}" if cluster_id else f"card-{card_id}"] += 1
    used = sum(dots_on.values())
    return ParticipantState(
        cards=cards, dots_on=dots_on, dots_used=used, dots_left=max(session.dots_per_participant - used, 0)
    )


def paper_dot_counts(*, session: WorkshopSession) -> Counter:
    """Paper dots per option key ("cluster-3", "card-7"), in one query."""
    counts: Counter = Counter()
    rows = (
        Dot.objects.filter(session=session, from_paper=True)
        .values("cluster_id", "card_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        key = f"cluster-{row['cluster_id']}" if row["cluster_id"] else f"card-{row['card_id']}"
        counts[key] = row["n"]
    return counts
