from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "zukunftswerkstatt.reports"
    label = "reports"
    verbose_name = _("Municipal profile document")

    def ready(self) -> None:
        from zukunftswerkstatt.processes.registry import ModuleType, registry

        registry.register_module_type(
            ModuleType(
                identifier="profile_document",
                name=_("Municipal profile document"),
                description=_(
                    "The municipal profile in one document, on the web and as PDF: demographic figures, "
                    "the inventory by field of action and the SWOT analysis, each with its sources."
                ),
                phase_types=frozenset({"profile"}),
                # The document shows the demographic profile, so its charts' CSVs are read through it.
                features=frozenset({"demography"}),
                url_name="reports:document",
                view_permission="reports.view_document",
            )
        )
