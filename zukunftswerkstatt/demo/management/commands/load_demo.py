from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zukunftswerkstatt.demo.services import ACCOUNTS, DEMO_PASSWORD, demo_exists, demo_load

# Said before anything is read or written: the demo must never land in a production database.
REFUSAL = (
    "load_demo runs only with DEBUG on. It writes a fictitious story into the database, with demo "
    f"accounts whose password ({DEMO_PASSWORD}) is published in the README, so it never belongs in "
    "a production installation (DEBUG off). For a trial or a development installation: "
    "DEBUG=true python manage.py load_demo (make run does this)."
)


class Command(BaseCommand):
    help = (
        "Load the Göltzschtal demo (organisation, towns, process, demo accounts) unless it exists. Only with DEBUG on."
    )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(REFUSAL)
        if demo_exists():
            self.stdout.write("The demo is loaded already.")
            return
        demo_load()
        self.stdout.write(self.style.SUCCESS(f"Demo loaded. Accounts (password {DEMO_PASSWORD}):"))
        for email, _name, role, _ags in ACCOUNTS:
            self.stdout.write(f"  {email:48} {role or 'participant'}")
