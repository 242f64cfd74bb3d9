from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zukunftswerkstatt.core.audit import audit_log_purge


class Command(BaseCommand):
    help = "Delete audit log entries older than AUDIT_LOG_RETENTION_DAYS days (or --days). Idempotent; run daily."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=None, help="Keep this many days instead of the setting.")

    def handle(self, *args, **options) -> None:
        days = settings.AUDIT_LOG_RETENTION_DAYS if options["days"] is None else options["days"]
        if days < 0:
            raise CommandError("--days must not be negative.")
        count = audit_log_purge(days=days)
        if options["verbosity"]:
            self.stdout.write(f"Deleted {count} audit log entr{'y' if count == 1 else 'ies'} older than {days} days.")
