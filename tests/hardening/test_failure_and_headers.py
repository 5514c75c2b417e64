"""Failure and recovery: Redis down, hidden organizations, safe uploads, security headers."""

import contextlib
import datetime
import json
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.template.loaders.app_directories import get_app_template_dirs
from django.test import override_settings
from django.utils import timezone

from common.models import OutboxTask
from common.outbox import outbox_flush
from mapplatform.models import Match, ResourcePost
from mapplatform.services.matches import match_propose
from mapplatform.services.matching import suggested_matches
from ngo20.celery import app as celery_app
from orgs.services.organizations import organization_set_status
from tests.mapplatform.factories import PostFactory
from tests.orgs.factories import (
    PASSWORD,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

UNREACHABLE = "redis://127.0.0.1:1/0"
BOX = {"bbox": "103.9,30.5,104.3,30.8", "zoom": 13}
EXPIRES = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()


@pytest.fixture
def redis_down(settings):
    """The running site pointed at a Redis that does not answer: cache, limits and Celery's broker."""
    settings.CACHES = {alias: {**config, "LOCATION": UNREACHABLE} for alias, config in settings.CACHES.items()}
    with broker_at(UNREACHABLE):
        yield


@contextlib.contextmanager
def broker_at(url):
    """Celery's producers connect to `url` until the block ends (the pools are made anew)."""
    old = celery_app.conf.broker_url

    def reset():
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    celery_app.conf.broker_url = url
    reset()
    try:
        yield
    finally:
        celery_app.conf.broker_url = old
        reset()


@pytest.fixture
def sides():
    ngo = MembershipFactory()
    csr = MembershipFactory(organization=OrganizationFactory(kind="csr"))
    need = PostFactory(organization=ngo.organization, kind="need", resource_type="goods")
    offer = PostFactory(organization=csr.organization, kind="offer", resource_type="goods")
    return need, offer, ngo.user, csr.user


# --- Redis down ------------------------------------------------------------------------------------

def test_read_only_pages_and_api_render_while_redis_is_down(client, redis_down):
    organization = OrganizationFactory()
    PostFactory(organization=organization)
    for path in ["/", "/map/", "/orgs/", f"/orgs/{organization.slug}/", "/trust/funders/", "/en/"]:
        assert client.get(path).status_code == 200, path
    for path in ["/api/organizations/", "/api/posts/", "/api/map/provinces/"]:
        assert client.get(path).status_code == 200, path
    assert client.get("/api/map/features/", {**BOX, "layer": "posts"}).status_code == 200


def test_a_write_that_needs_redis_is_a_translated_503_page_and_nothing_is_saved(client, redis_down):
    membership = MembershipFactory()
    client.force_login(membership.user)
    form = {"organization": membership.organization.slug, "kind": "need", "resource_type": "goods",
            "title": "需要书", "expires_on": EXPIRES}
    response = client.post("/posts/new/", form)
    assert response.status_code == 503
    assert "请过几分钟再试" in response.content.decode()
    assert not ResourcePost.objects.exists()


def test_the_api_answers_a_json_503_when_a_write_needs_redis(client, redis_down):
    membership = MembershipFactory()
    client.force_login(membership.user)
    body = {"organization": membership.organization.slug, "kind": "need", "resource_type": "goods",
            "title": "需要书", "expires_on": EXPIRES}
    response = client.post("/api/posts/", json.dumps(body), content_type="application/json")
    assert response.status_code == 503
    assert "detail" in response.json()
    assert not ResourcePost.objects.exists()


def test_an_accepted_match_is_reported_done_and_its_notification_waits_in_the_outbox(
        client, sides, redis_down, django_capture_on_commit_callbacks):
    need, offer, ngo_user, csr_user = sides
    match = Match.objects.create(need=need, offer=offer, proposed_by=ngo_user, need_confirmed_by=ngo_user,
                                 need_confirmed_at=timezone.now())
    client.force_login(csr_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/matches/{match.pk}/accept/")
    assert response.status_code == 302
    assert Match.objects.get(pk=match.pk).status == "accepted"
    waiting = OutboxTask.objects.get()
    assert waiting.task == "mapplatform.tasks.notify_match_decided" and waiting.args == [match.pk]
    messages = [str(m) for m in client.get("/en/matches/").context["messages"]]
    assert any("accepted" in message for message in messages)


def test_the_outbox_keeps_tasks_while_the_broker_is_down_and_queues_them_when_it_is_back(settings):
    OutboxTask.objects.create(task="common.tasks.flush_outbox", args=[], error="down")
    with broker_at(UNREACHABLE):
        assert outbox_flush() == 0
        assert OutboxTask.objects.get().attempts == 2
    assert outbox_flush() == 1
    assert not OutboxTask.objects.exists()


def test_login_fails_with_a_clear_503_while_redis_is_down(client, redis_down):
    """allauth keeps its login limits in Redis: without them a sign-in is refused clearly, not
    answered with 'too many attempts' or a 500."""
    user = UserFactory()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 503
    assert "请过几分钟再试" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_login_page_itself_renders_while_redis_is_down(client, redis_down):
    assert client.get("/accounts/login/").status_code == 200


# --- Hiding an organization hides its needs and offers everywhere --------------------------------------

def test_hiding_an_organization_hides_its_posts_on_pages_api_map_matches_and_suggestions(client, sides):
    need, offer, ngo_user, csr_user = sides
    match = match_propose(need=need, offer=offer, user=ngo_user)
    Match.objects.filter(pk=match.pk).update(status="accepted", offer_confirmed_at=timezone.now(),
                                             offer_confirmed_by=csr_user, decided_at=timezone.now())
    other_need = PostFactory(kind="need", resource_type="goods")
    assert offer in [candidate for _score, candidate, _reasons in suggested_matches(post=other_need)]
    organization_set_status(organization=offer.organization, user=UserFactory(groups=["moderators"]),
                            status="hidden", reason="虚假机构")

    assert client.get(f"/posts/{offer.pk}/").status_code == 404
    assert client.get(f"/api/posts/{offer.pk}/").status_code == 404
    assert offer.pk not in [row["id"] for row in client.get("/api/posts/").json()["results"]]
    features = client.get("/api/map/features/", {**BOX, "layer": "posts"}).json()["features"]
    assert offer.pk not in [feature["properties"].get("id") for feature in features]
    listed = client.get("/api/map/list/", {**BOX, "layer": "posts"}).json()["results"]
    assert offer.pk not in [row["id"] for row in listed]
    assert client.get("/api/map/matches/", {"bbox": BOX["bbox"]}).json()["features"] == []
    assert offer.title not in client.get(f"/orgs/{need.organization.slug}/").content.decode()
    assert offer not in [candidate for _score, candidate, _reasons in suggested_matches(post=other_need)]
    assert not ResourcePost.objects.shown().filter(pk=offer.pk).exists()
    assert not Match.objects.shown().filter(pk=match.pk).exists()


def test_a_hidden_organizations_post_cannot_be_matched(sides):
    need, offer, ngo_user, _csr_user = sides
    organization_set_status(organization=offer.organization, user=UserFactory(groups=["moderators"]),
                            status="hidden", reason="虚假机构")
    with pytest.raises(Exception, match="no longer open"):
        match_propose(need=need, offer=ResourcePost.objects.get(pk=offer.pk), user=ngo_user)


# --- Uploads are served as safe downloads ------------------------------------------------------------

@pytest.mark.parametrize("name, expected_type", [("visit.html", "application/octet-stream"),
                                                  ("visit.svg", "application/octet-stream"),
                                                  ("report.pdf", "application/pdf"),
                                                  ("photo.png", "image/png")])
def test_uploads_are_downloads_with_a_safe_type_whatever_their_name(client, settings, tmp_path, name,
                                                                    expected_type):
    settings.MEDIA_ROOT = tmp_path
    settings.SERVE_MEDIA = True
    (tmp_path / "evaluations").mkdir()
    (tmp_path / "evaluations" / name).write_bytes(b"%PDF-1.4 <html><script>alert(1)</script></html>")
    response = client.get(f"/media/evaluations/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == expected_type
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_upload_paths_cannot_leave_the_media_folder(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SERVE_MEDIA = True
    (tmp_path / "media").mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    assert client.get("/media/../secret.txt").status_code == 404
    assert client.get("/media/%2e%2e/secret.txt").status_code == 404


def test_nginx_serves_uploads_as_downloads_with_a_safe_type():
    config = (Path(django_settings.BASE_DIR) / "deploy" / "nginx.conf").read_text()
    start = config.index("location /media/")
    media = config[start:config.index("location / {", start)]
    assert 'add_header Content-Disposition "attachment" always;' in media
    assert "default_type application/octet-stream;" in media
    assert "X-Content-Type-Options nosniff" in media
    assert "text/html" not in media


def test_nginx_passes_the_health_check_over_plain_http():
    config = (Path(django_settings.BASE_DIR) / "deploy" / "nginx.conf").read_text()
    plain = config[config.index("listen 80;"):config.index("listen 443")]
    assert "location = /healthz" in plain and "proxy_pass http://ngo20_web;" in plain


# --- Security headers -----------------------------------------------------------------------------

def test_pages_carry_a_content_security_policy_without_inline_script(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in directives["script-src"]
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)


def _project_templates():
    roots = [Path(django_settings.BASE_DIR) / "templates"]
    roots += [Path(d) for d in get_app_template_dirs("templates") if str(django_settings.BASE_DIR) in str(d)
              and ".venv" not in str(d)]
    for root in roots:
        yield from root.rglob("*.html")


def test_no_template_has_an_inline_script_or_event_handler():
    offenders = []
    for template in _project_templates():
        text = template.read_text(encoding="utf-8")
        if INLINE_SCRIPT.search(text) or INLINE_HANDLER.search(text):
            offenders.append(str(template))
    assert offenders == []


def test_the_api_docs_load_their_script_from_a_file(client):
    body = client.get("/api/docs/").content.decode()
    assert not INLINE_SCRIPT.search(body)


def test_personal_pages_and_downloads_are_not_stored(client):
    user = UserFactory()
    client.force_login(user)
    for path in ["/en/me/", "/en/matches/", "/", "/en/me/data.json"]:
        response = client.get(path)
        assert "no-store" in response["Cache-Control"], path
    download = client.get("/trust/funders/export.csv")
    assert download.status_code == 200 and "no-store" in download["Cache-Control"]


def test_anonymous_public_pages_are_not_marked_no_store(client):
    assert "no-store" not in client.get("/orgs/").get("Cache-Control", "")


@override_settings(SECURE_SSL_REDIRECT=True)
def test_healthz_answers_over_plain_http_while_other_pages_redirect(client):
    assert client.get("/healthz").status_code == 200
    assert client.get("/orgs/").status_code == 301
