from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from fairtrade_portal.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the media, with a manifest of checksums (see README)."

    def add_arguments(self, parser):
        parser.add_argument(
            "folder",
            nargs="?",
            help="A new or empty folder. Default: var/backups/<UTC time>.",
        )

    def handle(self, *args, folder=None, **options):
        if not folder:
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
            folder = Path(settings.VAR_DIR) / "backups" / stamp
        try:
            result = backup(Path(folder))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backed up {result.rows} rows in {result.tables} tables and {result.files} files "
            f"to {result.folder}"
        )
