"""The trust benchmark's job cases run on tiny data and report what they claim: the unchanged
full recompute writes nothing and adds no history; every case carries its load average."""

import pytest
from django.core.management import call_command

from bench import trust
from evaluation.models import Disclosure, RatingSummary, TrustScore, TrustScoreHistory

pytestmark = pytest.mark.django_db(transaction=True)


def test_trust_job_cases_on_tiny_data():
    call_command("bench_generate", size="tiny", organizations=30, posts=10, users=40, ratings=200, responses=5)
    assert RatingSummary.objects.exists()  # the generator rebuilt the summaries of its bulk-loaded ratings
    history = TrustScoreHistory.objects.count()
    lines = []
    results = trust.job_cases(repeat=2, single_repeat=3, log=lines.append)
    assert set(results) == {"rating_summaries_rebuild", "full_recompute_all_changed", "full_recompute_unchanged",
                            "single_recompute_after_rating", "single_recompute_after_disclosure",
                            "sector_figures_queries_uncached"}
    # The generator wrote disclosures, and the recompute turned them into transparency indexes.
    assert Disclosure.objects.filter(status="verified").exists()
    assert TrustScore.objects.filter(transparency_index__gt=0).exists()
    assert results["rating_summaries_rebuild"]["written"] == [[0, 0]] * 3
    assert all(count > 0 for count in results["full_recompute_all_changed"]["written"])
    assert results["full_recompute_unchanged"]["written"] == [0, 0]
    assert results["full_recompute_unchanged"]["history"] == [0, 0]
    assert all("load_average" in row and row["p95_ms"] >= row["median_ms"] for row in results.values())
    assert TrustScoreHistory.objects.filter(method_version__startswith="bench-").count() == 0
    assert TrustScoreHistory.objects.count() >= history
    assert "/trust/funders/?sort=public_trust" in trust.funders_paths().values()
    assert "/trust/funders/?sort=transparency" in trust.funders_paths().values()
