"""Lists people use, on a 390 px phone and a 1366 px laptop, in both languages: the page never
scrolls sideways, and no table column is squeezed to one or two characters (a wide table scrolls
inside its own box, its first column fixed)."""


import pytest
from playwright.sync_api import expect

from evaluation.models import Rating
from evaluation.services.scoring import organization_recompute
from tests.journeys.helpers import log_in
from tests.orgs.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.trainings.factories import WorkshopFactory
from trainings.models import Application

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}

# A cell squeezed to a character or two per line: narrow, and more lines than its text has.
SQUEEZED = """() => {
  const bad = [];
  document.querySelectorAll("main table td, main table th, #content table td, #content table th").forEach((cell) => {
    const text = cell.innerText.trim();
    if (text.length < 3 || cell.offsetParent === null) { return; }
    const style = getComputedStyle(cell);
    const em = parseFloat(style.fontSize);
    const lineHeight = parseFloat(style.lineHeight) || 1.2 * em;
    const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const height = cell.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    const ownLines = text.split("\\n").filter((line) => line.trim()).length;
    const rendered = Math.round(height / lineHeight);
    if (inner < 3 * em && rendered > ownLines) { bad.push(text.slice(0, 20) + " (" + Math.round(inner) + "px)"); }
  });
  return bad;
}"""
PAGE_OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def evaluated(name, province="510000", city="510100", county="510104"):
    organization = OrganizationFactory(name=name, province_id=province, city_id=city, county_id=county, location=None)
    for _ in range(12):
        Rating.objects.create(user=UserFactory(), organization=organization, public_trust=4, financial=4, influence=4)
    organization_recompute(organization_id=organization.pk)
    return organization


def check_layout(page, url):
    page.goto(url)
    page.wait_for_load_state("load")
    assert page.evaluate(PAGE_OVERFLOW) <= 0, f"{url} scrolls sideways at {page.viewport_size['width']} px"
    squeezed = page.evaluate(SQUEEZED)
    assert squeezed == [], f"{url} at {page.viewport_size['width']} px: {squeezed}"


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
@pytest.mark.parametrize("prefix", ["", "/en"], ids=["zh", "en"])
def test_lists_fit_phone_and_laptop(live_server, browser, viewport, prefix):
    for name in ("乌鲁木齐市社区发展促进会", "成都河流守护者", "内蒙古自治区草原生态保护协会"):
        evaluated(name)
    evaluated("新疆维吾尔自治区公益服务中心", province="650000", city="650100", county="650102")
    workshop = WorkshopFactory(title_zh="2027 成都公益 2.0 培训", title_en="Chengdu Web 2.0 workshop 2027")
    member = MembershipFactory(organization=OrganizationFactory(name="广西壮族自治区乡村儿童阅读推广中心",
                                                                province_id="450000", city_id="450100",
                                                                county_id="450102", location=None))
    Application.objects.create(event=workshop, organization=member.organization, applicant=member.user,
                               position="coo", job_title="负责人", motivation="x", internet_use="y")
    trainer = UserFactory(groups=["trainers"], is_staff=True, is_superuser=True)

    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        for path in ("/trust/funders/", "/", "/orgs/", "/trainings/", "/trainings/figures/", "/surveys/", "/trust/method/"):
            check_layout(page, f"{live_server.url}{prefix}{path}")

        log_in(page, live_server, member.user, "/en/trainings/applications/")
        check_layout(page, f"{live_server.url}{prefix}/trainings/applications/")
        check_layout(page, f"{live_server.url}{prefix}/matches/")
        context.clear_cookies()

        log_in(page, live_server, trainer, "/en/admin/")
        for path in ("trainings/application/", "trainings/event/", "orgs/organization/", "evaluation/trustscore/"):
            page.goto(f"{live_server.url}{prefix}/admin/{path}")
            # The admin's change lists scroll inside their box; no cell is squeezed, every column shows.
            assert page.evaluate(SQUEEZED) == [], (path, page.evaluate(SQUEEZED))
        page.goto(f"{live_server.url}{prefix}/admin/trainings/application/")
        status = page.locator("#result_list td.field-status").first
        status.scroll_into_view_if_needed()
        expect(status).to_be_visible()
        assert status.bounding_box()["width"] > 40
    finally:
        context.close()


@pytest.mark.browser
def test_funders_list_on_a_phone_scrolls_sideways_with_the_names_fixed(live_server, browser):
    evaluated("成都河流守护者")
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/trust/funders/")
        name_cell = page.locator(".funders-table tbody tr").first.locator("td").nth(1)
        expect(name_cell).to_contain_text("成都河流守护者")
        name_cell.scroll_into_view_if_needed()
        before = name_cell.bounding_box()["x"]
        scroller = page.locator(".table-scroll")
        assert scroller.evaluate("el => el.scrollWidth > el.clientWidth")  # the table is wider than the phone
        scroller.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
        page.wait_for_function("() => document.querySelector('.table-scroll').scrollLeft > 0")
        # The organization's name stays in view while the figures scroll under it.
        after = name_cell.bounding_box()
        assert 0 <= after["x"] < before + 20, (before, after)
        expect(name_cell).to_be_in_viewport(ratio=0.9)
        confidence = page.locator(".funders-table tbody tr").first.locator("td").nth(6)
        expect(confidence).to_be_in_viewport()
    finally:
        context.close()
