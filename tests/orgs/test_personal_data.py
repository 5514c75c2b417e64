"""PIPL: "Download my data" holds everything a person wrote or that is about them, across every app;
"Delete my data" never fails, deletes what is personal, keeps organizations' records without the
person, strips the author from rating history and the address from the sent-email log."""

import datetime
import json

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from common.models import SentEmail
from common.personal_data import sections
from evaluation.models import AssessorAssignment, FieldEvaluation, Rating, RatingFlag, Shortlist
from mapplatform.models import Flag, Match, ResourcePost, Suggestion
from orgs.models import Membership, Organization, User
from orgs.services.organizations import organization_update
from surveys.models import Answer, Response
from tests.mapplatform.factories import PostFactory
from tests.orgs.factories import PASSWORD, MembershipFactory, OrganizationFactory, UserFactory
from tests.surveys.factories import QuestionFactory
from tests.trainings.factories import RunningWorkshopFactory, WorkshopFactory
from trainings.models import Application, Attendance, Challenge, HackathonRegistration, Team, TeamMember

pytestmark = pytest.mark.django_db

EXPECTED_SECTIONS = {
    "account", "memberships", "profile_edits", "ratings", "rating_reports", "field_visits", "shortlist", "posts",
    "matches", "flags", "suggestions", "workshop_applications", "hackathons", "survey_responses",
    "disclosures", "post_photos", "area_subscriptions",
    "future_village", "maker_profile",
}


def one_of_everything():
    """A person who has done everything the platform records, and what they did it to."""
    now = timezone.now()
    person = UserFactory(email="person@example.org", display_name="小明")
    home = MembershipFactory(user=person).organization
    other = OrganizationFactory(name="另一个机构")
    organization_update(organization=home, user=person, data={"description": "我写的简介"})
    # Ratings and reports
    Rating.objects.create(user=person, organization=other, public_trust=4, financial=3, influence=5,
                          comment="很靠谱")
    someone_elses = Rating.objects.create(user=UserFactory(), organization=home, public_trust=1, financial=1,
                                          influence=1)
    RatingFlag.objects.create(rating=someone_elses, flagged_by=person, reason="不实")
    # Posts, matches, flags, suggestions
    personal = PostFactory(organization=None, author=person, kind="offer", title="我的私人捐赠",
                           location=Point(104.06, 30.67, srid=4326), province_id="510000")
    personal_in_case = PostFactory(organization=None, author=person, kind="offer", title="已对接的捐赠",
                                   location=Point(104.06, 30.67, srid=4326), province_id="510000")
    for_home = PostFactory(organization=home, author=person, title="机构需要电脑")
    need = PostFactory(organization=other, title="另一个机构需要书")
    case = Match.objects.create(need=need, offer=personal_in_case, status="accepted", proposed_by=person,
                                need_confirmed_at=now, offer_confirmed_at=now, offer_confirmed_by=person,
                                decided_at=now)
    Flag.objects.create(post=need, reason="spam", flagged_by=person, comment="广告")
    Flag.objects.create(organization=other, reason="false", flagged_by=person, status="dismissed")
    Suggestion.objects.create(name="山村图书馆", kind="ngo", location=Point(104.0, 30.6, srid=4326),
                              province_id="510000", suggested_by=person)
    # Workshops, attendance, hackathons
    workshop = RunningWorkshopFactory()  # attendance is only for days that have come
    accepted = Application.objects.create(event=workshop, organization=home, applicant=person, position="coo",
                                          job_title="负责人", motivation="想学", internet_use="微信", status="accepted")
    Attendance.objects.create(application=accepted, day=workshop.starts_on)
    Application.objects.create(event=WorkshopFactory(), organization=home, applicant=person, position="coo",
                               job_title="负责人", motivation="再学", internet_use="微博", status="declined")
    hackathon = WorkshopFactory(kind="hackathon", eligible_regions=[], eligible_fields=[])
    challenge = Challenge.objects.create(event=hackathon, organization=home, title="排班", description="排班难",
                                         submitted_by=person)
    registration = HackathonRegistration.objects.create(event=hackathon, user=person, skills="前端")
    TeamMember.objects.create(team=Team.objects.create(challenge=challenge, name="排班侠"), registration=registration)
    # Survey response with an answer
    question = QuestionFactory()
    response = Response.objects.create(survey=question.survey, organization=home, status="submitted",
                                       started_by=person, submitted_by=person, submitted_at=now)
    Answer.objects.create(response=response, question=question, text="我们用微信")
    # Funders' shortlist, field visits as assessor and as approver
    Shortlist.objects.create(user=person, organization=other, note="值得看看")
    lead = UserFactory()
    AssessorAssignment.objects.create(organization=other, assessor=person)
    visit = dict(organization=other, visit_date=datetime.date(2026, 5, 1), score_public_trust=4, score_financial=4,
                 score_influence=3)
    approved = FieldEvaluation.objects.create(assessor=person, evidence="走访记录", status="approved",
                                              approved_by=lead, approved_at=now, **visit)
    draft = FieldEvaluation.objects.create(assessor=person, evidence="草稿", **visit)
    approved_by_person = FieldEvaluation.objects.create(assessor=lead, evidence="他人的走访", status="approved",
                                                        approved_by=person, approved_at=now, **visit)
    SentEmail.objects.create(key="membership-claim:1", to="person@example.org", subject="认领", sent_at=now)
    return {"person": person, "home": home, "other": other, "for_home": for_home, "personal": personal,
            "personal_in_case": personal_in_case, "case": case, "accepted": accepted, "response": response,
            "approved": approved, "draft": draft, "approved_by_person": approved_by_person,
            "challenge": challenge}


def test_every_app_registers_its_section_of_personal_data():
    assert set(sections()) == EXPECTED_SECTIONS


def test_download_holds_everything_the_person_wrote_or_that_is_about_them(client):
    world = one_of_everything()
    client.force_login(world["person"])
    response = client.get("/me/data.json")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert EXPECTED_SECTIONS <= set(data)
    assert data["account"]["email"] == "person@example.org" and data["account"]["display_name"] == "小明"
    assert data["account"]["emails_sent_to_you"][0]["subject"] == "认领"
    assert data["memberships"][0]["organization"] == world["home"].name
    assert any(edit["organization_slug"] == world["home"].slug for edit in data["profile_edits"])
    assert data["ratings"][0]["comment"] == "很靠谱"
    assert data["rating_reports"][0]["reason"] == "不实"
    assert {post["title"] for post in data["posts"]} == {"我的私人捐赠", "已对接的捐赠", "机构需要电脑"}
    assert data["matches"][0]["status"] == "accepted"
    assert set(data["matches"][0]["your_part"]) == {"proposed_by", "offer_confirmed_by"}
    assert {flag["reason"] for flag in data["flags"]} == {"spam", "false"}
    assert data["suggestions"][0]["name"] == "山村图书馆"
    applications = {row["status"]: row for row in data["workshop_applications"]}
    assert set(applications) == {"accepted", "declined"}
    assert applications["accepted"]["attendance"][0]["present"] is True
    assert data["hackathons"]["registrations"][0]["teams"][0]["team"] == "排班侠"
    assert data["hackathons"]["challenges_submitted"][0]["title"] == "排班"
    assert data["survey_responses"][0]["answers"][world["response"].answers.get().question.key]["text"] == "我们用微信"
    assert data["shortlist"][0]["note"] == "值得看看"
    assert {visit["status"] for visit in data["field_visits"]} == {"approved", "draft"}


def test_delete_never_fails_and_says_what_happened(client):
    world = one_of_everything()
    person, home = world["person"], world["home"]
    client.force_login(person)
    response = client.post("/en/me/delete/", {"password": PASSWORD})
    assert response.status_code == 200
    summary = response.content.decode()
    for phrase in ("Ratings and comments deleted: 1", 'attributed to &quot;a former assessor&quot;: 1',
                   "Your personal needs and offers deleted: 1", "part of a matched case: 1",
                   "Workshop applications deleted: 1", "Hackathon registrations deleted: 1",
                   "Addresses removed from the log of sent emails: 1"):
        assert phrase in summary, phrase
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(pk=person.pk).exists()

    # Personal content is gone.
    assert not Rating.objects.filter(organization=world["other"]).exists()
    assert not ResourcePost.objects.filter(pk=world["personal"].pk).exists()
    assert not Membership.objects.filter(organization=home).exists()
    assert not Shortlist.objects.exists() and not HackathonRegistration.objects.exists()
    assert not FieldEvaluation.objects.filter(pk=world["draft"].pk).exists()
    assert not AssessorAssignment.objects.exists()
    assert not Suggestion.objects.exists()
    assert list(Flag.objects.values_list("status", "flagged_by", "comment")) == [("dismissed", None, "")]
    assert not Application.objects.filter(status="declined").exists()

    # Organizations' records stay, without the person.
    approved = FieldEvaluation.objects.get(pk=world["approved"].pk)
    assert approved.assessor is None and approved.assessor_name == "a former assessor"
    assert FieldEvaluation.objects.get(pk=world["approved_by_person"].pk).approved_by is None
    accepted = Application.objects.get(pk=world["accepted"].pk)
    assert accepted.applicant is None and accepted.attendance.count() == 1
    kept_offer = ResourcePost.objects.get(pk=world["personal_in_case"].pk)
    assert kept_offer.author is None and kept_offer.status == "closed"
    case = Match.objects.get(pk=world["case"].pk)
    assert case.status == "accepted" and case.proposed_by is None and case.offer_confirmed_by is None
    assert ResourcePost.objects.get(pk=world["for_home"].pk).author is None
    assert Response.objects.filter(pk=world["response"].pk, started_by=None, submitted_by=None).exists()
    assert Challenge.objects.get(pk=world["challenge"].pk).submitted_by is None
    assert Organization.objects.get(pk=home.pk).description == "我写的简介"

    # No history row or email log names the person any more.
    assert not Organization.history.filter(history_user_id=person.pk).exists()
    assert not Rating.history.filter(user_id=person.pk).exists()
    assert Rating.history.filter(user_id=None, comment="很靠谱").exists()  # the history row stays, anonymous
    assert not ResourcePost.history.filter(author_id=person.pk).exists()
    assert SentEmail.objects.get(key="membership-claim:1").to == ""


def test_a_person_with_nothing_can_delete_too(client):
    person = UserFactory()
    client.force_login(person)
    response = client.post("/en/me/delete/", {"password": PASSWORD})
    assert response.status_code == 200 and "Your account, email addresses and sign-in data were deleted" in (
        response.content.decode())
    assert not User.objects.filter(pk=person.pk).exists()
