from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessesConfig(AppConfig):
    name = "zukunftswerkstatt.processes"
    label = "processes"
    verbose_name = _("Participation processes")

    def ready(self) -> None:
        # Register the built-in phase types, module types and blueprints.
        from zukunftswerkstatt.core.pages import register_organisation_page_part

        from . import types  # noqa: F401
        from .views import organisation_page_part

        register_organisation_page_part(organisation_page_part)
