"""`manage.py mail_worker`: send the mail queue for ever, surviving a lost database (core/workers.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from zukunftswerkstatt.core.workers import MailWorker


class Command(BaseCommand):
    help = (
        "Send the queued e-mails (django-mailer) until stopped; waits out a lost database with backoff. "
        "Replaces runmailer and runmailer_pg."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sleep",
            type=float,
            default=None,
            help="Seconds to wait when the queue is empty (default: MAILER_EMPTY_QUEUE_SLEEP).",
        )

    def handle(self, *args, sleep=None, **options):
        worker = MailWorker(empty_queue_sleep=settings.MAILER_EMPTY_QUEUE_SLEEP if sleep is None else sleep)
        worker.configure_signals()
        worker.run()
