"""Who may see the participation figures and keep the tallies: the process's team (docs/permissions.md).

The figures are about people, so the full dashboard, the towns' pages and the CSV are for the team;
what the public and the council read is the section with suppressed figures in the published
documents (participation.document)."""

from __future__ import annotations

import rules

from zukunftswerkstatt.accounts.rules import is_moderator, is_org_admin, is_platform_admin, is_town_staff

is_team = is_platform_admin | is_org_admin | is_moderator | is_town_staff

# The dashboard, the towns' pages and comparison, the CSV (object: the process).
rules.add_perm("participation.view_participation", is_team)
# Enter, correct and remove tallies (object: the process or a tally).
rules.add_perm("participation.manage_tallies", is_team)
