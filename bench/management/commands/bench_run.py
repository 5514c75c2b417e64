"""Run the benchmark scenarios and write var/bench/results.json and results.md."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from bench.runner import free_port, run

MODES = {
    "full": {"requests": 50, "load_requests": 2000, "clients": 50, "sample": 1000},
    "national": {"requests": 50, "load_requests": 2000, "clients": 50, "sample": 1000},
    "tiny": {"requests": 3, "load_requests": 100, "clients": 10, "sample": 20},
}


class Command(BaseCommand):
    help = "Measure latency and throughput against naive baselines (needs data from bench_generate)."

    def add_arguments(self, parser):
        parser.add_argument("--mode", choices=MODES, default="full")
        parser.add_argument("--port", type=int, help="default: a free local port")
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "var" / "bench"))
        parser.add_argument("--only", help="comma-separated scenario name prefixes (e.g. map_,organization_page): "
                                           "just those requests, no load test or recomputes")

    def handle(self, *args, mode, port, output, only=None, **options):
        port = port or free_port()
        self.stdout.write(f"running the {mode} benchmark on port {port} …")
        report, table = run(port=port, output=Path(output), log=self.stdout.write,
                            only=only.split(",") if only else None, **MODES[mode])
        self.stdout.write(table)
        self.stdout.write(self.style.SUCCESS(f"results in {output}"))
