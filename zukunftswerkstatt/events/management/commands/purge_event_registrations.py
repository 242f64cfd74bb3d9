from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zukunftswerkstatt.events.services import registrations_forget_needs, registrations_purge

DEFAULT_DAYS = 90


class Command(BaseCommand):
    help = (
        "Remove the needs from the registrations of events that ended more than "
        "EVENTS_NEEDS_RETENTION_DAYS days ago, and names, contact details and needs from those of events "
        f"that ended more than N days ago (default {DEFAULT_DAYS}); seat counts stay. Run daily."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_DAYS,
            help=f"Days after an event's end to keep its registrations' personal data (default {DEFAULT_DAYS}).",
        )

    def handle(self, *args, **options) -> None:
        if options["days"] < 0:
            raise CommandError("--days must not be negative.")
        needs = registrations_forget_needs(days=min(settings.EVENTS_NEEDS_RETENTION_DAYS, options["days"]))
        count = registrations_purge(days=options["days"])
        if options["verbosity"]:
            self.stdout.write(f"Removed the needs of {needs} registration(s).")
            self.stdout.write(f"Removed the personal data of {count} registration(s).")
