from django.core.management.base import BaseCommand

from zukunftswerkstatt.progress.announcements import phases_announce


class Command(BaseCommand):
    help = (
        "Tell everyone who took part in a process that its next phase has begun "
        "(run daily; each phase is announced once)."
    )

    def handle(self, *args, **options) -> None:
        count = phases_announce()
        if options["verbosity"]:
            self.stdout.write(f"Queued {count} e-mail(s).")
