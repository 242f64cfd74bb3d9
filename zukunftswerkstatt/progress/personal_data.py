"""What the interim review keeps about a person (see accounts/privacy.py)."""

from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.privacy import Treatment, registry

from .selectors import person_export

registry.register(
    key="measure_ratings",
    title=_("Ratings in review rounds"),
    fields={"progress.Rating.user": Treatment.DELETED},
    export=person_export,
)
registry.declare_role_records(
    "progress.ProgressUpdate.author",
    "progress.IndicatorValue.recorded_by",
    "progress.ReviewRound.opened_by",
    "progress.ReviewReport.requested_by",
    reason=_("staff who wrote progress entries, recorded indicator values or ran review rounds"),
)

# The fields each export was written against (see Registry.review).
registry.review(
    "progress.Rating",
    "id created modified review_round measure user score comment",
)
