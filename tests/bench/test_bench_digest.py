"""The digest benchmark runs end to end on a small scale and its figures are consistent."""

import json

import pytest
from django.core.management import call_command

from mapplatform.models import AreaSubscription
from tests.orgs.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_bench_digest_measures_a_run_and_a_retry_that_sends_nothing(tmp_path):
    for _ in range(30):
        OrganizationFactory()
    call_command("bench_digest", subscriptions=300, per_user=3, new_posts=30, new_organizations=20,
                 batch_size=50, output=str(tmp_path), stdout=open("/dev/null", "w"))
    report = json.loads((tmp_path / "digest.json").read_text())
    figures = report["figures"]
    assert AreaSubscription.objects.count() == 300 == figures["subscriptions_looked_at"]
    assert figures["digests"] > 0
    assert figures["emails_sent"] == figures["digests"] == figures["sent_email_rows"]
    assert figures["entries"] >= figures["digests"]
    assert figures["repeat_run"]["digests"] == 0
    assert "Digest run over 300" in (tmp_path / "digest.md").read_text()
