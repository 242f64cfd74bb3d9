"""What is printed for people offline: the one-page Infoblatt of a phase and the list of the latest
contributions and answers for a notice board."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandoutsConfig(AppConfig):
    name = "zukunftswerkstatt.handouts"
    label = "handouts"
    verbose_name = _("Handouts")
