"""Fill the database with synthetic data at national scale (or tiny, for CI)."""

import time

from django.core.management.base import BaseCommand

from bench.generate import Generator
from evaluation.services.scoring import scores_recompute_all
from orgs.services.search import organizations_search_reindex

SIZES = {
    "full": {"organizations": 100_000, "posts": 100_000, "users": 200_000, "ratings": 1_000_000, "responses": 10_000,
             "disclosures": 300_000},
    "national": {"organizations": 1_000_000, "posts": 1_000_000, "users": 1_000_000, "ratings": 10_000_000,
                 "responses": 10_000, "disclosures": 3_000_000},
    "tiny": {"organizations": 300, "posts": 300, "users": 200, "ratings": 2_000, "responses": 100,
             "disclosures": 1_000},
}


class Command(BaseCommand):
    help = "Generate benchmark data (bench- rows). Deterministic (--seed) and resumable."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=SIZES, default="full")
        parser.add_argument("--seed", type=int, default=2026)
        for name in SIZES["full"]:
            parser.add_argument(f"--{name}", type=int, help=f"override the number of {name}")

    def handle(self, *args, size, seed, **options):
        sizes = {name: options.get(name) or default for name, default in SIZES[size].items()}
        started = time.monotonic()
        last = {}

        def progress(name, done, total):
            # One line per ~10 %: readable in a terminal and in CI logs.
            step = max(1, total // 10)
            if done == total or done // step != last.get(name):
                last[name] = done // step
                elapsed = time.monotonic() - started
                self.stdout.write(f"  {name:<18} {done:>9,}/{total:,}  {100 * done // max(total, 1):>3}%  {elapsed:7.1f}s")

        generator = Generator(seed=seed, progress=progress)
        generator.users(sizes["users"])
        generator.organizations(sizes["organizations"])
        # Bulk inserts skip the services: fill the search columns (normalised text, pinyin) here.
        organizations_search_reindex(only_missing=True, progress=lambda done, total: progress("search columns", done, total))
        generator.posts(sizes["posts"])
        generator.ratings(sizes["ratings"])
        generator.responses(sizes["responses"])
        generator.registrations()
        generator.disclosures(sizes["disclosures"])
        self.stdout.write("  analyzing tables …")
        generator.analyze()
        self.stdout.write("  computing trust scores …")
        scores_recompute_all(refresh_summaries=True)  # the ratings were bulk-loaded around the services
        self.stdout.write(self.style.SUCCESS(f"done in {time.monotonic() - started:.1f}s: {sizes}"))
