"""manage.py restore FOLDER [--database-url URL] [--clean]: load a backup and check it (common.backup)."""

from django.core.management.base import BaseCommand, CommandError

from common.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = ("Restore a backup folder into a database (the site's own, or --database-url) and its media into "
            "MEDIA_ROOT, then compare every table's row count and every media file with the manifest.")

    def add_arguments(self, parser):
        parser.add_argument("folder", help="A folder written by `manage.py backup` (make backup).")
        parser.add_argument("--database-url", default=None,
                            help="postgis://user:password@host:port/name; default: the site's DATABASE_URL.")
        parser.add_argument("--media-root", default=None, help="Where the uploaded files go (default MEDIA_ROOT).")
        parser.add_argument("--private-root", default=None,
                            help="Where the private uploads go (default PRIVATE_MEDIA_ROOT).")
        parser.add_argument("--clean", action="store_true",
                            help="Replace the contents of a database that is not empty (drops its tables first).")

    def handle(self, *args, folder, database_url, media_root, private_root, clean, **options):
        try:
            backup_restore(folder=folder, database_url=database_url, media_root=media_root,
                           private_root=private_root, clean=clean,
                           log=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
