"""Backups that can be proven: the database and the media (uploads, rendered PDFs) in one
folder, with a manifest of checksums and row counts that a restore checks before and after.

A backup folder holds:
- ``database.dump`` (PostgreSQL, ``pg_dump`` custom format: one consistent snapshot) or
  ``database.sqlite3`` (the quick start, SQLite's online backup: also consistent);
- ``media/``, every file of the default storage, copied through Django's storage API (so an
  object store is backed up the same way as a folder);
- ``manifest.json``: when, from which database, the SHA-256 and size of every file, and the
  number of rows in every table.

The database is dumped before the media is copied: a file uploaded in between is in the backup
without a row pointing at it (harmless), never the other way round.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection

FORMAT = 1
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, and nothing changed."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _postgres_tool(name: str) -> str:
    """pg_dump or pg_restore: the newest Debian installs, else the one on the PATH."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    if candidates:
        return str(candidates[-1])
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return found


def _postgres_env() -> tuple[list[str], dict[str, str]]:
    """Connection options for the PostgreSQL tools, the password in the environment (never on
    the command line, where other users of the machine could read it)."""
    db = settings.DATABASES["default"]
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def table_counts() -> dict[str, int]:
    """The number of rows in every table of the database."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _storage_files(folder: str = "") -> list[str]:
    """Every file name in the default storage, below ``folder``."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}/{name}" if folder else name for name in files]
    for sub in folders:
        names += _storage_files(f"{folder}/{sub}" if folder else sub)
    return sorted(names)


@dataclass(frozen=True)
class Result:
    folder: Path
    tables: int
    rows: int
    files: int


def backup(folder: Path) -> Result:
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty; give a new folder for the backup.")
    folder.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    counts = table_counts()
    if vendor == "postgresql":
        database_file = folder / "database.dump"
        args, env = _postgres_env()
        subprocess.run(
            [_postgres_tool("pg_dump"), "--format=custom", "--no-owner", "--file",
             str(database_file), *args],
            check=True, env=env, capture_output=True,
        )  # fmt: skip
    elif vendor == "sqlite":
        database_file = folder / "database.sqlite3"
        source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        target = sqlite3.connect(database_file)
        with target:
            source.backup(target)
        source.close()
        target.close()
    else:  # pragma: no cover - the portal runs on PostgreSQL or SQLite only
        raise BackupError(f"Backups of {vendor} databases are not supported.")

    media = {}
    for name in _storage_files():
        target = folder / "media" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source_file, target.open("wb") as out:
            shutil.copyfileobj(source_file, out)
        media[name] = {"sha256": sha256_of(target), "size": target.stat().st_size}

    manifest = {
        "format": FORMAT,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": {
            "vendor": vendor,
            "file": database_file.name,
            "sha256": sha256_of(database_file),
            "tables": counts,
        },
        "media": media,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return Result(folder, len(counts), sum(counts.values()), len(media))


def read_manifest(folder: Path) -> dict:
    """The manifest, after checking every file it names against its checksum."""
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{folder} has no readable {MANIFEST}: {error}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    expected = {manifest["database"]["file"]: manifest["database"]["sha256"]}
    expected.update({f"media/{name}": item["sha256"] for name, item in manifest["media"].items()})
    for name, checksum in expected.items():
        path = folder / name
        if not path.is_file():
            raise BackupError(f"The backup is incomplete: {name} is missing.")
        if sha256_of(path) != checksum:
            raise BackupError(f"The backup is damaged: {name} does not match its checksum.")
    return manifest


def restore(folder: Path) -> Result:
    """Restore a backup into an empty database and an empty media storage, then check that
    every table has the rows the manifest counted."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"The backup is of a {vendor} database; this portal uses {connection.vendor}."
        )
    if vendor == "sqlite":
        Path(settings.DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    if connection.introspection.table_names():
        raise BackupError("The database is not empty; restore into a new, empty database.")
    if _storage_files():
        raise BackupError("The media storage is not empty; restore into an empty one.")

    database_file = folder / manifest["database"]["file"]
    if vendor == "postgresql":
        args, env = _postgres_env()
        completed = subprocess.run(
            [_postgres_tool("pg_restore"), "--no-owner", "--exit-on-error", *args,
             str(database_file)],
            env=env, capture_output=True, text=True,
        )  # fmt: skip
        if completed.returncode != 0:
            raise BackupError(f"pg_restore failed: {completed.stderr.strip()}")
    else:
        connection.close()
        source = sqlite3.connect(database_file)
        target = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        with target:
            source.backup(target)
        source.close()
        target.close()

    for name in manifest["media"]:
        with (folder / "media" / name).open("rb") as handle:
            stored = default_storage.save(name, File(handle, name=name))
        if stored != name:
            raise BackupError(f"The storage renamed {name} to {stored}.")

    counts = table_counts()
    if counts != manifest["database"]["tables"]:
        differing = sorted(
            table
            for table in set(counts) | set(manifest["database"]["tables"])
            if counts.get(table) != manifest["database"]["tables"].get(table)
        )
        raise BackupError(f"Restored, but these tables differ from the backup: {differing}")
    return Result(folder, len(counts), sum(counts.values()), len(manifest["media"]))
