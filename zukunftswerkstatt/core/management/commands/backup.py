from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat

from zukunftswerkstatt.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write the database, the uploaded files (MEDIA_ROOT) and the private files (PRIVATE_MEDIA_ROOT) with a "
        "manifest into one archive (tar.gz, mode 0600), while the platform keeps running. See "
        "'Backup and restore' in docs/deployment.md."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="A folder (the archive is named with the time, in UTC) or a file name ending in .tar.gz. "
            "Default: BACKUP_DIR.",
        )

    def handle(self, *args, **options) -> None:
        log = self.stdout.write if options["verbosity"] > 1 else (lambda message: None)
        try:
            result = backup_create(output=options["output"], log=log)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        if result.missing:
            self.stderr.write(
                f"{len(result.missing)} file(s) were deleted while the backup ran and are not in it: "
                + ", ".join(result.missing[:10])
            )
        if options["verbosity"]:
            rows = sum(table["rows"] for table in manifest["tables"].values())
            size = sum(entry["size"] for entry in manifest["files"])
            self.stdout.write(
                f"Backup written to {result.path} ({filesizeformat(result.path.stat().st_size)}): "
                f"{manifest['database']['vendor']} database with {len(manifest['tables'])} tables and {rows} rows, "
                f"{len(manifest['files'])} file(s) of {filesizeformat(size)}."
            )
        # The path alone on the last line, for scripts that copy it elsewhere.
        if options["verbosity"] == 0:
            self.stdout.write(str(result.path))
