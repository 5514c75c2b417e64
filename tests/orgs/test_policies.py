"""Privacy policy and terms (PIPL): consent at sign-up, again after a new version, withdrawal,
versions kept readable, and the footer's filing numbers."""

import datetime

import pytest
from django.utils import timezone

from orgs.models import PolicyConsent, PolicyDocument, User
from orgs.services.policies import policy_consent_record, policy_document_save

from .factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGN_UP = {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD}


def new_version(kind="privacy", **fields):
    latest = PolicyDocument.objects.filter(kind=kind).order_by("-version").first()
    document = PolicyDocument(kind=kind, version=latest.version + 1, title_zh="隐私政策", title_en="Privacy policy",
                              body_zh="第二版。", body_en="Second version.", summary_zh="新增了一节。",
                              summary_en="A new section.", published_at=timezone.now(), **fields)
    return policy_document_save(document=document)


def test_sign_up_without_consent_is_refused_with_a_clear_message(client):
    response = client.post("/en/accounts/signup/", SIGN_UP)
    assert response.status_code == 200
    assert "Tick the box to agree to the privacy policy and the terms of use." in response.content.decode()
    assert not User.objects.filter(email="new@example.org").exists()


def test_sign_up_in_chinese_says_so_in_chinese(client):
    response = client.post("/accounts/signup/", SIGN_UP)
    assert not User.objects.filter(email="new@example.org").exists()
    assert "请勾选" in response.content.decode()


def test_sign_up_with_consent_records_the_versions_in_force_and_the_time(client):
    before = timezone.now()
    client.post("/en/accounts/signup/", {**SIGN_UP, "agree": "on"})
    user = User.objects.get(email="new@example.org")
    consents = PolicyConsent.objects.filter(user=user).select_related("document")
    assert sorted((consent.document.kind, consent.document.version) for consent in consents) == [
        ("privacy", 1), ("terms", 1)]
    assert all(consent.consented_at >= before and consent.withdrawn_at is None for consent in consents)


def test_a_new_version_stops_writes_until_the_user_agrees_again(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    edit = f"/en/orgs/{membership.organization.slug}/edit/"
    new_version()

    # Reading still works, with a banner; writing is sent to the consent page and changes nothing.
    page = client.get(edit)
    assert page.status_code == 200 and "have changed" in page.content.decode()
    response = client.post(edit, {"name": "改名了"}, HTTP_REFERER=f"http://testserver{edit}")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/me/consent/?next=")
    membership.organization.refresh_from_db()
    assert membership.organization.name != "改名了"

    consent_page = client.get(response["Location"])
    assert "A new section." in consent_page.content.decode()
    refused = client.post("/en/me/consent/", {"next": edit})
    assert refused.status_code == 200 and PolicyConsent.objects.filter(
        user=membership.user, document__version=2).count() == 0
    agreed = client.post("/en/me/consent/", {"agree": "on", "next": edit})
    assert agreed.status_code == 302 and agreed["Location"] == edit
    assert PolicyConsent.objects.filter(user=membership.user, document__version=2, document__kind="privacy").exists()
    assert "have changed" not in client.get(edit).content.decode()


def test_the_api_refuses_writes_with_a_403_until_consent(client):
    user = UserFactory(consented=False)
    client.force_login(user)
    response = client.post("/api/posts/", {}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["consent_url"] == "/me/consent/"


def test_withdrawing_consent_keeps_the_record_and_blocks_writes_but_not_leaving(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/en/me/consent/withdraw/")
    assert response.status_code == 302
    assert PolicyConsent.objects.filter(user=user).count() == 2
    assert not PolicyConsent.objects.filter(user=user, withdrawn_at__isnull=True).exists()
    blocked = client.post("/en/orgs/new/", {"name": "新机构"})
    assert blocked.status_code == 302 and "/me/consent/" in blocked["Location"]
    # The person's own rights still work without consent: switching language, signing out.
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/en/"}).status_code == 302
    policy_consent_record(user=user)
    assert PolicyConsent.objects.filter(user=user, withdrawn_at__isnull=True).count() == 2


def test_the_account_page_explains_each_right(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get("/en/me/").content.decode()
    for text in ("Download my data", "Delete my account", "Withdraw my consent", "You agreed to:"):
        assert text in page


def test_versions_in_force_are_frozen_and_earlier_versions_stay_readable(client):
    first = PolicyDocument.objects.get(kind="privacy", version=1)
    first.body_zh = "偷偷改过。"
    with pytest.raises(Exception, match="cannot be changed"):
        policy_document_save(document=first)
    new_version()
    current = client.get("/en/policies/privacy/").content.decode()
    assert "Second version." in current and "Version 1" in current
    earlier = client.get("/en/policies/privacy/v1/").content.decode()
    assert "An earlier version, no longer in force." in earlier
    assert client.get("/en/policies/nonsense/").status_code == 404


def test_a_version_dated_in_the_future_is_not_yet_in_force(client):
    latest = PolicyDocument.objects.filter(kind="terms").order_by("-version").first()
    policy_document_save(document=PolicyDocument(
        kind="terms", version=latest.version + 1, title_zh="用户协议", title_en="Terms", body_zh="未来", body_en="Future",
        published_at=timezone.now() + datetime.timedelta(days=7)))
    user = UserFactory()
    client.force_login(user)
    assert "have changed" not in client.get("/en/me/").content.decode()
    assert "Future" not in client.get("/en/policies/terms/").content.decode()


def test_footer_shows_filing_numbers_only_when_set(client, settings):
    assert "beian" not in client.get("/").content.decode()
    settings.ICP_FILING_NUMBER = "京ICP备12345678号-1"
    settings.PUBLIC_SECURITY_FILING_NUMBER = "京公网安备11010502030000号"
    page = client.get("/").content.decode()
    assert '<a href="https://beian.miit.gov.cn/"' in page and "京ICP备12345678号-1" in page
    assert "code=11010502030000" in page and "京公网安备11010502030000号" in page
