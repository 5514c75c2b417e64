"""The load run (bench/soak.py) works: a few clients for a few seconds against real gunicorn on the
test database, every scenario answered, nothing counted as an error, the figures reported."""

import gc
import os
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection

from bench.runner import free_port
from bench.soak import _memory_figures, markdown, run_soak
from tests.orgs.factories import OrganizationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_short_soak_reports_every_scenario_without_errors(monkeypatch):
    OrganizationFactory(name="公益测试机构")
    database = connection.settings_dict
    monkeypatch.setenv(
        "DATABASE_URL",
        f"postgis://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
    )
    result = run_soak(port=free_port(), clients=4, seconds=3, workers=1, log=lambda line: None, memory_every=1)
    scenarios = result["scenarios"]
    assert set(scenarios) == {"map_api_city", "organization_page", "directory_search", "funders_list", "all"}
    for name, row in scenarios.items():
        assert row["requests"] > 0, name
        assert row["server_errors"] == row["connection_errors"] == row["other_non_200"] == 0, (name, row)
    assert scenarios["all"]["requests"] == sum(row["requests"] for name, row in scenarios.items() if name != "all")
    assert "| directory_search |" in markdown(result) and "load average" in markdown(result)
    memory = result["workers_rss_mb"]  # one worker's resident memory, sampled from /proc each second
    assert memory["samples"] >= 3 and 20 < memory["after_warm_up"] <= memory["max"] < 2000
    assert "resident memory" in markdown(result) and "second half of the run" in markdown(result)
    # memory_every=1: a sample each second, so each "minute" is 60 samples apart (only the first here).
    assert memory["per_minute"] == [memory["after_warm_up"]]
    # gunicorn ran with gunicorn.conf.py's threads and keep-alive, and the worker count asked for.
    assert result["server"] == {"workers": 1, "threads": 1, "keepalive": 0}
    assert "1 workers × 1 threads, keep-alive 0 s" in markdown(result)


def test_memory_figures_tell_early_growth_from_a_leak():
    levelling = [100.0, 100.0, 100.0, 110.0, 114.0, 115.0, 115.0, 115.0, 115.0, 115.0]
    leaking = [100.0 + 2 * n for n in range(10)]
    assert _memory_figures(levelling, every=30)["growth_second_half"] == 0
    assert _memory_figures(leaking, every=30)["growth_second_half"] == 8
    assert _memory_figures(leaking, every=30)["per_minute"] == [104.0, 108.0, 112.0, 116.0]


def test_gunicorn_settings_come_from_the_environment():
    settings_from = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))["settings_from"]
    default = settings_from({})
    assert default["workers"] == 2 * os.cpu_count() and default["threads"] == 1 and default["keepalive"] == 0
    assert default["bind"] == "0.0.0.0:8000" and default["accesslog"] == "-" and default["max_requests"] == 0
    chosen = settings_from({"WEB_CONCURRENCY": "3", "GUNICORN_THREADS": "8", "GUNICORN_KEEPALIVE": "2",
                            "GUNICORN_MAX_REQUESTS": "1000", "GUNICORN_ACCESS_LOG": ""})
    assert (chosen["workers"], chosen["threads"], chosen["keepalive"]) == (3, 8, 2)
    assert (chosen["max_requests"], chosen["max_requests_jitter"], chosen["accesslog"]) == (1000, 100, None)


def test_gunicorn_workers_freeze_their_long_lived_objects_when_loaded_and_once_warm():
    conf = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))
    worker = SimpleNamespace(nr=0)
    try:
        conf["post_worker_init"](worker)
        loaded = gc.get_freeze_count()
        assert loaded > 0  # the application's modules and whatever the test run holds
        read_lazily = [[n] for n in range(5000)]  # what the first requests load and keep
        counts = []
        for worker.nr in range(1, conf["FREEZE_AFTER_REQUESTS"] + 3):
            conf["post_request"](worker, None, {}, None)
            counts.append(gc.get_freeze_count())
        warm = conf["FREEZE_AFTER_REQUESTS"] - 1
        assert set(counts[:warm]) == {loaded}  # nothing frozen before the hundredth request
        assert counts[warm] >= loaded + len(read_lazily)  # frozen after it, once
        assert counts[warm:] == [counts[warm]] * 3
    finally:
        gc.unfreeze()
