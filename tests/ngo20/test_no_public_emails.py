"""No page shows a user's email address to the public: people appear by the display name they set
(or "user N"), on hackathon teams, posts, comments and the map alike."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.gis.geos import Point

from evaluation.models import Rating
from tests.mapplatform.factories import PostFactory
from tests.orgs.factories import OrganizationFactory, UserFactory
from tests.trainings.factories import WorkshopFactory
from trainings.models import Challenge, HackathonRegistration, Team, TeamMember

SECRET = "secret-person@example.org"

# Templates that may print an address: only to the people it belongs to or to an organization's
# owners deciding a claim (members page), never on a public page.
EMAIL_ALLOWED = {"orgs/templates/orgs/members.html"}


def project_templates():
    root = Path(settings.BASE_DIR)
    for path in root.rglob("*.html"):
        relative = path.relative_to(root).as_posix()
        if relative.startswith((".venv/", "var/", "node_modules/")):
            continue
        yield relative, path.read_text(encoding="utf-8")


def test_no_template_prints_an_email_address_outside_the_allowed_pages():
    offenders = [
        relative for relative, text in project_templates()
        if relative not in EMAIL_ALLOWED and re.search(r"\{\{[^}]*\.email\b(?!_)", text)
    ]
    assert offenders == []


@pytest.mark.django_db
def test_a_user_shown_on_a_page_is_shown_by_display_name_never_by_email():
    anonymous = UserFactory(email=SECRET, display_name="")
    named = UserFactory(email="named@example.org", display_name="热心的小王")
    assert str(anonymous) == f"user {anonymous.pk}" and SECRET not in str(anonymous)
    assert str(named) == "热心的小王"


@pytest.mark.django_db
def test_public_pages_and_the_map_never_show_a_makers_or_authors_email(client):
    person = UserFactory(email=SECRET, display_name="")
    organization = OrganizationFactory()
    hackathon = WorkshopFactory(kind="hackathon", eligible_regions=[], eligible_fields=[])
    challenge = Challenge.objects.create(event=hackathon, organization=organization, title="排班", description="排班难",
                                         submitted_by=person)
    registration = HackathonRegistration.objects.create(event=hackathon, user=person, skills="前端")
    TeamMember.objects.create(team=Team.objects.create(challenge=challenge, name="排班侠"), registration=registration)
    post = PostFactory(organization=None, author=person, kind="offer", location=Point(104.06, 30.67, srid=4326),
                       province_id="510000")
    Rating.objects.create(user=person, organization=organization, public_trust=4, financial=4, influence=4,
                          comment="很好")
    pages = [
        hackathon.get_absolute_url(),
        post.get_absolute_url(),
        organization.get_absolute_url(),
        "/map/",
        "/api/map/list/?layer=posts&bbox=103,30,105,31",
        "/api/map/features/?layer=posts&bbox=103,30,105,31&zoom=14",
        "/api/posts/",
        f"/api/posts/{post.pk}/",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "secret-person" not in response.content.decode(), path
    team_page = client.get(hackathon.get_absolute_url()).content.decode()
    assert f"user {person.pk}" in team_page or f"用户 {person.pk}" in team_page


@pytest.mark.django_db
def test_people_set_their_display_name_on_the_account_page(client):
    person = UserFactory(email=SECRET, display_name="")
    client.force_login(person)
    assert "/me/name/" in client.get("/en/me/").content.decode()
    refused = client.post("/en/me/name/", {"display_name": "me@example.org"})
    assert "cannot contain" in refused.content.decode()
    refused = client.post("/en/me/name/", {"display_name": "<b>x</b>"})
    assert "HTML" in refused.content.decode()
    person.refresh_from_db()
    assert person.display_name == ""
    saved = client.post("/en/me/name/", {"display_name": "  山里的  志愿者 "})
    assert saved.status_code == 302
    person.refresh_from_db()
    assert person.display_name == "山里的 志愿者"
    assert client.get("/en/me/").status_code == 200
