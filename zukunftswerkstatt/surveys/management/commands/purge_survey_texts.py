from django.core.management.base import BaseCommand

from zukunftswerkstatt.surveys.services import texts_expire


class Command(BaseCommand):
    help = "Empty the free-text answers of surveys whose retention time has run out (run daily)."

    def handle(self, *args, **options) -> None:
        count = texts_expire()
        self.stdout.write(f"{count} free-text answer(s) emptied.")
