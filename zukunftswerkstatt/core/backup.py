"""Back up an installation to one archive and restore it into an empty one (docs/deployment.md).

The archive is a gzip-compressed tar file, written with mode 0600:

    database/db.sqlite3 or database/postgresql.dump   the database, in the database's own format
    media/<path>                                      every file below MEDIA_ROOT
    private/<path>                                    every file below PRIVATE_MEDIA_ROOT
    manifest.json                                     what the archive holds (last, see below)

The database is copied with its own tools, never through the ORM: SQLite's online backup API
(`sqlite3.Connection.backup`) and `pg_dump --format=custom`. Both give one consistent snapshot
while the platform keeps running, keep everything the ORM does not see (PostgreSQL sequences and
extensions, SQLite's sqlite_sequence), and restore byte for byte. A portable JSON dump
(`dumpdata`) would allow moving between SQLite and PostgreSQL, but it is not consistent under
writes, loses sequences and is slow; moving vendors is a one-off done by hand (deployment.md).

The manifest counts and hashes every table *in the snapshot itself* (PostgreSQL: the transaction
whose snapshot pg_dump imports with `--snapshot`; SQLite: the copy), lists the applied migrations
and every file with its size and SHA-256. It comes last because the files' checksums are computed
while they stream into the archive (each file is read once, in chunks, so memory stays bounded
whatever the media weigh); a restore reads the whole archive before it touches anything.

Order: the database first, then the files. Every row in the snapshot was committed before it, and
an upload is written to disk before its row is saved, so every file the snapshot refers to is
already on disk when the files are copied. A file uploaded after the snapshot lands in the archive
without a row (harmless); a file deleted after it (a purged scan) is missing from the archive and
reported.

A restore goes into an empty installation (refused otherwise unless `force`): it reads and checks
the whole archive into staging places first, checks the manifest's format, database vendor and
migrations against this code, then restores the database in one transaction (PostgreSQL: the
pg_restore script through `psql --single-transaction`; SQLite: the backup API, itself atomic),
then swaps the staged file folders in, and finally recounts and rehashes every table and file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import tomllib
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any, cast

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

FORMAT = "zukunftswerkstatt-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATABASE_MEMBERS = {"sqlite": "database/db.sqlite3", "postgresql": "database/postgresql.dump"}
# Written by `migrate` into an otherwise empty database; they do not make an installation "used".
STRUCTURE_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission"})
CHUNK_SIZE = 1024 * 1024
MANIFEST_MAX_BYTES = 256 * 1024 * 1024
# How long a restore waits for a table another process holds (the web server was left running).
LOCK_TIMEOUT = "60s"

Log = Callable[[str], None]


class BackupError(Exception):
    """Something the operator must know and act on; the message says what happened and what to do."""


def file_roots() -> dict[str, Path]:
    """The folders whose files go into the archive, by their name in it."""
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.PRIVATE_MEDIA_ROOT)}


def _quiet(message: str) -> None:
    return None


# --- Hashing and the content of tables ------------------------------------------------------------------------


class _HashingReader:
    """A file object that hashes and counts what is read through it (tarfile reads in chunks)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.hash = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.hash.update(data)
        self.size += len(data)
        return data


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_SIZE):
            digest.update(chunk)
    return digest.hexdigest()


def _rows_digest(rows: Iterator[tuple]) -> tuple[int, str]:
    digest, count = hashlib.sha256(), 0
    for row in rows:
        digest.update(repr(tuple(row)).encode("utf-8", "surrogatepass"))
        digest.update(b"\n")
        count += 1
    return count, digest.hexdigest()


def _fetch(cursor, size: int = 2000) -> Iterator[tuple]:
    while batch := cursor.fetchmany(size):
        yield from batch


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# --- SQLite --------------------------------------------------------------------------------------------------


def _sqlite_open(name: str, *, readonly: bool = False) -> sqlite3.Connection:
    """A plain connection (no type conversion), so that rows hash the same wherever they are read."""
    if name.startswith("file:"):
        return sqlite3.connect(name, uri=True)
    if readonly:
        return sqlite3.connect(f"{Path(name).resolve().as_uri()}?mode=ro", uri=True)
    return sqlite3.connect(name)


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND (name NOT LIKE 'sqlite\\_%' ESCAPE '\\' OR name = 'sqlite_sequence') ORDER BY name"
    )
    return [name for (name,) in rows]


def _sqlite_table_stats(db: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    stats = {}
    for table in _sqlite_tables(db):
        info = db.execute(f"PRAGMA table_info({_quote(table)})").fetchall()
        keys = [column[1] for column in sorted(info, key=lambda c: c[5]) if column[5]]
        order = ", ".join(_quote(k) for k in keys) or ", ".join(str(i + 1) for i in range(len(info)))
        cursor = db.execute(f"SELECT * FROM {_quote(table)} ORDER BY {order}")  # noqa: S608 - quoted names
        rows, digest = _rows_digest(_fetch(cursor))
        stats[table] = {"rows": rows, "sha256": digest}
    return stats


def _sqlite_migrations(db: sqlite3.Connection) -> dict[str, list[str]]:
    if "django_migrations" not in _sqlite_tables(db):
        return {}
    applied: dict[str, list[str]] = {}
    for app, name in db.execute("SELECT app, name FROM django_migrations ORDER BY id"):
        applied.setdefault(app, []).append(name)
    return applied


def _sqlite_dump(target: Path) -> dict[str, Any]:
    """Copy the live database with the online backup API: one consistent snapshot, writers keep writing."""
    if connection.in_atomic_block:
        # SQLite answers "locked" to a backup from a connection that is writing, and Python retries forever.
        raise BackupError("A backup cannot run inside a database transaction.")
    name = _sqlite_name()
    if name.startswith("file:"):  # an in-memory database (tests): only Django's connection reaches it
        connection.ensure_connection()
        source = connection.connection
    else:
        source = sqlite3.connect(name, timeout=20)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        # The copy stands alone: no write-ahead log beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        return {
            "tables": _sqlite_table_stats(copy),
            "migrations": _sqlite_migrations(copy),
            "sequences": {},
            "server_version": sqlite3.sqlite_version,
        }
    finally:
        copy.close()
        if source is not connection.connection:
            source.close()


def _sqlite_restore(dump: Path) -> None:
    """Replace the whole database with the copy in one step (the backup API works in one transaction)."""
    source = _sqlite_open(str(dump), readonly=True)
    try:
        connection.ensure_connection()
        source.backup(connection.connection)
    except sqlite3.Error as error:
        raise BackupError(
            f"SQLite refused the restore ({error}). The database was left as it was. Stop the web server and "
            "the workers (they hold the database open) and try again."
        ) from error
    finally:
        source.close()
    connection.close()


def _sqlite_name() -> str:
    return str(connection.settings_dict["NAME"])


# --- PostgreSQL ----------------------------------------------------------------------------------------------


def _pg_env() -> dict[str, str]:
    """The libpq environment for pg_dump, pg_restore and psql, from Django's database settings."""
    settings_dict = connection.settings_dict
    options = settings_dict.get("OPTIONS", {})
    values = {
        "PGDATABASE": settings_dict.get("NAME"),
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGSSLCERT": options.get("sslcert"),
        "PGSSLKEY": options.get("sslkey"),
        "PGPASSFILE": options.get("passfile"),
        "PGSERVICE": options.get("service"),
    }
    env = dict(os.environ)
    env.update({key: str(value) for key, value in values.items() if value})
    return env


def _pg_connect():
    """A plain psycopg connection of its own (not Django's), in UTC so that rows hash alike anywhere."""
    import psycopg

    params = connection.get_connection_params()
    for key in ("context", "cursor_factory", "pool", "server_side_binding", "assume_role", "isolation_level"):
        params.pop(key, None)
    raw = psycopg.connect(**params)
    raw.execute("SET TIME ZONE 'UTC'")
    raw.commit()
    return raw


def _pg_tables(raw) -> list[str]:
    rows = raw.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    return [name for (name,) in rows]


def _pg_table_stats(raw) -> dict[str, dict[str, Any]]:
    keys: dict[str, list[str]] = {}
    for table, column in raw.execute(
        "SELECT kcu.table_name, kcu.column_name FROM information_schema.table_constraints tc "
        "JOIN information_schema.key_column_usage kcu "
        "ON kcu.constraint_schema = tc.constraint_schema AND kcu.constraint_name = tc.constraint_name "
        "WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = current_schema() "
        "ORDER BY kcu.table_name, kcu.ordinal_position"
    ):
        keys.setdefault(table, []).append(column)
    stats = {}
    for index, table in enumerate(_pg_tables(raw)):
        order = ", ".join(_quote(k) for k in keys.get(table, [])) or f"{_quote(table)}::text"
        # A server-side cursor: a large table streams instead of being loaded at once.
        with raw.cursor(name=f"zw_backup_{index}") as cursor:
            cursor.itersize = 2000
            cursor.execute(f"SELECT * FROM {_quote(table)} ORDER BY {order}")  # noqa: S608 - quoted names
            rows, digest = _rows_digest(iter(cursor))
        stats[table] = {"rows": rows, "sha256": digest}
    return stats


def _pg_sequences(raw) -> dict[str, int | None]:
    rows = raw.execute(
        "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = current_schema() ORDER BY 1"
    )
    return dict(rows)


def _pg_migrations(raw) -> dict[str, list[str]]:
    if "django_migrations" not in _pg_tables(raw):
        return {}
    applied: dict[str, list[str]] = {}
    for app, name in raw.execute("SELECT app, name FROM django_migrations ORDER BY id"):
        applied.setdefault(app, []).append(name)
    return applied


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed. Install the PostgreSQL client tools (Debian: postgresql-client) in the "
            "version of the database server or newer."
        )
    return path


def _run(command: list[str], *, env: dict[str, str], what: str) -> str:
    result = subprocess.run([_tool(command[0]), *command[1:]], env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip() or result.stdout.strip()}")
    return result.stdout


def _pg_dump(target: Path) -> dict[str, Any]:
    """pg_dump in its custom format, of the same snapshot in which the tables are counted and hashed."""
    env = _pg_env()
    raw = _pg_connect()
    try:
        raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        (snapshot,) = raw.execute("SELECT pg_export_snapshot()").fetchone()
        (server_version,) = raw.execute("SHOW server_version").fetchone()
        # Uncompressed: the archive compresses it once.
        _run(
            ["pg_dump", "--format=custom", "--compress=0", f"--snapshot={snapshot}", f"--file={target}"],
            env=env,
            what="pg_dump",
        )
        info = {
            "tables": _pg_table_stats(raw),
            "migrations": _pg_migrations(raw),
            "sequences": _pg_sequences(raw),
            "server_version": server_version,
            "pg_dump_version": _run(["pg_dump", "--version"], env=env, what="pg_dump --version").strip(),
        }
        raw.rollback()
        return info
    finally:
        raw.close()


def _pg_restore(dump: Path) -> None:
    """Drop what the database holds and load the dump, all in one transaction: a failure changes nothing."""
    env = _pg_env()
    _run(["pg_restore", "--list", str(dump)], env=env, what="Reading the database dump")
    connection.close()
    raw = _pg_connect()
    try:
        tables = _pg_tables(raw)
        (schema,) = raw.execute("SELECT current_schema()").fetchone()
        sequences = [
            name for (name,) in raw.execute("SELECT sequencename FROM pg_sequences WHERE schemaname = %s", [schema])
        ]
    finally:
        raw.close()
    with tempfile.TemporaryDirectory(prefix="zw-restore-") as workdir:
        preamble = Path(workdir) / "preamble.sql"
        statements = [f"SET lock_timeout = '{LOCK_TIMEOUT}';"]
        if tables:
            names = ", ".join(f"{_quote(schema)}.{_quote(t)}" for t in tables)
            statements.append(f"DROP TABLE IF EXISTS {names} CASCADE;")
        if sequences:
            names = ", ".join(f"{_quote(schema)}.{_quote(s)}" for s in sequences)
            statements.append(f"DROP SEQUENCE IF EXISTS {names} CASCADE;")
        preamble.write_text("\n".join(statements) + "\n", encoding="utf-8")
        errors = Path(workdir) / "pg_restore.err"
        with errors.open("w") as restore_errors:
            script = subprocess.Popen(  # noqa: S603
                [_tool("pg_restore"), "--no-owner", "--no-privileges", "--no-comments", "--file=-", str(dump)],
                stdout=subprocess.PIPE,
                stderr=restore_errors,
                env=env,
            )
            try:
                psql = subprocess.run(  # noqa: S603
                    [
                        _tool("psql"),
                        "-X",
                        "-q",
                        "-v",
                        "ON_ERROR_STOP=1",
                        "--single-transaction",
                        "-f",
                        str(preamble),
                        "-f",
                        "-",
                    ],
                    stdin=script.stdout,
                    capture_output=True,
                    text=True,
                    env=env,
                    check=False,
                )
            finally:
                cast(IO[bytes], script.stdout).close()  # stdout=PIPE above
                script.wait()
        if script.returncode != 0 or psql.returncode != 0:
            detail = (errors.read_text().strip() + "\n" + psql.stderr.strip()).strip()
            raise BackupError(
                "The database could not be restored; it was left as it was (the restore runs in one "
                f"transaction). If another process holds the tables, stop the web server and the workers first.\n"
                f"{detail}"
            )


# --- What this installation is -------------------------------------------------------------------------------


def _platform() -> dict[str, Any]:
    base = Path(settings.BASE_DIR)
    version = None
    with contextlib.suppress(OSError, tomllib.TOMLDecodeError):
        version = tomllib.loads((base / "pyproject.toml").read_text())["project"]["version"]
    commit = None
    if (base / ".git").exists() and shutil.which("git"):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            result = subprocess.run(  # noqa: S603
                ["git", "-C", str(base), "rev-parse", "HEAD"],  # noqa: S607
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            )
            commit = result.stdout.strip() or None
    return {"version": version, "git_commit": commit}


def code_migrations() -> set[tuple[str, str]]:
    """Every migration this code has, as (app label, name)."""
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def database_rows_outside_structure() -> dict[str, int]:
    """Tables of the installation's database with rows, apart from what `migrate` alone writes."""
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in STRUCTURE_TABLES:
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            (count,) = cursor.fetchone()
            if count:
                counts[table] = count
    return counts


def _files_in(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    found = []
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append(path)
    return found


# --- Backup --------------------------------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    manifest: dict[str, Any]
    missing: list[str] = field(default_factory=list)


def backup_archive_name(now: dt.datetime) -> str:
    return f"zukunftswerkstatt-backup-{now.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}.tar.gz"


def backup_create(*, output: Path | None = None, log: Log = _quiet) -> BackupResult:
    """Write the database, MEDIA_ROOT, PRIVATE_MEDIA_ROOT and a manifest into one archive (mode 0600).

    `output` is a folder (the archive gets a name with the time) or the archive's file name;
    BACKUP_DIR by default. The archive is written under a temporary name and renamed when it is
    complete, so a file with the final name is always whole.
    """
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBERS:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    now = timezone.now()
    output = Path(output or settings.BACKUP_DIR)
    if output.name.endswith((".tar.gz", ".tgz")):
        path = output.resolve()
    else:
        path = (output / backup_archive_name(now)).resolve()
    for name, root in file_roots().items():
        if path.is_relative_to(root.resolve()):
            raise BackupError(f"The archive must not be written into the {name} folder {root}: it would be served.")
    if path.exists():
        raise BackupError(f"{path} exists already; choose another name.")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = path.with_name(f".{path.name}.partial")

    with tempfile.TemporaryDirectory(prefix=".zw-backup-", dir=path.parent) as workdir:
        dump = Path(workdir) / PurePosixPath(DATABASE_MEMBERS[vendor]).name
        log(f"Copying the {vendor} database …")
        database = _sqlite_dump(dump) if vendor == "sqlite" else _pg_dump(dump)
        os.chmod(dump, 0o600)
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": now.isoformat(),
            "platform": _platform(),
            "database": {
                "vendor": vendor,
                "member": DATABASE_MEMBERS[vendor],
                "server_version": database.pop("server_version"),
            },
            "migrations": database["migrations"],
            "tables": database["tables"],
            "sequences": database["sequences"],
            "files": [],
        }
        if "pg_dump_version" in database:
            manifest["database"]["pg_dump_version"] = database["pg_dump_version"]
        missing: list[str] = []
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as archive:
                size, digest = _add_file(archive, dump, DATABASE_MEMBERS[vendor])
                manifest["database"].update(size=size, sha256=digest)
                for root_name, root in file_roots().items():
                    files = _files_in(root)
                    log(f"Adding {len(files)} file(s) from {root} …")
                    for file_path in files:
                        relative = file_path.relative_to(root).as_posix()
                        try:
                            size, digest = _add_file(archive, file_path, f"{root_name}/{relative}")
                        except FileNotFoundError:
                            missing.append(f"{root_name}/{relative}")  # deleted while we were copying
                            continue
                        manifest["files"].append({"root": root_name, "path": relative, "size": size, "sha256": digest})
                manifest["missing_files"] = missing
                body = json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST_NAME)
                info.size, info.mtime, info.mode = len(body), int(now.timestamp()), 0o600
                archive.addfile(info, _BytesReader(body))
                raw.flush()
                os.fsync(raw.fileno())
            os.replace(partial, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                partial.unlink()
            raise
    return BackupResult(path=path, manifest=manifest, missing=missing)


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self.data, self.offset = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.offset + size
        chunk, self.offset = self.data[self.offset : end], min(end, len(self.data))
        return chunk


def _add_file(archive: tarfile.TarFile, path: Path, member: str) -> tuple[int, str]:
    with path.open("rb") as handle:
        stat = os.fstat(handle.fileno())
        info = tarfile.TarInfo(member)
        info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), stat.st_mode & 0o777
        reader = _HashingReader(handle)
        archive.addfile(info, reader)
    return reader.size, reader.hash.hexdigest()


# --- Restore -------------------------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    tables: int
    rows: int
    files: int
    bytes: int
    pending_migrations: list[str]
    set_aside: list[Path]


def _member_target(name: str) -> tuple[str, PurePosixPath]:
    """Which part of the archive a member belongs to; refuses anything that could write elsewhere."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or "" in path.parts:
        raise BackupError(f"The archive holds an unsafe path ({name!r}); it was not made by this platform.")
    if name == MANIFEST_NAME or name in DATABASE_MEMBERS.values():
        return name, path
    if path.parts[0] in file_roots() and len(path.parts) > 1:
        return path.parts[0], PurePosixPath(*path.parts[1:])
    raise BackupError(f"The archive holds an unexpected entry ({name!r}); it was not made by this platform.")


def _staging_for(root: Path, token: str) -> Path:
    """Next to the folder (so that it can be swapped in by renaming), inside it if it is a mount point."""
    if root.exists() and os.path.ismount(root):
        return root / f".restore-{token}"
    root.parent.mkdir(parents=True, exist_ok=True)
    return root.parent / f".{root.name}.restore-{token}"


@dataclass
class _Staged:
    workdir: Path
    manifest: dict[str, Any]
    dump: Path
    roots: dict[str, Path]


def _read_archive(archive_path: Path, staging: dict[str, Path], workdir: Path, log: Log) -> _Staged:
    """Unpack into staging places, hashing as it goes, and check everything against the manifest."""
    manifest_bytes = None
    seen: dict[str, tuple[int, str]] = {}
    for folder in staging.values():
        folder.mkdir(mode=0o700)
    dumps: dict[str, Path] = {}
    try:
        with tarfile.open(archive_path, mode="r|gz") as archive:
            for member in archive:
                kind, relative = _member_target(member.name)
                if not member.isfile():
                    raise BackupError(f"The archive holds {member.name!r}, which is not a plain file.")
                if member.name in seen:
                    raise BackupError(f"The archive holds {member.name!r} twice.")
                source = cast(IO[bytes], archive.extractfile(member))  # a plain file (checked above) has a reader
                if kind == MANIFEST_NAME:
                    if member.size > MANIFEST_MAX_BYTES:
                        raise BackupError("The archive's manifest is implausibly large.")
                    manifest_bytes = source.read()
                    continue
                if kind in staging:
                    target = staging[kind] / relative
                    target.parent.mkdir(parents=True, exist_ok=True)
                else:
                    target = workdir / relative.name
                    dumps[member.name] = target
                reader = _HashingReader(source)
                with target.open("wb") as out:
                    os.chmod(target, 0o600 if kind not in staging else (member.mode & 0o777) | 0o600)
                    shutil.copyfileobj(reader, out, CHUNK_SIZE)
                if kind in staging:
                    os.utime(target, (member.mtime, member.mtime))
                seen[member.name] = (reader.size, reader.hash.hexdigest())
    except (tarfile.TarError, EOFError, OSError, ValueError, zlib.error) as error:
        raise BackupError(f"The archive cannot be read ({error}); it is damaged or incomplete.") from error
    if manifest_bytes is None:
        raise BackupError("The archive has no manifest; it is incomplete or was not made by this platform.")
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError as error:
        raise BackupError(f"The archive's manifest cannot be read ({error}).") from error
    _check_manifest_format(manifest)
    database = manifest["database"]
    if seen.get(database["member"]) != (database["size"], database["sha256"]):
        raise BackupError("The database in the archive does not match its checksum: the archive is damaged.")
    expected = {f"{f['root']}/{f['path']}": (f["size"], f["sha256"]) for f in manifest["files"]}
    found = {name: value for name, value in seen.items() if name != database["member"]}
    damaged = sorted(name for name in expected if found.get(name) != expected[name])
    unexpected = sorted(set(found) - set(expected))
    if damaged or unexpected:
        listed = ", ".join((damaged + unexpected)[:5])
        raise BackupError(
            f"{len(damaged) + len(unexpected)} file(s) in the archive do not match the manifest "
            f"({listed}): the archive is damaged."
        )
    log(f"Archive checked: database and {len(expected)} file(s) match their checksums.")
    return _Staged(workdir=workdir, manifest=manifest, dump=dumps[database["member"]], roots=staging)


def _check_manifest_format(manifest: Any) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("This is not a Zukunftswerkstatt backup (its manifest has another format).")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"The archive has format version {manifest.get('format_version')}; this platform reads version "
            f"{FORMAT_VERSION}. Restore it with the version of the platform that wrote it."
        )
    shapes = {"platform": dict, "database": dict, "migrations": dict, "tables": dict, "files": list}
    broken = [key for key, shape in shapes.items() if not isinstance(manifest.get(key), shape)]
    if broken or manifest["database"].get("member") not in DATABASE_MEMBERS.values():
        raise BackupError(f"The archive's manifest is incomplete ({', '.join(broken) or 'database'}).")


def _check_compatible(manifest: dict[str, Any]) -> list[str]:
    """Refuses an archive this code cannot hold; returns the migrations `migrate` must apply afterwards."""
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"The archive holds a {vendor} database, but this installation uses {connection.vendor}. "
            f"Restore it into an installation with {vendor} (set DATABASE_URL); to move between databases, "
            "see 'Backup and restore' in docs/deployment.md."
        )
    in_archive = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    in_code = code_migrations()
    unknown = sorted(in_archive - in_code)
    if unknown:
        commit = manifest.get("platform", {}).get("git_commit") or "unknown"
        listed = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        raise BackupError(
            f"The archive comes from a newer version of the platform: {len(unknown)} migration(s) it applied are "
            f"not in this code ({listed}). Install the version that wrote it (version "
            f"{manifest.get('platform', {}).get('version')}, commit {commit}) and restore again."
        )
    return sorted(f"{app}.{name}" for app, name in in_code - in_archive)


def _swap_in(staged: dict[str, Path], log: Log) -> list[Path]:
    """Put the staged folders where MEDIA_ROOT and PRIVATE_MEDIA_ROOT are; keeps what was there beside."""
    set_aside = []
    stamp = timezone.now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    for name, root in file_roots().items():
        staging = staged[name]
        if staging.parent == root:  # a mount point: move the entries
            aside = root / f".before-restore-{stamp}"
            old = [p for p in root.iterdir() if p != staging and not p.name.startswith(".before-restore-")]
            if old:
                aside.mkdir()
                for entry in old:
                    entry.rename(aside / entry.name)
                set_aside.append(aside)
            for entry in list(staging.iterdir()):
                entry.rename(root / entry.name)
            staging.rmdir()
            continue
        if root.exists():
            if any(root.iterdir()):
                aside = root.parent / f"{root.name}.before-restore-{stamp}"
                root.rename(aside)
                set_aside.append(aside)
            else:
                root.rmdir()
        staging.rename(root)
        os.chmod(root, 0o755 if name == "media" else 0o750)
        log(f"Files of {name} are in {root}.")
    return set_aside


def _verify(manifest: dict[str, Any]) -> list[str]:
    """Recount and rehash every table and file of the restored installation; returns what differs."""
    problems = []
    if connection.vendor == "sqlite":
        db = _sqlite_open(_sqlite_name())
        try:
            tables, sequences = _sqlite_table_stats(db), {}
        finally:
            db.close()
    else:
        raw = _pg_connect()
        try:
            raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            tables, sequences = _pg_table_stats(raw), _pg_sequences(raw)
            raw.rollback()
        finally:
            raw.close()
    for table, expected in manifest["tables"].items():
        actual = tables.get(table)
        if actual is None:
            problems.append(f"table {table} is missing")
        elif actual["rows"] != expected["rows"]:
            problems.append(f"table {table} has {actual['rows']} rows, the archive {expected['rows']}")
        elif actual["sha256"] != expected["sha256"]:
            problems.append(f"table {table} differs in content from the archive")
    problems += [f"table {t} is not in the archive" for t in sorted(set(tables) - set(manifest["tables"]))]
    for sequence, value in manifest.get("sequences", {}).items():
        if sequences.get(sequence) != value:
            problems.append(f"sequence {sequence} stands at {sequences.get(sequence)}, the archive at {value}")
    roots = file_roots()
    for entry in manifest["files"]:
        path = roots[entry["root"]] / entry["path"]
        if not path.is_file():
            problems.append(f"file {entry['root']}/{entry['path']} is missing")
        elif path.stat().st_size != entry["size"] or file_sha256(path) != entry["sha256"]:
            problems.append(f"file {entry['root']}/{entry['path']} differs from the archive")
    return problems


def backup_restore(*, archive: Path, force: bool = False, log: Log = _quiet) -> RestoreResult:
    """Restore an archive of `backup_create` into this (empty) installation and verify it.

    Refuses a database with data and non-empty file folders unless `force`; with `force` the
    database is replaced and the old file folders are kept beside the new ones. Nothing is changed
    before the whole archive has been read and checked. The web server and the workers should be
    stopped while it runs.
    """
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"There is no archive at {archive}.")
    if not force:
        used = database_rows_outside_structure()
        if used:
            listed = ", ".join(f"{t} ({n})" for t, n in sorted(used.items())[:5])
            raise BackupError(
                f"The database of this installation holds data ({len(used)} table(s) with rows: {listed}). "
                "A backup is restored into an empty installation only. Use a new, empty database, or pass "
                "--force to replace everything in it."
            )
        for name, root in file_roots().items():
            if root.is_dir() and any(root.iterdir()):
                raise BackupError(
                    f"The {name} folder {root} is not empty. Restore into an empty installation, or pass --force "
                    "(the folder's current content is then kept beside it)."
                )
    token = secrets.token_hex(4)
    staging = {name: _staging_for(root, token) for name, root in file_roots().items()}
    with tempfile.TemporaryDirectory(prefix="zw-restore-") as workdir:
        os.chmod(workdir, 0o700)
        try:
            staged = _read_archive(archive, staging, Path(workdir), log)
            manifest = staged.manifest
            pending = _check_compatible(manifest)
            log(f"Restoring the {connection.vendor} database …")
            if connection.vendor == "sqlite":
                _sqlite_restore(staged.dump)
            else:
                _pg_restore(staged.dump)
        except BaseException:
            for folder in staging.values():
                shutil.rmtree(folder, ignore_errors=True)
            raise
        try:
            set_aside = _swap_in(staging, log)
        except OSError as error:
            places = ", ".join(f"{staging[n]} → {r}" for n, r in file_roots().items())
            raise BackupError(
                f"The database has been restored, but the files could not be moved into place ({error}). "
                f"The checked files are ready in staging folders; move them by hand: {places}."
            ) from error
    problems = _verify(manifest)
    if problems:
        raise BackupError(
            "The restore finished, but the installation does not match the archive:\n  "
            + "\n  ".join(problems[:20])
            + "\nWas the platform running during the restore? Stop it and restore again with --force."
        )
    return RestoreResult(
        manifest=manifest,
        tables=len(manifest["tables"]),
        rows=sum(t["rows"] for t in manifest["tables"].values()),
        files=len(manifest["files"]),
        bytes=sum(f["size"] for f in manifest["files"]),
        pending_migrations=pending,
        set_aside=set_aside,
    )
