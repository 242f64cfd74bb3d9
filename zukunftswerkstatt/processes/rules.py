import rules

from zukunftswerkstatt.accounts.rules import is_org_admin, is_organisation_team, is_platform_admin


@rules.predicate
def is_published_process(user, process) -> bool:
    return bool(process is not None and process.is_published)


rules.add_perm("processes.view_process", is_published_process | is_platform_admin | is_organisation_team)
rules.add_perm("processes.add_process", is_platform_admin | is_org_admin)
rules.add_perm("processes.change_process", is_platform_admin | is_org_admin)
rules.add_perm("processes.delete_process", is_platform_admin | is_org_admin)
rules.add_perm("processes.change_phases", is_platform_admin | is_org_admin)
rules.add_perm("processes.change_modules", is_platform_admin | is_org_admin)
