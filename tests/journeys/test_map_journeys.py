"""Map journeys in a real browser.

1. A visitor filters the map by an issue field and opens a popup.
2. An NGO member posts a need; a CSR program member finds it, proposes a match, and the NGO
   accepts it.

English URLs (/en/...) throughout, so the page text is the English source strings. MAP_OFFLINE:
no base tiles, the map draws province outlines itself."""

import datetime
import re

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone
from playwright.sync_api import expect

from mapplatform.models import Match, MatchStatus, PostStatus, ResourcePost
from mapplatform.services.posts import post_create
from orgs.models import IssueField
from tests.journeys.helpers import log_in
from tests.mapplatform.factories import PostFactory
from tests.orgs.factories import MembershipFactory, OrganizationFactory, division

# Zoom 13 (points, not clusters) over central 成都; every point below is well inside the view.
CHENGDU_VIEW = "#13/30.66/104.08"
MARKER = ".leaflet-overlay-pane path.leaflet-interactive"


def map_loaded(page):
    expect(page.locator("#resource-map")).to_have_attribute("data-loaded", "true")


@pytest.mark.browser
def test_visitor_filters_the_map_by_issue_field_and_opens_a_popup(live_server, page):
    environment = IssueField.objects.get(slug="environment")
    education = IssueField.objects.get(slug="education")
    river = OrganizationFactory(name="成都河流守护者", slug="chengdu-river-keepers", issue_fields=[environment],
                                location=Point(104.078, 30.659, srid=4326))
    school = OrganizationFactory(name="蓉城助学社", slug="rongcheng-school-aid", issue_fields=[education],
                                 location=Point(104.088, 30.664, srid=4326))
    PostFactory(organization=river, title="需要河道巡护志愿者", resource_type="volunteers",
                issue_fields=[environment], location=Point(104.072, 30.652, srid=4326))
    PostFactory(organization=school, title="需要课外读物 200 本", issue_fields=[education],
                location=Point(104.092, 30.668, srid=4326))
    listed = page.locator("#map-list")

    # Unfiltered, both organizations in view are listed beside the map.
    page.goto(f"{live_server.url}/en/map/{CHENGDU_VIEW}")
    map_loaded(page)
    expect(page.locator("#map-list-count")).to_have_text("2 in view")
    expect(listed).to_contain_text("成都河流守护者")
    expect(listed).to_contain_text("蓉城助学社")

    # Filter by issue field: the filter lives in the URL, so the filtered map is a shareable link.
    page.locator("#id_field").select_option("environment")
    page.get_by_role("button", name="Filter", exact=True).click()
    page.wait_for_url(re.compile(r"/en/map/\?(.*&)?field=environment(&|#|$)"))
    map_loaded(page)
    expect(page.locator("#id_field")).to_have_value("environment")
    expect(page.locator("#map-list-count")).to_have_text("1 in view")
    expect(listed.locator("li")).to_have_count(1)
    expect(listed).to_contain_text("成都河流守护者")
    expect(listed).not_to_contain_text("蓉城助学社")
    assert re.search(r"#13/30\.6\d*/104\.0\d*$", page.url), page.url  # the view was kept too

    # The list of needs and offers is filtered the same way.
    page.get_by_role("tab", name="Needs and offers").click()
    expect(listed).to_contain_text("需要河道巡护志愿者")
    expect(listed).not_to_contain_text("需要课外读物")
    expect(page.locator("#map-list-count")).to_have_text("1 in view")

    # One organization and one need on the map; the organization's point is the green one.
    markers = page.locator(MARKER + '[stroke="#fff"]')
    expect(markers).to_have_count(2)
    organization_marker = page.locator(MARKER + '[stroke="#fff"][fill="#0b6e4f"]')
    expect(organization_marker).to_have_count(1)
    organization_marker.click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_be_visible()
    link = popup.get_by_role("link", name="成都河流守护者")
    # The map's data comes from /api/, which answers in the page's language: an English link.
    expect(link).to_have_attribute("href", f"/en/orgs/{river.slug}/")
    expect(popup).not_to_contain_text("蓉城助学社")

    # The popup leads to the organization's page.
    link.click()
    page.wait_for_url(re.compile(rf"/orgs/{river.slug}/$"))
    expect(page.locator("h1")).to_have_text("成都河流守护者")

    # The shared link opens the same filtered view.
    page.go_back()
    page.wait_for_url(re.compile(r"field=environment"))
    map_loaded(page)
    expect(page.locator("#id_field")).to_have_value("environment")
    expect(listed).to_contain_text("成都河流守护者")
    expect(listed).not_to_contain_text("蓉城助学社")


@pytest.mark.browser
def test_ngo_posts_a_need_and_csr_matches_it(live_server, browser):
    education = IssueField.objects.get(slug="education")
    ngo = OrganizationFactory(kind="ngo", name="成都社区图书角", slug="chengdu-book-corner", issue_fields=[education])
    ngo_user = MembershipFactory(organization=ngo).user
    csr = OrganizationFactory(kind="csr", name="蓉城科技公益计划", slug="rongcheng-tech-giving",
                              county=division("510105"))
    csr_user = MembershipFactory(organization=csr).user
    offer_title = "捐赠二手笔记本电脑 10 台"
    offer = post_create(user=csr_user, organization=csr, data={
        "kind": "offer", "resource_type": "goods", "title": offer_title, "quantity": 10, "unit": "台",
        "expires_on": timezone.localdate() + datetime.timedelta(days=30),
    })
    need_title = "需要二手电脑 5 台"

    ngo_context, csr_context, visitor_context = browser.new_context(), browser.new_context(), browser.new_context()
    try:
        # The NGO member posts a need; left without coordinates, it takes the organization's point.
        ngo_page = ngo_context.new_page()
        log_in(ngo_page, live_server, ngo_user, "/en/posts/new/")
        expect(ngo_page.locator("#point-map")).to_have_class(re.compile(r"\bleaflet-container\b"))
        ngo_page.locator("#id_organization").select_option(ngo.slug)
        ngo_page.locator("#id_kind").select_option("need")
        ngo_page.locator("#id_resource_type").select_option("goods")
        ngo_page.locator("#id_title").fill(need_title)
        ngo_page.locator("#id_description").fill("社区图书角的电子阅览室需要电脑。")
        ngo_page.locator("#id_quantity").fill("5")
        ngo_page.locator("#id_unit").fill("台")
        ngo_page.get_by_role("button", name="Post", exact=True).click()
        ngo_page.wait_for_url(re.compile(r"/en/posts/\d+/$"))
        expect(ngo_page.locator(".message-success")).to_have_text(
            "Posted. It is on the map now; suggested matches are below."
        )
        expect(ngo_page.locator("h1")).to_have_text(need_title)
        suggestions = ngo_page.locator("section.card").filter(has_text="Suggested offers")
        expect(suggestions.get_by_role("link", name=offer_title)).to_be_visible()
        need = ResourcePost.objects.get(title=need_title)
        assert (need.organization, need.kind, need.status, need.quantity, need.unit) == (ngo, "need", "open", 5, "台")
        assert need.location.equals(ngo.location)
        assert list(need.issue_fields.all()) == [education]
        need_path = f"/en/posts/{need.pk}/"

        # The CSR member finds the need on the map, filtered to needs, in the list beside it.
        csr_page = csr_context.new_page()
        log_in(csr_page, live_server, csr_user, "/en/map/")
        csr_page.goto(f"{live_server.url}/en/map/?post_kind=need#12/{ngo.location.y:.4f}/{ngo.location.x:.4f}")
        map_loaded(csr_page)
        csr_page.get_by_role("tab", name="Needs and offers").click()
        listed = csr_page.locator("#map-list")
        expect(listed).to_contain_text(need_title)
        expect(listed).not_to_contain_text(offer_title)
        # Only the need: the organizations' list, asked for before the tab changed, is not mixed in.
        expect(listed.locator("li")).to_have_count(1)
        listed.get_by_role("link", name=need_title).click()
        csr_page.wait_for_url(f"**{need_path}")
        expect(csr_page.locator("h1")).to_have_text(need_title)

        # ... and proposes their offer for it.
        propose = csr_page.locator("section.card").filter(has=csr_page.get_by_role("heading", name="Propose a match"))
        propose.locator("#id_mine").select_option(label=offer_title)
        propose.locator("#id_message").fill("我们可以下周送到。")
        propose.get_by_role("button", name="Propose a match").click()
        csr_page.wait_for_url(f"**{need_path}")
        expect(csr_page.locator(".message-success")).to_have_text(
            "Proposal sent. The other side will accept or decline it."
        )
        match = Match.objects.get(need=need, offer=offer)
        assert match.status == MatchStatus.PROPOSED and match.proposed_by == csr_user

        # The NGO member accepts it from their matches page.
        ngo_page.goto(f"{live_server.url}/en/matches/")
        waiting = ngo_page.locator("section").filter(
            has=ngo_page.get_by_role("heading", name="Waiting for your decision")
        )
        card = waiting.locator(f"#match-{match.pk}")
        expect(card).to_contain_text(need_title)
        expect(card).to_contain_text(offer_title)
        expect(card).to_contain_text("“我们可以下周送到。”")
        card.get_by_role("button", name="Accept", exact=True).click()
        ngo_page.wait_for_url("**/en/matches/")
        expect(ngo_page.locator(".message-success")).to_have_text(
            "Match accepted: it is now a matched case on the map."
        )
        expect(waiting).to_contain_text("Nothing waits for you.")
        decided = ngo_page.locator("section").filter(has=ngo_page.get_by_role("heading", name="Decided"))
        expect(decided.locator("li")).to_contain_text(need_title)
        expect(decided.locator("li")).to_contain_text("Accepted")

        # Anyone sees the matched case on the NGO's public profile.
        visitor = visitor_context.new_page()
        visitor.goto(f"{live_server.url}/en/orgs/{ngo.slug}/")
        cases = visitor.locator("section.card").filter(
            has=visitor.get_by_role("heading", name="Matched cases")
        )
        expect(cases.get_by_role("link", name=need_title)).to_have_attribute("href", need_path)
        expect(cases.get_by_role("link", name=offer_title)).to_have_attribute("href", f"/en/posts/{offer.pk}/")
        expect(cases).to_contain_text("蓉城科技公益计划")
    finally:
        for context in (ngo_context, csr_context, visitor_context):
            context.close()

    match.refresh_from_db()
    assert match.status == MatchStatus.ACCEPTED
    assert match.need_confirmed_at is not None and match.offer_confirmed_at is not None
    assert (match.need_confirmed_by, match.offer_confirmed_by, match.decided_by) == (ngo_user, csr_user, ngo_user)
    assert {post.status for post in ResourcePost.objects.filter(pk__in=[need.pk, offer.pk])} == {PostStatus.MATCHED}


@pytest.mark.browser
def test_links_on_the_english_map_lead_to_english_pages(live_server, page):
    organization = OrganizationFactory(name="成都河流守护者", location=Point(104.08, 30.66, srid=4326))
    page.goto(f"{live_server.url}/en/map/{CHENGDU_VIEW}")
    map_loaded(page)
    row = page.locator("#map-list li").filter(has_text="成都河流守护者")
    expect(row.get_by_role("link")).to_have_attribute("href", f"/en/orgs/{organization.slug}/")
    expect(row).to_contain_text("Sichuan")  # the province's English name
