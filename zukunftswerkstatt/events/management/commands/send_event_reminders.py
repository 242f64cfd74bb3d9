from django.core.management.base import BaseCommand

from zukunftswerkstatt.events.services import events_send_reminders


class Command(BaseCommand):
    help = "Remind everyone with a seat at an event that starts tomorrow (run daily; sends each reminder once)."

    def handle(self, *args, **options) -> None:
        count = events_send_reminders()
        if options["verbosity"]:
            self.stdout.write(f"Sent {count} reminder(s).")
