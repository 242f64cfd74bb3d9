"""What themes keep about a person (see accounts/privacy.py): only who on the staff requested a
computation or accepted a theme; the items are contributions and cards, declared by their apps."""

from django.utils.translation import gettext_lazy as _

from zukunftswerkstatt.accounts.privacy import registry

registry.declare_role_records(
    "themes.ThemeRun.requested_by",
    "themes.Theme.accepted_by",
    reason=_("staff who asked for suggested themes or accepted a theme"),
)
