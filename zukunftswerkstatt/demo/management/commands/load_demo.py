from django.core.management.base import BaseCommand

from zukunftswerkstatt.demo.services import ACCOUNTS, DEMO_PASSWORD, demo_exists, demo_load


class Command(BaseCommand):
    help = "Load the Göltzschtal demo (organisation, towns, process, demo accounts) unless it exists."

    def handle(self, *args, **options) -> None:
        if demo_exists():
            self.stdout.write("The demo is loaded already.")
            return
        demo_load()
        self.stdout.write(self.style.SUCCESS(f"Demo loaded. Accounts (password {DEMO_PASSWORD}):"))
        for email, _name, role, _ags in ACCOUNTS:
            self.stdout.write(f"  {email:48} {role or 'participant'}")
