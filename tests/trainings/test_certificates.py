"""Certificates: who earns one, issuing and revoking in bulk, the PDF, the public verification page."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.orgs.factories import UserFactory
from trainings.models import Attendance, Certificate
from trainings.services.certificates import (
    certificate_candidates,
    certificate_days_required,
    certificate_issue,
    certificate_revoke,
)

from .factories import WorkshopFactory
from .test_cohort import participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer():
    return UserFactory(groups=["trainers"], is_staff=True)


def finished_workshop(days=3, **fields):
    start = timezone.localdate() - datetime.timedelta(days=30)
    return WorkshopFactory(starts_on=start, ends_on=start + datetime.timedelta(days=days - 1), status="completed",
                           applications_open_on=start - datetime.timedelta(days=60),
                           applications_close_on=start - datetime.timedelta(days=20), **fields)


def attended(application, days):
    for day in application.event.days()[:days]:
        Attendance.objects.create(application=application, day=day, present=True)
    return application


def test_days_required_is_all_days_by_default_or_the_workshops_number_or_the_sites_share(settings):
    event = finished_workshop(days=3)
    assert certificate_days_required(event) == 3
    settings.TRAININGS_CERTIFICATE_MIN_PERCENT = 50
    assert certificate_days_required(event) == 2  # half of 3, rounded up
    event.certificate_min_days = 1
    assert certificate_days_required(event) == 1
    event.certificate_min_days = 9
    assert certificate_days_required(event) == 3  # never more than the workshop has


def test_only_accepted_participants_who_attended_enough_days_get_a_certificate(trainer):
    event = finished_workshop(days=2)
    full = attended(participant(event), 2)
    partial = attended(participant(event), 1)
    absent_marked = participant(event)
    Attendance.objects.create(application=absent_marked, day=event.starts_on, present=False)
    Attendance.objects.create(application=absent_marked, day=event.ends_on, present=False)
    withdrawn = attended(participant(event, status="withdrawn"), 2)
    assert list(certificate_candidates(event=event)) == [full]
    issued, refused = certificate_issue(applications=[full, partial, absent_marked, withdrawn], user=trainer)
    assert [certificate.application for certificate in issued] == [full]
    assert issued[0].days_attended == 2 and issued[0].issued_by == trainer
    assert refused[partial] == "Attended 1 of the 2 days needed."
    assert refused[absent_marked] == "Attended 0 of the 2 days needed."
    assert refused[withdrawn] == "Only accepted participants receive a certificate."
    again, refused = certificate_issue(applications=[full], user=trainer)
    assert again == [] and refused[full] == "Already has a valid certificate."
    assert Certificate.objects.count() == 1


def test_certificate_codes_are_long_random_and_distinct(trainer):
    event = finished_workshop(days=1)
    applications = [attended(participant(event), 1) for _index in range(5)]
    issued, _refused = certificate_issue(applications=applications, user=trainer)
    codes = {certificate.code for certificate in issued}
    assert len(codes) == 5 and all(len(code) == 16 for code in codes)
    assert not any(str(certificate.pk) in certificate.code for certificate in issued if certificate.pk > 9)


def test_only_trainers_issue_and_revoke(trainer):
    event = finished_workshop(days=1)
    application = attended(participant(event), 1)
    with pytest.raises(PermissionDenied):
        certificate_issue(applications=[application], user=application.applicant)
    (certificate,), _refused = certificate_issue(applications=[application], user=trainer)
    with pytest.raises(PermissionDenied):
        certificate_revoke(certificates=[certificate], user=application.applicant, reason="x")
    assert Certificate.objects.get().revoked_at is None


def test_revoking_needs_a_reason_and_a_revoked_certificate_can_be_replaced(trainer):
    event = finished_workshop(days=1)
    application = attended(participant(event), 1)
    (certificate,), _refused = certificate_issue(applications=[application], user=trainer)
    with pytest.raises(ValidationError, match="Say why"):
        certificate_revoke(certificates=[certificate], user=trainer, reason="  ")
    assert certificate_revoke(certificates=[certificate], user=trainer, reason="名字写错了") == 1
    assert certificate_revoke(certificates=[certificate], user=trainer, reason="again") == 0  # once
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoke_reason == "名字写错了" and certificate.revoked_by == trainer
    (replacement,), _refused = certificate_issue(applications=[application], user=trainer)
    assert replacement.code != certificate.code


def test_the_database_holds_one_valid_certificate_per_participant(trainer):
    event = finished_workshop(days=1)
    application = attended(participant(event), 1)
    certificate_issue(applications=[application], user=trainer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(application=application, holder_name="x", days_attended=1)


def test_verification_page_confirms_a_valid_certificate_and_says_when_revoked(client, trainer):
    event = finished_workshop(days=1, title_zh="乡村公益传播培训", title_en="Rural outreach workshop")
    application = attended(participant(event, name="云南山地守护者"), 1)
    (certificate,), _refused = certificate_issue(applications=[application], user=trainer)
    body = client.get(f"/trainings/certificates/{certificate.code}/").content.decode()
    assert "证书有效" in body and "云南山地守护者" in body and "乡村公益传播培训" in body
    english = client.get(f"/en/trainings/certificates/{certificate.code.lower()}/").content.decode()
    assert "This certificate is valid." in english and "Rural outreach workshop" in english
    certificate_revoke(certificates=[certificate], user=trainer, reason="出勤记录有误")
    body = client.get(f"/en/trainings/certificates/{certificate.code}/").content.decode()
    assert "This certificate was revoked." in body and "出勤记录有误" in body and "is valid" not in body


def test_unknown_code_is_a_clear_404_and_typed_codes_find_their_page(client):
    response = client.get("/en/trainings/certificates/NOSUCHCODE234567/")
    assert response.status_code == 404 and "No certificate has the number NOSUCHCODE234567" in response.content.decode()
    response = client.get("/en/trainings/certificates/", {"code": " abcd-efgh "})
    assert response.status_code == 302 and response["Location"].endswith("/certificates/ABCDEFGH/")


def test_holder_downloads_pdf_in_chinese_and_english_others_cannot(client, trainer):
    event = finished_workshop(days=1)
    application = attended(participant(event), 1)
    (certificate,), _refused = certificate_issue(applications=[application], user=trainer)
    url = f"/trainings/certificates/{certificate.code}/pdf/"
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(application.applicant)
    chinese = client.get(url)
    assert chinese.status_code == 200 and chinese["Content-Type"] == "application/pdf"
    assert chinese.content.startswith(b"%PDF") and b"STSong-Light" in chinese.content
    english = client.get(url + "?lang=en")
    assert english.content.startswith(b"%PDF") and english.content != chinese.content
    assert "-en.pdf" in english["Content-Disposition"]
    page = client.get("/en/trainings/applications/").content.decode()
    assert url in page
    certificate_revoke(certificates=[certificate], user=trainer, reason="作废")
    assert client.get(url).status_code == 403


def test_pdf_text_names_the_workshop_and_the_verification_address(trainer):
    from trainings.pdf import certificate_pdf

    event = finished_workshop(days=1, title_zh="乡村公益传播培训")
    application = attended(participant(event), 1)
    (certificate,), _refused = certificate_issue(applications=[application], user=trainer)
    content = certificate_pdf(certificate=certificate, verify_url="http://x.test/trainings/certificates/C/",
                              language="en")
    # Page streams are compressed; the document title is plain text in the info dictionary.
    assert f"Certificate of completion {certificate.code}".encode() in content


def test_trainers_issue_for_a_workshop_and_revoke_in_bulk_in_the_admin(client, trainer):
    event = finished_workshop(days=2)
    full = [attended(participant(event), 2) for _index in range(2)]
    attended(participant(event), 1)
    client.force_login(trainer)
    response = client.post("/en/admin/trainings/event/", {
        "action": "issue_certificates_to_workshops", "_selected_action": [event.pk]}, follow=True)
    assert "2 certificates issued." in response.content.decode()
    assert sorted(Certificate.objects.values_list("application_id", flat=True)) == sorted(a.pk for a in full)
    ids = list(Certificate.objects.values_list("pk", flat=True))
    form = client.post("/en/admin/trainings/certificate/", {"action": "revoke", "_selected_action": ids})
    assert form.status_code == 200 and "Why are these certificates revoked?" in form.content.decode()
    response = client.post("/en/admin/trainings/certificate/", {
        "action": "revoke", "_selected_action": ids, "apply": "1", "reason": "培训取消"}, follow=True)
    assert "2 certificates revoked." in response.content.decode()
    assert Certificate.objects.filter(revoked_at__isnull=False).count() == 2
    changelist = client.get("/en/admin/trainings/certificate/")
    assert changelist.status_code == 200


def test_applications_admin_action_reports_who_was_refused(client, trainer):
    event = finished_workshop(days=2)
    partial = attended(participant(event, name="半程机构"), 1)
    client.force_login(trainer)
    response = client.post("/en/admin/trainings/application/", {
        "action": "issue_certificates_to_applications", "_selected_action": [partial.pk]}, follow=True)
    body = response.content.decode()
    assert "半程机构: Attended 1 of the 2 days needed." in body and "0 certificates issued." in body
