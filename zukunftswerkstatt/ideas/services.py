"""Writes for contributions, comments, supports, follows, reports and moderation.

Each function checks its own invariants, runs in one transaction and queues its e-mails on
commit. Permission checks (who may call it) are the views' job, through ideas/rules.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zukunftswerkstatt.accounts.services import participant_details_checked
from zukunftswerkstatt.conversation import services as conversation
from zukunftswerkstatt.conversation.models import Block, Comment, CommentReport
from zukunftswerkstatt.core import search
from zukunftswerkstatt.core.audit import audit_record
from zukunftswerkstatt.core.images import image_reencode
from zukunftswerkstatt.core.links import absolute_url
from zukunftswerkstatt.core.maillog import mail_log_forget
from zukunftswerkstatt.core.models import AuditAction, Municipality, TargetGroup, Topic
from zukunftswerkstatt.core.uploads import CheckedDocument, scan_check
from zukunftswerkstatt.notifications.models import Topic as NotificationTopic
from zukunftswerkstatt.notifications.services import notify, notify_address
from zukunftswerkstatt.processes.models import Module

from .models import (
    STATUSES_NEEDING_REASON,
    Channel,
    Follow,
    GuestContact,
    Idea,
    Kind,
    ModerationAction,
    ModerationLogEntry,
    OfflineContact,
    ReferenceSequence,
    Report,
    Status,
    StatusChange,
    Support,
    Visibility,
)
from .references import reference_format
from .similarity import idea_index_similarity

# -- helpers -----------------------------------------------------------------------------


def open_kinds(module: Module) -> list[str]:
    """The kinds of contribution the module accepts now (all three unless its settings say otherwise)."""
    kinds = module.settings.get("open_kinds") or list(Kind.values)
    return [k for k in Kind.values if k in kinds]


def idea_index_for_search(idea: Idea) -> None:
    """Set the contribution's search terms (German word forms) from what it says now; not saved."""
    idea.search_title_terms = search.terms(idea.title)
    idea.search_text_terms = search.terms(idea.text, idea.place_name)


def _log(*, module: Module, actor, action: str, idea=None, comment=None, target_user=None, note: str = "") -> None:
    ModerationLogEntry.objects.create(
        organisation_id=module.phase.process.organisation_id,
        actor=actor,
        action=action,
        idea=idea,
        comment=comment,
        target_user=target_user,
        note=note,
    )


def _audit(*, module: Module, **kwargs) -> None:
    audit_record(organisation=module.phase.process.organisation_id, **kwargs)


def comment_label(idea: Idea) -> str:
    """What the audit log calls a comment on the contribution."""
    return _("Comment on “%(title)s”") % {"title": idea.title}


def _followers(idea: Idea) -> list:
    return [f.user for f in idea.follows.select_related("user")]


def _check_place(municipality: Municipality | None, topic: Topic | None, module: Module) -> None:
    organisation_id = module.phase.process.organisation_id
    if municipality is not None and municipality.organisation_id != organisation_id:
        raise ValidationError({"municipality": _("This town does not take part in the process.")})
    if topic is not None and topic.organisation_id != organisation_id:
        raise ValidationError({"topic": _("This field of action does not belong to the process.")})


def _participant_details(
    *, author, module: Module, participant_town: Municipality | None, participant_age_group: str
) -> dict:
    """The optional town and age group to store with a contribution: anonymous statistics, never shown
    with the author's name (checked as everywhere, `accounts.services.participant_details_checked`)."""
    return participant_details_checked(
        person=author,
        organisation_id=module.phase.process.organisation_id,
        town=participant_town,
        age_group=participant_age_group,
    )


# -- references --------------------------------------------------------------------------


def reference_next(*, year: int) -> str:
    """The next free reference of the year, e.g. "ZW-2026-0142". Call inside the contribution's transaction.

    The UPDATE holds the year's row lock until that transaction ends, so parallel contributions
    wait for each other here and never share a number; a rolled-back contribution gives its
    number back with the rollback.
    """
    if not ReferenceSequence.objects.filter(year=year).update(last=F("last") + 1):
        try:
            with transaction.atomic():
                ReferenceSequence.objects.create(year=year, last=1)
        except IntegrityError:
            # Another transaction created the year's row first; its lock makes us wait our turn.
            ReferenceSequence.objects.filter(year=year).update(last=F("last") + 1)
    number = ReferenceSequence.objects.values_list("last", flat=True).get(year=year)
    return reference_format(year=year, number=number)


# -- contributions -----------------------------------------------------------------------


def idea_held_for_moderation(*, module: Module, author, channel: str = Channel.ONLINE) -> bool:
    """Whether a new contribution waits for a moderator before it appears.

    Asked by idea_create and by the form, so that the button and the confirmation say what will
    really happen: today that is every online contribution without an account (a guest's).
    """
    return author is None and channel == Channel.ONLINE


GUEST_CONTACT_SALT = "ideas.guest_contact"


def guest_contact_token(contact: GuestContact) -> str:
    return signing.dumps({"g": contact.pk, "i": contact.idea_id}, salt=GUEST_CONTACT_SALT)


def guest_contact_from_token(token: str) -> GuestContact | None:
    try:
        data = signing.loads(token, salt=GUEST_CONTACT_SALT)
    except signing.BadSignature:
        return None
    return GuestContact.objects.select_related("idea").filter(pk=data.get("g"), idea_id=data.get("i")).first()


def _guest_unsubscribe_url(contact: GuestContact) -> str:
    return absolute_url(reverse("ideas:guest_unsubscribe", kwargs={"token": guest_contact_token(contact)}))


def _mail_guest(*, idea: Idea, subject, template: str) -> int:
    contact = GuestContact.objects.filter(idea=idea).first()
    if contact is None:
        return 0
    return notify_address(
        email=contact.email,
        language=contact.language,
        subject=subject,
        template=template,
        context={"idea": idea, "held": idea.visibility == Visibility.PENDING, "is_guest": True},
        unsubscribe_url=_guest_unsubscribe_url(contact),
    )


def guest_contact_exists(*, idea: Idea) -> bool:
    return GuestContact.objects.filter(idea=idea).exists()


@transaction.atomic
def guest_contact_delete(*, contact: GuestContact) -> None:
    """The guest stops the mails: the address is deleted, not merely switched off, and so are the
    logged copies of the mails sent to it."""
    contact.delete()
    mail_log_forget(addresses=[contact.email], queued=False)


@transaction.atomic
def guest_contacts_purge(*, now: dt.datetime | None = None) -> int:
    """Delete guests' addresses once their contribution's process has ended (run daily), with the
    logged copies of the mails sent to them."""
    now = now or timezone.now()
    ended = GuestContact.objects.exclude(idea__module__phase__process__phases__end__gt=now)
    addresses = list(ended.values_list("email", flat=True))
    count, _rows = ended.delete()
    mail_log_forget(addresses=addresses, queued=False)
    return count


@transaction.atomic
def idea_create(
    *,
    module: Module,
    author,
    kind: str,
    title: str,
    text: str,
    topic: Topic | None = None,
    municipality: Municipality | None = None,
    target_groups: Iterable[TargetGroup] = (),
    place_name: str = "",
    latitude=None,
    longitude=None,
    image=None,
    image_alt: str = "",
    guest_name: str = "",
    guest_email: str = "",
    guest_email_consent: bool = False,
    language: str = "",
    channel: str = Channel.ONLINE,
    received_on: dt.date | None = None,
    send_confirmation: bool = True,
    participant_town: Municipality | None = None,
    participant_age_group: str = "",
) -> Idea:
    """A contribution with its reference. Guests' contributions wait for moderation; others appear at once.

    A guest may leave an e-mail address to be told about the contribution, only with consent;
    the author (or that address) gets a confirmation with the reference. `language` is the
    guest's language for those mails (an account's own language is used for members).
    `participant_town` and `participant_age_group` are the optional details for the participation
    figures (see _participant_details).
    """
    if kind not in open_kinds(module):
        raise ValidationError({"kind": _("Contributions of this kind are not open at the moment.")})
    _check_place(municipality, topic, module)
    is_guest = author is None and channel == Channel.ONLINE
    guest_email = guest_email.strip() if is_guest else ""
    if guest_email and not guest_email_consent:
        raise ValidationError(
            {"guest_email_consent": _("Please agree that we store your address, or leave the address empty.")}
        )
    held = idea_held_for_moderation(module=module, author=author, channel=channel)
    idea = Idea(
        module=module,
        kind=kind,
        title=title.strip(),
        text=text.strip(),
        topic=topic,
        municipality=municipality,
        place_name=place_name.strip(),
        latitude=latitude,
        longitude=longitude,
        image_alt=image_alt.strip(),
        author=author,
        author_name=guest_name.strip() if is_guest else "",
        channel=channel,
        received_on=received_on,
        visibility=Visibility.PENDING if held else Visibility.PUBLISHED,
        **_participant_details(
            author=author,
            module=module,
            participant_town=participant_town,
            participant_age_group=participant_age_group,
        ),
    )
    if image:
        idea.image = image_reencode(image)
    idea_index_for_search(idea)
    # Everything but the reference first, so that a refused contribution uses up no number.
    idea.full_clean(exclude=["reference"])
    idea.reference = reference_next(year=timezone.localdate().year)
    idea.save()
    idea_index_similarity(idea)
    idea.target_groups.set(target_groups)
    if author is not None:
        Follow.objects.get_or_create(idea=idea, user=author)
    if guest_email:
        contact = GuestContact(
            idea=idea,
            email=guest_email,
            language=language or settings.LANGUAGE_CODE,
            consent_text=str(GUEST_EMAIL_CONSENT),
            consented_at=timezone.now(),
        )
        contact.full_clean()
        contact.save()
    if send_confirmation:
        _confirm_receipt(idea=idea, author=author, held=held)
    return idea


GUEST_EMAIL_CONSENT = gettext_lazy(
    "I agree that my e-mail address is stored to tell me when the status of my contribution changes "
    "or it gets an official answer, and that it is deleted when the process ends or when I stop the e-mails."
)


def _confirm_receipt(*, idea: Idea, author, held: bool) -> None:
    subject = gettext_lazy("We have received your contribution")
    template = "ideas/email/received.txt"
    if author is not None:
        notify(
            users=[author],
            topic=NotificationTopic.MY_CONTRIBUTIONS,
            subject=subject,
            template=template,
            context={"idea": idea, "held": held, "is_guest": False},
        )
    elif idea.channel == Channel.ONLINE:
        _mail_guest(idea=idea, subject=subject, template=template)


UNCHANGED = object()
"""For idea_update: leave the participant details as they are."""


@transaction.atomic
def idea_update(
    *,
    idea: Idea,
    editor,
    title: str,
    text: str,
    kind: str,
    topic: Topic | None = None,
    municipality: Municipality | None = None,
    target_groups: Iterable[TargetGroup] = (),
    place_name: str = "",
    latitude=None,
    longitude=None,
    image=None,
    image_alt: str = "",
    remove_image: bool = False,
    moderator_note: str = "",
    participant_town: Municipality | None | object = UNCHANGED,
    participant_age_group: str | object = UNCHANGED,
) -> Idea:
    """Edit a contribution. A moderator editing someone else's contribution must leave a public note.

    The optional participant details stay as they are unless both are given (UNCHANGED otherwise):
    the author changes them, staff those of an offline contribution; a moderator editing someone
    else's contribution never sees them.
    """
    by_moderator = idea.author_id != getattr(editor, "pk", None)
    if by_moderator and not moderator_note.strip():
        raise ValidationError({"moderator_note": _("Please say publicly what you changed and why.")})
    if kind != idea.kind and kind not in open_kinds(idea.module):
        raise ValidationError({"kind": _("Contributions of this kind are not open at the moment.")})
    _check_place(municipality, topic, idea.module)
    idea.title, idea.text, idea.kind = title.strip(), text.strip(), kind
    idea.topic, idea.municipality = topic, municipality
    idea.place_name, idea.latitude, idea.longitude = place_name.strip(), latitude, longitude
    idea.image_alt = image_alt.strip()
    if participant_town is not UNCHANGED and participant_age_group is not UNCHANGED:
        for field, value in _participant_details(
            author=idea.author,
            module=idea.module,
            participant_town=participant_town,  # type: ignore[arg-type]
            participant_age_group=participant_age_group,  # type: ignore[arg-type]
        ).items():
            setattr(idea, field, value)
    if remove_image:
        idea.image = ""
    if image:
        idea.image = image_reencode(image)
    if by_moderator:
        idea.moderator_note = moderator_note.strip()
    idea_index_for_search(idea)
    idea.full_clean()
    idea.save()
    idea_index_similarity(idea)
    idea.target_groups.set(target_groups)
    if by_moderator:
        _log(module=idea.module, actor=editor, action=ModerationAction.EDIT, idea=idea, note=moderator_note)
    return idea


@transaction.atomic
def offline_idea_record(
    *,
    module: Module,
    recorded_by,
    channel: str,
    received_on: dt.date,
    contact_name: str,
    contact: str,
    consent: str,
    delete_on: dt.date,
    scan=None,
    **idea_fields,
) -> Idea:
    """Staff record a contribution received by phone, letter, e-mail, in person or at a workshop.

    The person's name and contact stay private (OfflineContact); publicly the contribution only
    says how it was received.
    """
    if channel == Channel.ONLINE:
        raise ValidationError({"channel": _("Choose how the contribution was received.")})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The date cannot be in the future.")})
    if delete_on <= timezone.localdate():
        raise ValidationError({"delete_on": _("The deletion date must be in the future.")})
    idea = idea_create(module=module, author=None, channel=channel, received_on=received_on, **idea_fields)
    contact_row = OfflineContact(
        idea=idea,
        name=contact_name.strip(),
        contact=contact.strip(),
        consent=consent.strip(),
        delete_on=delete_on,
        recorded_by=recorded_by,
    )
    if scan:
        # Checked whole and stored under a generated name (core/uploads.py); a form has done it already.
        if not isinstance(scan, CheckedDocument):
            scan = scan_check(scan)
        contact_row.scan = scan.content
        contact_row.scan_name = scan.display_name
    contact_row.full_clean()
    contact_row.save()
    _log(module=module, actor=recorded_by, action=ModerationAction.RECORD_OFFLINE, idea=idea, note=channel)
    return idea


@transaction.atomic
def offline_answer_sent(*, idea: Idea, by, channel: str, sent_on: dt.date) -> OfflineContact:
    contact = idea.offline_contact
    contact.answer_channel = channel
    contact.answer_sent_at = sent_on
    contact.full_clean()
    contact.save(update_fields=["answer_channel", "answer_sent_at", "modified"])
    _log(module=idea.module, actor=by, action=ModerationAction.ANSWER_SENT, idea=idea, note=channel)
    return contact


def offline_contacts_purge(*, today: dt.date | None = None) -> int:
    """Delete offline contact data whose deletion date has come (run daily)."""
    today = today or timezone.localdate()
    expired = OfflineContact.objects.filter(delete_on__lte=today)
    count = 0
    for contact in expired:
        if contact.scan:
            contact.scan.delete(save=False)
        contact.delete()
        count += 1
    return count


# -- comments (conversation.Comment; Idea is registered as commentable in IdeasConfig.ready) ---------


def comment_created(*, comment: Comment, target: Idea, author) -> None:
    """After a comment on a contribution: the author follows it; its author and followers are told."""
    idea = target
    Follow.objects.get_or_create(idea=idea, user=author)
    context = {"idea": idea, "comment": comment}
    if idea.author_id and idea.author_id != author.pk:
        notify(
            users=[idea.author],
            topic=NotificationTopic.MY_CONTRIBUTIONS,
            subject=gettext_lazy("New comment on your contribution"),
            template="ideas/email/comment.txt",
            context=context,
        )
    notify(
        users=_followers(idea),
        topic=NotificationTopic.FOLLOWED,
        subject=gettext_lazy("New comment on a contribution you follow"),
        template="ideas/email/comment.txt",
        context=context,
        exclude=[author, idea.author],
    )


def comment_moderated(*, comment: Comment, by, action: str, note: str = "", **kwargs) -> None:
    """After a moderator hid or showed a comment or closed its reports: the ideas moderation log."""
    _log(module=comment.target.module, actor=by, action=action, comment=comment, note=note)


def comment_create(*, idea: Idea, author, text: str, parent: Comment | None = None) -> Comment:
    return conversation.comment_create(target=idea, author=author, text=text, parent=parent)


def comment_update(*, comment: Comment, text: str) -> Comment:
    return conversation.comment_update(comment=comment, text=text)


def comment_delete(*, comment: Comment) -> None:
    """The author deletes a comment: its text goes, its place in the thread stays for the replies."""
    conversation.comment_delete(comment=comment)


# -- supports and follows ----------------------------------------------------------------


def support_toggle(*, idea: Idea, user) -> tuple[bool, int]:
    """Support a contribution, or take the support back. Returns (supported now, count).

    The unique constraint decides: a second insert fails and changes nothing, so double clicks
    and parallel requests cannot count twice.
    """
    with transaction.atomic():
        deleted, _rows = Support.objects.filter(idea=idea, user=user).delete()
        if deleted:
            Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") - 1)
            supported = False
        else:
            try:
                with transaction.atomic():
                    Support.objects.create(idea=idea, user=user)
            except IntegrityError:
                supported = True  # a parallel request of the same person got there first
            else:
                Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") + 1)
                supported = True
    count = Idea.objects.values_list("support_count", flat=True).get(pk=idea.pk)
    return supported, count


def support_add(*, idea: Idea, user) -> bool:
    """Add a support if there is none; True when this call added it."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                Support.objects.create(idea=idea, user=user)
        except IntegrityError:
            return False
        Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") + 1)
        return True


def support_remove(*, idea: Idea, user) -> bool:
    """Take a support back if there is one; True when this call removed it."""
    with transaction.atomic():
        deleted, _rows = Support.objects.filter(idea=idea, user=user).delete()
        if deleted:
            Idea.objects.filter(pk=idea.pk).update(support_count=F("support_count") - 1)
        return bool(deleted)


def support_set(*, idea: Idea, user, supported: bool) -> tuple[bool, int]:
    """Support or take back, whatever the state was: a double submit changes nothing. Returns (supported, count)."""
    if supported:
        support_add(idea=idea, user=user)
    else:
        support_remove(idea=idea, user=user)
    return supported, Idea.objects.values_list("support_count", flat=True).get(pk=idea.pk)


@transaction.atomic
def supports_withdraw_all(*, user) -> int:
    """Take back all of a person's supports, e.g. before their account is deleted, so counts stay exact."""
    idea_ids = list(Support.objects.select_for_update().filter(user=user).values_list("idea_id", flat=True))
    Support.objects.filter(user=user, idea_id__in=idea_ids).delete()
    Idea.objects.filter(pk__in=idea_ids).update(support_count=F("support_count") - 1)
    return len(idea_ids)


def follow_toggle(*, idea: Idea, user) -> bool:
    deleted, _rows = Follow.objects.filter(idea=idea, user=user).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Follow.objects.create(idea=idea, user=user)
    except IntegrityError:
        pass
    return True


# -- reports and moderation --------------------------------------------------------------


def report_create(
    *, reporter, reason: str, idea: Idea | None = None, comment: Comment | None = None
) -> Report | CommentReport:
    """Flag a contribution (ideas.Report) or a comment on one (conversation.CommentReport)."""
    if (idea is None) == (comment is None):
        raise ValidationError(_("A report is about a contribution or a comment."))
    if comment is not None:
        return conversation.comment_report(comment=comment, reporter=reporter, reason=reason)
    report = Report(idea=idea, reporter=reporter if reporter and reporter.is_authenticated else None)
    report.reason = reason.strip()
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def reports_resolve(*, module: Module, by, idea: Idea | None = None, comment: Comment | None = None) -> int:
    if comment is not None:
        return conversation.comment_reports_resolve(comment=comment, by=by)
    count = Report.objects.filter(resolved_at__isnull=True, idea=idea).update(
        resolved_at=timezone.now(), resolved_by=by
    )
    if count:
        _log(module=module, actor=by, action=ModerationAction.RESOLVE_REPORT, idea=idea)
    return count


@transaction.atomic
def idea_hide(*, idea: Idea, by, reason: str) -> Idea:
    if not reason.strip():
        raise ValidationError({"reason": _("Please give a public reason.")})
    idea.visibility = Visibility.HIDDEN
    idea.hidden_reason = reason.strip()
    idea.save(update_fields=["visibility", "hidden_reason", "modified"])
    reports_resolve(module=idea.module, by=by, idea=idea)
    _log(module=idea.module, actor=by, action=ModerationAction.HIDE, idea=idea, note=reason)
    _audit(module=idea.module, actor=by, action=AuditAction.IDEA_HIDDEN, obj=idea, details={"reason": reason.strip()})
    return idea


@transaction.atomic
def idea_restore(*, idea: Idea, by) -> Idea:
    """Show a hidden or waiting contribution (restoring and releasing are the same act)."""
    action = ModerationAction.RELEASE if idea.visibility == Visibility.PENDING else ModerationAction.RESTORE
    idea.visibility = Visibility.PUBLISHED
    idea.hidden_reason = ""
    idea.save(update_fields=["visibility", "hidden_reason", "modified"])
    reports_resolve(module=idea.module, by=by, idea=idea)
    _log(module=idea.module, actor=by, action=action, idea=idea)
    _audit(module=idea.module, actor=by, action=AuditAction.IDEA_RESTORED, obj=idea, details={"how": action})
    return idea


def comment_hide(*, comment: Comment, by, reason: str) -> Comment:
    return conversation.comment_hide(comment=comment, by=by, reason=reason)


def comment_restore(*, comment: Comment, by) -> Comment:
    return conversation.comment_restore(comment=comment, by=by)


@transaction.atomic
def idea_answer(*, idea: Idea, by, text: str) -> Idea:
    """The municipality's official answer, shown prominently; the author and followers are told."""
    if not text.strip():
        raise ValidationError({"text": _("The answer cannot be empty.")})
    idea.official_answer = text.strip()
    idea.answered_at = timezone.now()
    idea.answered_by = by
    idea.save(update_fields=["official_answer", "answered_at", "answered_by", "modified"])
    _log(module=idea.module, actor=by, action=ModerationAction.ANSWER, idea=idea)
    _audit(module=idea.module, actor=by, action=AuditAction.IDEA_ANSWERED, obj=idea)
    _tell_author_and_followers(
        idea=idea,
        subject=gettext_lazy("Your contribution has an official answer"),
        follower_subject=gettext_lazy("A contribution you follow has an official answer"),
        template="ideas/email/answer.txt",
        actor=by,
    )
    return idea


@transaction.atomic
def idea_change_status(*, idea: Idea, by, status: str, reason: str = "", merged_into: Idea | None = None) -> Idea:
    if status not in Status.values or status == Status.WITHDRAWN:
        raise ValidationError({"status": _("Unknown status.")})
    if status == idea.status:
        raise ValidationError({"status": _("The contribution already has this status.")})
    if idea.status == Status.WITHDRAWN:
        raise ValidationError({"status": _("Its author has withdrawn this contribution.")})
    if status in STATUSES_NEEDING_REASON and not reason.strip():
        raise ValidationError({"reason": _("Please give a reason for this status.")})
    if status == Status.MERGED:
        if merged_into is None:
            raise ValidationError({"merged_into": _("Choose the contribution it was merged with.")})
        if merged_into.pk == idea.pk or merged_into.module_id != idea.module_id:
            raise ValidationError({"merged_into": _("Choose another contribution of the same collection.")})
    old = idea.status
    idea.status = status
    idea.status_reason = reason.strip()
    idea.merged_into = merged_into if status == Status.MERGED else None
    idea.save(update_fields=["status", "status_reason", "merged_into", "modified"])
    StatusChange.objects.create(idea=idea, old_status=old, new_status=status, reason=reason.strip(), changed_by=by)
    _log(
        module=idea.module,
        actor=by,
        action=ModerationAction.STATUS,
        idea=idea,
        note=f"{Status(old).label} → {Status(status).label}",
    )
    _audit(
        module=idea.module,
        actor=by,
        action=AuditAction.IDEA_STATUS_CHANGED,
        obj=idea,
        details={"from": old, "to": status, "reason": reason.strip()},
    )
    _tell_author_and_followers(
        idea=idea,
        subject=gettext_lazy("The status of your contribution has changed"),
        follower_subject=gettext_lazy("The status of a contribution you follow has changed"),
        template="ideas/email/status.txt",
        actor=by,
    )
    return idea


def _tell_author_and_followers(*, idea: Idea, subject, follower_subject, template: str, actor) -> None:
    context = {"idea": idea}
    if idea.author_id is None:
        # ideas/email/status.txt → ideas/email/guest_status.txt: the same news without an account.
        _mail_guest(idea=idea, subject=subject, template=template.replace("/email/", "/email/guest_"))
    if idea.author_id:
        notify(
            users=[idea.author],
            topic=NotificationTopic.OFFICIAL_NEWS,
            subject=subject,
            template=template,
            context=context,
            exclude=[actor],
        )
    notify(
        users=_followers(idea),
        topic=NotificationTopic.FOLLOWED,
        subject=follower_subject,
        template=template,
        context=context,
        exclude=[actor, idea.author],
    )


@transaction.atomic
def idea_withdraw(*, idea: Idea, by, reason: str = "") -> Idea:
    """The author takes their contribution back, until the municipality has decided on it.

    It stays readable with the status "withdrawn" and in the status history, leaves the default
    list, and can no longer be supported or commented on; its supports stay recorded but a
    withdrawn contribution is left out wherever supports are compared.
    """
    idea = Idea.objects.select_for_update().select_related("module__phase__process").get(pk=idea.pk)
    if by is None or idea.author_id != by.pk:
        raise ValidationError(_("Only the author can withdraw a contribution."))
    if not idea.can_be_withdrawn:
        raise ValidationError(
            _("This contribution can no longer be withdrawn: the municipality has already decided on it.")
        )
    old = idea.status
    idea.status = Status.WITHDRAWN
    idea.status_reason = reason.strip()
    idea.merged_into = None
    idea.save(update_fields=["status", "status_reason", "merged_into", "modified"])
    StatusChange.objects.create(
        idea=idea, old_status=old, new_status=Status.WITHDRAWN, reason=reason.strip(), changed_by=by
    )
    notify(
        users=_followers(idea),
        topic=NotificationTopic.FOLLOWED,
        subject=gettext_lazy("The status of a contribution you follow has changed"),
        template="ideas/email/status.txt",
        context={"idea": idea},
        exclude=[by],
    )
    return idea


@transaction.atomic
def user_block(*, module: Module, user, by, reason: str) -> Block:
    organisation = module.phase.process.organisation
    if not reason.strip():
        raise ValidationError({"reason": _("Please give a reason.")})
    if user.pk == by.pk:
        raise ValidationError(_("You cannot block yourself."))
    block, _created = Block.objects.update_or_create(
        organisation=organisation, user=user, defaults={"reason": reason.strip(), "blocked_by": by}
    )
    _log(module=module, actor=by, action=ModerationAction.BLOCK, target_user=user, note=reason)
    _audit(
        module=module,
        actor=by,
        action=AuditAction.USER_BLOCKED,
        obj=block,
        label=user.public_name,
        subject=user,
        details={"reason": reason.strip()},
    )
    return block


@transaction.atomic
def user_unblock(*, module: Module, user, by) -> None:
    Block.objects.filter(organisation_id=module.phase.process.organisation_id, user=user).delete()
    _log(module=module, actor=by, action=ModerationAction.UNBLOCK, target_user=user)
    _audit(module=module, actor=by, action=AuditAction.USER_UNBLOCKED, label=user.public_name, subject=user)


# -- merging duplicates (issue 13) -------------------------------------------------------------


def _merge_refusal(*, idea: Idea, into: Idea) -> str | None:
    if into.pk == idea.pk:
        return _("A contribution cannot be merged into itself.")
    if into.module_id != idea.module_id:
        return _("Only contributions of the same collection can be merged.")
    if idea.status == Status.MERGED:
        return _("This contribution has already been merged.")
    if idea.status == Status.WITHDRAWN:
        return _("Its author has withdrawn this contribution.")
    if into.status == Status.MERGED:
        target = into.merged_into
        if target is not None:
            return _("“%(title)s” was itself merged into “%(target)s” (%(reference)s): merge into that one.") % {
                "title": into.title,
                "target": target.title,
                "reference": target.reference,
            }
        return _("“%(title)s” was itself merged into another contribution.") % {"title": into.title}
    if into.status == Status.WITHDRAWN:
        return _("“%(title)s” was withdrawn by its author.") % {"title": into.title}
    if into.visibility != Visibility.PUBLISHED:
        return _("“%(title)s” is not published.") % {"title": into.title}
    return None


@transaction.atomic
def idea_merge(*, idea: Idea, into: Idea, by, reason: str = "") -> Idea:
    """Merge a contribution into another that says the same: a moderator's decision, never automatic.

    Both texts stay: the merged contribution keeps its page, with the status "merged" and a link to
    the other, which lists it. Supports move across, each person counted once (someone who supported
    both keeps one support; the other's author cannot support their own), and so do follows
    (followers then follow both) and comments with their replies; both counts are exact afterwards.
    The status history, the moderation log and the audit log record it; the merged contribution's
    author and followers hear of the new status (the usual mail, which names where it went), the
    other's author that it was merged in.
    """
    # Both rows locked until the end: no support or comment can slip in between count and move.
    list(Idea.objects.select_for_update().filter(pk__in=[idea.pk, into.pk]).values_list("pk", flat=True))
    idea = Idea.objects.select_related("module__phase__process", "author").get(pk=idea.pk)
    into = Idea.objects.select_related("module__phase__process", "author", "merged_into").get(pk=into.pk)
    refusal = _merge_refusal(idea=idea, into=into)
    if refusal:
        raise ValidationError({"merged_into": refusal})
    reason = reason.strip() or _(
        "This contribution says the same as “%(title)s” (%(reference)s). "
        "Its supports and comments were carried over there."
    ) % {"title": into.title, "reference": into.reference}

    # Tell the merged contribution's author and followers first, while they still follow it.
    idea_change_status(idea=idea, by=by, status=Status.MERGED, reason=reason, merged_into=into)

    already = Support.objects.filter(idea=into).values("user_id")
    moving = list(Support.objects.filter(idea=idea).exclude(user_id__in=already).exclude(user_id=into.author_id))
    Support.objects.bulk_create([Support(idea=into, user_id=s.user_id) for s in moving])
    Support.objects.filter(idea=idea).delete()
    following = Follow.objects.filter(idea=into).values("user_id")
    Follow.objects.bulk_create(
        [Follow(idea=into, user_id=f.user_id) for f in Follow.objects.filter(idea=idea).exclude(user_id__in=following)]
    )
    moved_comments = Comment.objects.on(idea).update(object_id=into.pk)
    Idea.objects.filter(pk=into.pk).update(
        support_count=Support.objects.filter(idea=into).count(),
        comment_count=F("comment_count") + idea.comment_count,
    )
    Idea.objects.filter(pk=idea.pk).update(support_count=0, comment_count=0)
    idea.support_count, idea.comment_count = 0, 0

    note = _(
        "Merged into “%(title)s” (%(reference)s): %(supports)s supports and %(comments)s comments carried over."
    ) % {
        "title": into.title,
        "reference": into.reference,
        "supports": len(moving),
        "comments": moved_comments,
    }
    _log(module=idea.module, actor=by, action=ModerationAction.MERGE, idea=idea, note=note)
    into_context = {"idea": into, "merged": idea}
    if into.author_id:
        notify(
            users=[into.author],
            topic=NotificationTopic.OFFICIAL_NEWS,
            subject=gettext_lazy("A contribution was merged into yours"),
            template="ideas/email/merged_into.txt",
            context=into_context,
            exclude=[by],
        )
    else:
        contact = GuestContact.objects.filter(idea=into).first()
        if contact is not None:
            notify_address(
                email=contact.email,
                language=contact.language,
                subject=gettext_lazy("A contribution was merged into yours"),
                template="ideas/email/guest_merged_into.txt",
                context={**into_context, "is_guest": True},
                unsubscribe_url=_guest_unsubscribe_url(contact),
            )
    return idea
