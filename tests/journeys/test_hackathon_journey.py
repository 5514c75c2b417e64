"""A hackathon in a real browser, on a phone: an NGO poses a challenge, a maker registers, forms a
team and records the result, and the NGO says it will use it. English URLs."""

import pytest
from playwright.sync_api import expect

from tests.journeys.helpers import log_in
from tests.orgs.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.trainings.factories import WorkshopFactory
from trainings.models import Challenge, Team

PHONE = {"width": 390, "height": 844}


@pytest.mark.browser
def test_challenge_team_result_and_adoption(live_server, browser):
    event = WorkshopFactory(kind="hackathon", slug="chengdu-hack", title_en="Chengdu civic hackathon",
                            eligible_regions=[], eligible_fields=[])
    ngo = OrganizationFactory(name="成都社区图书角")
    ngo_user = MembershipFactory(organization=ngo).user
    maker = UserFactory(display_name="王工程师")
    path = f"/en/trainings/{event.slug}/"
    ngo_context, maker_context = browser.new_context(viewport=PHONE), browser.new_context(viewport=PHONE)
    try:
        # The NGO poses a challenge.
        ngo_page = ngo_context.new_page()
        log_in(ngo_page, live_server, ngo_user, path)
        ngo_page.locator("#id_organization").select_option(ngo.slug)
        ngo_page.locator("#id_title").fill("借书登记太慢")
        ngo_page.locator("#id_description").fill("志愿者用纸本登记借书，想要一个手机上就能用的小工具。")
        ngo_page.get_by_role("button", name="Submit the challenge").click()
        expect(ngo_page.locator(".message-success")).to_have_text("The challenge was submitted.")
        challenge = Challenge.objects.get(event=event)
        card = ngo_page.locator(f"#challenge-{challenge.pk}")
        expect(card.locator("h3")).to_have_text("借书登记太慢")

        # A maker registers, forms a team on it and records what the team made.
        page = maker_context.new_page()
        log_in(page, live_server, maker, path)
        page.locator("#id_skills").fill("Python, 小程序")
        page.get_by_role("button", name="Register", exact=True).click()
        expect(page.locator(".message-success")).to_contain_text("You are registered")
        maker_card = page.locator(f"#challenge-{challenge.pk}")
        maker_card.locator("input[name=name]").fill("借书小队")
        maker_card.get_by_role("button", name="Form a team").click()
        expect(page.locator(".message-success")).to_have_text("Team formed.")
        team = Team.objects.get(challenge=challenge)
        maker_card.locator(".team-result input[name=link]").fill("https://example.org/borrow")
        maker_card.locator(".team-result textarea[name=description]").fill("扫码借书的小程序")
        maker_card.get_by_role("button", name="Record the result").click()
        expect(page.locator(".message-success")).to_have_text("The result was recorded.")
        expect(maker_card.locator(".team")).to_contain_text("扫码借书的小程序")
        # Only the NGO says whether it will use it.
        expect(maker_card.locator(".team-adoption")).to_have_count(0)

        # The NGO sees the result and says it will use it.
        ngo_page.reload()
        card.get_by_role("button", name="Our organization will use it").click()
        expect(ngo_page.locator(".message-success")).to_have_text("Thank you: the team will see your answer.")
        expect(card.locator(".badge")).to_have_text("The organization will use it")
        assert ngo_page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    finally:
        ngo_context.close()
        maker_context.close()
    team.refresh_from_db()
    assert (team.result_link, team.ngo_will_use) == ("https://example.org/borrow", True)
    assert list(team.members.values_list("registration__user", flat=True)) == [maker.pk]
