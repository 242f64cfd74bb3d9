"""Writes for the versions of the Werkstattplan: drafts, and the council's adoption, which keeps
the measures as they were that day."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zukunftswerkstatt.core.audit import audit_record
from zukunftswerkstatt.core.models import AuditAction
from zukunftswerkstatt.processes.models import Process

from ..models import Measure, MeasureStatus, PlanVersion, PlanVersionStatus
from ..selectors import plan_rows


@transaction.atomic
def plan_version_create(*, process: Process, by, title: str, introduction: str = "") -> PlanVersion:
    """A new draft version of the Werkstattplan (numbered 1, 2, …)."""
    Process.objects.select_for_update().filter(pk=process.pk).first()  # numbers are handed out one at a time
    number = (process.plan_versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = PlanVersion(
        process=process, number=number, title=title.strip(), introduction=introduction.strip(), recorded_by=by
    )
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def plan_version_update(*, version: PlanVersion, by, title: str, introduction: str) -> PlanVersion:
    if version.is_adopted:
        raise ValidationError(_("An adopted version cannot be changed. Start a new version instead."))
    version.title = title.strip()
    version.introduction = introduction.strip()
    version.full_clean()
    version.save(update_fields=["title", "introduction", "modified"])
    return version


def measures_lacking_owner(process: Process) -> list[Measure]:
    """Measures of the plan (not dropped) that have no responsible body or no contact."""
    measures = Measure.objects.filter(process=process).exclude(status=MeasureStatus.DROPPED).order_by("title", "pk")
    return [m for m in measures if not (m.has_owner and m.has_contact)]


@transaction.atomic
def plan_version_adopt(
    *, version: PlanVersion, by, adopted_on: dt.date, adopted_by: str, resolution: str = ""
) -> PlanVersion:
    """Record that the council adopted this version; its measures are kept as they are today.

    Refused while a measure lacks an owner (responsible body) or a contact person, with the list.
    """
    version = PlanVersion.objects.select_for_update().select_related("process").get(pk=version.pk)
    if version.is_adopted:
        raise ValidationError(_("This version has been adopted already."))
    if not adopted_by.strip():
        raise ValidationError({"adopted_by": _("Say which body adopted the plan.")})
    if adopted_on > timezone.localdate():
        raise ValidationError({"adopted_on": _("The adoption date cannot be in the future.")})
    lacking = measures_lacking_owner(version.process)
    if lacking:
        raise ValidationError(
            _(
                "The plan cannot be adopted yet: every measure needs a responsible body and a contact person "
                "(name and e-mail or telephone). Missing for: %(titles)s."
            )
            % {"titles": "; ".join(f"“{m.title}”" for m in lacking)},
            code="owner_missing",
        )
    version.snapshot = plan_rows(process=version.process, for_snapshot=True)
    version.status = PlanVersionStatus.ADOPTED
    version.adopted_on = adopted_on
    version.adopted_by = adopted_by.strip()
    version.resolution = resolution.strip()
    version.recorded_by = by
    version.full_clean()
    version.save()
    audit_record(
        actor=by,
        action=AuditAction.PLAN_VERSION_ADOPTED,
        organisation=version.process.organisation_id,
        obj=version,
        details={"adopted_on": adopted_on.isoformat(), "adopted_by": version.adopted_by},
    )
    return version
