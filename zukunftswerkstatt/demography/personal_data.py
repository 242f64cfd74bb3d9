"""What the demography app keeps about a person (see accounts/privacy.py): only who did staff work."""

from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.privacy import registry

registry.declare_role_records(
    "demography.ImportBatch.imported_by",
    "demography.Projection.created_by",
    reason=_("staff who imported statistics or made a projection"),
)
