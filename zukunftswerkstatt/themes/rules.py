"""Who may see and edit the themes of a process: the staff who moderate its idea collections
(platform administrators, the organisation's administrators and moderators), as ideas.moderate."""

from __future__ import annotations

import rules

from zukunftswerkstatt.accounts.rules import is_moderator, is_org_admin, is_platform_admin

is_moderating = is_platform_admin | is_org_admin | is_moderator

# On a Process.
rules.add_perm("themes.view_themes", is_moderating)
rules.add_perm("themes.change_themes", is_moderating)
