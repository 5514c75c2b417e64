"""The import benchmark on a small sheet: it goes through the import's own steps, reports time,
memory and load, and leaves no organization behind."""

import pytest

from bench import imports
from orgs.models import DuplicateCandidate, ImportJob, Organization
from tests.orgs.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _private_import_dir(settings, tmp_path):
    settings.IMPORT_FILES_ROOT = tmp_path


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_bench_import_checks_imports_and_cleans_up(kind):
    OrganizationFactory()
    before = Organization.objects.count()
    figures = imports.run(rows=60, kind=kind, seed=3, log=lambda line: None)
    assert figures["rows"] == 60 and figures["created"] == 60 - figures["errors"]
    assert figures["errors"] >= 1  # the generator puts a few wrong issue fields in
    assert figures["rss_peak_mb"] >= figures["rss_before_mb"] > 0 and len(figures["load_average"]) == 3
    assert Organization.objects.count() == before and not ImportJob.objects.exists()
    assert not DuplicateCandidate.objects.exists()
    assert "| 60 | " + kind + " |" in imports.markdown([figures])
