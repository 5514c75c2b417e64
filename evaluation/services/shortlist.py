"""A funder's shortlist: organizations to look at more closely."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Shortlist


@transaction.atomic
def shortlist_toggle(*, user, organization):
    """Add the organization to the funder's shortlist, or take it off if it is there.
    Returns True when it was added. The list is the funder's own working list, so removing an
    entry deletes it."""
    if not user.has_perm("evaluation.keep_shortlist"):
        raise PermissionDenied(_("The shortlist is for funders."))
    entry, created = Shortlist.objects.get_or_create(user=user, organization=organization)
    if not created:
        entry.delete()
    return created
