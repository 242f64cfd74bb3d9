"""What the action plan keeps about a person (see accounts/privacy.py)."""

from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.privacy import Treatment, registry

from .selectors import person_export
from .services import help_offers_delete_all

D = Treatment.DELETED
registry.register(
    key="action_plan",
    title=_("Dots, offers to help and follows in the action plan"),
    fields={
        "plans.Ballot.user": D,
        # The message of an offer is the person's own: it goes (erase step), it is not kept unnamed.
        "plans.HelpOffer.user": D,
        "plans.MeasureFollow.user": D,
    },
    export=person_export,
    erase=help_offers_delete_all,
)
registry.declare_role_records(
    "plans.Measure.created_by",
    "plans.MeasureChange.actor",
    "plans.PaperTally.entered_by",
    "plans.PlanVersion.recorded_by",
    reason=_("staff who wrote or changed measures, entered paper tallies or recorded plan versions"),
)
registry.declare_not_personal(
    "plans.Measure.contact_email",
    reason=_("the public contact address of the office responsible for a measure"),
)

# The fields each export was written against (see Registry.review).
registry.review(
    "plans.Ballot",
    "id module user created modified",
)
registry.review(
    "plans.HelpOffer",
    "id created modified measure user message share_contact forwarded_at",
)
registry.review(
    "plans.MeasureFollow",
    "id measure user created",
)
