"""Emails about memberships, rendered in the site's language and sent once each."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from common.emails import email_send_once

from ..models import Membership, MembershipRole, MembershipStatus
from ..rules import MODERATORS


def _site_url(path):
    return settings.SITE_URL.rstrip("/") + path


def _claim_recipients(organization):
    """The organization's owners; with no owner yet, the moderators."""
    owners = list(
        organization.memberships.filter(
            role=MembershipRole.OWNER, status=MembershipStatus.APPROVED
        ).values_list("user__email", flat=True)
    )
    if owners:
        return owners
    return list(
        get_user_model()
        .objects.filter(groups__name=MODERATORS, is_active=True)
        .values_list("email", flat=True)[:50]
    )


def _membership(membership_id):
    return Membership.objects.select_related("organization", "user").filter(pk=membership_id).first()


def membership_claim_notify(*, membership_id):
    membership = _membership(membership_id)
    if membership is None or membership.status != MembershipStatus.PENDING:
        return 0
    organization = membership.organization
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "membership": membership,
            "organization": organization,
            "url": _site_url(reverse("orgs:members", kwargs={"slug": organization.slug})),
        }
        subject = render_to_string("orgs/email/claim_subject.txt", context).strip()
        body = render_to_string("orgs/email/claim_body.txt", context)
    sent = 0
    for email in _claim_recipients(organization):
        sent += email_send_once(
            key=f"membership-claim:{membership.pk}:{email}", to=email, subject=subject, body=body
        )
    return sent


def membership_decision_notify(*, membership_id):
    membership = _membership(membership_id)
    if membership is None or membership.status == MembershipStatus.PENDING:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "membership": membership,
            "organization": membership.organization,
            "approved": membership.status == MembershipStatus.APPROVED,
            "url": _site_url(membership.organization.get_absolute_url()),
        }
        subject = render_to_string("orgs/email/decision_subject.txt", context).strip()
        body = render_to_string("orgs/email/decision_body.txt", context)
    return int(
        email_send_once(
            key=f"membership-decision:{membership.pk}",
            to=membership.user.email,
            subject=subject,
            body=body,
        )
    )
