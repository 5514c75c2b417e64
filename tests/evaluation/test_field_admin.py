"""Field visits and assessor assignments in the admin: every change goes through the services.
A submitted visit is frozen until a lead assessor approves it or sends it back."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from evaluation.models import AssessorAssignment, FieldEvaluation, FieldEvaluationAttachment
from evaluation.services.field import (
    assessor_assign,
    field_evaluation_review,
    field_evaluation_save,
    field_evaluation_submit,
)
from tests.orgs.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

VISITS = "/en/admin/evaluation/fieldevaluation/"
ASSIGNMENTS = "/en/admin/evaluation/assessorassignment/"
NO_ATTACHMENTS = {"attachments-TOTAL_FORMS": 0, "attachments-INITIAL_FORMS": 0,
                  "attachments-MIN_NUM_FORMS": 0, "attachments-MAX_NUM_FORMS": 1000}


def visit_form(organization, **changes):
    return {"organization": organization.pk, "visit_date": timezone.localdate().isoformat(),
            "score_public_trust": 4, "score_financial": 3, "score_influence": 4, "evidence": "查看了账目",
            "recommendation": "", **NO_ATTACHMENTS, **changes}


@pytest.fixture
def organization():
    return OrganizationFactory()


@pytest.fixture
def lead():
    return UserFactory(groups=["assessors", "lead_assessors"], is_staff=True)


@pytest.fixture
def assessor(organization, lead):
    user = UserFactory(groups=["assessors"], is_staff=True)
    assessor_assign(organization=organization, assessor=user, user=lead)
    return user


def test_an_assigned_assessor_records_and_edits_a_draft_in_the_admin(client, organization, assessor):
    client.force_login(assessor)
    assert client.post(f"{VISITS}add/", visit_form(organization)).status_code == 302
    visit = FieldEvaluation.objects.get()
    assert (visit.assessor, visit.status) == (assessor, "draft")
    client.post(f"{VISITS}{visit.pk}/change/", visit_form(organization, evidence="补充了材料"))
    visit.refresh_from_db()
    assert visit.evidence == "补充了材料"


def test_a_submitted_visit_is_frozen_until_approved_or_sent_back(client, organization, assessor, lead):
    visit = field_evaluation_save(user=assessor, data={
        "organization": organization, "visit_date": timezone.localdate(), "score_public_trust": 4,
        "score_financial": 3, "score_influence": 4, "evidence": "查看了账目"})
    field_evaluation_submit(evaluation=visit, user=assessor)
    client.force_login(assessor)
    page = client.get(f"{VISITS}{visit.pk}/change/")
    assert page.status_code == 200 and 'name="evidence"' not in page.content.decode()  # read-only
    response = client.post(f"{VISITS}{visit.pk}/change/", visit_form(organization, score_public_trust=5))
    assert response.status_code == 403
    with pytest.raises(ValidationError, match="submitted visit"):
        field_evaluation_save(evaluation=visit, user=assessor, data={"score_public_trust": 5})
    visit.refresh_from_db()
    assert visit.score_public_trust == 4
    # Sent back: the assessor may change it again.
    field_evaluation_review(evaluation=visit, user=lead, approve=False, note="缺少财务数据")
    client.post(f"{VISITS}{visit.pk}/change/", visit_form(organization, score_financial=2))
    visit.refresh_from_db()
    assert visit.score_financial == 2
    # Approved: frozen for good.
    field_evaluation_submit(evaluation=visit, user=assessor)
    field_evaluation_review(evaluation=visit, user=lead, approve=True)
    with pytest.raises(ValidationError, match="approved visit"):
        field_evaluation_save(evaluation=visit, user=assessor, data={"score_financial": 5})


def test_attachments_of_a_submitted_visit_cannot_be_added(client, organization, assessor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    visit = field_evaluation_save(user=assessor, data={
        "organization": organization, "visit_date": timezone.localdate(), "score_public_trust": 4,
        "score_financial": 3, "score_influence": 4, "evidence": "查看了账目"})
    field_evaluation_submit(evaluation=visit, user=assessor)
    client.force_login(assessor)
    client.post(f"{VISITS}{visit.pk}/change/", {
        **visit_form(organization), "attachments-TOTAL_FORMS": 1,
        "attachments-0-file": SimpleUploadedFile("report.pdf", b"%PDF-1.7 ...", content_type="application/pdf"),
        "attachments-0-description": "报告"})
    assert not FieldEvaluationAttachment.objects.exists()


def test_nobody_edits_another_assessors_visit(client, organization, assessor, lead):
    visit = field_evaluation_save(user=assessor, data={
        "organization": organization, "visit_date": timezone.localdate(), "score_public_trust": 4,
        "score_financial": 3, "score_influence": 4, "evidence": "查看了账目"})
    assessor_assign(organization=organization, assessor=lead, user=lead)
    client.force_login(lead)
    assert client.post(f"{VISITS}{visit.pk}/change/", visit_form(organization, evidence="改")).status_code == 403
    with pytest.raises(PermissionDenied):
        field_evaluation_save(evaluation=visit, user=lead, data={"evidence": "改"})
    visit.refresh_from_db()
    assert visit.evidence == "查看了账目"


def test_an_unassigned_assessor_cannot_record_a_visit(organization):
    stranger = UserFactory(groups=["assessors"])
    with pytest.raises(PermissionDenied):
        field_evaluation_save(user=stranger, data={
            "organization": organization, "visit_date": timezone.localdate(), "score_public_trust": 4,
            "score_financial": 3, "score_influence": 4, "evidence": "x"})
    assert not FieldEvaluation.objects.exists()


def test_a_lead_assigns_only_assessors_through_the_service(client, organization, lead):
    assessor = UserFactory(groups=["assessors"])
    funder = UserFactory(groups=["funders"])
    client.force_login(lead)
    refused = client.post(f"{ASSIGNMENTS}add/", {"organization": organization.pk, "assessor": funder.pk})
    assert refused.status_code == 200 and not AssessorAssignment.objects.exists()
    client.post(f"{ASSIGNMENTS}add/", {"organization": organization.pk, "assessor": assessor.pk})
    assignment = AssessorAssignment.objects.get()
    assert (assignment.assessor, assignment.assigned_by) == (assessor, lead)
    with pytest.raises(ValidationError, match="not an assessor"):
        assessor_assign(organization=organization, assessor=funder, user=lead)


def test_an_assignment_is_not_re_pointed_in_the_admin(client, organization, lead, assessor):
    assignment = AssessorAssignment.objects.get(assessor=assessor)
    other = OrganizationFactory()
    client.force_login(lead)
    client.post(f"{ASSIGNMENTS}{assignment.pk}/change/", {"organization": other.pk, "assessor": lead.pk})
    assignment.refresh_from_db()
    assert (assignment.organization, assignment.assessor) == (organization, assessor)


def test_a_plain_assessor_cannot_assign(client, organization):
    assessor = UserFactory(groups=["assessors"], is_staff=True)
    client.force_login(assessor)
    assert client.post(f"{ASSIGNMENTS}add/", {"organization": organization.pk,
                                              "assessor": assessor.pk}).status_code == 403
    assert not AssessorAssignment.objects.exists()
