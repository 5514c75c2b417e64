"""What trainings moves when two organizations merge: workshop applications (with attendance
and certificates), hackathon challenges, co-design projects (orgs/services/merge.py)."""

from django.utils.translation import gettext as _

from orgs.services.merge import move_rows, register_mover

from .models import Application, Challenge, CoDesignProject


def move_training_rows(*, survivor, merged):
    result = move_rows(Application.objects.all(), survivor=survivor, merged=merged, unique_with=("event",),
                       why=_("The kept organization applied to the same workshop."))
    result.add(move_rows(Challenge.objects.all(), survivor=survivor, merged=merged))
    result.add(move_rows(CoDesignProject.organizations.through.objects.all(), survivor=survivor, merged=merged,
                         unique_with=("codesignproject",),
                         why=_("The kept organization already takes part in the same project.")))
    return result


def register():
    register_mover(name="trainings", move=move_training_rows, order=30)
