"""Emails about memberships, rendered in the site's language and sent once each; account emails
that allauth rendered in the request, sent by the worker."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation

from common.emails import email_send_once, render_email, site_url

from ..models import Membership, MembershipRole, MembershipStatus, Organization, OrganizationStatus
from ..rules import MODERATORS


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
            "url": site_url(reverse("orgs:members", kwargs={"slug": organization.slug})),
        }
    subject, body = render_email("orgs/email/claim", context)
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
            "url": site_url(membership.organization.get_absolute_url()),
        }
    subject, body = render_email("orgs/email/decision", context)
    return int(
        email_send_once(
            key=f"membership-decision:{membership.pk}",
            to=membership.user.email,
            subject=subject,
            body=body,
        )
    )


def account_email_send(*, subject, body, from_email, to, html=None, body_is_html=False):
    """Send an account email that allauth rendered during the request (see orgs.adapters)."""
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if body_is_html:
        message.content_subtype = "html"
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
    return True
def organization_status_notify(*, organization_id, history_id):
    """Tell the organization's members that a moderator published or hid it (with the reason).

    One email per member per status change: the key names the history record of the change, so
    a redelivered task sends nothing twice, and a later change sends its own email."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        return 0
    record = organization.history.filter(history_id=history_id).first()
    if record is None or record.status not in (OrganizationStatus.PUBLISHED, OrganizationStatus.HIDDEN):
        return 0
    recipients = list(
        organization.memberships.filter(status=MembershipStatus.APPROVED, user__is_active=True)
        .values_list("user__email", flat=True)[:50]
    )
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "organization": organization,
            "published": record.status == OrganizationStatus.PUBLISHED,
            "reason": record.status_reason,
            "url": site_url(organization.get_absolute_url()),
        }
    subject, body = render_email("orgs/email/status", context)
    return sum(
        email_send_once(key=f"organization-status:{history_id}:{email}", to=email, subject=subject, body=body)
        for email in recipients
    )
