"""Writes for the SWOT analysis: items with their evidence, ordering, comments, reports,
suggestions and the decisions on them.

Each function checks its own invariants (the town takes part in the process, the evidence belongs
to the same process), runs in one transaction and queues its e-mails on commit. Who may call it
is the views' job, through swot/rules.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zukunftswerkstatt.conversation.models import Comment, CommentReport
from zukunftswerkstatt.conversation.services import (
    comment_create,
    comment_hide,
    comment_report,
    comment_reports_resolve,
    comment_restore,
)
from zukunftswerkstatt.core.documents import document_build, document_queue
from zukunftswerkstatt.core.mail import mail_build
from zukunftswerkstatt.core.models import Municipality, Topic
from zukunftswerkstatt.core.pdf import render_pdf_pages
from zukunftswerkstatt.inventory.models import InventoryItem
from zukunftswerkstatt.notifications.models import Topic as NotificationTopic
from zukunftswerkstatt.notifications.services import notify
from zukunftswerkstatt.processes.models import Module

from .evidence import contributions
from .indicators import indicator_is_known
from .models import (
    PdfStatus,
    Quadrant,
    SuggestionStatus,
    SwotDocument,
    SwotIndicator,
    SwotItem,
    SwotPdf,
    SwotSuggestion,
)
from .selectors import scope_towns


@dataclass(frozen=True)
class IndicatorRef:
    """An indicator cited as evidence: its key and the town (None: the whole association)."""

    key: str
    municipality: Municipality | None = None


@dataclass(frozen=True)
class DocumentRef:
    """An external document cited as evidence."""

    title: str
    url: str
    published_on: dt.date | None = None
    publisher: str = ""


# -- checks ------------------------------------------------------------------------------


def _check_module(module: Module) -> None:
    if module.type != "swot":
        raise ValidationError(_("This module is not a SWOT analysis."))


def _check_town(module: Module, municipality: Municipality | None, field: str = "municipality") -> None:
    if municipality is None:
        return
    if municipality.pk not in {t.pk for t in scope_towns(module=module)}:
        raise ValidationError({field: _("This town does not take part in the process.")})


def _check_topic(module: Module, topic: Topic | None) -> None:
    if topic is not None and topic.organisation_id != module.phase.process.organisation_id:
        raise ValidationError({"topic": _("This field of action does not belong to the organisation.")})


def _check_ideas(module: Module, ideas: Sequence[Model]) -> None:
    """One query, whatever the number: the rows as they are in the database, not as passed in."""
    rows = contributions().process_and_published([i.pk for i in ideas])
    if any(process_id != module.phase.process_id for process_id, _published in rows):
        raise ValidationError({"ideas": _("Only contributions of the same process can be cited.")})
    if not all(published for _process_id, published in rows):
        raise ValidationError({"ideas": _("Only published contributions can be cited.")})


def _check_inventory(module: Module, entries: Sequence[InventoryItem]) -> None:
    foreign = InventoryItem.objects.filter(pk__in=[e.pk for e in entries]).exclude(
        module__phase__process_id=module.phase.process_id
    )
    if foreign.exists():
        raise ValidationError({"inventory_items": _("Only inventory entries of the same process can be cited.")})


def _check_indicators(module: Module, indicators: Sequence[IndicatorRef]) -> None:
    seen = set()
    for ref in indicators:
        if not indicator_is_known(ref.key):
            raise ValidationError({"indicators": _("“%(key)s” is not a known indicator.") % {"key": ref.key}})
        _check_town(module, ref.municipality, field="indicators")
        pair = (ref.key, getattr(ref.municipality, "pk", None))
        if pair in seen:
            raise ValidationError({"indicators": _("Each indicator can be cited once per town.")})
        seen.add(pair)


def _documents(item: SwotItem, documents: Sequence[DocumentRef]) -> list[SwotDocument]:
    rows = []
    for position, ref in enumerate(documents):
        row = SwotDocument(
            item=item,
            title=ref.title.strip(),
            url=ref.url.strip(),
            published_on=ref.published_on,
            publisher=ref.publisher.strip(),
            position=position,
        )
        try:
            row.full_clean(exclude=["item"])
        except ValidationError as error:
            raise ValidationError({"documents": error.messages}) from error
        rows.append(row)
    return rows


def _next_position(module: Module, municipality: Municipality | None, quadrant: str) -> int:
    siblings = SwotItem.objects.in_module(module).for_scope(municipality).filter(quadrant=quadrant)
    last = siblings.aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


def _set_evidence(
    item: SwotItem,
    *,
    ideas: Sequence[Model] | None,
    inventory_items: Sequence | None,
    indicators: Sequence[IndicatorRef] | None,
    documents: Sequence[DocumentRef] | None,
) -> None:
    if ideas is not None:
        item.ideas.set(ideas)
    if inventory_items is not None:
        item.inventory_items.set(inventory_items)
    if indicators is not None:
        item.indicators.all().delete()
        SwotIndicator.objects.bulk_create(
            SwotIndicator(item=item, key=ref.key, municipality=ref.municipality, position=position)
            for position, ref in enumerate(indicators)
        )
    if documents is not None:
        rows = _documents(item, documents)
        item.documents.all().delete()
        SwotDocument.objects.bulk_create(rows)


def _check_evidence(module, *, ideas, inventory_items, indicators, documents) -> None:
    if ideas:
        _check_ideas(module, ideas)
    if inventory_items:
        _check_inventory(module, inventory_items)
    if indicators:
        _check_indicators(module, indicators)
    if documents:
        _documents(SwotItem(module=module), documents)


# -- items ---------------------------------------------------------------------------------


@transaction.atomic
def swot_item_create(
    *,
    module: Module,
    quadrant: str,
    statement: str,
    explanation: str = "",
    municipality: Municipality | None = None,
    topic: Topic | None = None,
    ideas: Sequence[Model] = (),
    inventory_items: Sequence = (),
    indicators: Sequence[IndicatorRef] = (),
    documents: Sequence[DocumentRef] = (),
    created_by=None,
) -> SwotItem:
    """A new item at the end of its quadrant in its scope."""
    _check_module(module)
    _check_town(module, municipality)
    _check_topic(module, topic)
    _check_evidence(module, ideas=ideas, inventory_items=inventory_items, indicators=indicators, documents=documents)
    item = SwotItem(
        module=module,
        municipality=municipality,
        quadrant=quadrant,
        statement=statement.strip(),
        explanation=explanation.strip(),
        topic=topic,
        created_by=created_by,
    )
    item.position = _next_position(module, municipality, quadrant) if quadrant in Quadrant.values else 0
    item.full_clean()
    item.save()
    _set_evidence(
        item, ideas=list(ideas), inventory_items=list(inventory_items), indicators=indicators, documents=documents
    )
    return item


@transaction.atomic
def swot_item_update(
    *,
    item: SwotItem,
    quadrant: str,
    statement: str,
    explanation: str = "",
    municipality: Municipality | None = None,
    topic: Topic | None = None,
    ideas: Sequence[Model] | None = None,
    inventory_items: Sequence | None = None,
    indicators: Sequence[IndicatorRef] | None = None,
    documents: Sequence[DocumentRef] | None = None,
) -> SwotItem:
    """Change an item; evidence given as None stays as it is. A moved item goes to the end of its new place."""
    module = item.module
    _check_town(module, municipality)
    _check_topic(module, topic)
    _check_evidence(module, ideas=ideas, inventory_items=inventory_items, indicators=indicators, documents=documents)
    moved = quadrant != item.quadrant or getattr(municipality, "pk", None) != item.municipality_id
    item.quadrant, item.municipality, item.topic = quadrant, municipality, topic
    item.statement, item.explanation = statement.strip(), explanation.strip()
    if moved and quadrant in Quadrant.values:
        item.position = _next_position(module, municipality, quadrant)
    item.full_clean()
    item.save()
    _set_evidence(
        item,
        ideas=None if ideas is None else list(ideas),
        inventory_items=None if inventory_items is None else list(inventory_items),
        indicators=indicators,
        documents=documents,
    )
    return item


@transaction.atomic
def swot_item_move(*, item: SwotItem, direction: str) -> bool:
    """Swap the item with its neighbour above ("up") or below ("down") in its quadrant; False at an end."""
    if direction not in ("up", "down"):
        raise ValidationError(_("An item moves up or down."))
    siblings = list(
        SwotItem.objects.select_for_update()
        .in_module(item.module)
        .for_scope(item.municipality)
        .filter(quadrant=item.quadrant)
        .order_by("position", "pk")
    )
    index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    # Renumber the whole quadrant, so that equal positions (e.g. after imports) cannot confuse the order.
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            # `modified` too: a shared PDF of the matrix is made again when the order changed.
            SwotItem.objects.filter(pk=sibling.pk).update(position=position, modified=timezone.now())
    item.position = next(p for p, s in enumerate(siblings) if s.pk == item.pk)
    return True


@transaction.atomic
def swot_item_delete(*, item: SwotItem) -> None:
    """Delete an item with its evidence and comments; suggestions that led to it keep their decision."""
    item.delete()


# -- comments ------------------------------------------------------------------------------


# The shared conversation app does the work (one code path for every kind of content); these keep
# the SWOT analysis's own names for its callers.


def swot_comment_create(*, item: SwotItem, author, text: str) -> Comment:
    return comment_create(target=item, author=author, text=text)


def swot_comment_hide(*, comment: Comment, moderator, reason: str) -> Comment:
    """Hide a comment with a public reason; its open reports are resolved with it."""
    return comment_hide(comment=comment, by=moderator, reason=reason)


def swot_comment_restore(*, comment: Comment, moderator) -> Comment:
    return comment_restore(comment=comment, by=moderator)


def swot_comment_report(*, comment: Comment, reporter, reason: str) -> CommentReport:
    return comment_report(comment=comment, reporter=reporter, reason=reason)


def swot_reports_resolve(*, comment: Comment, moderator) -> int:
    """Keep the comment as it is and close its reports."""
    return comment_reports_resolve(comment=comment, by=moderator)


# -- suggestions ---------------------------------------------------------------------------


@transaction.atomic
def swot_suggestion_create(
    *,
    module: Module,
    quadrant: str,
    statement: str,
    explanation: str = "",
    municipality: Municipality | None = None,
    author=None,
    author_name: str = "",
    email: str = "",
) -> SwotSuggestion:
    """A suggested item; it waits for a decision and is not shown publicly until it is accepted."""
    _check_module(module)
    _check_town(module, municipality)
    suggestion = SwotSuggestion(
        module=module,
        municipality=municipality,
        quadrant=quadrant,
        statement=statement.strip(),
        explanation=explanation.strip(),
        author=author,
        author_name="" if author else author_name.strip(),
        email="" if author else email.strip(),
    )
    suggestion.full_clean()
    suggestion.save()
    return suggestion


def _check_pending(suggestion: SwotSuggestion) -> None:
    if suggestion.status != SuggestionStatus.PENDING:
        raise ValidationError(_("This suggestion has been decided already."))


@transaction.atomic
def swot_suggestion_accept(
    *,
    suggestion: SwotSuggestion,
    decided_by,
    quadrant: str,
    statement: str,
    explanation: str = "",
    municipality: Municipality | None = None,
    topic: Topic | None = None,
    note: str = "",
    ideas: Sequence[Model] = (),
    inventory_items: Sequence = (),
    indicators: Sequence[IndicatorRef] = (),
    documents: Sequence[DocumentRef] = (),
) -> SwotItem:
    """Accept a suggestion: it becomes an item (as the staff edited it, with the evidence they
    added) and the suggester is told."""
    suggestion = (
        SwotSuggestion.objects.select_for_update().select_related("module__phase__process").get(pk=suggestion.pk)
    )
    _check_pending(suggestion)
    item = swot_item_create(
        module=suggestion.module,
        quadrant=quadrant,
        statement=statement,
        explanation=explanation,
        municipality=municipality,
        topic=topic,
        ideas=ideas,
        inventory_items=inventory_items,
        indicators=indicators,
        documents=documents,
        created_by=decided_by,
    )
    suggestion.status = SuggestionStatus.ACCEPTED
    suggestion.item = item
    suggestion.decision_reason = note.strip()
    suggestion.decided_at = timezone.now()
    suggestion.decided_by = decided_by
    suggestion.full_clean()
    suggestion.save()
    _tell_suggester(suggestion, subject=gettext_lazy("Your suggestion for the SWOT analysis was accepted"))
    return item


@transaction.atomic
def swot_suggestion_decline(*, suggestion: SwotSuggestion, decided_by, reason: str) -> SwotSuggestion:
    """Decline a suggestion with a reason the suggester is told."""
    suggestion = (
        SwotSuggestion.objects.select_for_update().select_related("module__phase__process").get(pk=suggestion.pk)
    )
    _check_pending(suggestion)
    if not reason.strip():
        raise ValidationError({"reason": _("Please give a reason; the person who made the suggestion is told.")})
    suggestion.status = SuggestionStatus.DECLINED
    suggestion.decision_reason = reason.strip()
    suggestion.decided_at = timezone.now()
    suggestion.decided_by = decided_by
    suggestion.full_clean()
    suggestion.save()
    _tell_suggester(suggestion, subject=gettext_lazy("Your suggestion for the SWOT analysis was not taken up"))
    return suggestion


def _tell_suggester(suggestion: SwotSuggestion, *, subject) -> None:
    """An account holder is told through the notifications (their settings apply); a guest who gave
    an address gets one plain e-mail, and their address is then forgotten."""
    context = {"suggestion": suggestion, "module": suggestion.module, "item": suggestion.item}
    if suggestion.author_id:
        notify(
            users=[suggestion.author],
            topic=NotificationTopic.OFFICIAL_NEWS,
            subject=subject,
            template="swot/email/decision.txt",
            context=context,
        )
        return
    if not suggestion.email:
        return
    address = suggestion.email
    message = mail_build(
        to=[address],
        subject=subject,
        template="swot/email/decision.txt",
        context={**context, "user": None},
        organisation=suggestion.module.phase.process.organisation,
    )
    transaction.on_commit(lambda: message.send(fail_silently=True))
    SwotSuggestion.objects.filter(pk=suggestion.pk).update(email="")
    suggestion.email = ""


# -- the matrix as PDF ---------------------------------------------------------------------

# Older PDFs of a module and scope are deleted when a new one is ready.
KEEP_PDFS = 5


def swot_pdf_request(
    *, module: Module, scope: str, municipality: Municipality | None = None, requested_by=None, language: str = ""
) -> SwotPdf:
    """A PDF of the scope being made or made in the last minutes from the same items, or a new one
    queued for the background worker."""
    from . import selectors

    language = language or settings.LANGUAGE_CODE
    key = selectors.items_key(module=module)
    existing = selectors.reusable_pdf(module=module, scope=scope, municipality=municipality, language=language, key=key)
    if existing is not None:
        return existing
    pdf = SwotPdf.objects.create(
        module=module,
        scope=scope,
        municipality=municipality,
        language=language,
        items_key=key,
        requested_by=requested_by if requested_by is not None and requested_by.is_authenticated else None,
    )
    document_queue(row=pdf)
    return pdf


def swot_pdf_render(*, pdf: SwotPdf) -> tuple[bytes, int]:
    """The PDF of the matrix of the row's scope(s) as it is now, and its number of pages."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from zukunftswerkstatt.core.links import absolute_url

    from . import selectors

    module = pdf.module
    scopes = selectors.pdf_scopes(pdf=pdf)
    items = list(selectors.item_queryset(module=module))
    selectors.IndicatorResolver(module=module).attach(items)
    matrix = reverse("swot:matrix", kwargs={"module_pk": module.pk})
    for scope in scopes:
        scope.items = [i for i in items if i.municipality_id == getattr(scope.town, "pk", None)]
        query = "" if scope.is_association else "?" + urlencode({"scope": scope.key})
        scope.url = absolute_url(matrix + query)
    process = module.phase.process
    context = {
        "module": module,
        "process": process,
        "organisation": process.organisation,
        "scopes": scopes,
        "printed_at": timezone.now(),
        "site_url": absolute_url(""),
    }
    html = render_to_string("swot/print/matrix.html", context)
    return render_pdf_pages(html)


def swot_pdf_make(pdf: SwotPdf) -> SwotPdf:
    """Render and store the PDF (the model's builder: core.documents' build task calls it with the
    row); a failure is kept on the row."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    document_build(
        row=pdf,
        render=lambda: swot_pdf_render(pdf=pdf),
        filename=f"swot-{pdf.module_id}-{pdf.scope_key}-{stamp}.pdf",
    )
    if pdf.status == PdfStatus.DONE:
        swot_pdf_prune(pdf=pdf)
    return pdf


def swot_pdf_prune(*, pdf: SwotPdf, keep: int = KEEP_PDFS) -> int:
    """Delete all but the newest `keep` PDFs of the module and scope, files included; returns how many went."""
    old = list(
        SwotPdf.objects.filter(module_id=pdf.module_id, scope=pdf.scope, municipality_id=pdf.municipality_id)
        .exclude(status__in=[PdfStatus.PENDING, PdfStatus.RUNNING])
        .order_by("-created", "-pk")[keep:]
    )
    for each in old:
        if each.file:
            each.file.delete(save=False)
        each.delete()
    return len(old)
