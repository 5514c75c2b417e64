"""What surveys moves when two organizations merge: invitations and responses (orgs/services/merge.py)."""

from django.utils.translation import gettext as _

from orgs.services.merge import move_rows, register_mover

from .models import Invitation, Response


def move_survey_rows(*, survivor, merged):
    result = move_rows(Invitation.objects.all(), survivor=survivor, merged=merged, unique_with=("survey",),
                       why=_("The kept organization was invited to the same survey."))
    result.add(move_rows(Response.objects.all(), survivor=survivor, merged=merged, unique_with=("survey",),
                         why=_("The kept organization answered the same survey; this answer stays with the "
                               "merged organization.")))
    return result


def register():
    register_mover(name="surveys", move=move_survey_rows, order=10)
