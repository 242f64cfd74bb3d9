from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "zukunftswerkstatt.progress"
    label = "progress"
    verbose_name = _("Interim review")

    def ready(self) -> None:
        from zukunftswerkstatt.processes.registry import CallToAction, ModuleType, registry

        from .selectors import review_round_is_open

        registry.register_module_type(
            ModuleType(
                identifier="review",
                name=_("Interim review"),
                description=_(
                    "The progress of every measure by field of action and town, what became of each "
                    "contribution, indicators, and review rounds in which citizens rate the measures."
                ),
                phase_types=frozenset({"review"}),
                features=frozenset({"rate", "comment"}),
                url_name="progress:module",
                call_to_action=CallToAction(
                    label=_("Rate how the measures are going"),
                    url_name="progress:module",
                    is_open=review_round_is_open,
                ),
            )
        )
