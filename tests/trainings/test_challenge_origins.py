"""A hackathon challenge can come from a village, school or person, not only a member organization."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from tests.orgs.factories import MembershipFactory, UserFactory
from trainings.models import Challenge
from trainings.services.hackathons import challenge_submit, maker_register, team_form, team_mark_adoption, team_record_result

from .factories import WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hackathon():
    return WorkshopFactory(kind="hackathon", slug="hack", eligible_regions=[], eligible_fields=[])


def test_a_village_problem_brought_by_a_verified_user(hackathon):
    volunteer = UserFactory()
    challenge = challenge_submit(event=hackathon, user=volunteer, origin="village", origin_name="凉山州昭觉县某村",
                                 title="村里的水井没人记录水质", description="想要一个记录水质的工具。")
    assert (challenge.organization, challenge.origin, challenge.origin_name) == (None, "village", "凉山州昭觉县某村")
    assert challenge.origin_label == "凉山州昭觉县某村 · A village"
    # The person who brought it answers for it when a team's result comes in.
    maker = UserFactory()
    maker_register(event=hackathon, user=maker, skills="后端")
    team = team_form(challenge=challenge, user=maker, name="水质小队")
    team_record_result(team=team, user=maker, link="https://example.org/water", description="水质记录表")
    with pytest.raises(PermissionDenied):
        team_mark_adoption(team=team, user=maker, will_use=True)
    team_mark_adoption(team=team, user=volunteer, will_use=True)


def test_an_origin_must_be_named(hackathon):
    with pytest.raises(ValidationError, match="Name the village"):
        challenge_submit(event=hackathon, user=UserFactory(), origin="school", origin_name="  ", title="x", description="y")
    with pytest.raises(ValidationError, match="Choose the organization"):
        challenge_submit(event=hackathon, user=UserFactory(), title="x", description="y")
    assert Challenge.objects.count() == 0


def test_the_database_refuses_a_challenge_from_nobody(hackathon):
    with pytest.raises(IntegrityError), transaction.atomic():
        Challenge.objects.create(event=hackathon, origin="organization", title="x", description="y")
    with pytest.raises(IntegrityError), transaction.atomic():
        Challenge.objects.create(event=hackathon, origin="person", origin_name="", title="x", description="y")


def test_the_page_offers_villages_schools_and_people(client, hackathon):
    user = UserFactory()
    client.force_login(user)
    page = client.get(f"/en/trainings/{hackathon.slug}/").content.decode()
    assert 'value="origin:village"' in page and 'value="origin:school"' in page and 'value="origin:person"' in page
    client.post(f"/en/trainings/{hackathon.slug}/challenges/", {
        "organization": "origin:school", "origin_name": "昭觉县民族中学", "title": "图书借阅", "description": "需要借阅系统"})
    challenge = Challenge.objects.get()
    assert (challenge.origin, challenge.origin_name, challenge.submitted_by) == ("school", "昭觉县民族中学", user)
    assert "昭觉县民族中学" in client.get(f"/en/trainings/{hackathon.slug}/").content.decode()


def test_members_still_submit_for_their_organization(client, hackathon):
    membership = MembershipFactory()
    challenge = challenge_submit(event=hackathon, organization=membership.organization, user=membership.user,
                                 title="排班", description="志愿者排班")
    assert (challenge.origin, challenge.origin_name) == ("organization", "")
