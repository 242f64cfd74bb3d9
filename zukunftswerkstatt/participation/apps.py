from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "zukunftswerkstatt.participation"
    label = "participation"
    verbose_name = _("Who took part")
