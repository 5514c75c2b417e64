"""Survey journeys in a real browser.

1. A member opens the organization's invitation link, answers half (each answer autosaved),
   leaves, comes back on another device, finishes and submits.
2. Staff (a trainer) sign in and see the results page with its charts and a breakdown by region;
   an anonymous visitor is refused.

English URLs (/en/...) throughout, so the page text is the English source strings."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from surveys.models import Invitation, Response
from surveys.services.responding import Respondent, response_open, response_submit
from tests.orgs.factories import PASSWORD, OrganizationFactory, UserFactory
from tests.surveys.factories import COMPLETE, full_survey

SUBMITTED = "Thank you: the answers were submitted. You can change them until the survey closes."


def autosave_of(page, key, value):
    """Wait for the autosave POST that carries `value` for question `key`, and for its answer.

    The status line already says "Draft saved on the server at …" when the page opens (the draft
    is started then), so the text alone cannot tell that a later change reached the server; the
    request does. Changes are sent after a short pause, a few at a time: matching on the value
    makes sure the wait ends with the request that holds this change, whatever came before."""
    part = f'name="q-{key}"\r\n\r\n{value}\r\n'

    def carries_change(response):
        request = response.request
        return (
            request.method == "POST"
            and request.url.endswith("/autosave/")
            and part in (request.post_data or "")
        )

    return page.expect_response(carries_change)


def answers_of(response):
    return {answer.question.key: answer for answer in response.answers.select_related("question")}


@pytest.mark.browser
def test_answer_half_by_invitation_leave_come_back_and_submit(live_server, browser):
    survey, _questions = full_survey()
    organization = OrganizationFactory(name="成都社区公益服务中心")
    invitation = Invitation.objects.create(survey=survey, organization=organization, email="contact@example.org")
    url = f"{live_server.url}/en/surveys/i/{invitation.token}/"

    # First device: open the link and answer half; every change is saved on the server as it goes.
    first = browser.new_context()
    page = first.new_page()
    page.goto(url)
    expect(page.locator("h1")).to_have_text(survey.title_en)
    expect(page.locator(".survey-page .meta")).to_contain_text("Answering for 成都社区公益服务中心")
    status = page.locator("#autosave-status")
    staff = page.locator("input[name=q-staff]")
    staff_state = page.locator("#question-staff .save-state")

    # A mistake on the way: the server's autosave says what is wrong, beside the question.
    with autosave_of(page, "staff", "abc") as saved:
        staff.fill("abc")
    assert saved.value.status == 400
    expect(staff_state).to_have_text("Enter a number.")
    expect(staff_state).to_have_class(re.compile(r"\berror\b"))
    with autosave_of(page, "staff", "12") as saved:
        staff.fill("12")
    assert saved.value.ok
    expect(staff_state).to_have_text("")
    expect(staff_state).not_to_have_class(re.compile(r"\berror\b"))

    with autosave_of(page, "access", "broadband"):
        page.locator("input[name=q-access][value=broadband]").check()
    with autosave_of(page, "uses", "publicity"):
        page.locator("input[name=q-uses][value=publicity]").check()
    with autosave_of(page, "uses", "volunteers"):  # sent with publicity: all ticked boxes go together
        page.locator("input[name=q-uses][value=volunteers]").check()
    expect(status).to_contain_text("Draft saved")
    expect(status).to_have_text(re.compile(r"^Draft saved on the server at \d\d:\d\d\.$"))

    # The skip condition, in the browser: site updates are asked only of those with a website.
    site_updates = page.locator("#question-site_updates")
    expect(site_updates).to_be_hidden()
    with autosave_of(page, "has_site", "yes"):
        page.locator("input[name=q-has_site][value=yes]").check()
    expect(site_updates).to_be_visible()
    expect(status).to_contain_text("Draft saved")

    # Leave without pressing any button.
    first.close()
    response = Response.objects.get(survey=survey, organization=organization)
    assert response.status == "draft" and response.invitation == invitation
    saved_answers = answers_of(response)
    assert set(saved_answers) == {"staff", "access", "uses", "has_site"}
    assert saved_answers["staff"].number == Decimal("12")
    assert saved_answers["access"].choices == ["broadband"]
    assert saved_answers["uses"].choices == ["publicity", "volunteers"]
    assert saved_answers["has_site"].boolean is True

    # Another device: the same link opens the draft with the answers given so far.
    second = browser.new_context()
    try:
        page = second.new_page()
        page.goto(url)
        expect(page.locator("input[name=q-staff]")).to_have_value("12")
        expect(page.locator("input[name=q-access][value=broadband]")).to_be_checked()
        expect(page.locator("input[name=q-access][value=mobile]")).not_to_be_checked()
        expect(page.locator("input[name=q-uses][value=publicity]")).to_be_checked()
        expect(page.locator("input[name=q-uses][value=fundraising]")).not_to_be_checked()
        expect(page.locator("input[name=q-uses][value=volunteers]")).to_be_checked()
        expect(page.locator("input[name=q-has_site][value=yes]")).to_be_checked()
        expect(page.locator("input[name=q-confidence]:checked")).to_have_count(0)
        expect(page.locator("#question-site_updates")).to_be_visible()  # shown by the server this time

        # Finish and submit.
        with autosave_of(page, "confidence", "4"):
            page.locator("input[name=q-confidence][value='4']").check()
        with autosave_of(page, "site_updates", "weekly"):
            page.locator("input[name=q-site_updates][value=weekly]").check()
        page.locator("button[name=action][value=submit]").click()
        expect(page.locator(".message-success")).to_have_text(SUBMITTED)
        expect(page.locator(".notice")).to_contain_text("Submitted on")
        expect(page.get_by_role("button", name="Submit changes")).to_be_visible()
        expect(page.get_by_role("button", name="Save draft")).to_have_count(0)
        expect(page.locator("input[name=q-site_updates][value=weekly]")).to_be_checked()
    finally:
        second.close()

    response.refresh_from_db()
    assert response.status == "submitted" and response.submitted_at is not None
    answers = answers_of(response)
    assert set(answers) == {"staff", "access", "uses", "confidence", "has_site", "site_updates"}
    assert answers["staff"].number == Decimal("12")
    assert answers["access"].choices == ["broadband"]
    assert answers["uses"].choices == ["publicity", "volunteers"]
    assert answers["confidence"].number == Decimal("4")
    assert answers["has_site"].boolean is True
    assert answers["site_updates"].choices == ["weekly"]


# (province, city, county, access): five organizations in the West (四川), one in Central (安徽).
ORGANIZATIONS = [
    ("510000", "510100", "510104", "broadband"),
    ("510000", "510100", "510104", "broadband"),
    ("510000", "510100", "510104", "broadband"),
    ("510000", "510100", "510104", "mobile"),
    ("510000", "510100", "510104", "mobile"),
    ("340000", "340100", "340104", "broadband"),
]


@pytest.mark.browser
def test_staff_see_the_results_with_charts(live_server, page):
    survey, _questions = full_survey(results_public=False)
    for province, city, county, access in ORGANIZATIONS:
        organization = OrganizationFactory(province_id=province, city_id=city, county_id=county, location=None)
        invitation = Invitation.objects.create(survey=survey, organization=organization, email="o@example.org")
        respondent = Respondent(invitation=invitation)
        response = response_open(survey=survey, organization=organization, respondent=respondent)
        response_submit(response=response, respondent=respondent, raw_answers={**COMPLETE, "access": access})
    # One more organization was invited and has not answered yet.
    Invitation.objects.create(survey=survey, organization=OrganizationFactory(), email="late@example.org")
    trainer = UserFactory(groups=["trainers"])
    results_path = f"/en/surveys/{survey.slug}/results/"
    results_url = live_server.url + results_path

    # The results are not public: an anonymous visitor is refused.
    refused = page.goto(results_url)
    assert refused.status == 403
    expect(page.locator("h1")).to_have_text("Not allowed")

    # A trainer signs in and lands on the results.
    page.goto(f"{live_server.url}/en/accounts/login/?next={results_path}")
    page.locator("input[name=login]").fill(trainer.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.wait_for_url(results_url)
    expect(page.locator("h1")).to_have_text(f"Results: {survey.title_en}")
    expect(page.locator(".rate")).to_contain_text("6 responses from 7 invited organizations")
    expect(page.locator(".rate")).to_contain_text("response rate 85.7%")

    # The access question: a bar chart drawn on the server, its numbers in words for screen readers.
    access = page.locator("#result-access")
    expect(access.locator(".meta")).to_contain_text("6 answers")
    chart = access.locator("svg[role=img]")
    expect(chart).to_have_count(1)
    expect(chart).to_be_visible()
    expect(chart.locator("desc")).to_have_text("Option broadband: 4 (66.7%); Option mobile: 2 (33.3%). Total: 6")
    expect(chart.locator("g.item > title")).to_have_text(
        ["Option broadband: 4 (66.7%)", "Option mobile: 2 (33.3%)"]
    )
    expect(chart.locator("rect.bar")).to_have_count(2)
    broadband_bar, mobile_bar = (chart.locator("rect.bar").nth(i).bounding_box() for i in range(2))
    assert broadband_bar["width"] > mobile_bar["width"] > 0
    # Every question except the two written ones has a chart.
    expect(page.locator(".question-result svg[role=img]")).to_have_count(6)
    expect(page.locator("#result-name")).to_contain_text("Written answers are not shown here")
    expect(page.locator("table.breakdown")).to_have_count(0)
    page.screenshot(path="/tmp/journey-results.png", full_page=True)

    # Broken down by region: the West (five answers) in shares, the Central group (one) withheld.
    page.get_by_role("link", name="Region", exact=True).click()
    page.wait_for_url(re.compile(r"\?by=region$"))
    expect(page.get_by_role("link", name="Region", exact=True)).to_have_attribute("aria-current", "page")
    table = page.locator("#result-access table.breakdown")
    expect(table.locator("thead th")).to_have_text(["Group", "Answers", "Option broadband", "Option mobile"])
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(2)
    west = rows.filter(has=page.get_by_role("rowheader", name="West", exact=True))
    central = rows.filter(has=page.get_by_role("rowheader", name="Central", exact=True))
    expect(west.locator("th, td")).to_have_text(["West", "5", "60.0%", "40.0%"])
    expect(central.locator("th, td")).to_have_text(["Central", "1", "fewer than 5 answers: not shown"])
    expect(page.locator("#result-has_site table.breakdown td.suppressed")).to_have_text(
        "fewer than 5 answers: not shown"
    )
    page.screenshot(path="/tmp/journey-results-by-region.png", full_page=True)
