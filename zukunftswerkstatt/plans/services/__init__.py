"""Writes for the action plan, one module per topic:

- measures.py: measures (from contributions or from scratch) with their history, milestones, follows;
- help_offers.py: offers to help with a measure;
- voting.py: the prioritisation module (dot voting, paper tallies, when the vote is open);
- versions.py: plan versions and the council's adoption;
- documents.py: the plan as PDF or DOCX, built in the background through core/documents.py.

Each function checks its own invariants, runs in one transaction and queues its e-mails on
commit. Who may call it is the views' job, through plans/rules.py. The names are re-exported here,
so callers write `from zukunftswerkstatt.plans import services; services.measure_create(...)`.
"""

from .documents import KEEP_EXPORTS, plan_export_make, plan_export_request
from .help_offers import help_offer_create, help_offers_delete_all
from .measures import (
    EDITABLE_FIELDS,
    EDITABLE_RELATIONS,
    MeasureConflict,
    measure_create,
    measure_follow_set,
    measure_history_add,
    measure_link_ideas,
    measure_update,
    milestone_create,
    milestone_delete,
    milestone_set_done,
)
from .versions import measures_lacking_owner, plan_version_adopt, plan_version_create, plan_version_update
from .voting import (
    ballot_set,
    dot_add,
    dot_remove,
    paper_tally_add,
    paper_tally_delete,
    prioritisation_allowance,
    prioritisation_close,
    prioritisation_closed_by_staff,
    prioritisation_has_closed,
    prioritisation_is_open,
    prioritisation_results_live,
    prioritisation_results_public,
    prioritisation_stacking,
)

__all__ = [
    "EDITABLE_FIELDS",
    "EDITABLE_RELATIONS",
    "KEEP_EXPORTS",
    "MeasureConflict",
    "ballot_set",
    "dot_add",
    "dot_remove",
    "help_offer_create",
    "help_offers_delete_all",
    "measure_create",
    "measure_follow_set",
    "measure_history_add",
    "measure_link_ideas",
    "measure_update",
    "measures_lacking_owner",
    "milestone_create",
    "milestone_delete",
    "milestone_set_done",
    "paper_tally_add",
    "paper_tally_delete",
    "plan_export_make",
    "plan_export_request",
    "plan_version_adopt",
    "plan_version_create",
    "plan_version_update",
    "prioritisation_allowance",
    "prioritisation_close",
    "prioritisation_closed_by_staff",
    "prioritisation_has_closed",
    "prioritisation_is_open",
    "prioritisation_results_live",
    "prioritisation_results_public",
    "prioritisation_stacking",
]
