from django.core.management.base import BaseCommand

from zukunftswerkstatt.accounts.privacy import inventory_markdown, undeclared_fields


class Command(BaseCommand):
    help = "Print the table of personal data per app (from the registry) for docs/privacy.md."

    def handle(self, *args, **options) -> None:
        self.stdout.write(inventory_markdown(), ending="")
        missing = undeclared_fields()
        if missing:
            self.stderr.write("Neither exported nor declared: " + ", ".join(missing))
