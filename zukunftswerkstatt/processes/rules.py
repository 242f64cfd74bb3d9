from __future__ import annotations

import datetime as dt

import rules

from zukunftswerkstatt.accounts.rules import is_org_admin, is_organisation_team, is_platform_admin

from .models import Module, PhaseState
from .registry import InputWindow, registry


def module_allows(module: Module, feature: str, now: dt.datetime | None = None) -> bool:
    """Whether the citizen action `feature` is open in `module` at `now`: the one place that says it.

    Open means: the module and its process are published, the module's type declares the feature,
    staff have not closed the module's input (`ModuleType.input_closed`), and `now` lies in the
    type's input window (`ModuleType.input_window`): while the phase runs (start inclusive, end
    exclusive, as `Phase.state`), or from the phase's start until staff close the module.
    Who may act is the app's rules' business; a vote or a round with dates of its own checks them
    on top of this.
    """
    module_type = registry.module_types.get(module.type)
    if module_type is None or feature not in module_type.features:
        return False
    phase = module.phase
    if not (module.is_published and phase.process.is_published):
        return False
    if module_type.input_closed is not None and module_type.input_closed(module):
        return False
    state = phase.state(now)
    if module_type.input_window == InputWindow.UNTIL_CLOSED:
        return state != PhaseState.UPCOMING
    return state == PhaseState.RUNNING


@rules.predicate
def is_published_process(user, process) -> bool:
    return bool(process is not None and process.is_published)


rules.add_perm("processes.view_process", is_published_process | is_platform_admin | is_organisation_team)
rules.add_perm("processes.add_process", is_platform_admin | is_org_admin)
rules.add_perm("processes.change_process", is_platform_admin | is_org_admin)
rules.add_perm("processes.delete_process", is_platform_admin | is_org_admin)
rules.add_perm("processes.change_phases", is_platform_admin | is_org_admin)
rules.add_perm("processes.change_modules", is_platform_admin | is_org_admin)
