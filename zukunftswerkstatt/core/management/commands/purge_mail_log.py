"""Replaces django-mailer's command of the same name (our app comes first in INSTALLED_APPS): the
number of days comes from MAIL_LOG_RETENTION_DAYS, and failed attempts go as well as sent ones,
since both hold the whole message."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zukunftswerkstatt.core.maillog import mail_log_purge


class Command(BaseCommand):
    help = (
        "Delete django-mailer's log of sent and failed mails older than MAIL_LOG_RETENTION_DAYS days "
        "(or the number given). Unsent mails in the queue stay. Idempotent; run daily."
    )

    def add_arguments(self, parser) -> None:
        # Positional like django-mailer's own command, but optional.
        parser.add_argument("days", type=int, nargs="?", default=None, help="Days to keep instead of the setting.")

    def handle(self, *args, **options) -> None:
        days = settings.MAIL_LOG_RETENTION_DAYS if options["days"] is None else options["days"]
        if days < 0:
            raise CommandError("The number of days must not be negative.")
        count = mail_log_purge(days=days)
        if options["verbosity"]:
            self.stdout.write(f"Deleted {count} mail log entr{'y' if count == 1 else 'ies'} older than {days} days.")
