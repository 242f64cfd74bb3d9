from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "zukunftswerkstatt.plans"
    label = "plans"
    verbose_name = _("Action plan")

    def ready(self) -> None:
        from zukunftswerkstatt.processes.registry import ModuleType, registry

        from .forms import PrioritisationSettingsForm

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
                phase_types=frozenset({"action_plan"}),
                features=frozenset({"prioritise"}),
                url_name="plans:prioritisation",
                settings_form=PrioritisationSettingsForm,
            )
        )
