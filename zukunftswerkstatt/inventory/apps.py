from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "zukunftswerkstatt.inventory"
    label = "inventory"
    verbose_name = _("Inventory")

    def ready(self) -> None:
        from zukunftswerkstatt.processes.registry import CallToAction, ModuleType, registry

        from .forms import InventoryModuleSettingsForm

        registry.register_module_type(
            ModuleType(
                identifier="inventory",
                name=_("Inventory of existing offers"),
                description=_(
                    "What already exists in the towns – offers, measures and projects – with filters and export; "
                    "citizens can suggest offers that are missing."
                ),
                phase_types=frozenset({"profile"}),
                features=frozenset({"inventory"}),
                url_name="inventory:list",
                call_to_action=CallToAction(label=_("Tell us about offers we have missed"), url_name="inventory:list"),
                settings_form=InventoryModuleSettingsForm,
            )
        )
