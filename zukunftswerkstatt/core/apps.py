from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "zukunftswerkstatt.core"
    label = "core"
    verbose_name = _("Organisations and towns")

    def ready(self) -> None:
        from zukunftswerkstatt.core import checks  # noqa: F401 - registers the deployment checks
