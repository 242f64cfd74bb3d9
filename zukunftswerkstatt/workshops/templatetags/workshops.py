"""Pieces other apps' pages show: the sessions on an event page, and where a workshop
contribution came from on its page."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html

from zukunftswerkstatt.core import live

from ..models import Card, Cluster, Step, WorkshopSession, live_channel

register = template.Library()


@register.simple_tag
def live_push(session: WorkshopSession, audience: str = "") -> str:
    """Where the page's live part hears of changes at once (live push, docs/live.md): an inert
    element live.js reads; nothing when push is off or the session has ended (the page polls).
    `audience` "phones" for a participant's page, which is nudged less often."""
    if not live.enabled() or session.is_finished:
        return ""
    url = reverse("live_stream", args=[live.ticket(live_channel(session.pk, phones=audience == "phones"))])
    return format_html('<template data-live-push="{}"></template>', url)


@register.inclusion_tag("workshops/_event_sessions.html", takes_context=True)
def workshop_sessions(context, event) -> dict:
    """The live sessions of an event: the record for everyone, console and "open a session" for the team."""
    user = context["request"].user
    sessions = list(WorkshopSession.objects.filter(event=event).order_by("created", "pk"))
    for session in sessions:
        session.event = event
    can_view = bool(sessions) and user.has_perm("workshops.view_session", sessions[0])
    if not can_view:
        # A session still getting ready is the team's business; the public sees it once it starts.
        sessions = [session for session in sessions if session.step != Step.PREPARATION]
    return {
        "event": event,
        "sessions": sessions,
        "can_view": can_view,
        "can_start": event.kind == "workshop" and user.has_perm("workshops.run_session", event),
        "can_read": user.has_perm("workshops.view_record", event),
    }


@register.inclusion_tag("workshops/_idea_origin.html")
def workshop_origin(idea) -> dict:
    """ "From the workshop <event> on <date>, N dots" for a contribution transferred from a session."""
    if not idea.event_id:
        return {}
    source = Cluster.objects.filter(idea=idea).values("dot_count").first()
    if source is None:
        source = Card.objects.filter(idea=idea, cluster__isnull=True).values("dot_count").first()
    return {"event": idea.event, "dots": source["dot_count"] if source else None}
