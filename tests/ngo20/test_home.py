"""The home page shows what the platform holds, with a bounded number of queries."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mapplatform.models import Match
from tests.mapplatform.factories import PostFactory
from tests.orgs.factories import OrganizationFactory, UserFactory
from tests.trainings.factories import WorkshopFactory
from trainings.models import Application, Attendance


@pytest.fixture
def platform():
    organizations = [OrganizationFactory() for _ in range(8)]
    need = PostFactory(organization=organizations[0], kind="need", title="需要课外读物 200 本")
    offer = PostFactory(organization=organizations[1], kind="offer", title="捐赠图书 500 本")
    PostFactory(organization=organizations[2], kind="need")
    user = UserFactory()
    now = timezone.now()
    Match.objects.create(need=need, offer=offer, status="accepted", proposed_by=user, decided_by=user, decided_at=now,
                         need_confirmed_at=now, need_confirmed_by=user, offer_confirmed_at=now,
                         offer_confirmed_by=UserFactory())
    start = timezone.localdate() - datetime.timedelta(days=30)
    past = WorkshopFactory(starts_on=start, ends_on=start, status="completed",
                           applications_open_on=start - datetime.timedelta(days=40),
                           applications_close_on=start - datetime.timedelta(days=10))
    for organization in organizations[:3]:
        application = Application.objects.create(event=past, organization=organization, applicant=user,
                                                 position="coo", job_title="x", motivation="x", internet_use="y",
                                                 status="accepted")
        Attendance.objects.create(application=application, day=start, present=True)
    WorkshopFactory(title_zh="2031 昆明公益 2.0 培训", title_en="Kunming Web 2.0 workshop 2031")
    return organizations


@pytest.mark.django_db
def test_home_shows_figures_recent_matches_and_upcoming_workshops(client, platform, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        page = client.get("/en/")
    assert page.status_code == 200
    figures = page.context["figures"]
    assert (page.context["published_count"], figures["needs"], figures["offers"], figures["matches"],
            figures["trained"]) == (8, 2, 1, 1, 3)
    body = page.content.decode()
    assert "需要课外读物 200 本" in body and "捐赠图书 500 本" in body
    assert "Kunming Web 2.0 workshop 2031" in body
    assert 'id="home-map"' in body


@pytest.mark.browser
def test_home_map_draws_on_a_phone(live_server, browser, platform):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/")
        expect(page.locator("#home-map")).to_have_attribute("data-loaded", "true")
        expect(page.locator("#home-map path.leaflet-interactive").first).to_be_attached()
        assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    finally:
        context.close()
