from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemographyConfig(AppConfig):
    name = "zukunftswerkstatt.demography"
    label = "demography"
    verbose_name = _("Demography")

    def ready(self) -> None:
        from zukunftswerkstatt.processes.registry import ModuleType, registry

        registry.register_module_type(
            ModuleType(
                identifier="demography",
                name=_("Demographic profile"),
                description=_(
                    "Population figures of the towns: indicators with their definitions, charts, "
                    "and a population projection with scenarios."
                ),
                phase_types=frozenset({"profile"}),
                features=frozenset({"demography"}),
                url_name="demography:dashboard",
                view_permission="demography.view_dashboard",
            )
        )
