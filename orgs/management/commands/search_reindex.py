"""Recompute the directory's search columns (normalised text, pinyin) of every organization.

Needed after rows are written in bulk without the services (the benchmark generator, an import)
or after a change to the normalisation; `--missing` only fills rows never indexed."""

from django.core.management.base import BaseCommand

from orgs.services.search import organizations_search_reindex


class Command(BaseCommand):
    help = "Recompute the search columns (normalised text, pinyin) of organizations."

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="Only organizations never indexed.")
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, missing, batch_size, **options):
        def progress(done, total):
            self.stdout.write(f"\r  search columns: {done}/{total}", ending="")
            self.stdout.flush()

        count = organizations_search_reindex(batch_size=batch_size, only_missing=missing, progress=progress)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} organizations for search."))
