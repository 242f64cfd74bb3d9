from django.core.management.base import BaseCommand

from zukunftswerkstatt.ideas.services import guest_contacts_purge


class Command(BaseCommand):
    help = "Delete guests' e-mail addresses whose contribution's process has ended (run daily)."

    def handle(self, *args, **options) -> None:
        count = guest_contacts_purge()
        self.stdout.write(f"{count} guest e-mail address(es) deleted.")
