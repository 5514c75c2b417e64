"""The API keeps the contract its OpenAPI schema states: schemathesis generates requests for every
operation (valid and invalid ones, a bounded number each) against a live server, anonymously and
signed in with a session cookie and a CSRF token, and finds no 5xx, no undocumented status code or
content type, and no response that violates the schema."""

import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone
from rest_framework.throttling import SimpleRateThrottle

from evaluation.models import Rating
from mapplatform.models import Match
from tests.mapplatform.factories import PostFactory
from tests.orgs.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db(transaction=True)

CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance"
MAX_EXAMPLES = 5  # per operation and phase: the whole test stays within a few minutes on 2 cores


@pytest.fixture
def no_api_throttle(monkeypatch):
    """Hundreds of requests from one address in a minute are the point here; 429 is documented, but
    answering it would test the throttle instead of the endpoints."""
    monkeypatch.setattr(SimpleRateThrottle, "allow_request", lambda self, request, view: True)


def seed():
    """Something behind most ids: organizations with and without a county, posts, a matched case."""
    now = timezone.now()
    member = MembershipFactory().user
    home = member.memberships.get().organization
    OrganizationFactory(city=None, county=None, location=None)
    other = OrganizationFactory()
    need = PostFactory(organization=other, author=None)
    offer = PostFactory(organization=home, author=member, kind="offer")
    PostFactory(organization=None, author=member, kind="offer", location=Point(104.1, 30.7, srid=4326),
                province_id="510000")
    Match.objects.create(need=need, offer=offer, status="accepted", need_confirmed_at=now, offer_confirmed_at=now,
                         decided_at=now)
    Match.objects.create(need=PostFactory(organization=other), offer=offer, proposed_by=member)
    Rating.objects.create(user=member, organization=other, public_trust=4, financial=4, influence=4)
    return member


def schemathesis(live_server, workdir, *options):
    command = [
        str(Path(sys.executable).parent / "st"), "run", f"{live_server.url}/api/schema/", "--url", live_server.url,
        "--checks", CHECKS, "--phases", "examples,coverage,fuzzing", "--max-examples", str(MAX_EXAMPLES),
        "--workers", "1", "--no-shrink", "--seed", "2026", "--request-timeout", "30", "--max-failures", "30",
    ]
    command += options
    started = time.monotonic()
    result = subprocess.run(command, cwd=workdir, capture_output=True, text=True, timeout=240)
    return result, time.monotonic() - started


def test_schemathesis_finds_no_server_error_and_no_schema_violation(live_server, client, tmp_path, no_api_throttle):
    member = seed()
    # Anonymous: the reads (anonymous writes are one 403 each, tested with the rules).
    anonymous, anonymous_seconds = schemathesis(live_server, tmp_path, "--include-method", "GET")
    assert anonymous.returncode == 0, anonymous.stdout[-8000:]

    client.force_login(member)
    token = secrets.token_hex(16)  # 32 characters: a valid CSRF secret, sent as cookie and header
    # Signed in: everything that is not a public read already covered above.
    signed_in, signed_in_seconds = schemathesis(
        live_server, tmp_path, "--exclude-path-regex", "^/api/(map|organizations|trust)/",
        "--header", f"Cookie: sessionid={client.cookies['sessionid'].value}; csrftoken={token}",
        "--header", f"X-CSRFToken: {token}",
    )
    assert signed_in.returncode == 0, signed_in.stdout[-8000:]
    # The session really was used: operations that need a signed-in user were reached.
    assert "Authentication failed" not in signed_in.stdout, signed_in.stdout[-4000:]
    print(f"schemathesis: anonymous {anonymous_seconds:.0f} s, signed in {signed_in_seconds:.0f} s")
    assert anonymous_seconds + signed_in_seconds < 180
