"""Plain-text emails are not HTML-escaped and name the configured site, never the request's host."""

import re

import pytest
from django.core import mail

from common.emails import render_email
from orgs.models import Membership
from orgs.services.notifications import membership_claim_notify
from tests.orgs.factories import PASSWORD, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_plain_text_emails_keep_ampersands_and_quotes_as_written(settings):
    settings.SITE_URL = "https://ngo20.example.org"
    organization = OrganizationFactory(name='妇女&儿童 "Women & Children"')
    MembershipFactory(organization=organization)  # the owner, who decides the claim
    claim = Membership.objects.create(user=UserFactory(), organization=organization, role="editor", status="pending")
    assert membership_claim_notify(membership_id=claim.pk) == 1
    message = mail.outbox[-1]
    assert '妇女&儿童 "Women & Children"' in message.body
    assert "&amp;" not in message.body and "&quot;" not in message.body
    assert f"https://ngo20.example.org/orgs/{organization.slug}/members/" in message.body


def test_every_rendered_email_gets_the_site_name_and_address(settings):
    settings.SITE_URL = "https://ngo20.example.org/"
    subject, body = render_email("orgs/email/decision", {"organization": OrganizationFactory(name="A&B"),
                                                         "approved": True, "url": "x"})
    assert "A&B" in body and "\n" not in subject


def test_account_emails_link_to_the_configured_site_not_the_request_host(client, settings, monkeypatch,
                                                                         django_capture_on_commit_callbacks):
    from ngo20.celery import app

    settings.SITE_URL = "https://ngo20.example.org"
    monkeypatch.setitem(app.conf, "task_always_eager", True)  # the worker's part, run here after the commit
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/signup/", {"email": "new@example.org", "password1": PASSWORD,
                                             "password2": PASSWORD, "agree": "on"}, HTTP_HOST="127.0.0.1")
    message = mail.outbox[-1]
    assert message.subject.startswith("[NGO 2.0] ")
    assert re.search(r"https://ngo20\.example\.org/en/accounts/confirm-email/\S+/", message.body)
    assert "127.0.0.1" not in message.body and "testserver" not in message.body
    assert "ngo20.example.org" in message.body  # allauth's greeting names the site's domain
