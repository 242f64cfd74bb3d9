from django.core.management.base import BaseCommand

from zukunftswerkstatt.newsletter.services import subscriptions_purge


class Command(BaseCommand):
    help = "Delete newsletter addresses not confirmed within 7 days and those unsubscribed 30 days ago (run daily)."

    def handle(self, *args, **options) -> None:
        unconfirmed, unsubscribed = subscriptions_purge()
        self.stdout.write(f"{unconfirmed} unconfirmed and {unsubscribed} unsubscribed newsletter address(es) deleted.")
