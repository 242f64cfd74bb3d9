"""Who writes the pages in Leichte Sprache and who sees the readability hints (docs/permissions.md).

The pages speak for the organisation as its legal pages do, so its administrators write them, and
its moderators, who write most of its public texts; town staff read them like everyone. The hints
help anyone who writes public text in the back office, so anyone with a role may ask for them."""

from __future__ import annotations

import rules

from zukunftswerkstatt.accounts.rules import has_backoffice_role, is_moderator, is_org_admin, is_platform_admin

# Write, publish and preview the pages and the phases' sentences (object: the organisation).
rules.add_perm("easyread.change_page", is_platform_admin | is_org_admin | is_moderator)
# Ask for the readability hints of a text (no object: the text is not stored).
rules.add_perm("easyread.use_hints", is_platform_admin | has_backoffice_role)
