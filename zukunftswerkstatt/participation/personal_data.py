"""What the participation app keeps about a person (see accounts/privacy.py): tallies are numbers
only; the staff member who entered one is a role record."""

from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.privacy import registry

registry.declare_role_records(
    "participation.Tally.entered_by",
    reason=_("staff who entered a tally of people counted on paper"),
)
