from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SwotConfig(AppConfig):
    name = "zukunftswerkstatt.swot"
    label = "swot"
    verbose_name = _("SWOT analysis")
