"""The whole benchmark in tiny mode: generator and runner (real gunicorn on the test database)
keep working, every scenario answers without errors and reports its baseline."""

import json
import random
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection

from bench.runner import free_port, run
from evaluation.models import Rating, TrustScore
from orgs.models import Division, Organization

pytestmark = pytest.mark.django_db(transaction=True)


def test_generator_is_deterministic_and_resumable():
    call_command("bench_generate", size="tiny", organizations=40, posts=20, users=30, ratings=100, responses=10)
    first = list(Organization.objects.filter(slug__startswith="bench-").order_by("slug").values_list("name", "kind"))
    ratings = Rating.objects.count()
    # Running again adds nothing: every phase resumes from what is there.
    call_command("bench_generate", size="tiny", organizations=40, posts=20, users=30, ratings=100, responses=10)
    assert list(Organization.objects.filter(slug__startswith="bench-").order_by("slug").values_list("name", "kind")) == first
    # Registration types go in with the COPY, from the id, in the realistic mix.
    from bench.generate import Generator

    mix = Generator.REGISTRATIONS
    registered = Organization.objects.filter(slug__startswith="bench-").values_list("pk", "registration_status")
    assert all(status == mix[pk % len(mix)] for pk, status in registered)
    assert len({status for _pk, status in registered}) >= 4
    assert Rating.objects.count() == ratings and len(first) == 40


def test_tiny_benchmark_runs_every_scenario_with_its_baseline(monkeypatch, tmp_path):
    call_command("bench_generate", size="tiny")
    assert TrustScore.objects.exists()
    database = connection.settings_dict
    monkeypatch.setenv(
        "DATABASE_URL",
        f"postgis://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
    )
    lines = []
    report, table = run(port=free_port(), requests=2, load_requests=40, clients=8, sample=10, output=tmp_path,
                        log=lines.append)
    assert any("map_city" in line for line in lines)  # progress is reported as it goes
    assert {"map_country", "map_province", "map_city", "map_street_zoom17", "map_posts_country_org_kind",
            "map_country_uncached", "directory_search_2_chars", "organization_page", "funders_list_by_score",
            "survey_results_10k", "bare_django_view"} <= set(report["requests"])
    assert report["requests"]["organization_page"]["vs_bare_view"] > 0
    assert report["jobs"]["map_pyramid_rebuild"]["median_ms"] > 0
    for name, row in report["requests"].items():
        assert row["errors"] == 0 and row["baseline_errors"] == 0, name
        assert row["median_ms"] > 0 and row["ratio"] > 0 and row["load_average"] >= 0
    assert {row["errors"] for row in report["load"].values()} == {0}
    assert report["jobs"]["full_recompute"]["ratio"] > 1  # set-based beats the Python loop even tiny
    assert json.loads((tmp_path / "results.json").read_text())["sizes"]["organizations"] == 300
    assert "| map_city |" in (tmp_path / "results.md").read_text()


def test_names_come_from_a_realistic_vocabulary():
    from bench.words import SUFFIXES, Vocabulary

    call_command("bench_generate", size="tiny", organizations=300, posts=0, users=0, ratings=0, responses=0)
    names = list(Organization.objects.filter(slug__startswith="bench-").values_list("name", flat=True))
    suffixes = tuple(suffix for suffix, _weight in SUFFIXES)
    assert all(name.endswith(suffixes) for name in names)
    assert not any(char.isdigit() for name in names for char in name)  # no index glued on
    places = set(Division.objects.values_list("name", flat=True))
    assert sum(any(name.startswith(place) for place in places) for name in names) > 0.8 * len(names)
    # Zipf-like: the commonest word is far more frequent than a typical tail word, and the tail is long.
    vocabulary = Vocabulary(seed=2026, places=[("北京市", "", "东城区")])
    rng = random.Random(1)
    counts = Counter(vocabulary.word(rng) for _ in range(20000))
    assert len(vocabulary.words) > 3000 and len(counts) > 1500
    assert counts[vocabulary.words[0]] > 20 * counts[vocabulary.words[500]]


def test_generated_search_columns_are_what_the_service_writes_and_indexes_come_back(monkeypatch):
    import bench.generate
    from orgs.services.search import SEARCH_COLUMNS, organization_search_refresh

    def index_names():
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename IN ('orgs_organization', "
                           "'mapplatform_resourcepost', 'evaluation_rating') ORDER BY 1")
            return [row[0] for row in cursor.fetchall()]

    before = index_names()
    # Force the bulk path (indexes dropped while loading, built at the end) on a small set.
    monkeypatch.setattr(bench.generate, "DEFER_INDEXES_FROM", 1)
    call_command("bench_generate", size="tiny", organizations=60, posts=20, users=10, ratings=50, responses=0)
    assert index_names() == before
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_deferred_index")
        assert cursor.fetchone()[0] == 0
    generated = {row["pk"]: row for row in Organization.objects.filter(slug__startswith="bench-").values("pk", *SEARCH_COLUMNS)}
    assert len(generated) == 60
    for organization in Organization.objects.filter(pk__in=generated):
        written = organization_search_refresh(organization=organization)
        assert {column: generated[organization.pk][column] for column in SEARCH_COLUMNS} == written, organization.name
