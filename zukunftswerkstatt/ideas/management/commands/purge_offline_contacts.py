from django.core.management.base import BaseCommand

from zukunftswerkstatt.ideas.services import offline_contacts_purge


class Command(BaseCommand):
    help = (
        "Delete the names, contact details and scans of offline contributions whose deletion date has come. "
        "Run daily (see docs/deployment.md); the contributions themselves stay."
    )

    def handle(self, *args, **options) -> None:
        count = offline_contacts_purge()
        self.stdout.write(f"Deleted the personal data of {count} offline contribution(s).")
