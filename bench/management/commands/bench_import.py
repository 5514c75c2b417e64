"""Import a generated spreadsheet of organizations (10,000 rows by default) through the import's
own steps and report the time and the peak memory; writes import.json and import.md."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from bench import imports


class Command(BaseCommand):
    help = "Measure the organization import: check and import N generated rows, time and peak memory."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10000)
        parser.add_argument("--format", choices=["csv", "xlsx"], default="xlsx")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--keep", action="store_true", help="keep the imported organizations")
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "var" / "bench"))

    def handle(self, *args, rows, format, seed, keep, output, **options):
        figures = imports.run(rows=rows, kind=format, seed=seed, keep=keep, log=self.stdout.write)
        output = Path(output)
        output.mkdir(parents=True, exist_ok=True)
        (output / "import.json").write_text(json.dumps(figures, indent=2))
        table = imports.markdown([figures])
        (output / "import.md").write_text(table + "\n")
        self.stdout.write(table)
