from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "zukunftswerkstatt.inventory"
    label = "inventory"
    verbose_name = _("Inventory")

    def ready(self) -> None:
        from zukunftswerkstatt.processes.registry import CallToAction, InputWindow, ModuleType, registry

        from .forms import InventoryModuleSettingsForm
        from .rules import suggestions_closed

        registry.register_module_type(
            ModuleType(
                identifier="inventory",
                name=_("Inventory of existing offers"),
                description=_(
                    "What already exists in the towns – offers, measures and projects – with filters and export; "
                    "citizens can suggest offers that are missing."
                ),
                phase_types=frozenset({"profile"}),
                features=frozenset({"suggest"}),
                # Suggestions stay welcome after the Kommunalprofil, until staff close them.
                input_window=InputWindow.UNTIL_CLOSED,
                input_closed=suggestions_closed,
                url_name="inventory:list",
                team_permission="inventory.add_item",
                call_to_action=CallToAction(label=_("Tell us about offers we have missed"), url_name="inventory:list"),
                settings_form=InventoryModuleSettingsForm,
            )
        )
