"""Check-in and certificates in a real browser, on a 390 px phone.

A trainer checks a participant in by typing the code on the phone page, issues the workshop's
certificates in the admin; an outsider opens the certificate's verification address and sees it is
valid, then revoked."""

import pytest
from playwright.sync_api import expect

from orgs.models import IssueField
from tests.journeys.helpers import log_in
from tests.orgs.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.trainings.factories import RunningWorkshopFactory
from trainings.models import Application, Attendance, Certificate

PHONE = {"width": 390, "height": 844}


@pytest.mark.browser
def test_trainer_checks_in_by_code_issues_certificates_and_an_outsider_verifies_one(live_server, browser):
    event = RunningWorkshopFactory(slug="kunming-now", title_zh="昆明公益传播培训", title_en="Kunming outreach workshop",
                                   certificate_min_days=1)
    organization = OrganizationFactory(name="云南山地守护者", issue_fields=[IssueField.objects.get(slug="environment")])
    member = MembershipFactory(organization=organization).user
    application = Application.objects.create(event=event, organization=organization, applicant=member, position="coo",
                                             job_title="负责人", motivation="x", internet_use="y", status="accepted")
    trainer = UserFactory(groups=["trainers"], is_staff=True)
    check_in_path = f"/en/trainings/{event.slug}/check-in/"
    trainer_context = browser.new_context(viewport=PHONE)
    outsider_context = browser.new_context(viewport=PHONE)
    try:
        phone = trainer_context.new_page()
        log_in(phone, live_server, trainer, check_in_path)
        expect(phone.locator("#checkin-count")).to_have_text("Checked in today: 0 of 1")
        # Typed in lower case with a space, as people do on a phone keyboard.
        phone.locator("#id_code").fill(application.checkin_code.lower() + " ")
        phone.get_by_role("button", name="Check in", exact=True).click()
        expect(phone.locator("#checkin-result")).to_contain_text("云南山地守护者 is checked in for today.")
        expect(phone.locator("#checkin-count")).to_have_text("Checked in today: 1 of 1")
        # No sideways scrolling at 390 px.
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        phone.locator("#id_code").fill(application.checkin_code)
        phone.get_by_role("button", name="Check in", exact=True).click()
        expect(phone.locator("#checkin-result")).to_contain_text("was already checked in today")
        assert Attendance.objects.filter(application=application, present=True).count() == 1

        # The trainer issues the workshop's certificates with the admin action.
        phone.goto(f"{live_server.url}/en/admin/trainings/event/")
        phone.locator(f"input.action-select[value='{event.pk}']").check()
        phone.locator("select[name=action]").select_option("issue_certificates_to_workshops")
        phone.locator("button[name=index]").click()
        expect(phone.locator("ul.messagelist li.success")).to_have_text("1 certificate issued.")
        certificate = Certificate.objects.get(application=application)

        # Anyone can check it by its address, with no account.
        outsider = outsider_context.new_page()
        outsider.goto(f"{live_server.url}/en/trainings/certificates/{certificate.code}/")
        expect(outsider.locator("#certificate-status")).to_contain_text("This certificate is valid.")
        expect(outsider.locator("dl.facts")).to_contain_text("云南山地守护者")
        expect(outsider.locator("dl.facts")).to_contain_text("Kunming outreach workshop")
        # The same page in Chinese, the language of the QR code's address.
        outsider.goto(f"{live_server.url}/trainings/certificates/{certificate.code}/")
        expect(outsider.locator("#certificate-status")).to_contain_text("证书有效")

        # The trainer revokes it with a reason; the page says so.
        phone.goto(f"{live_server.url}/en/admin/trainings/certificate/")
        phone.locator(f"input.action-select[value='{certificate.pk}']").check()
        phone.locator("select[name=action]").select_option("revoke")
        phone.locator("button[name=index]").click()
        phone.locator("textarea[name=reason]").fill("出勤记录有误")
        phone.get_by_role("button", name="Confirm").click()
        expect(phone.locator("ul.messagelist li.success")).to_have_text("1 certificate revoked.")
        outsider.goto(f"{live_server.url}/en/trainings/certificates/{certificate.code}/")
        expect(outsider.locator("#certificate-status")).to_contain_text("This certificate was revoked.")
        expect(outsider.locator("#certificate-status")).to_contain_text("出勤记录有误")
    finally:
        trainer_context.close()
        outsider_context.close()
