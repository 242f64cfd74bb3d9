from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SwotConfig(AppConfig):
    name = "zukunftswerkstatt.swot"
    label = "swot"
    verbose_name = _("SWOT analysis")

    def ready(self) -> None:
        from zukunftswerkstatt.processes.registry import CallToAction, InputWindow, ModuleType, registry

        from .forms import SwotModuleSettingsForm
        from .rules import input_closed

        registry.register_module_type(
            ModuleType(
                identifier="swot",
                name=_("SWOT analysis"),
                description=_(
                    "Strengths, weaknesses, opportunities and threats of the association and of each town, "
                    "with their evidence; citizens comment and suggest items."
                ),
                phase_types=frozenset({"profile"}),
                features=frozenset({"comment", "suggest"}),
                # Open after the Kommunalprofil too, so that it can be discussed in the future workshop.
                input_window=InputWindow.UNTIL_CLOSED,
                input_closed=input_closed,
                url_name="swot:matrix",
                team_permission="swot.manage",
                call_to_action=CallToAction(label=_("Comment on the SWOT analysis"), url_name="swot:matrix"),
                settings_form=SwotModuleSettingsForm,
            )
        )
