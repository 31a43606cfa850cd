"""Backups that are proven: fill the portal, back up, restore into an empty database and media
folder in a fresh process, and compare every table's rows and every file's checksum."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command

from diplomas import services
from fairtrade_portal.backup import table_counts
from network.models import HandbookRender
from notifications.models import Reminder
from tests.diplomas.factories import pdf

ROOT = Path(__file__).resolve().parent.parent


def checksums(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def url_of(database: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{database}"))


@contextmanager
def empty_database():
    """A new, empty PostgreSQL database on the suite's server, dropped afterwards."""
    name = f"restore_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url_of("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(url_of("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def counts_in(database: str) -> dict[str, int]:
    with psycopg.connect(url_of(database)) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def filled_portal(transactional_db, criteria, malmo, coordinator):
    """Organisations, a report with evidence, a reminder and a handbook PDF, committed so that
    pg_dump sees them."""
    submission = services.submission_start(organisation=malmo, by=coordinator)
    criterion = submission.criteria_set.criteria.filter(requires_attachment=True).first()
    services.attachment_add(
        submission=submission, criterion=criterion, upload=pdf("beslut.pdf"), by=coordinator
    )
    Reminder.objects.create(
        key=f"test:{uuid.uuid4()}",
        kind="report_reminders",
        template="reminder-report-due",
        recipient=coordinator,
        email=coordinator.email,
    )
    render = HandbookRender(language="sv", status=HandbookRender.Status.READY, content_hash="x")
    render.file.save("handbok-sv.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    return submission


def test_a_backup_restores_every_row_and_file(filled_portal, tmp_path, on_postgresql):
    backup_dir = tmp_path / "backup"
    call_command("backup", str(backup_dir))
    before_rows = table_counts()
    before_files = checksums(Path(settings.MEDIA_ROOT))
    assert len(before_files) == 2  # the evidence and the handbook PDF
    assert before_rows["diplomas_attachment"] == 1

    restored_media = tmp_path / "restored-media"
    with empty_database() as database:
        result = manage("restore", str(backup_dir), DATABASE_URL=url_of(database),
                        MEDIA_ROOT=str(restored_media))  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert counts_in(database) == before_rows
        assert checksums(restored_media) == before_files

        # A second restore into what is now a full database is refused and changes nothing.
        again = manage("restore", str(backup_dir), DATABASE_URL=url_of(database),
                       MEDIA_ROOT=str(tmp_path / "other-media"))  # fmt: skip
        assert again.returncode != 0
        assert "not empty" in again.stderr
        assert counts_in(database) == before_rows


def test_a_damaged_backup_is_refused_before_anything_is_restored(filled_portal, tmp_path):
    backup_dir = tmp_path / "backup"
    call_command("backup", str(backup_dir))
    evidence = next((backup_dir / "media" / "evidence").rglob("*.pdf"))
    evidence.write_bytes(evidence.read_bytes() + b"tampered")
    with empty_database() as database:
        result = manage("restore", str(backup_dir), DATABASE_URL=url_of(database),
                        MEDIA_ROOT=str(tmp_path / "media"))  # fmt: skip
        assert result.returncode != 0
        assert "does not match its checksum" in result.stderr
        assert counts_in(database) == {}
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").iterdir())


def test_backing_up_into_a_folder_that_is_not_empty_is_refused(filled_portal, tmp_path):
    (tmp_path / "old.txt").write_text("an earlier backup")
    result = manage("backup", str(tmp_path))
    assert result.returncode != 0
    assert "not empty" in result.stderr


def test_the_quick_starts_sqlite_backs_up_and_restores(tmp_path):
    """make backup / make restore on the quick start's embedded defaults."""
    embedded = {"DATABASE_URL", "REDIS_URL", "CACHE_URL", "DEMO_MODE", "EMAIL_BACKEND"}
    env = {k: v for k, v in os.environ.items() if k not in embedded}
    env["DEMO_MODE"] = "true"

    def run(*args: str, var: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**env, "VAR_DIR": str(var), "MEDIA_ROOT": str(var / "media")},
            capture_output=True,
            text=True,
            timeout=300,
        )

    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    assert run("migrate", "-v0", var=first).returncode == 0  # with the seeded criteria
    (first / "media" / "evidence").mkdir(parents=True)
    (first / "media" / "evidence" / "plan.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")
    made = run("backup", str(tmp_path / "backup"), var=first)
    assert made.returncode == 0, made.stderr
    restored = run("restore", str(tmp_path / "backup"), var=second)
    assert restored.returncode == 0, restored.stderr
    assert checksums(second / "media") == checksums(first / "media")
    rows = re.search(r"Backed up (\d+) rows", made.stdout).group(1)
    assert f"Restored {rows} rows" in restored.stdout
