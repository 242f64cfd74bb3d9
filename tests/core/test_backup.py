"""Backup and restore (core/backup.py): back up the demo with uploads and a private scan, restore it into a
new, empty installation, and compare every table and every file. Runs on the database the suite runs on
(CI: SQLite and PostgreSQL).

The restore runs in a subprocess against a throwaway database (a file on SQLite, a database of its own on
PostgreSQL), as an operator would run it on a fresh machine; the damaged and refused archives are checked
in-process, where the suite's own database is the target that must stay untouched.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import secrets
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.utils import ConnectionHandler
from PIL import Image

from tests.demo.command import load_demo
from zukunftswerkstatt.core.backup import FORMAT, FORMAT_VERSION, MANIFEST_NAME
from zukunftswerkstatt.ideas.models import Idea, OfflineContact

BASE_DIR = Path(settings.BASE_DIR)


# --- How the test compares two installations, independently of core/backup.py ---------------------------------


def table_contents(conn) -> dict[str, tuple[int, str]]:
    """Every table of a database: its row count and a hash of its rows in primary-key order."""
    contents = {}
    with conn.cursor() as cursor:
        tables = conn.introspection.table_names(cursor)
        if conn.vendor == "sqlite":
            tables.append("sqlite_sequence")
        for table in tables:
            keys = conn.introspection.get_primary_key_columns(cursor, table) or []
            order = ", ".join(conn.ops.quote_name(k) for k in keys) or "1, 2"
            cursor.execute(f"SELECT * FROM {conn.ops.quote_name(table)} ORDER BY {order}")  # noqa: S608
            digest, count = hashlib.sha256(), 0
            for row in cursor.fetchall():
                digest.update(repr(row).encode())
                count += 1
            contents[table] = (count, digest.hexdigest())
        if conn.vendor == "postgresql":
            cursor.execute("SELECT sequencename, last_value FROM pg_sequences ORDER BY 1")
            contents["<sequences>"] = (0, repr(cursor.fetchall()))
    return contents


def file_contents(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


class Installation:
    """A second, empty installation: its own database and file folders, driven through manage.py."""

    def __init__(self, tmp_path: Path) -> None:
        self.media = tmp_path / "restored" / "media"
        self.private = tmp_path / "restored" / "private"
        source = connection.settings_dict
        if connection.vendor == "sqlite":
            self.name = str(tmp_path / "restored" / "db.sqlite3")
            (tmp_path / "restored").mkdir()
            self.url = f"sqlite:///{self.name}"
        else:
            self.name = f"{source['NAME']}_restore_{secrets.token_hex(4)}"[:63]
            with connection._nodb_cursor() as cursor:
                cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(self.name)}")
            credentials = quote(source["USER"] or "", safe="")
            if source["PASSWORD"]:
                credentials += ":" + quote(source["PASSWORD"], safe="")
            self.url = f"postgres://{credentials}@{source['HOST'] or 'localhost'}:{source['PORT'] or 5432}/{self.name}"
        self.handler = ConnectionHandler({"default": {**source, "NAME": self.name}})

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        env = {
            **os.environ,
            "DATABASE_URL": self.url,
            "MEDIA_ROOT": str(self.media),
            "PRIVATE_MEDIA_ROOT": str(self.private),
            "DEBUG": "true",
            "SECRET_KEY": secrets.token_urlsafe(50),
        }
        return subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
        )

    def tables(self) -> dict[str, tuple[int, str]]:
        return table_contents(self.handler["default"])

    def files(self) -> dict[str, dict[str, str]]:
        return {"media": file_contents(self.media), "private": file_contents(self.private)}

    def drop(self) -> None:
        self.handler.close_all()
        if connection.vendor == "postgresql":
            with connection._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(self.name)} WITH (FORCE)")


# --- Fixtures ----------------------------------------------------------------------------------------------------


def jpeg(width: int = 64, height: int = 48) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def add_uploads() -> OfflineContact:
    """What people upload beside the demo: a contribution's photo, a letter's scan (private), a large file."""
    idea = Idea.objects.order_by("pk").first()
    idea.image.save("Spielplatz am Göltzschufer.jpg", ContentFile(jpeg()), save=True)
    contact = OfflineContact.objects.create(
        idea=Idea.objects.order_by("pk").last(),
        name="Erika Müller",
        contact="Markt 3, 08209 Auerbach",
        consent="schriftlich",
        delete_on="2099-01-01",
    )
    contact.scan.save("Brief Müller.pdf", ContentFile(b"%PDF-1.4\n% a letter\n%%EOF\n"), save=True)
    # Large enough to pass through the archive in several chunks.
    default_storage.save("events/2026/12/dokumentation.bin", ContentFile(os.urandom(3 * 1024 * 1024 + 17)))
    return contact


@pytest.fixture
def installation(tmp_path):
    target = Installation(tmp_path)
    yield target
    target.drop()


def archive_members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as archive:
        return {member.name: archive.extractfile(member).read() for member in archive}


def write_archive(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


# --- The round trip --------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_the_demo_restores_into_an_empty_installation_with_every_table_and_file(tmp_path, installation):
    load_demo()
    demo_pictures = len(file_contents(Path(settings.MEDIA_ROOT)))  # the logo, phase and page pictures
    assert demo_pictures >= 5
    contact = add_uploads()

    out = io.StringIO()
    call_command("backup", output=tmp_path / "archives", stdout=out, verbosity=0)
    archive = Path(out.getvalue().strip().splitlines()[-1])

    assert archive.parent == tmp_path / "archives"
    assert archive.name.startswith("zukunftswerkstatt-backup-")
    assert archive.name.endswith("Z.tar.gz")
    assert archive.stat().st_mode & 0o777 == 0o600
    members = archive_members(archive)
    manifest = json.loads(members[MANIFEST_NAME])
    assert manifest["format"] == FORMAT
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["database"]["vendor"] == connection.vendor
    assert "0001_initial" in manifest["migrations"]["ideas"]
    assert manifest["tables"]["ideas_idea"]["rows"] == Idea.objects.count()
    assert f"private/{contact.scan.name}" in members
    assert {f"{f['root']}/{f['path']}" for f in manifest["files"]} == {
        name for name in members if name.startswith(("media/", "private/"))
    }

    source_tables = table_contents(connection)
    source_files = {"media": file_contents(Path(settings.MEDIA_ROOT)), "private": file_contents(tmp_path / "private")}
    assert len(source_files["media"]) == demo_pictures + 2
    assert len(source_files["private"]) == 1
    assert source_tables["ideas_idea"][0] > 10
    assert source_tables["ideas_offlinecontact"][0] >= 1

    restored = installation.manage("restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "every table and file matches the archive" in restored.stdout

    assert installation.tables() == source_tables
    assert installation.files() == source_files

    # A restored installation takes new rows: its sequences continue where the original's stood.
    created = installation.manage(
        "shell", "-c", "from tests.factories import UserFactory; print(UserFactory(email='neu@example.org').pk)"
    )
    assert created.returncode == 0, created.stderr

    # Restoring again is refused now that the installation holds data, and changes nothing.
    before = installation.tables()
    again = installation.manage("restore", str(archive))
    assert again.returncode != 0
    assert "holds data" in again.stderr
    assert installation.tables() == before

    # A damaged archive is refused even with --force, before anything is touched.
    damaged = tmp_path / "damaged.tar.gz"
    data = bytearray(archive.read_bytes())
    for offset in range(len(data) // 2, len(data) // 2 + 64):
        data[offset] ^= 0xFF
    damaged.write_bytes(bytes(data))
    refused = installation.manage("restore", str(damaged), "--force")
    assert refused.returncode != 0
    assert "damaged" in refused.stderr or "cannot be read" in refused.stderr
    assert installation.tables() == before
    assert installation.files() == source_files
    # No staging folder was left behind.
    left = {p.name for p in installation.media.parent.iterdir()} - {"db.sqlite3", "db.sqlite3-wal", "db.sqlite3-shm"}
    assert left == {"media", "private"}

    # With --force the installation is replaced by the archive: the row added since is gone, the sequences
    # stand where the archive's did, the old folders are kept beside. The archive here is one step behind
    # the code (a migration missing from its manifest), so the command asks for `migrate`.
    members[MANIFEST_NAME] = json.dumps(
        {**manifest, "migrations": {**manifest["migrations"], "ideas": manifest["migrations"]["ideas"][:-1]}}
    ).encode()
    older = write_archive(tmp_path / "older.tar.gz", members)
    forced = installation.manage("restore", str(older), "--force")
    assert forced.returncode == 0, forced.stderr
    assert "every table and file matches the archive" in forced.stdout
    assert (
        f"run `manage.py migrate` now (1 migration(s) to apply, e.g. ideas.{manifest['migrations']['ideas'][-1]})"
        in (forced.stdout)
    )
    assert installation.tables() == source_tables
    assert installation.files() == source_files
    kept = sorted(p.name for p in installation.media.parent.iterdir() if ".before-restore-" in p.name)
    assert [name.split(".")[0] for name in kept] == ["media", "private"]


# --- Refusals, in-process: the suite's own database must stay as it is ---------------------------------------
# transaction=True: the backup runs outside a transaction, as from the command line (SQLite cannot copy
# a database from a connection that is writing).


@pytest.fixture
def archive(tmp_path, participant):
    default_storage.save("ideas/2026/12/foto.jpg", ContentFile(jpeg()))
    out = io.StringIO()
    call_command("backup", output=tmp_path / "archives" / "backup.tar.gz", stdout=out, verbosity=0)
    return Path(out.getvalue().strip())


def restore(path: Path, **options) -> str:
    out = io.StringIO()
    call_command("restore", str(path), stdout=out, **options)
    return out.getvalue()


def assert_untouched(participant, tmp_path):
    assert type(participant).objects.filter(pk=participant.pk).exists()
    assert file_contents(Path(settings.MEDIA_ROOT)).keys() == {"ideas/2026/12/foto.jpg"}
    leftovers = [p.name for p in tmp_path.iterdir() if "restore" in p.name]
    assert leftovers == []


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_an_installation_whose_database_holds_data(archive, participant, tmp_path):
    with pytest.raises(CommandError, match="holds data.*accounts_user"):
        restore(archive)
    assert_untouched(participant, tmp_path)


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_file_that_does_not_match_its_checksum_and_changes_nothing(archive, participant, tmp_path):
    members = archive_members(archive)
    members["media/ideas/2026/12/foto.jpg"] = jpeg(65, 48)
    with pytest.raises(CommandError, match="do not match the manifest.*foto.jpg.*damaged"):
        restore(write_archive(tmp_path / "tampered.tar.gz", members), force=True)
    assert_untouched(participant, tmp_path)


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_truncated_archive(archive, participant, tmp_path):
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(CommandError, match="damaged or incomplete|no manifest"):
        restore(truncated, force=True)
    assert_untouched(participant, tmp_path)


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_an_archive_from_a_newer_version_of_the_platform(archive, participant, tmp_path):
    members = archive_members(archive)
    manifest = json.loads(members[MANIFEST_NAME])
    manifest["migrations"]["ideas"].append("9999_from_the_future")
    members[MANIFEST_NAME] = json.dumps(manifest).encode()
    with pytest.raises(CommandError, match="newer version of the platform.*ideas.9999_from_the_future"):
        restore(write_archive(tmp_path / "newer.tar.gz", members), force=True)
    assert_untouched(participant, tmp_path)


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_an_archive_of_another_database_vendor(archive, participant, tmp_path):
    members = archive_members(archive)
    manifest = json.loads(members[MANIFEST_NAME])
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    manifest["database"]["vendor"] = other
    members[MANIFEST_NAME] = json.dumps(manifest).encode()
    with pytest.raises(CommandError, match=f"holds a {other} database, but this installation uses"):
        restore(write_archive(tmp_path / "other.tar.gz", members), force=True)
    assert_untouched(participant, tmp_path)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name", ["../outside.txt", "/etc/evil", "media/../../outside.txt", "static/x.css"])
def test_restore_refuses_an_archive_with_paths_outside_its_folders(archive, participant, tmp_path, name):
    members = archive_members(archive)
    members[name] = b"x"
    with pytest.raises(CommandError, match="unsafe path|unexpected entry"):
        restore(write_archive(tmp_path / "evil.tar.gz", members), force=True)
    assert not (tmp_path / "outside.txt").exists()
    assert_untouched(participant, tmp_path)


@pytest.mark.django_db
def test_restore_refuses_something_that_is_not_a_backup(participant, tmp_path):
    with pytest.raises(CommandError, match="no manifest"):
        restore(write_archive(tmp_path / "other.tar.gz", {"media/README": b"hello"}), force=True)
    with pytest.raises(CommandError, match="unexpected entry"):
        restore(write_archive(tmp_path / "other.tar.gz", {"README": b"hello"}), force=True)
    (tmp_path / "notes.tar.gz").write_text("Sicherung vom Montag")
    with pytest.raises(CommandError, match="cannot be read"):
        restore(tmp_path / "notes.tar.gz", force=True)
    manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "platform": {}, "migrations": {}, "tables": {}}
    manifest["database"] = {"member": "database/db.sqlite3"}
    incomplete = write_archive(tmp_path / "other.tar.gz", {MANIFEST_NAME: json.dumps(manifest).encode()})
    with pytest.raises(CommandError, match="manifest is incomplete \\(files\\)"):
        restore(incomplete, force=True)
    with pytest.raises(CommandError, match="There is no archive"):
        restore(tmp_path / "missing.tar.gz", force=True)


@pytest.mark.django_db
def test_backup_will_not_write_into_the_public_media_folder(participant):
    with pytest.raises(CommandError, match="must not be written into the media folder"):
        call_command("backup", output=Path(settings.MEDIA_ROOT) / "backups", stdout=io.StringIO())
