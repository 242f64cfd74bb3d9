from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    name = "zukunftswerkstatt.themes"
    label = "themes"
    verbose_name = _("Themes")
