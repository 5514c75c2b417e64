"""Launching in mainland China, in a real browser and offline: the footer's filing numbers, sign-up
that asks for consent, a credit code with a wrong check character refused in words, and the
directory found the way people type (pinyin, traditional characters, full-width letters)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from orgs.models import PolicyConsent, User
from tests.journeys.helpers import log_in
from tests.orgs.factories import PASSWORD, MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.browser

VALID_CODE = "52510104MJ0001234Y"  # 民办非企业单位 registered in 成都市锦江区 (tests/orgs/test_identity.py)
WRONG_CHECK = VALID_CODE[:-1] + "X"


def test_the_footer_shows_the_filing_numbers_when_set(live_server, page, settings):
    page.goto(f"{live_server.url}/")
    expect(page.locator("footer .filing")).to_have_count(0)
    settings.ICP_FILING_NUMBER = "蜀ICP备12345678号-1"
    settings.PUBLIC_SECURITY_FILING_NUMBER = "川公网安备51010402000000号"
    page.goto(f"{live_server.url}/map/")
    icp = page.locator("footer .filing").get_by_role("link", name="蜀ICP备12345678号-1")
    expect(icp).to_have_attribute("href", "https://beian.miit.gov.cn/")
    police = page.locator("footer .filing-police")
    expect(police).to_have_text("川公网安备51010402000000号")
    expect(police).to_have_attribute("href", re.compile(r"code=51010402000000$"))
    expect(police.locator("img")).to_be_visible()


def test_sign_up_is_refused_without_consent_and_records_it_with(live_server, page):
    email = "volunteer@example.org"
    page.goto(f"{live_server.url}/accounts/signup/")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("form").filter(has=page.locator("input[name=password2]")).locator("button[type=submit]").click()
    # The browser itself refuses the form: the box is required (the server says so too,
    # tests/orgs/test_policies.py), and no account is made.
    agree = page.locator("input[name=agree]")
    assert agree.evaluate("box => box.required && !box.checkValidity()")
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
    assert not User.objects.filter(email=email).exists()

    # The policies are a click away, then the box is ticked and the account made.
    expect(page.get_by_role("link", name="隐私政策").first).to_have_attribute("href", "/policies/privacy/")
    agree.check()
    page.locator("form").filter(has=page.locator("input[name=password2]")).locator("button[type=submit]").click()
    page.wait_for_url("**/accounts/confirm-email/")
    user = User.objects.get(email=email)
    assert sorted(PolicyConsent.objects.filter(user=user).values_list("document__kind", flat=True)) == [
        "privacy", "terms"]
    assert mail.outbox == [] or all("127.0.0.1:8000" not in message.body for message in mail.outbox)


def test_a_credit_code_with_a_wrong_check_character_is_refused_in_words(live_server, page):
    organization = OrganizationFactory(name="锦江社区服务中心", slug="jinjiang-community",
                                       registration_status="social_service")
    member = MembershipFactory(organization=organization).user
    log_in(page, live_server, member, f"/en/orgs/{organization.slug}/edit/")
    page.locator("#id_credit_code").fill(WRONG_CHECK)
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("main")).to_contain_text("The last character of this credit code does not match the others")
    organization.refresh_from_db()
    assert organization.credit_code in ("", None)

    page.locator("#id_credit_code").fill(VALID_CODE.lower())
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"**/en/orgs/{organization.slug}/")
    organization.refresh_from_db()
    assert organization.credit_code == VALID_CODE
    expect(page.locator("main")).to_contain_text(VALID_CODE)


@pytest.mark.parametrize(("typed", "found", "not_found"), [
    ("yangguang", "阳光教育服务中心", "西安市助残志愿者协会"),
    ("ygjy", "阳光教育服务中心", "西安市助残志愿者协会"),
    ("xian", "西安市助残志愿者协会", "阳光教育服务中心"),
    ("陽光教育", "阳光教育服务中心", "西安市助残志愿者协会"),
    ("ＮＧＯ２０", "ＮＧＯ２０发展中心", "阳光教育服务中心"),
])
def test_the_directory_finds_what_people_type(live_server, page, typed, found, not_found):
    for name in ("阳光教育服务中心", "西安市助残志愿者协会", "ＮＧＯ２０发展中心"):
        OrganizationFactory(name=name)
    page.goto(f"{live_server.url}/orgs/")
    page.locator("input[name=q]").fill(typed)
    page.locator("input[name=q]").press("Enter")
    page.wait_for_url(re.compile(r"/orgs/\?(.*&)?q="))
    results = page.locator("main")
    expect(results.get_by_role("link", name=found)).to_be_visible()
    expect(results.get_by_role("link", name=not_found)).to_have_count(0)
