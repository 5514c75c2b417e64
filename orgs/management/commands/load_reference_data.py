"""Load divisions, province outlines, issue fields and staff role groups (idempotent)."""

from django.core.management.base import BaseCommand

from orgs.services.reference import reference_data_load


class Command(BaseCommand):
    help = "Load the reference data shipped in orgs/data and the staff role groups. Safe to re-run."

    def handle(self, *args, **options):
        def progress(level):
            self.stdout.write(f"  divisions: {level} level done")

        counts = reference_data_load(progress=progress)
        for name, count in counts.items():
            self.stdout.write(self.style.SUCCESS(f"{name}: {count}"))
