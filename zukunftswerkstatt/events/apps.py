from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "zukunftswerkstatt.events"
    label = "events"
    verbose_name = _("Events")
    # What events keep about a person is declared in personal_data.py (see accounts/privacy.py).
