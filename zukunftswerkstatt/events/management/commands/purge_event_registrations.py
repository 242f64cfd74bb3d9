from django.core.management.base import BaseCommand, CommandError

from zukunftswerkstatt.events.services import registrations_purge

DEFAULT_DAYS = 90


class Command(BaseCommand):
    help = (
        "Remove names, contact details and needs from the registrations of events that ended more than "
        f"N days ago (default {DEFAULT_DAYS}); seat counts stay. Run daily."
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
        count = registrations_purge(days=options["days"])
        if options["verbosity"]:
            self.stdout.write(f"Removed the personal data of {count} registration(s).")
