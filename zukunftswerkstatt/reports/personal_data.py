"""What the reports app keeps about a person (see accounts/privacy.py): only who asked for a document."""

from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.privacy import registry

registry.declare_role_records("reports.ProfilePdf.requested_by", reason=_("staff who had a PDF made"))
