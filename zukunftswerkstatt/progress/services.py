"""Writes of the interim review: progress entries (with the measure's status and percentage),
milestones met, indicators and their values, review rounds, ratings and the review report.

A progress entry changes the measure that plans owns. Two staff members may edit the same
measure at once: every form carries the `version` the person saw, and the write compares it
under a row lock (SELECT … FOR UPDATE). A stale version raises MeasureConflict and changes
nothing, so the view can show the form again with what was typed and the measure as it is now.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.core.audit import audit_record
from zukunftswerkstatt.core.documents import document_build, document_queue
from zukunftswerkstatt.core.images import image_reencode
from zukunftswerkstatt.core.models import AuditAction
from zukunftswerkstatt.notifications.models import Topic as NotificationTopic
from zukunftswerkstatt.notifications.services import notify
from zukunftswerkstatt.plans.models import Measure, MeasureFollow, MeasureStatus, Milestone
from zukunftswerkstatt.plans.services import measure_history_add, milestone_set_done
from zukunftswerkstatt.processes.models import Process

from .models import Indicator, IndicatorValue, ProgressUpdate, Rating, ReviewReport, ReviewRound
from .printing import review_report_pdf_render

# The order of the statuses: moving to a lower rank is "going back" and needs a reason.
STATUS_RANK = {
    MeasureStatus.PLANNED: 0,
    MeasureStatus.IN_PROGRESS: 1,
    MeasureStatus.PAUSED: 1,
    MeasureStatus.DONE: 2,
    MeasureStatus.DROPPED: 3,
}
STATUSES_ALWAYS_NEEDING_REASON = {MeasureStatus.PAUSED, MeasureStatus.DROPPED}


class MeasureConflict(ValidationError):
    """Someone else changed the measure since the form was shown; `measure` is as it is now and
    `changes` lists what the others changed (from the measure's history)."""

    def __init__(self, message, *, measure: Measure, changes: list, **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.measure = measure
        self.changes = changes


def status_needs_reason(*, old: str, new: str) -> bool:
    """Paused and dropped always need a reason, and so does every step back (done → in progress, …)."""
    if new == old:
        return False
    if new in STATUSES_ALWAYS_NEEDING_REASON:
        return True
    return STATUS_RANK.get(new, 0) < STATUS_RANK.get(old, 0)


def _status_label(status: str) -> str:
    return str(MeasureStatus(status).label) if status in MeasureStatus.values else status


def _lock_measure(*, measure: Measure, expected_version: int) -> Measure:
    locked = Measure.objects.select_for_update().get(pk=measure.pk)
    if locked.version != expected_version:
        raise MeasureConflict(
            _(
                "Someone else changed this measure while you were writing (it is now at version %(current)s, "
                "you saw version %(seen)s). Nothing was saved. Please check the current state below; "
                "what you typed is still in the form."
            ),
            code="conflict",
            params={"current": locked.version, "seen": expected_version},
            measure=locked,
            changes=list(
                locked.changes.filter(version__gt=expected_version).select_related("actor").order_by("at", "pk")
            ),
        )
    return locked


def _idea_authors(measure: Measure) -> list:
    return list(get_user_model().objects.filter(ideas__measures=measure).distinct())


def _followers(measure: Measure) -> list:
    return [follow.user for follow in MeasureFollow.objects.filter(measure=measure).select_related("user")]


@transaction.atomic
def progress_update_record(
    *,
    measure: Measure,
    author,
    expected_version: int,
    date: dt.date,
    text: str,
    status: str,
    percent_complete: int,
    status_reason: str = "",
    image=None,
    image_alt: str = "",
) -> ProgressUpdate:
    """Record a dated progress entry and set the measure's status and percentage in one step.

    Raises MeasureConflict when the measure's version is not `expected_version`, and
    ValidationError for a percentage outside 0–100, an unknown status, or a status that needs a
    reason (paused, dropped, any step back) without one. The change goes into the measure's history
    and its followers are told.
    """
    errors: dict[str, list] = {}
    if percent_complete is None or not 0 <= int(percent_complete) <= 100:
        errors.setdefault("percent_complete", []).append(_("The percentage must be between 0 and 100."))
    if status not in STATUS_RANK:
        errors.setdefault("status", []).append(_("Please choose one of the statuses."))
    text = (text or "").strip()
    status_reason = (status_reason or "").strip()
    if errors:
        raise ValidationError(errors)

    locked = _lock_measure(measure=measure, expected_version=expected_version)
    old_status, old_percent = locked.status, locked.percent_complete
    if status_needs_reason(old=old_status, new=status) and not status_reason:
        raise ValidationError(
            {
                "status_reason": _(
                    "Please give a reason: a measure that is paused or dropped, or goes back from "
                    "“%(old)s” to “%(new)s”, needs one."
                )
                % {"old": _status_label(old_status), "new": _status_label(status)}
            }
        )
    update = ProgressUpdate(
        measure=locked,
        date=date,
        text=text,
        status=status,
        percent_complete=int(percent_complete),
        author=author,
        image_alt=(image_alt or "").strip(),
    )
    if image:
        if not update.image_alt:
            raise ValidationError({"image_alt": _("Please describe the image for people who cannot see it.")})
        clean = image_reencode(image)
        update.image.save(clean.name, clean, save=False)
    update.full_clean()
    update.save()

    changes: dict[str, dict] = {}
    if old_status != status:
        changes["status"] = {"label": gettext("status"), "old": _status_label(old_status), "new": _status_label(status)}
        changes["status_reason"] = {
            "label": gettext("reason for the status"),
            "old": locked.status_reason,
            "new": status_reason,
        }
    if old_percent != int(percent_complete):
        changes["percent_complete"] = {
            "label": gettext("percent complete"),
            "old": old_percent,
            "new": int(percent_complete),
        }
    fields = ["status", "percent_complete", "version"]
    locked.status = status
    locked.percent_complete = int(percent_complete)
    if old_status != status:
        locked.status_reason = status_reason
        fields.append("status_reason")
    locked.version = expected_version + 1  # safe: the row is locked and was at expected_version
    fields.append("modified")
    locked.save(update_fields=fields)
    if old_status != status:
        audit_record(
            actor=author,
            action=AuditAction.MEASURE_STATUS_CHANGED,
            organisation=measure.process.organisation_id,
            obj=locked,
            label=locked.title,
            details={"from": old_status, "to": status, "reason": status_reason},
        )
    measure.version = locked.version
    measure.status = locked.status
    measure.percent_complete = locked.percent_complete
    measure.status_reason = locked.status_reason

    summary = gettext("Progress entry of %(date)s") % {"date": formats.date_format(date, "SHORT_DATE_FORMAT")}
    if "status" in changes:
        summary += " · " + gettext("status: %(old)s → %(new)s") % {
            "old": _status_label(old_status),
            "new": _status_label(status),
        }
    measure_history_add(
        measure=locked,
        actor=author,
        summary=summary,
        changes=changes,
    )
    context = {
        "measure": locked,
        "update": update,
        "status_changed": "status" in changes,
        "status_label": _status_label(status),
    }
    # People whose contributions grew into the measure hear of it under their own topic; they are
    # not told twice when they also follow it.
    idea_authors = _idea_authors(locked)
    notify(
        users=idea_authors,
        topic=NotificationTopic.MY_MEASURES,
        subject=_("News about a measure from your contribution: %(title)s") % {"title": locked.title},
        template="progress/email/progress.txt",
        context={**context, "from_my_contribution": True},
        exclude=[author],
    )
    notify(
        users=_followers(locked),
        topic=NotificationTopic.FOLLOWED,
        subject=_("News about a measure you follow: %(title)s"),
        subject_params={"title": locked.title},
        template="progress/email/progress.txt",
        context=context,
        exclude=[author, *idea_authors],
    )
    return update


@transaction.atomic
def milestone_mark_met(*, milestone: Milestone, actor, done_on: dt.date | None = None) -> Milestone:
    """Mark a milestone as met (on `done_on`, today by default), through plans' milestone service
    (which raises the measure's version and notes it in the history)."""
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("A milestone cannot be met in the future.")})
    locked = Milestone.objects.select_for_update().select_related("measure").get(pk=milestone.pk)
    if locked.done_on:
        return locked
    result = milestone_set_done(milestone=locked, by=actor, done_on=done_on)
    milestone.done_on = result.done_on
    return result


@transaction.atomic
def milestone_mark_open(*, milestone: Milestone, actor) -> Milestone:
    """Take back "met" (a mistake); the history keeps both steps."""
    locked = Milestone.objects.select_for_update().select_related("measure").get(pk=milestone.pk)
    if not locked.done_on:
        return locked
    result = milestone_set_done(milestone=locked, by=actor, done_on=None)
    milestone.done_on = None
    return result


@transaction.atomic
def indicator_create(
    *,
    measure: Measure,
    actor,
    name: str,
    unit: str,
    baseline_value: Decimal,
    baseline_date: dt.date,
    target_value: Decimal,
    target_date: dt.date,
    description: str = "",
) -> Indicator:
    if baseline_date and target_date and target_date < baseline_date:
        raise ValidationError({"target_date": _("The target date cannot be before the baseline date.")})
    indicator = Indicator(
        measure=measure,
        name=name.strip(),
        unit=unit.strip(),
        description=description.strip(),
        baseline_value=baseline_value,
        baseline_date=baseline_date,
        target_value=target_value,
        target_date=target_date,
        position=Indicator.objects.filter(measure=measure).count(),
    )
    indicator.full_clean()
    indicator.save()
    measure_history_add(
        measure=measure,
        actor=actor,
        summary=gettext("Indicator added: %(name)s") % {"name": indicator.name},
        changes={},
    )
    return indicator


@transaction.atomic
def indicator_value_record(
    *, indicator: Indicator, actor, date: dt.date, value: Decimal, note: str = ""
) -> IndicatorValue:
    """Record a measured value; a second value on the same date is refused (correct it instead)."""
    if date > timezone.localdate():
        raise ValidationError({"date": _("A value cannot be measured in the future.")})
    if IndicatorValue.objects.filter(indicator=indicator, date=date).exists():
        raise ValidationError({"date": _("There is already a value for this date. Please choose another date.")})
    row = IndicatorValue(indicator=indicator, date=date, value=value, note=note.strip(), recorded_by=actor)
    row.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as error:  # the same date recorded by someone else a moment ago
        raise ValidationError(
            {"date": _("There is already a value for this date. Please choose another date.")}
        ) from error
    measure_history_add(
        measure=indicator.measure,
        actor=actor,
        summary=gettext("Value of “%(name)s” on %(date)s: %(value)s %(unit)s")
        % {
            "name": indicator.name,
            "date": formats.date_format(date, "SHORT_DATE_FORMAT"),
            "value": value,
            "unit": indicator.unit,
        },
        changes={},
    )
    return row


@transaction.atomic
def review_round_open(
    *,
    process: Process,
    opened_by,
    title: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    description: str = "",
) -> ReviewRound:
    if opens_at and closes_at and closes_at <= opens_at:
        raise ValidationError({"closes_at": _("The round must close after it opens.")})
    review_round = ReviewRound(
        process=process,
        title=title.strip(),
        description=description.strip(),
        opens_at=opens_at,
        closes_at=closes_at,
        opened_by=opened_by,
    )
    review_round.full_clean()
    review_round.save()
    return review_round


@transaction.atomic
def review_round_close(*, review_round: ReviewRound, by) -> ReviewRound:
    """Close a round now (earlier than planned); a closed round stays closed."""
    now = timezone.now()
    locked = ReviewRound.objects.select_for_update().get(pk=review_round.pk)
    if locked.closes_at > now:
        locked.closes_at = max(now, locked.opens_at + dt.timedelta(seconds=1))
        locked.save(update_fields=["closes_at", "modified"])
    review_round.closes_at = locked.closes_at
    return locked


def _check_can_rate(*, review_round: ReviewRound, measure: Measure) -> None:
    now = timezone.now()
    if review_round.is_closed(now):
        raise ValidationError(_("This review round has closed. Ratings can no longer be given or changed."))
    if not review_round.is_open(now):
        raise ValidationError(_("This review round has not opened yet."))
    if measure.process_id != review_round.process_id:
        raise ValidationError(_("This measure is not part of the review round's process."))


@transaction.atomic
def rating_set(
    *, review_round: ReviewRound, measure: Measure, user, score: int, comment: str = ""
) -> tuple[Rating, bool]:
    """Give or change one's rating of a measure in an open round. Returns (rating, created).

    One rating per person, measure and round (a database constraint): a second submission changes
    the first, also when two arrive at the same moment.
    """
    _check_can_rate(review_round=review_round, measure=measure)
    if score not in (1, 2, 3, 4, 5):
        raise ValidationError({"score": _("Please choose a rating from 1 to 5.")})
    comment = (comment or "").strip()
    rating = Rating.objects.select_for_update().filter(review_round=review_round, measure=measure, user=user).first()
    created = rating is None
    if created:
        rating = Rating(review_round=review_round, measure=measure, user=user, score=score, comment=comment)
        rating.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                rating.save()
        except IntegrityError:
            rating = Rating.objects.select_for_update().get(review_round=review_round, measure=measure, user=user)
            created = False
    if not created:
        rating.score = score
        rating.comment = comment
        rating.full_clean(validate_constraints=False)
        rating.save(update_fields=["score", "comment", "modified"])
    return rating, created


@transaction.atomic
def rating_withdraw(*, review_round: ReviewRound, measure: Measure, user) -> bool:
    _check_can_rate(review_round=review_round, measure=measure)
    deleted, _rows = Rating.objects.filter(review_round=review_round, measure=measure, user=user).delete()
    return bool(deleted)


def review_report_request(*, review_round: ReviewRound, requested_by) -> ReviewReport:
    """Queue the PDF of the review report; a background worker makes it (tests: at once)."""
    report = ReviewReport.objects.create(
        review_round=review_round, requested_by=requested_by, language=settings.LANGUAGE_CODE
    )
    document_queue(row=report)
    return report


def review_report_make(report: ReviewReport) -> ReviewReport:
    """Render the report to PDF and store it (the model's builder: core.documents' build task calls
    it with the row); a failure is kept on the row, visible to the team."""
    stamp = timezone.localdate().isoformat()
    return document_build(
        row=report,
        render=lambda: review_report_pdf_render(review_round=report.review_round),
        filename=f"zwischenbilanz-{report.review_round_id}-{stamp}.pdf",
    )
