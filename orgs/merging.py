"""What orgs moves when two organizations merge: memberships and claims (see services/merge.py)."""

from django.utils.translation import gettext as _

from .models import Membership, TrustSummary
from .services.merge import keep_rows, move_rows, register_mover


def move_memberships(*, survivor, merged):
    result = move_rows(Membership.objects.all(), survivor=survivor, merged=merged, unique_with=("user",),
                       why=_("This person already belongs to, or has claimed, the kept organization."))
    # Computed by the evaluation app's recompute (which also recomputes the survivor), not moved.
    result.add(keep_rows(TrustSummary.objects.all(), merged=merged,
                         why=_("The merged organization's own trust grade; the kept organization's is recomputed.")))
    return result


def register():
    register_mover(name="orgs", move=move_memberships, order=0)
