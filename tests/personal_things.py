"""One of every personal thing the platform keeps about a person, for the data-export, "My
contributions" and "who took part" tests. Rows are made directly (the services are tested in their
apps); each text carries a marker, so a test can find it in the export and on pages, and can tell
one person's data from another's. The marker contains HTML to check that it is escaped."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from zukunftswerkstatt.accounts.models import Consent
from zukunftswerkstatt.conversation.models import Comment, CommentReport
from zukunftswerkstatt.conversation.models import Comment as SharedComment
from zukunftswerkstatt.events.models import Event, Registration
from zukunftswerkstatt.ideas.models import Follow, Idea, Support
from zukunftswerkstatt.inventory.models import InventorySuggestion
from zukunftswerkstatt.notifications.models import NotificationSettings
from zukunftswerkstatt.plans.models import Ballot, Dot, HelpOffer, Measure, MeasureFollow
from zukunftswerkstatt.processes.services import module_create
from zukunftswerkstatt.progress.models import Rating, ReviewRound
from zukunftswerkstatt.swot.models import SwotItem, SwotSuggestion
from zukunftswerkstatt.workshops.models import Card, WorkshopSession


def png(color: str = "green") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), color).save(buffer, format="PNG")
    return SimpleUploadedFile("foto.png", buffer.getvalue(), content_type="image/png")


@dataclass
class Stage:
    """The modules, measure, event and session the things belong to (one per process)."""

    ideas_module: object
    swot_module: object
    inventory_module: object
    vote_module: object
    swot_item: SwotItem
    measure: Measure
    event: Event
    session: WorkshopSession
    review_round: ReviewRound


def stage_for(process, *, by) -> Stage:
    phase = {p.type: p for p in process.phases.all()}
    ideas_module = module_create(phase=phase["workshop"], type="ideas", title="Ideen")
    swot_module = module_create(phase=phase["profile"], type="swot", title="SWOT")
    inventory_module = module_create(phase=phase["profile"], type="inventory", title="Bestand")
    vote_module = module_create(phase=phase["action_plan"], type="prioritisation", title="Punkte")
    now = timezone.now()
    event = Event.objects.create(
        process=process,
        title="Zukunftswerkstatt Falkenstein",
        kind="workshop",
        start=now + dt.timedelta(days=3),
        end=now + dt.timedelta(days=3, hours=3),
        place_name="Rathaus",
        is_published=True,
    )
    return Stage(
        ideas_module=ideas_module,
        swot_module=swot_module,
        inventory_module=inventory_module,
        vote_module=vote_module,
        swot_item=SwotItem.objects.create(module=swot_module, quadrant="strength", statement="Viel Grün"),
        measure=Measure.objects.create(process=process, title="Bänke an der Göltzsch", created_by=by),
        event=event,
        session=WorkshopSession.objects.create(
            event=event, ideas_module=ideas_module, title="Werkstatt am Abend", code="ABCDEF", projector_key="k" * 40
        ),
        review_round=ReviewRound.objects.create(
            process=process, title="Runde 1", opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=9)
        ),
    )


@dataclass
class Things:
    marker: str
    idea: Idea
    texts: dict[str, str] = field(default_factory=dict)  # kind -> a text that must be exported


def make_everything(person, stage: Stage, *, marker: str, picture: bool = True) -> Things:
    """Every kind of personal thing for `person`, each with `marker` in a text."""
    s = stage
    idea = Idea.objects.create(
        module=s.ideas_module,
        kind="proposal",
        title=f"Idee {marker}",
        reference=f"ZW-TEST-{marker}"[:20],
        text=f"Text der Idee {marker}",
        author=person,
        place_name=f"Marktplatz {marker}",
        latitude=Decimal("50.478901"),
        longitude=Decimal("12.371234"),
        image=png() if picture else "",
        image_alt="Ein Bild",
        visibility="published",
    )
    comment = Comment.objects.create(target=idea, author=person, text=f"Kommentar {marker}")
    Support.objects.create(idea=idea, user=person)
    Idea.objects.filter(pk=idea.pk).update(support_count=1, comment_count=1)
    Follow.objects.create(idea=idea, user=person)
    CommentReport.objects.create(comment=comment, reporter=person, reason=f"Meldung {marker}")
    swot_comment = SharedComment.objects.create(target=s.swot_item, author=person, text=f"SWOT-Kommentar {marker}")
    CommentReport.objects.create(comment=swot_comment, reporter=person, reason=f"SWOT-Meldung {marker}")
    SwotSuggestion.objects.create(
        module=s.swot_module, quadrant="weakness", statement=f"SWOT-Vorschlag {marker}", author=person
    )
    InventorySuggestion.objects.create(
        module=s.inventory_module, title=f"Angebot {marker}", description=f"Beschreibung {marker}", author=person
    )
    Card.objects.create(session=s.session, step="criticism", text=f"Karte {marker}", added_by=person)
    ballot = Ballot.objects.create(module=s.vote_module, user=person)
    Dot.objects.create(ballot=ballot, measure=s.measure, points=2)
    HelpOffer.objects.create(measure=s.measure, user=person, message=f"Ich helfe {marker}")
    MeasureFollow.objects.create(measure=s.measure, user=person)
    Rating.objects.create(
        review_round=s.review_round, measure=s.measure, user=person, score=4, comment=f"Bewertung {marker}"
    )
    Registration.objects.create(
        event=s.event,
        user=person,
        name=f"Name {marker}",
        email=person.email,
        cancel_token_hash=f"hash-{person.pk}".ljust(64, "x"),
        needs_other=f"Bedarf {marker}",
    )
    Consent.objects.create(user=person, purpose=Consent.Purpose.PROFILE, wording=f"Einwilligung {marker}")
    NotificationSettings.objects.update_or_create(user=person, defaults={"followed": False})
    return Things(
        marker=marker,
        idea=idea,
        texts={
            "contribution": f"Text der Idee {marker}",
            "place": f"Marktplatz {marker}",
            "coordinates": "50.478901",
            "comment": f"Kommentar {marker}",
            "report": f"Meldung {marker}",
            "swot_comment": f"SWOT-Kommentar {marker}",
            "swot_report": f"SWOT-Meldung {marker}",
            "swot_suggestion": f"SWOT-Vorschlag {marker}",
            "inventory_suggestion": f"Angebot {marker}",
            "card": f"Karte {marker}",
            "offer": f"Ich helfe {marker}",
            "rating": f"Bewertung {marker}",
            "registration": f"Name {marker}",
            "needs": f"Bedarf {marker}",
            "consent": f"Einwilligung {marker}",
        },
    )
