"""Measure directory search per query class and write var/bench/search.json and search.md."""

import json
import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from bench.search import markdown, run


class Command(BaseCommand):
    help = "Directory search: median and p95 per class of query (one character ... pinyin, filters)."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=50)
        parser.add_argument("--port", type=int)

    def handle(self, *args, requests, port, **options):
        results = run(count=requests, port=port, log=self.stdout.write)
        output = Path(settings.BASE_DIR) / "var" / "bench"
        output.mkdir(parents=True, exist_ok=True)
        report = {"load_average": os.getloadavg(), "results": results}
        (output / "search.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
        table = markdown(results)
        (output / "search.md").write_text(table + "\n")
        self.stdout.write(table)
        self.stdout.write(f"load average: {os.getloadavg()}")
