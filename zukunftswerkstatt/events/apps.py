from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "zukunftswerkstatt.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from zukunftswerkstatt.accounts.services import register_delete_step, register_export_section
        from zukunftswerkstatt.processes.registry import registry

        from .selectors import person_registrations, phase_next_event_action
        from .services import registrations_forget_person

        registry.register_phase_action(phase_next_event_action)

        register_export_section("event_registrations", person_registrations)
        register_delete_step("event_registrations", registrations_forget_person)
