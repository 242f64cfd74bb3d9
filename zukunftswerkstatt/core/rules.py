import rules

from zukunftswerkstatt.accounts.rules import is_org_admin, is_organisation_team, is_platform_admin

rules.add_perm("core.view_organisation", rules.always_allow)
rules.add_perm("core.add_organisation", is_platform_admin)
rules.add_perm("core.change_organisation", is_platform_admin | is_org_admin)
rules.add_perm("core.delete_organisation", is_platform_admin)
rules.add_perm("core.view_organisation_backoffice", is_platform_admin | is_organisation_team)
rules.add_perm("core.manage_municipalities", is_platform_admin | is_org_admin)
rules.add_perm("core.manage_topics", is_platform_admin | is_org_admin)
rules.add_perm("core.change_legalpage", is_platform_admin | is_org_admin)
rules.add_perm("core.view_audit_log", is_platform_admin | is_org_admin)
