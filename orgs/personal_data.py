"""What the organizations app holds about a person: the account, memberships and claims, and the
profile edits they made (common.personal_data collects the sections of every app)."""

from allauth.account.models import EmailAddress
from django.utils.translation import gettext as _

from common.models import SentEmail
from common.personal_data import register

from .models import Membership, Organization

EXPORT_LIMIT = 5000  # history rows: bounded, newest first


def _iso(value):
    return value.isoformat() if value else None


def export_account(user):
    return {
        "email": user.email,
        "display_name": user.display_name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "email_addresses": list(EmailAddress.objects.filter(user=user).values("email", "verified", "primary")),
        "emails_sent_to_you": [
            {"subject": subject, "sent": _iso(sent)}
            for subject, sent in SentEmail.objects.filter(to__iexact=user.email)
            .order_by("-created_at").values_list("subject", "sent_at")[:EXPORT_LIMIT]
        ],
    }


def export_memberships(user):
    return [
        {
            "organization": membership.organization.name,
            "organization_slug": membership.organization.slug,
            "role": membership.role,
            "status": membership.status,
            "message": membership.message,
            "requested": _iso(membership.created_at),
        }
        for membership in Membership.objects.filter(user=user).select_related("organization").order_by("pk")
    ]


def export_profile_edits(user):
    return [
        {"organization_slug": slug, "organization": name, "date": _iso(date), "change": kind, "reason": reason}
        for slug, name, date, kind, reason in Organization.history.filter(history_user=user)
        .order_by("-history_date")
        .values_list("slug", "name", "history_date", "history_type", "history_change_reason")[:EXPORT_LIMIT]
    ]


def erase_memberships(user):
    count = Membership.objects.filter(user=user).delete()[1].get(Membership._meta.label, 0)
    return [_("Memberships and claims deleted: %(count)d.") % {"count": count}] if count else []


def erase_profile_edits(user):
    """Edits stay with the organization's profile; the history no longer names the person."""
    edits = Organization.history.filter(history_user=user).update(history_user=None)
    Organization.history.filter(created_by_id=user.pk).update(created_by_id=None)
    Organization.objects.filter(created_by=user).update(created_by=None)
    if not edits:
        return []
    return [_("Profile edits kept with the organizations, without your name: %(count)d.") % {"count": edits}]


def erase_account(user):
    """Sent-email log rows stay (so a retried task still sends nothing twice) without the address."""
    emails = SentEmail.objects.filter(to__iexact=user.email).update(to="")
    lines = [_("Your account, email addresses and sign-in data were deleted.")]
    if emails:
        lines.append(_("Addresses removed from the log of sent emails: %(count)d.") % {"count": emails})
    return lines


# Organizations' sections erase last: the higher apps still see the memberships while they decide
# what is an organization's record. The account row itself is deleted by orgs.services.accounts.
register(name="account", export=export_account, erase=erase_account, order=100)
register(name="memberships", export=export_memberships, erase=erase_memberships, order=90)
register(name="profile_edits", export=export_profile_edits, erase=erase_profile_edits, order=90)
