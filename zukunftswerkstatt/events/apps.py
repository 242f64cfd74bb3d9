from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "zukunftswerkstatt.events"
    label = "events"
    verbose_name = _("Events")
    # What events keep about a person is declared in personal_data.py (see accounts/privacy.py).

    def ready(self) -> None:
        from zukunftswerkstatt.processes.registry import registry

        from .selectors import events_by_phase, phase_next_event_action

        registry.register_phase_action(phase_next_event_action)
        registry.register_events(events_by_phase)
