"""Merging two organizations: everything moves, nothing is lost, the merged one redirects."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from evaluation.models import (
    AssessorAssignment,
    Disclosure,
    FieldEvaluation,
    Rating,
    RatingSummary,
    Shortlist,
    TrustScore,
    TrustScoreHistory,
)
from mapplatform.models import DigestEntry, Flag, Match, ResourcePost, Suggestion
from orgs.models import DuplicateCandidate, IssueField, Membership, MergeRecord, Organization, TrustSummary
from orgs.services.merge import MergeIncomplete, _left_behind, organizations_merge
from orgs.services.organizations import organization_set_status
from surveys.models import Invitation, Response
from tests.mapplatform.factories import PostFactory, SubscriptionFactory
from tests.surveys.factories import SurveyFactory
from tests.trainings.factories import WorkshopFactory, codesign_project
from trainings.models import Application, Challenge, CoDesignProject

from .factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

SCORES = {"public_trust": 4, "financial": 3, "influence": 5}


@pytest.fixture
def moderator():
    return UserFactory(groups=["moderators"], is_staff=True)


def _application(event, organization, user):
    return Application.objects.create(event=event, organization=organization, applicant=user, position="coo",
                                      job_title="项目主管", motivation="学习", internet_use="微信")


def _rich(survivor, merged):
    """Rows in every table that points at an organization, some of them clashing on a unique rule."""
    both = UserFactory()  # a member of both, who also rated both and shortlisted both
    MembershipFactory(organization=survivor, user=both, role="owner", status="approved")
    MembershipFactory(organization=merged, user=both, role="editor", status="approved")
    MembershipFactory(organization=merged, role="owner", status="approved")
    MembershipFactory(organization=merged, role="editor", status="pending")  # a claim

    shared_survey, other_survey = SurveyFactory(), SurveyFactory()
    for organization in (survivor, merged):
        Invitation.objects.create(survey=shared_survey, organization=organization, email="a@example.org")
        Response.objects.create(survey=shared_survey, organization=organization)
    Invitation.objects.create(survey=other_survey, organization=merged, email="b@example.org")
    Response.objects.create(survey=other_survey, organization=merged)

    need = PostFactory(organization=merged)
    offer = PostFactory(organization=survivor, kind="offer")
    Match.objects.create(need=need, offer=offer)
    PostFactory(organization=merged, kind="offer")
    flagger = UserFactory()
    Flag.objects.create(organization=survivor, flagged_by=flagger, reason="spam")
    Flag.objects.create(organization=merged, flagged_by=flagger, reason="spam")
    Flag.objects.create(organization=merged, flagged_by=UserFactory(), reason="spam")
    Suggestion.objects.create(name=merged.name, kind="ngo", location=merged.location, province=merged.province,
                              organization=merged)
    told_of_both, told_of_one = SubscriptionFactory(user=both), SubscriptionFactory()
    for organization in (survivor, merged):
        DigestEntry.objects.create(subscription=told_of_both, organization=organization)
    DigestEntry.objects.create(subscription=told_of_one, organization=merged)

    shared_event, other_event = WorkshopFactory(), WorkshopFactory()
    _application(shared_event, survivor, both)
    _application(shared_event, merged, both)
    _application(other_event, merged, both)
    Challenge.objects.create(event=shared_event, organization=merged, title="数据看板", description="需要")
    project = codesign_project()
    project.organizations.add(merged)
    shared_project = codesign_project(title="共同项目")
    shared_project.organizations.add(merged, survivor)

    assessor = UserFactory()
    AssessorAssignment.objects.create(organization=survivor, assessor=assessor)
    AssessorAssignment.objects.create(organization=merged, assessor=assessor)
    AssessorAssignment.objects.create(organization=merged, assessor=UserFactory())
    FieldEvaluation.objects.create(organization=merged, visit_date=timezone.localdate(), score_public_trust=4,
                                   score_financial=3, score_influence=4, evidence="走访")
    Disclosure.objects.create(organization=merged, kind="annual_report", title="年度报告", year=2025, published_on=timezone.localdate())
    Rating.objects.create(user=both, organization=survivor, **SCORES)
    Rating.objects.create(user=both, organization=merged, **SCORES)
    Rating.objects.create(user=UserFactory(), organization=merged, **SCORES)
    Shortlist.objects.create(user=both, organization=survivor)
    Shortlist.objects.create(user=both, organization=merged)
    now = timezone.now()
    RatingSummary.objects.create(organization=merged, count=2, sum_public_trust=8, sum_financial=6,
                                 sum_influence=10, weight=2, weighted_public_trust=8, weighted_financial=6,
                                 weighted_influence=10, last_rated_at=now)
    TrustScore.objects.create(organization=merged, overall=Decimal("60.0"), grade="C", confidence="low",
                              method_version="1", computed_at=now)
    TrustScoreHistory.objects.create(organization=merged, day=datetime.date(2026, 1, 1), overall=Decimal("60.0"),
                                     grade="C", method_version="1")
    TrustSummary.objects.create(organization=merged, grade="C", score=Decimal("60.0"))
    return both


def _relations():
    """Every table that points at an organization (as the merge service checks them)."""
    for relation in Organization._meta.get_fields(include_hidden=True):
        if relation.auto_created and not relation.concrete and relation.is_relation and not relation.many_to_many:
            model = relation.related_model
            if model.__name__.startswith("Historical") or model._meta.label in {
                    "orgs.MergeRecord", "orgs.DuplicateCandidate", "orgs.ImportRowIssue", "orgs.Organization",
                    "orgs.Organization_issue_fields"}:
                continue
            yield model, relation.field.name


def _counts(*organizations):
    return {
        model._meta.label: {org.pk: model._default_manager.filter(**{name: org}).count() for org in organizations}
        for model, name in _relations()
    }


def test_the_rich_fixture_touches_every_table_that_points_at_an_organization():
    """A new table pointing at organizations needs a mover (in its app's merging.py) and a row here."""
    survivor, merged = OrganizationFactory(), OrganizationFactory()
    _rich(survivor, merged)
    missing = [label for label, per_org in _counts(merged).items() if not per_org[merged.pk]]
    assert missing == []


def test_merge_moves_everything_and_loses_nothing(moderator, django_capture_on_commit_callbacks):
    survivor, merged = OrganizationFactory(name="阳光助学中心"), OrganizationFactory(name="阳光助学服务中心")
    both = _rich(survivor, merged)
    before = _counts(survivor, merged)
    merged_posts = sorted(ResourcePost.objects.filter(organization=merged).values_list("pk", flat=True))
    totals_before = {model._meta.label: model._default_manager.count() for model, _name in _relations()}

    with django_capture_on_commit_callbacks() as callbacks:
        record = organizations_merge(survivor=survivor, merged=merged, user=moderator, reason="同一机构，两次登记")

    after = _counts(survivor, merged)
    kept = {}
    for entry in record.kept:
        kept[entry["table"]] = kept.get(entry["table"], 0) + len(entry["ids"])
    for label, per_org in before.items():
        # Every row is either with the survivor now, or listed as kept back with the merged one.
        assert after[label][merged.pk] == kept.get(label, 0), label
        assert after[label][survivor.pk] + after[label][merged.pk] == per_org[survivor.pk] + per_org[merged.pk], label
    assert {model._meta.label: model._default_manager.count() for model, _name in _relations()} == totals_before
    assert kept == {
        "orgs.Membership": 1, "surveys.Invitation": 1, "surveys.Response": 1, "mapplatform.Flag": 1,
        "mapplatform.DigestEntry": 1,
        "trainings.Application": 1, "trainings.CoDesignProject_organizations": 1,
        "evaluation.AssessorAssignment": 1, "evaluation.Rating": 1, "evaluation.Shortlist": 1,
        "evaluation.TrustScore": 1, "evaluation.TrustScoreHistory": 1, "evaluation.RatingSummary": 1,
        "orgs.TrustSummary": 1,
    }
    # The person who rated both keeps the survivor's rating; the other one is listed, not deleted.
    assert Rating.objects.filter(user=both, organization=survivor).count() == 1
    assert Rating.objects.filter(user=both).count() == 2
    assert record.moved["mapplatform.ResourcePost"] == 2
    assert record.moved_rows["mapplatform.ResourcePost"] == merged_posts
    assert record.moved["evaluation.Rating"] == 1
    assert record.moved["mapplatform.DigestEntry"] == 1  # told of the merged one only: now of the survivor
    assert Match.objects.get().need.organization == survivor
    assert set(CoDesignProject.objects.filter(organizations=survivor).values_list("title", flat=True)) == {
        "雨季山路", "共同项目"}
    # The trust score is recomputed through evaluation's on-commit entry point.
    assert [cb.__qualname__ for cb in callbacks].count("schedule_recompute.<locals>.enqueue") == 1
    merged.refresh_from_db()
    assert merged.merged_into == survivor and merged.status == "hidden"
    assert MergeRecord.objects.get(merged=merged).merged_by == moderator


def test_merge_fills_the_survivors_empty_fields_and_adds_issue_fields(moderator):
    fields = list(IssueField.objects.order_by("position")[:2])
    survivor = OrganizationFactory(website="", issue_fields=[fields[0]])
    merged = OrganizationFactory(website="https://example.org", contact_phone="028-86123456",
                                 issue_fields=[fields[1]])
    record = organizations_merge(survivor=survivor, merged=merged, user=moderator, reason="重复")
    survivor.refresh_from_db()
    assert survivor.website == "https://example.org"
    assert survivor.contact_phone == merged.contact_phone
    assert set(survivor.issue_fields.all()) == set(fields)
    assert "website" in record.moved["profile fields"]


def test_the_merged_address_redirects_permanently_to_the_survivor(client, moderator):
    survivor, merged = OrganizationFactory(), OrganizationFactory()
    organizations_merge(survivor=survivor, merged=merged, user=moderator, reason="重复")
    response = client.get(f"/orgs/{merged.slug}/")
    assert response.status_code == 301
    assert response["Location"] == f"/orgs/{survivor.slug}/"
    client.force_login(moderator)  # a moderator may see hidden profiles: still redirected
    assert client.get(f"/orgs/{merged.slug}/").status_code == 301


def test_the_merged_organization_is_hidden_from_lists_and_cannot_be_republished(client, moderator):
    survivor = OrganizationFactory(name="保留的机构")
    merged = OrganizationFactory(name="被合并的机构")
    organizations_merge(survivor=survivor, merged=merged, user=moderator, reason="重复")
    body = client.get("/orgs/").content.decode()
    assert "保留的机构" in body and "被合并的机构" not in body
    with pytest.raises(ValidationError):
        organization_set_status(organization=merged, user=moderator, status="published")


def test_only_moderators_merge_and_not_twice(moderator):
    survivor, merged, third = OrganizationFactory(), OrganizationFactory(), OrganizationFactory()
    with pytest.raises(PermissionDenied):
        organizations_merge(survivor=survivor, merged=merged, user=UserFactory(), reason="重复")
    with pytest.raises(ValidationError):
        organizations_merge(survivor=survivor, merged=survivor, user=moderator, reason="重复")
    with pytest.raises(ValidationError):
        organizations_merge(survivor=survivor, merged=merged, user=moderator, reason="  ")
    organizations_merge(survivor=survivor, merged=merged, user=moderator, reason="重复")
    with pytest.raises(ValidationError):
        organizations_merge(survivor=third, merged=merged, user=moderator, reason="重复")
    assert not Organization.objects.filter(merged_into=third).exists()


def test_a_row_no_mover_accounts_for_stops_the_merge():
    merged = OrganizationFactory()
    MembershipFactory(organization=merged)
    assert _left_behind(merged, kept=[]) == {"orgs.Membership": 1}
    membership = Membership.objects.get()
    assert _left_behind(merged, kept=[{"table": "orgs.Membership", "ids": [membership.pk], "why": ""}]) == {}
    assert issubclass(MergeIncomplete, Exception)


def test_merging_closes_the_duplicate_pair(moderator):
    survivor, merged = OrganizationFactory(), OrganizationFactory()
    pair = DuplicateCandidate.objects.create(organization=merged, existing=survivor, reasons=["same_name"])
    organizations_merge(survivor=survivor, merged=merged, user=moderator, reason="重复")
    pair.refresh_from_db()
    assert pair.status == "merged"


def test_admin_merge_page_merges_and_shows_the_record(client, moderator):
    survivor, merged = OrganizationFactory(name="甲机构"), OrganizationFactory(name="乙机构")
    client.force_login(moderator)
    page = client.post("/en/admin/orgs/organization/", {"action": "merge_two",
                                                         "_selected_action": [survivor.pk, merged.pk]})
    assert page.status_code == 302 and "/admin/orgs/organization/merge/" in page["Location"]
    form = client.get(page["Location"])
    assert "甲机构" in form.content.decode() and "乙机构" in form.content.decode()
    done = client.post("/en/admin/orgs/organization/merge/", {"id": [survivor.pk, merged.pk],
                                                              "survivor": survivor.pk, "reason": "同一机构"})
    record = MergeRecord.objects.get()
    assert done.status_code == 302 and done["Location"].endswith(f"/admin/orgs/mergerecord/{record.pk}/change/")
    body = client.get(done["Location"]).content.decode()
    assert "同一机构" in body and "乙机构" in body
