"""Disclosures in a real browser, on a 390 px phone.

An NGO's staff member uploads its annual report and fills in its income and expenditure summary;
an assessor verifies both on the review page; a visitor sees them on the profile as verified and
downloads the report; a funder sees the organization's transparency index rise on the funders' list
(recomputed by a real Celery worker after the verification). English URLs (/en/...), so the page
text is the English source strings."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from evaluation.models import Disclosure, Rating, TrustScore
from evaluation.services.scoring import organization_recompute
from tests.evaluation.factories import FINANCE, PDF
from tests.evaluation.private_files import private_files  # noqa: F401  (a fixture)
from tests.journeys.helpers import log_in
from tests.orgs.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.worker import wait_for

PHONE = {"width": 390, "height": 844}


WIDER_THAN_SCREEN = """() => [...document.querySelectorAll('body *')]
    .filter(element => element.getBoundingClientRect().right > window.innerWidth + 1)
    .map(element => element.tagName + '.' + element.className + ' ' + Math.round(element.getBoundingClientRect().right))
    .slice(0, 8)"""


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.evaluate(WIDER_THAN_SCREEN)


@pytest.mark.browser
@pytest.mark.usefixtures("private_files")
def test_staff_uploads_report_and_accounts_an_assessor_verifies_and_the_profile_shows_them(
        live_server, browser, celery_worker, settings):
    settings.TRUST_RECOMPUTE_DELAY = 0  # the worker recomputes at once instead of folding events for 30 s
    organization = OrganizationFactory(name="成都河流守护者", slug="chengdu-river-keepers", kind="ngo",
                                       registration_status="social_service")
    for _ in range(12):  # rated by the public, so it has a trust score on the funders' list
        Rating.objects.create(user=UserFactory(), organization=organization, public_trust=4, financial=4, influence=4)
    organization_recompute(organization_id=organization.pk)
    before = TrustScore.objects.get(organization=organization)
    assert before.transparency_index == 0
    staff = MembershipFactory(organization=organization, role="editor").user
    assessor = UserFactory(groups=["assessors"])
    funder = UserFactory()
    profile_path = f"/en/orgs/{organization.slug}/"
    manage_path = f"/en/trust/disclosures/of/{organization.slug}/"
    contexts = [browser.new_context(viewport=PHONE) for _ in range(4)]
    try:
        staff_page, assessor_page, visitor_page, funder_page = (context.new_page() for context in contexts)

        # A funder looks at the funders' list: nothing disclosed, index 0.
        log_in(funder_page, live_server, funder, "/en/trust/funders/")
        funder_page.goto(f"{live_server.url}/en/trust/funders/?sort=transparency")
        funder_row = funder_page.locator("tbody tr", has_text="成都河流守护者")
        expect(funder_row.locator("td").nth(6).locator("strong")).to_have_text("0.0")

        # The staff member goes from the profile to the disclosures page.
        log_in(staff_page, live_server, staff, profile_path)
        section = staff_page.locator("#disclosures")
        expect(section).to_contain_text("Nothing disclosed and verified yet.")
        section.get_by_role("link", name="Publish or correct disclosures").click()
        staff_page.wait_for_url(lambda url: urlsplit(url).path == manage_path)
        no_sideways_scroll(staff_page)

        # The annual work report, as a PDF.
        staff_page.get_by_role("link", name="Annual work report").click()
        staff_page.locator("#id_title").fill("2025年度工作报告")
        staff_page.locator("#id_year").fill("2025")
        staff_page.locator("#id_published_on").fill("2026-03-01")
        staff_page.locator("#id_file").set_input_files(
            files=[{"name": "2025年度工作报告.pdf", "mimeType": "application/pdf", "buffer": PDF}])
        no_sideways_scroll(staff_page)
        staff_page.get_by_role("button", name="Save").click()
        staff_page.wait_for_url(lambda url: urlsplit(url).path == manage_path)
        expect(staff_page.locator(".message-success")).to_contain_text("once a reviewer has verified it")

        # The income and expenditure summary, as figures; a wrong sum is refused with a message.
        staff_page.get_by_role("link", name="Income and expenditure summary").click()
        staff_page.locator("#id_title").fill("2025年度收支摘要")
        staff_page.locator("#id_year").fill("2025")
        staff_page.locator("#id_published_on").fill("2026-03-01")
        for name, value in FINANCE.items():
            staff_page.locator(f"#id_{name}").fill(str(value))
        staff_page.locator("#id_donation_income").fill("5000000")
        staff_page.get_by_role("button", name="Save").click()
        expect(staff_page.get_by_text("cannot add up to more than the total income")).to_be_visible()
        staff_page.locator("#id_donation_income").fill(str(FINANCE["donation_income"]))
        staff_page.get_by_role("button", name="Save").click()
        staff_page.wait_for_url(lambda url: urlsplit(url).path == manage_path)
        items = staff_page.locator(".disclosure-items > li")
        expect(items).to_have_count(2)
        expect(items.locator(".status")).to_have_text(["Waiting for verification"] * 2)

        # Not on the public profile yet.
        visitor_page.goto(f"{live_server.url}{profile_path}")
        expect(visitor_page.locator("#disclosures")).to_contain_text("Nothing disclosed and verified yet.")

        # The assessor verifies both on the review page.
        log_in(assessor_page, live_server, assessor, "/en/trust/disclosures/review/")
        cards = assessor_page.locator("article.disclosure-review")
        expect(cards).to_have_count(2)
        no_sideways_scroll(assessor_page)
        for title in ("2025年度工作报告", "2025年度收支摘要"):
            card = cards.filter(has_text=title)
            card.get_by_label("Verified").check()
            card.get_by_role("button", name="Save the decision").click()
            expect(assessor_page.locator(".message-success")).to_contain_text(title)
        expect(assessor_page.get_by_text("Nothing waits for verification.")).to_be_visible()

        # The visitor sees both on the profile, verified, with the figures, and downloads the report.
        visitor_page.reload()
        section = visitor_page.locator("#disclosures")
        expect(section.get_by_role("heading", name="Annual work report")).to_be_visible()
        expect(section.get_by_role("heading", name="Income and expenditure summary")).to_be_visible()
        expect(section.locator(".disclosure .status-verified")).to_have_count(2)
        expect(section).to_contain_text("1200000")
        no_sideways_scroll(visitor_page)
        with visitor_page.expect_download() as download:
            section.get_by_role("link", name="2025年度工作报告").click()
        assert download.value.suggested_filename.endswith(".pdf")

        # The verifications queued a recompute; the worker runs it. Wait for its result (bounded),
        # then the funder reloads the list and sees the index the checklist gives for these two.
        assert wait_for(lambda: TrustScore.objects.get(organization=organization).transparency_index > 0, timeout=60)
        after = TrustScore.objects.get(organization=organization)
        assert after.transparency_index > 0 and after.transparency_financial > 0
        assert after.financial > before.financial and after.public_trust >= before.public_trust
        funder_page.reload()
        expect(funder_row.locator("td").nth(6).locator("strong")).to_have_text(str(after.transparency_index))
        visitor_page.reload()
        expect(visitor_page.locator("#transparency h3")).to_have_text(
            f"Transparency index: {after.transparency_index} of 100")
    finally:
        for context in contexts:
            context.close()
    assert set(Disclosure.objects.values_list("status", "reviewed_by")) == {("verified", assessor.pk)}
