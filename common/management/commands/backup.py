"""manage.py backup [--destination DIR]: dump the database and the uploaded media (common.backup)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from common.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write a backup folder: PostgreSQL custom-format dump, media archive and manifest."

    def add_arguments(self, parser):
        parser.add_argument("--destination", default=str(Path(settings.BASE_DIR) / "var" / "backups"),
                            help="Folder that receives the timestamped backup folder (default var/backups).")
        parser.add_argument("--media-root", default=None, help="Uploaded files (default MEDIA_ROOT).")
        parser.add_argument("--private-root", default=None,
                            help="Private uploads waiting for a check (default PRIVATE_MEDIA_ROOT).")

    def handle(self, *args, destination, media_root, private_root, **options):
        try:
            folder = backup_create(destination=destination, media_root=media_root, private_root=private_root,
                                   log=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(folder))
