from django.core.management.base import BaseCommand

from zukunftswerkstatt.ideas.services import offline_contacts_purge


class Command(BaseCommand):
    help = "Delete the names and contacts of offline contributions whose deletion date has come (run daily)."

    def handle(self, *args, **options) -> None:
        count = offline_contacts_purge()
        if options["verbosity"]:
            self.stdout.write(f"Deleted {count} offline contact(s).")
