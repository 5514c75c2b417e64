"""The trust score's benchmark cases: full recompute (everything changed, nothing changed), the
rating summaries' rebuild, one organization after one rating, and the funders' list for every
sort and filter over HTTP. Run with `manage.py bench_trust` against the bench database; each
figure is a median and p95 with the load average beside it."""

import os
import statistics
import time
import urllib.parse

from django.db import connection, transaction

from evaluation import method
from evaluation.models import Disclosure, DisclosureStatus, Rating, RatingSummary, TrustScore, TrustScoreHistory
from evaluation.selectors import sector_figures
from evaluation.services.scoring import organization_recompute, scores_recompute_all
from evaluation.services.summaries import rating_summaries_refresh
from orgs.models import Division, IssueField, Organization

from .runner import Server, free_port, measure, percentile


def load():
    return round(os.getloadavg()[0], 2)


def timed(function, repeat):
    times, results = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        results.append(function())
        times.append(time.perf_counter() - started)
    return times, results


def figures(times, **extra):
    return {"runs": len(times), "median_ms": round(1000 * statistics.median(times), 1),
            "p95_ms": round(1000 * percentile(times, 0.95), 1), "load_average": load(), **extra}


def job_cases(*, repeat=5, single_repeat=50, log=print):
    results = {}
    times, outcome = timed(rating_summaries_refresh, 3)
    results["rating_summaries_rebuild"] = figures(times, written=[list(row) for row in outcome])
    log(f"  summaries rebuild: {results['rating_summaries_rebuild']}")

    # Everything changed: alternate the method version so every run rewrites every score.
    real = method.METHOD_VERSION
    try:
        versions = iter(["bench-a", "bench-b", "bench-a", "bench-b", "bench-a"][:3])

        def rewrite_everything():
            method.METHOD_VERSION = next(versions)
            return scores_recompute_all()

        times, outcome = timed(rewrite_everything, 3)
    finally:
        method.METHOD_VERSION = real
    results["full_recompute_all_changed"] = figures(times, written=[row["scored"] for row in outcome])
    log(f"  full recompute, all changed: {results['full_recompute_all_changed']}")
    scores_recompute_all()  # back to the real version
    TrustScoreHistory.objects.filter(method_version__startswith="bench-").delete()

    times, outcome = timed(scores_recompute_all, repeat)
    results["full_recompute_unchanged"] = figures(times, written=[row["scored"] for row in outcome],
                                                  history=[row["history"] for row in outcome])
    log(f"  full recompute, nothing changed: {results['full_recompute_unchanged']}")

    rating = Rating.objects.filter(organization__slug__startswith="bench-", status="visible").order_by("pk").first()

    def one_rating_then_recompute():
        with transaction.atomic():
            Rating.objects.filter(pk=rating.pk).update(public_trust=(Rating.objects.get(pk=rating.pk).public_trust % 5) + 1)
            return organization_recompute(organization_id=rating.organization_id)

    times, _outcome = timed(one_rating_then_recompute, single_repeat)
    results["single_recompute_after_rating"] = figures(times)
    log(f"  one rating, then its organization: {results['single_recompute_after_rating']}")

    disclosure = Disclosure.objects.filter(status=DisclosureStatus.VERIFIED).order_by("pk").first()
    if disclosure is not None:
        def one_disclosure_then_recompute():
            with transaction.atomic():
                hidden = Disclosure.objects.get(pk=disclosure.pk).is_hidden
                Disclosure.objects.filter(pk=disclosure.pk).update(is_hidden=not hidden)
                return organization_recompute(organization_id=disclosure.organization_id)

        times, _outcome = timed(one_disclosure_then_recompute, single_repeat)
        results["single_recompute_after_disclosure"] = figures(times)
        log(f"  one disclosure hidden or shown, then its organization: {results['single_recompute_after_disclosure']}")

    def sector_figures_uncached():
        return len(sector_figures()["by_field"])

    times, _outcome = timed(sector_figures_uncached, repeat)
    results["sector_figures_queries_uncached"] = figures(times)
    log(f"  sector figures (all its queries, uncached): {results['sector_figures_queries_uncached']}")
    return results


def funders_paths():
    province = Division.objects.filter(level="province").order_by("code").values_list("code", flat=True).first()
    field = IssueField.objects.order_by("slug").values_list("slug", flat=True).first()
    paths = {"bare view (/healthz), for reference": "/healthz"}
    paths |= {f"sort={sort}": f"/trust/funders/?sort={sort}" for sort in
             ("overall", "public_trust", "financial", "influence", "transparency")}
    filters = {
        "kind": "kind=foundation", "province": f"province={province}", "region": "region=east",
        "field": f"field={urllib.parse.quote(field)}", "grade": "grade=C", "confidence": "confidence=low",
        "alumni": "alumni=on", "combined": f"kind=ngo&province={province}&grade=D&grade=C",
        "transparency ≥ 75": "transparency_min=75", "transparency ≥ 25": "transparency_min=25",
    }
    for name, query in filters.items():
        paths[f"{name}, sort=influence"] = f"/trust/funders/?{query}&sort=influence"
    paths["last page, sort=financial"] = "/trust/funders/?sort=financial&page=10"
    paths["province, sort=transparency"] = f"/trust/funders/?province={province}&sort=transparency"
    paths["sector figures (cached after the first request)"] = "/trust/figures/"
    return paths


def request_cases(*, count=50, port=None, log=print):
    results = {}
    with Server(port or free_port()) as server:
        for name, path in funders_paths().items():
            row = measure(server.port, path, count)
            results[name] = {**row, "path": path, "load_average": load()}
            log(f"  funders {name}: median {row['median_ms']} ms, p95 {row['p95_ms']} ms, errors {row['errors']}")
    return results


def sizes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('evaluation_trustscore')), "
                       "pg_size_pretty(pg_total_relation_size('evaluation_ratingsummary'))")
        scores_size, summaries_size = cursor.fetchone()
    return {"organizations": Organization.objects.filter(slug__startswith="bench-").count(),
            "ratings": Rating.objects.count(), "rating_summaries": RatingSummary.objects.count(),
            "disclosures": Disclosure.objects.count(),
            "disclosing": TrustScore.objects.filter(transparency_index__gt=0).count(),
            "scores": TrustScore.objects.count(), "history_rows": TrustScoreHistory.objects.count(),
            "scores_table": scores_size, "summaries_table": summaries_size}


def markdown(report):
    lines = [f"sizes: {report['sizes_before']} → {report['sizes_after']}", "",
             "| case | runs | median ms | p95 ms | load average | notes |", "|---|---:|---:|---:|---:|---|"]
    for name, row in {**report["jobs"], **report["requests"]}.items():
        notes = {key: value for key, value in row.items()
                 if key not in ("runs", "requests", "median_ms", "p95_ms", "load_average", "throughput_per_s")}
        lines.append(f"| {name} | {row.get('runs', row.get('requests'))} | {row['median_ms']} | {row['p95_ms']} | "
                     f"{row['load_average']} | {notes} |")
    return "\n".join(lines)
