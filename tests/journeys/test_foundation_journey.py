"""The foundation journey in a real browser: sign up, verify the email address, claim an
organization, edit its profile, place it on the map, and see the change on the public page.

English URLs (/en/...) throughout, so the page text is the English source strings."""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from playwright.sync_api import expect

from orgs.models import Membership
from orgs.services.membership import membership_decide
from tests.orgs.factories import OrganizationFactory, UserFactory

EMAIL = "river.keeper@example.org"
PASSWORD = "a-Long-journey-passw0rd"
CHENGDU = (104.06, 30.67)  # longitude, latitude
CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


def confirmation_path(email):
    """The path of the confirmation link in the last email sent to this address."""
    messages = [message for message in mail.outbox if email in message.to]
    assert messages, f"no email was sent to {email}"
    return urlparse(CONFIRM_LINK.search(messages[-1].body).group(0)).path


@pytest.mark.browser
def test_sign_up_claim_edit_and_place_an_organization(live_server, page, browser, monkeypatch):
    from ngo20.celery import app

    # Account emails are sent by the Celery worker after the commit; here the worker's part runs inline.
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    organization = OrganizationFactory(status="published", name="成都河流守护者")
    moderator = UserFactory(groups=["moderators"])
    org_url = f"{live_server.url}/en/orgs/{organization.slug}/"

    # Sign up, then confirm the address from the email; confirming signs the user in.
    page.goto(f"{live_server.url}/en/accounts/signup/")
    page.locator("input[name=email]").fill(EMAIL)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    expect(page.get_by_role("link", name="Privacy policy").first).to_be_visible()
    page.locator("input[name=agree]").check()
    page.get_by_role("button", name="Sign Up", exact=True).click()
    page.wait_for_url("**/en/accounts/confirm-email/")
    page.goto(live_server.url + confirmation_path(EMAIL))
    page.get_by_role("button", name="Confirm", exact=True).click()
    page.wait_for_url("**/en/me/")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    # Claim the organization, which has no owner yet: a moderator decides.
    page.goto(org_url)
    page.locator("#id_message").fill("我是这家机构的项目官员。")
    page.get_by_role("button", name="Claim this organization").click()
    expect(page.locator(".message-success")).to_have_text(
        "Your claim was sent. You can edit the profile once it is approved."
    )
    expect(page.locator(".notice")).to_have_text(
        "Your claim of this organization is waiting for approval."
    )
    membership = Membership.objects.get(organization=organization, user__email=EMAIL)
    membership_decide(membership=membership, user=moderator, approve=True)

    # Edit the profile: a new description, another county of 成都, a point placed on the map.
    page.reload()
    page.get_by_role("link", name="Edit profile").click()
    page.wait_for_url("**/edit/")
    location_map = page.locator("#location-map")
    expect(location_map).to_have_class(re.compile(r"\bleaflet-container\b"))
    expect(location_map.locator(".leaflet-marker-icon")).to_be_visible()
    description = "守护锦江与府南河的志愿者网络，每月组织河道巡护。"
    page.locator("#id_description").fill(description)
    page.locator("#id_county").select_option("510105")  # 青羊区; the map moves to its seat
    longitude, latitude = page.locator("#id_longitude"), page.locator("#id_latitude")
    old_point = (longitude.input_value(), latitude.input_value())
    box = location_map.bounding_box()
    # North-west of the centre, clear of the marker (which sits south-east, in 锦江区).
    location_map.click(position={"x": box["width"] / 2 - 40, "y": box["height"] / 2 - 30})
    expect(longitude).not_to_have_value(old_point[0])
    expect(latitude).not_to_have_value(old_point[1])
    lon, lat = longitude.input_value(), latitude.input_value()
    assert re.fullmatch(r"-?\d+\.\d{6}", lon) and re.fullmatch(r"-?\d+\.\d{6}", lat)
    assert abs(float(lon) - CHENGDU[0]) < 0.3 and abs(float(lat) - CHENGDU[1]) < 0.3
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(org_url)
    expect(page.locator(".message-success")).to_have_text("The profile was saved.")

    # An anonymous visitor sees the new profile and the new point.
    visitor = browser.new_page()
    try:
        visitor.goto(org_url)
        expect(visitor.locator(".description")).to_have_text(description)
        # An English page: the division's English name (青羊区), not the earlier 锦江区.
        expect(visitor.locator(".profile-header .meta")).to_contain_text("Qingyang District")
        expect(visitor.locator(".profile-header .meta")).not_to_contain_text("Jinjiang")
        profile_map = visitor.locator("#profile-map")
        expect(profile_map).to_have_attribute("data-lon", lon)
        expect(profile_map).to_have_attribute("data-lat", lat)
        expect(profile_map).to_have_class(re.compile(r"\bleaflet-container\b"))
    finally:
        visitor.close()

    organization.refresh_from_db()
    assert organization.county_id == "510105"
    assert organization.description == description
    assert (round(organization.location.x, 6), round(organization.location.y, 6)) == (
        float(lon),
        float(lat),
    )
