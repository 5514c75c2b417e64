"""A person's own data: download it, delete it (China's PIPL asks for both)."""

from allauth.account.models import EmailAddress
from django.db import transaction

from ..models import Membership, Organization


def user_data_export(*, user):
    """Everything the platform holds about the person, as plain data for a JSON download."""
    return {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": list(
            EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
        ),
        "memberships": [
            {
                "organization": membership.organization.name,
                "organization_slug": membership.organization.slug,
                "role": membership.role,
                "status": membership.status,
                "message": membership.message,
                "requested": membership.created_at.isoformat(),
            }
            for membership in Membership.objects.filter(user=user).select_related("organization")
        ],
        "profile_edits": [
            {"organization_slug": slug, "date": date.isoformat(), "reason": reason}
            for slug, date, reason in Organization.history.filter(history_user=user)
            .order_by("-history_date")
            .values_list("slug", "history_date", "history_change_reason")[:1000]
        ],
    }


@transaction.atomic
def user_delete(*, user):
    """Delete the account and its memberships and claims. Profiles the person edited stay (they
    belong to the organization); their history keeps the edits without the author (SET_NULL)."""
    user.delete()
