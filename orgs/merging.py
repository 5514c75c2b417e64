"""What orgs moves when two organizations merge: memberships and claims (see services/merge.py)."""

from django.utils.translation import gettext as _

from .models import Membership
from .services.merge import move_rows, register_mover


def move_memberships(*, survivor, merged):
    return move_rows(Membership.objects.all(), survivor=survivor, merged=merged, unique_with=("user",),
                     why=_("This person already belongs to, or has claimed, the kept organization."))


def register():
    register_mover(name="orgs", move=move_memberships, order=0)
