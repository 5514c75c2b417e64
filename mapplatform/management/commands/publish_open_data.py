"""Write the open datasets now (the nightly Celery beat task does the same)."""

from django.core.management.base import BaseCommand

from mapplatform.services.opendata import open_data_publish


class Command(BaseCommand):
    help = "Write the open datasets (organizations and open posts, CSV and GeoJSON) to storage."

    def handle(self, *args, **options):
        changed = open_data_publish()
        self.stdout.write(", ".join(changed) if changed else "No dataset changed.")
