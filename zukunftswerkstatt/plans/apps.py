from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "zukunftswerkstatt.plans"
    label = "plans"
    verbose_name = _("Action plan")

    def ready(self) -> None:
        from zukunftswerkstatt.processes.registry import CallToAction, ModuleType, registry

        from .forms import PrioritisationSettingsForm
        from .services import prioritisation_closed_by_staff, prioritisation_is_open

        registry.register_module_type(
            ModuleType(
                identifier="action_plan",
                name=_("Action plan (Werkstattplan)"),
                description=_(
                    "The measures by field of action with owners, time, cost, priority and status; "
                    "versions adopted by the council; PDF and DOCX documents."
                ),
                phase_types=frozenset({"action_plan"}),
                features=frozenset({"volunteer"}),
                url_name="plans:plan",
                view_permission="plans.view_plan",
            )
        )
        registry.register_module_type(
            ModuleType(
                identifier="prioritisation",
                name=_("Prioritisation"),
                description=_(
                    "Citizens give points to the measures (dot voting) online; staff add the points "
                    "counted at events, from letters and calls."
                ),
                # In the interim review too: citizens say which running measures come first now.
                phase_types=frozenset({"action_plan", "review"}),
                features=frozenset({"prioritise"}),
                # Staff may close the vote before the phase ends (PrioritisationSettingsForm).
                input_closed=prioritisation_closed_by_staff,
                url_name="plans:prioritisation",
                view_permission="plans.view_plan",
                call_to_action=CallToAction(
                    label=_("Decide which measures come first"),
                    url_name="plans:prioritisation",
                    is_open=prioritisation_is_open,
                ),
                settings_form=PrioritisationSettingsForm,
            )
        )
