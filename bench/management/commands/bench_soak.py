"""Load run: N clients for S seconds against gunicorn with production settings (bench/soak.py)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bench.runner import free_port
from bench.soak import markdown, run_soak


class Command(BaseCommand):
    help = "50 concurrent clients for 60 s on the map API, an organization page, search and the funders' list."

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=50)
        parser.add_argument("--seconds", type=int, default=60)
        parser.add_argument("--workers", type=int, help="gunicorn workers (default: gunicorn.conf.py's)")
        parser.add_argument("--keepalive", type=int, help="gunicorn keep-alive seconds (default: gunicorn.conf.py's)")
        parser.add_argument("--port", type=int, help="default: a free local port")
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "var" / "bench"))

    def handle(self, *args, clients, seconds, workers, keepalive, port, output, **options):
        result = run_soak(port=port or free_port(), clients=clients, seconds=seconds, workers=workers,
                          keepalive=keepalive, log=self.stdout.write)
        output = Path(output)
        output.mkdir(parents=True, exist_ok=True)
        (output / "soak.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
        table = markdown(result)
        (output / "soak.md").write_text(table + "\n")
        self.stdout.write(table)
        total = result["scenarios"]["all"]
        if total["server_errors"] or total["connection_errors"]:
            raise CommandError(f"{total['server_errors']} server errors and {total['connection_errors']} "
                               "connection errors")
        self.stdout.write(self.style.SUCCESS(f"no 5xx, no connection errors; results in {output}"))
