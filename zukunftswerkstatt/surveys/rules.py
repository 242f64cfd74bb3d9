"""Who may do what with a survey (object: the Survey; docs/permissions.md, "Surveys").

- Build and change the questionnaire, open and close it, print it: those who coordinate (platform
  and organisation administrators, moderators).
- Enter paper and phone answers: the whole team, town staff included (they collect the paper forms).
- Answer online: anyone while the survey is open (`surveys.services.survey_accepts`); without an
  account only where the survey allows guests. That is a service check, not a permission here.
- See the results: the team always; everyone once the team made them public (and the process is).
- Review free-text answers, download the raw answers: those who coordinate.
"""

from __future__ import annotations

import rules

from zukunftswerkstatt.accounts.rules import is_moderator, is_org_admin, is_platform_admin, is_town_staff


@rules.predicate
def results_are_public(user, survey) -> bool:
    return bool(
        survey is not None
        and survey.results_public
        and survey.module.is_published
        and survey.module.phase.process.is_published
    )


is_coordinating = is_platform_admin | is_org_admin | is_moderator
is_team = is_coordinating | is_town_staff

rules.add_perm("surveys.manage", is_coordinating)
rules.add_perm("surveys.enter", is_team)
rules.add_perm("surveys.view_results", is_team | results_are_public)
rules.add_perm("surveys.review_texts", is_coordinating)
rules.add_perm("surveys.export", is_coordinating)
