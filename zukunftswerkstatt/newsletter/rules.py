"""Who may do what with a process's newsletter (docs/permissions.md)."""

import rules

from zukunftswerkstatt.accounts.rules import is_organisation_team, is_platform_admin
from zukunftswerkstatt.processes.rules import is_published_process

# The objects are processes (subscribe, archive) and issues (their process decides).
rules.add_perm("newsletter.view_newsletter", is_published_process | is_platform_admin | is_organisation_team)
rules.add_perm("newsletter.manage_newsletter", is_platform_admin | is_organisation_team)
