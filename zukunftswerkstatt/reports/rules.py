"""Who may read the municipal profile document and ask for its PDF.

The document shows only what is public anyway, so everyone who may see the process may read it
and download the PDF (anonymous requests are rate-limited in the view). Staff may force a new PDF.
"""

from __future__ import annotations

import rules

from zukunftswerkstatt.accounts.rules import is_moderator, is_org_admin, is_platform_admin, is_town_staff


@rules.predicate
def may_see_process(user, module) -> bool:
    return user.has_perm("processes.view_process", module.phase.process)


@rules.predicate
def is_published_module(user, module) -> bool:
    return bool(module.is_published)


is_team = is_platform_admin | is_org_admin | is_moderator | is_town_staff

rules.add_perm("reports.view_document", may_see_process & (is_published_module | is_team))
rules.add_perm("reports.request_pdf", may_see_process & (is_published_module | is_team))
rules.add_perm("reports.renew_pdf", may_see_process & is_team)
