"""Measure an area digest run over many subscriptions and write var/bench/digest.json and digest.md."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from bench import digest


class Command(BaseCommand):
    help = "Create subscriptions over the generated data and measure one daily digest run (time, queries, emails)."

    def add_arguments(self, parser):
        parser.add_argument("--subscriptions", type=int, default=100_000)
        parser.add_argument("--per-user", type=int, default=5, help="subscriptions per generated user")
        parser.add_argument("--new-posts", type=int, default=2_000, help="posts new in the window")
        parser.add_argument("--new-organizations", type=int, default=200)
        parser.add_argument("--batch-size", type=int, default=1_000, help="subscriptions per transaction")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--send-sample", type=int, default=5_000,
                            help="digests sent by this process (the workers' part), 0 for all")
        parser.add_argument("--reuse", action="store_true",
                            help="measure again over the subscriptions and items of the previous run")
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "var" / "bench"))

    def handle(self, *args, subscriptions, per_user, new_posts, new_organizations, batch_size, seed, reuse, send_sample, output,
               **options):
        sizes = digest.reset(log=self.stdout.write) if reuse else None
        if sizes is None:
            digest.clean(log=self.stdout.write)
            sizes = digest.prepare(subscriptions=subscriptions, per_user=per_user, new_posts=new_posts,
                                   new_orgs=new_organizations, seed=seed, log=self.stdout.write)
        report = {"sizes": sizes, "figures": digest.measure(batch_size=batch_size, send_sample=send_sample or None,
                                                                  log=self.stdout.write)}
        output = Path(output)
        output.mkdir(parents=True, exist_ok=True)
        (output / "digest.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
        table = digest.markdown(report)
        (output / "digest.md").write_text(table + "\n")
        self.stdout.write(table)
