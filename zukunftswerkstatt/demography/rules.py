"""Who may do what with population figures and projections (django-rules).

Reading the dashboard follows the process: whoever may see the process and the (published)
module sees its figures. Importing: organisation admins for every member town, town staff for
their own towns only (the importer refuses rows for other towns). Projections and deleting
import batches: organisation admins.
"""

from __future__ import annotations

import rules

from zukunftswerkstatt.accounts.rules import is_org_admin, is_platform_admin, is_town_staff


@rules.predicate
def module_visible(user, module) -> bool:
    if module is None:
        return False
    return bool(module.is_published and user.has_perm("processes.view_process", module.phase.process))


is_data_staff = is_platform_admin | is_org_admin | is_town_staff

rules.add_perm("demography.view_dashboard", module_visible | is_platform_admin | is_org_admin)
rules.add_perm("demography.import_data", is_data_staff)
rules.add_perm("demography.view_batches", is_data_staff)
rules.add_perm("demography.delete_batch", is_platform_admin | is_org_admin)
rules.add_perm("demography.manage_projections", is_platform_admin | is_org_admin)
