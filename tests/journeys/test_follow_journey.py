"""Following an area in a real browser: a visitor signs up and verifies the address, follows a
county from the map, a need is posted in it, the daily digest runs, and the email carries the need
and an unsubscribe link that works without signing in.

English URLs (/en/...) throughout, so the page text is the English source strings."""

import datetime
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from mapplatform.models import AreaSubscription
from mapplatform.services.posts import post_create
from mapplatform.tasks import send_area_digests
from tests.orgs.factories import MembershipFactory, OrganizationFactory

EMAIL = "county.watcher@example.org"
PASSWORD = "a-Long-journey-passw0rd"
CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")
UNSUBSCRIBE_LINK = re.compile(r"https?://\S+/follow/unsubscribe/\S+/")


def last_email_to(address):
    messages = [message for message in mail.outbox if address in message.to]
    assert messages, f"no email was sent to {address}"
    return messages[-1]


@pytest.mark.browser
def test_visitor_follows_a_county_and_gets_the_new_need_by_email(live_server, page, monkeypatch):
    from ngo20.celery import app

    # Emails are sent by the Celery worker after the commit; here the worker's part runs inline.
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    organization = OrganizationFactory(name="锦江社区儿童之家")  # in 成都市锦江区
    member = MembershipFactory(organization=organization).user

    # Sign up and confirm the address from the email.
    page.goto(f"{live_server.url}/en/accounts/signup/")
    page.locator("input[name=email]").fill(EMAIL)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("input[name=agree]").check()
    page.get_by_role("button", name="Sign Up", exact=True).click()
    page.wait_for_url("**/en/accounts/confirm-email/")
    page.goto(live_server.url + urlparse(CONFIRM_LINK.search(last_email_to(EMAIL).body).group(0)).path)
    page.get_by_role("button", name="Confirm", exact=True).click()
    page.wait_for_url("**/en/me/")

    # On the map without a province, "follow this area" carries the visible box.
    page.goto(f"{live_server.url}/en/map/#11/30.60/104.11")
    expect(page.locator("#resource-map")).to_have_attribute("data-loaded", "true")
    expect(page.locator("#follow-area")).to_have_attribute("href", re.compile(r"bbox="))
    west, south, east, north = (float(value) for value in parse_qs(
        urlparse(page.locator("#follow-area").get_attribute("href")).query)["bbox"][0].split(","))
    assert west < 104.11 < east and south < 30.60 < north

    # With the province filter, the link follows the province; the form narrows it to a county.
    page.goto(f"{live_server.url}/en/map/?province=510000&post_kind=need")
    page.locator("#follow-area").click()
    page.wait_for_url("**/en/follow/new/**")
    expect(page.locator("#id_province")).to_have_value("510000")
    page.locator("#id_city").select_option("510100")
    expect(page.locator("#id_county option[value='510104']")).to_be_attached()
    page.locator("#id_county").select_option("510104")
    expect(page.locator("#id_offers")).not_to_be_checked()  # the map showed needs only
    page.locator("input[name=frequency][value=daily]").check()
    page.get_by_role("button", name="Follow", exact=True).click()
    page.wait_for_url("**/en/follow/")
    expect(page.locator("#subscriptions li.card")).to_have_count(1)
    subscription = AreaSubscription.objects.get(user__email=EMAIL)
    assert (subscription.division_id, subscription.frequency, subscription.offers) == ("510104", "daily", False)

    # A need is posted in the county; the daily digest runs (the beat's task, as the worker runs it).
    need = post_create(user=member, organization=organization, data={
        "kind": "need", "resource_type": "goods", "title": "需要儿童绘本 200 本",
        "expires_on": timezone.localdate() + datetime.timedelta(days=30),
    })
    result = send_area_digests("daily", (timezone.now() + datetime.timedelta(seconds=1)).isoformat())
    assert result["digests"] == 1
    send_area_digests("daily", (timezone.now() + datetime.timedelta(seconds=2)).isoformat())  # run again
    digests = [message for message in mail.outbox if EMAIL in message.to and "follow/unsubscribe" in message.body]
    assert len(digests) == 1
    message = digests[0]
    assert "需要儿童绘本 200 本" in message.body and f"/posts/{need.pk}/" in message.body
    link = UNSUBSCRIBE_LINK.search(message.body).group(0)
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"

    # The link works in a fresh browser context, signed out.
    visitor = page.context.browser.new_context()
    try:
        other = visitor.new_page()
        other.goto(live_server.url + urlparse(link).path)
        other.locator("#unsubscribe-form button[type=submit]").click()  # the link is in Chinese (no /en/)
        expect(other.locator("#unsubscribed")).to_be_visible()
    finally:
        visitor.close()
    assert not AreaSubscription.objects.filter(user__email=EMAIL).exists()
    page.goto(f"{live_server.url}/en/follow/")
    expect(page.locator("#subscriptions li.card")).to_have_count(0)
