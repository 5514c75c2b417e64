"""Measure the trust score's cases (recompute and the funders' list) and write
var/bench/trust.json and trust.md."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from bench import trust


class Command(BaseCommand):
    help = "Measure the trust recompute and the funders' list (needs data from bench_generate)."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=50, help="requests per funders' list case")
        parser.add_argument("--repeat", type=int, default=5, help="runs of the unchanged full recompute")
        parser.add_argument("--skip-requests", action="store_true")
        parser.add_argument("--skip-jobs", action="store_true")
        parser.add_argument("--port", type=int, help="default: a free local port")
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "var" / "bench"))

    def handle(self, *args, requests, repeat, skip_requests, skip_jobs, port, output, **options):
        report = {"sizes_before": trust.sizes()}
        report["jobs"] = {} if skip_jobs else trust.job_cases(repeat=repeat, log=self.stdout.write)
        report["requests"] = {} if skip_requests else trust.request_cases(count=requests, port=port, log=self.stdout.write)
        report["sizes_after"] = trust.sizes()
        output = Path(output)
        output.mkdir(parents=True, exist_ok=True)
        (output / "trust.json").write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
        table = trust.markdown(report)
        (output / "trust.md").write_text(table + "\n")
        self.stdout.write(table)
