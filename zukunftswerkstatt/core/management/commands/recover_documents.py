from django.core.management.base import BaseCommand

from zukunftswerkstatt.core.documents import documents_recover_stale


class Command(BaseCommand):
    help = (
        "Queue again every document whose build was lost (its worker died, or its task was never "
        "queued), or mark it failed after DOCUMENT_MAX_ATTEMPTS builds. Safe to run at any time and "
        "in parallel with the task worker; run it every few minutes from a timer."
    )

    def handle(self, *args, **options) -> None:
        recovered = documents_recover_stale()
        if options["verbosity"]:
            self.stdout.write(f"Recovered {recovered} document(s).")
