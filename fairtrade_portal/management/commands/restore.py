from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fairtrade_portal.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by 'backup' into an empty database and media storage, checking "
        "every checksum before and every table's row count after."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="The backup folder (with its manifest.json).")

    def handle(self, *args, folder, **options):
        try:
            result = restore(Path(folder))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored {result.rows} rows in {result.tables} tables and {result.files} files "
            f"from {result.folder}"
        )
