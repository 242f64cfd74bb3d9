from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from zukunftswerkstatt.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive of `manage.py backup` into an empty installation (same database vendor, a version "
        "of the platform that knows every migration in it), then check every table and file against it. Stop "
        "the web server and the workers first. See 'Backup and restore' in docs/deployment.md."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path, help="The .tar.gz archive written by `manage.py backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore even though the database holds data or the file folders are not empty: the database "
            "is replaced, the old file folders are kept beside the restored ones.",
        )

    def handle(self, *args, **options) -> None:
        log = self.stdout.write if options["verbosity"] > 1 else (lambda message: None)
        try:
            result = backup_restore(archive=options["archive"], force=options["force"], log=log)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Restored the backup of {manifest['created_at']} (platform {manifest['platform']['version']}, "
                    f"commit {manifest['platform']['git_commit'] or 'unknown'}): {result.tables} tables with "
                    f"{result.rows} rows and {result.files} file(s) of {filesizeformat(result.bytes)}; every table "
                    "and file matches the archive."
                )
            )
        for folder in result.set_aside:
            self.stdout.write(f"What was in the file folder before is kept in {folder}; delete it when done.")
        if result.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"The backup is older than this code: run `manage.py migrate` now "
                    f"({len(result.pending_migrations)} migration(s) to apply, e.g. {result.pending_migrations[0]})."
                )
            )
