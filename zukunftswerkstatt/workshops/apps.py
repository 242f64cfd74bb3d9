from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "zukunftswerkstatt.workshops"
    label = "workshops"
    verbose_name = _("Live workshops")

    def ready(self) -> None:
        from zukunftswerkstatt.processes.registry import ModuleType, registry

        registry.register_module_type(
            ModuleType(
                identifier="workshops",
                name=_("Live workshop board"),
                description=_(
                    "Cards from phones and paper, clusters and dot voting at a workshop evening; "
                    "the results go into the idea collection and stay readable as a record."
                ),
                phase_types=frozenset({"workshop"}),
                features=frozenset(),
                url_name="workshops:module",
            )
        )
