"""Accounts: email login, mandatory verification, password reset, allauth's rate limits in Redis."""

import re

import pytest
from django.core import mail

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker_inline(monkeypatch, django_capture_on_commit_callbacks):
    """Account emails are sent by the worker after the commit: `with worker_inline():` runs that
    part inline, once the block's requests are done."""
    from ngo20.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_sign_up_requires_email_verification_before_sign_in(client, worker_inline):
    with worker_inline():
        response = client.post(
            "/en/accounts/signup/",
            {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD, "agree": "on"},
        )
    assert response.status_code == 302 and "confirm-email" in response["Location"]
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1 and "/accounts/confirm-email/" in mail.outbox[0].body
    login = client.post("/en/accounts/login/", {"login": "new@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert login.status_code == 302 and "confirm-email" in login["Location"]


def test_confirming_the_email_signs_the_user_in(client, worker_inline):
    with worker_inline():
        client.post(
            "/en/accounts/signup/",
            {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD, "agree": "on"},
        )
    path = re.search(r"(/(?:en/)?accounts/confirm-email/[^/\s]+/)", mail.outbox[0].body).group(1)
    assert client.get(path).status_code == 200  # a page with a button: links alone confirm nothing
    client.post(path)
    assert "_auth_user_id" in client.session


def test_repeated_failed_logins_are_rate_limited_even_with_the_right_password(client):
    user = UserFactory()
    for _ in range(5):
        client.post("/en/accounts/login/", {"login": user.email, "password": "wrong"})
    response = client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_password_reset_sends_a_link(client, worker_inline):
    user = UserFactory()
    with worker_inline():
        client.post("/en/accounts/password/reset/", {"email": user.email})
    assert len(mail.outbox) == 1 and "/accounts/password/reset/key/" in mail.outbox[0].body


def test_verified_user_signs_in_with_email(client):
    user = UserFactory()
    client.post("/en/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(user.pk)


def test_user_downloads_their_own_data(client):
    from .factories import MembershipFactory

    user = UserFactory()
    MembershipFactory(user=user, organization__name="我的机构")
    client.force_login(user)
    response = client.get("/me/data.json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = response.json()
    assert data["account"]["email"] == user.email
    assert data["memberships"][0]["organization"] == "我的机构"


def test_user_deletes_their_account_with_the_password(client):
    from orgs.models import Membership, Organization, User
    from orgs.services.organizations import organization_update

    from .factories import MembershipFactory

    user = UserFactory()
    organization = MembershipFactory(user=user).organization
    organization_update(organization=organization, user=user, data={"description": "我写的"})
    client.force_login(user)
    wrong = client.post("/en/me/delete/", {"password": "nope"})
    assert "not correct" in wrong.content.decode() and User.objects.filter(pk=user.pk).exists()
    client.post("/en/me/delete/", {"password": PASSWORD})
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Membership.objects.filter(organization=organization).exists()
    kept = Organization.objects.get(pk=organization.pk)
    assert kept.description == "我写的"
    assert kept.history.first().history_user_id is None


def test_account_emails_are_queued_for_the_worker_not_sent_in_the_request(client, monkeypatch,
                                                                          django_capture_on_commit_callbacks):
    from ngo20.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", False)
    user = UserFactory()
    with django_capture_on_commit_callbacks() as queued:
        client.post("/en/accounts/password/reset/", {"email": user.email})
    assert len(queued) == 1 and mail.outbox == []  # nothing sent inside the request
    monkeypatch.setitem(app.conf, "task_always_eager", True)
    queued[0]()
    assert [message.to for message in mail.outbox] == [[user.email]]
