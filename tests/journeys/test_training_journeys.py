"""Training journeys in a real browser.

An NGO member applies to a workshop and sees the status; a trainer accepts the application in the
admin; the applicant sees the decision.

English URLs (/en/...) throughout, so the page text is the English source strings. No Celery
worker runs in the tests: the decision email's task is caught when it is queued and then run here,
twice, as a redelivered task would be."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from orgs.models import IssueField
from tests.journeys.helpers import log_in
from tests.orgs.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.trainings.factories import WorkshopFactory
from trainings import tasks
from trainings.models import Application, ApplicationStatus
from trainings.services import applications as application_services

APPLICATIONS_PATH = "/en/trainings/applications/"
ADMIN_APPLICATIONS_PATH = "/en/admin/trainings/application/"


def fill_application(page, organization):
    page.locator("#id_organization").select_option(organization.slug)
    page.locator("input[name=position][value=coo]").check()
    page.locator("#id_job_title").fill("理事长")
    page.locator("#id_motivation").fill("希望学会用新媒体讲述河流保护的故事。")
    page.locator("#id_internet_use").fill("有微信公众号和微博，每周更新一次。")


class QueuedTasks(list):
    """Stands in for the decision task: records what would have been queued for a worker."""

    def delay(self, *args):
        self.append(args)


@pytest.mark.browser
def test_member_applies_trainer_accepts_in_admin_and_applicant_sees_the_decision(live_server, browser, monkeypatch):
    queued = QueuedTasks()
    monkeypatch.setattr(application_services, "send_application_decision", queued)
    event = WorkshopFactory(slug="chengdu-2027", title_zh="2027 成都公益 2.0 培训", title_en="Chengdu Web 2.0 workshop 2027")
    organization = OrganizationFactory(name="成都河流守护者", slug="chengdu-river-keepers",
                                       issue_fields=[IssueField.objects.get(slug="environment")])
    member = MembershipFactory(organization=organization).user
    trainer = UserFactory(groups=["trainers"], is_staff=True)
    event_path = f"/en/trainings/{event.slug}/"
    apply_path = f"/en/trainings/{event.slug}/apply/"

    member_context, trainer_context = browser.new_context(), browser.new_context()
    try:
        # The member opens the workshop: their organization is eligible.
        page = member_context.new_page()
        log_in(page, live_server, member, event_path)
        expect(page.locator("h1")).to_have_text("Chengdu Web 2.0 workshop 2027")
        apply_card = page.locator("section.card").filter(has=page.get_by_role("heading", name="Apply", exact=True))
        expect(apply_card.locator("li")).to_have_text("成都河流守护者: eligible")

        # ... applies, and lands on their applications with the status.
        apply_card.get_by_role("link", name="Apply for this workshop").click()
        page.wait_for_url(f"**{apply_path}")
        fill_application(page, organization)
        page.get_by_role("button", name="Submit the application").click()
        page.wait_for_url(f"**{APPLICATIONS_PATH}")
        expect(page.locator(".message-success")).to_have_text("Application submitted. You can follow its status here.")
        application = Application.objects.get(event=event, organization=organization)
        row = page.locator(f"#application-{application.pk}")
        expect(row).to_contain_text("Chengdu Web 2.0 workshop 2027")
        expect(row).to_contain_text("成都河流守护者")
        expect(row.locator(".status strong")).to_have_text("Submitted")
        assert (application.applicant, application.status, application.position) == (member, "submitted", "coo")

        # Back to the form and submitted again: refused, plainly, and nothing new is stored.
        page.go_back()
        page.wait_for_url(f"**{apply_path}")
        fill_application(page, organization)
        page.get_by_role("button", name="Submit the application").click()
        expect(page.locator(".form-errors")).to_have_text("This organization has already applied to this workshop.")
        assert page.url.endswith(apply_path)
        assert Application.objects.filter(event=event).count() == 1
        page.goto(live_server.url + event_path)
        expect(apply_card.locator("li")).to_have_text(
            "成都河流守护者: This organization has already applied to this workshop."
        )

        # The trainer accepts it in the admin, with the bulk action.
        admin = trainer_context.new_page()
        log_in(admin, live_server, trainer, ADMIN_APPLICATIONS_PATH)
        admin_row = admin.locator("#result_list tbody tr").filter(has=admin.locator(
            f"input.action-select[value='{application.pk}']"))
        expect(admin_row.locator("td.field-status")).to_have_text("Submitted")
        admin_row.locator("input.action-select").check()
        admin.locator("select[name=action]").select_option("mark_accepted")
        expect(admin.locator("select[name=action] option:checked")).to_have_text("Accept (within the places left)")
        admin.locator("button[name=index]").click()
        admin.wait_for_url(f"**{ADMIN_APPLICATIONS_PATH}")
        expect(admin.locator("ul.messagelist li.success")).to_have_text("1 application updated.")
        expect(admin.locator("ul.messagelist li.error")).to_have_count(0)
        expect(admin_row.locator("td.field-status")).to_have_text("Accepted")

        # The applicant sees the decision.
        page.goto(live_server.url + APPLICATIONS_PATH)
        expect(row.locator(".status strong")).to_have_text("Accepted")
    finally:
        for context in (member_context, trainer_context):
            context.close()

    application.refresh_from_db()
    assert (application.status, application.decided_by) == (ApplicationStatus.ACCEPTED, trainer)
    assert Application.objects.filter(event=event).count() == 1

    # One decision email was queued after the commit; run twice (a redelivered task), it is sent once.
    assert queued == [(application.pk, ApplicationStatus.ACCEPTED)]
    mail.outbox.clear()
    assert tasks.send_application_decision(*queued[0]) is True
    assert tasks.send_application_decision(*queued[0]) is False
    assert [message.to for message in mail.outbox] == [[member.email]]
    assert "成都河流守护者" in mail.outbox[0].body
    assert re.search(r"https?://\S+/trainings/applications/", mail.outbox[0].body)
