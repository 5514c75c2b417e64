"""What the map moves when two organizations merge: posts (with their matches), flags,
suggestions, and the digests' record of having announced the organization (orgs/services/merge.py)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from orgs.services.merge import move_rows, register_mover

from .models import DigestEntry, Flag, ResourcePost, Suggestion


def move_map_rows(*, survivor, merged):
    # Matches hang on the posts, so they move with them; the posts take the survivor's kind.
    result = move_rows(ResourcePost.objects.all(), survivor=survivor, merged=merged, extra={"org_kind": survivor.kind})
    result.add(move_rows(Flag.objects.all(), survivor=survivor, merged=merged, unique_with=("flagged_by",),
                         unique_when=Q(status="open"),
                         why=_("The same person has an open report on the kept organization.")))
    result.add(move_rows(Suggestion.objects.all(), survivor=survivor, merged=merged))
    # A subscriber told of the merged profile has been told of the survivor: it is not news again.
    result.add(move_rows(DigestEntry.objects.all(), survivor=survivor, merged=merged, unique_with=("subscription",),
                         unique_when=Q(organization__isnull=False),
                         why=_("The subscriber's digest had already named the kept organization.")))
    return result


def register():
    register_mover(name="mapplatform", move=move_map_rows, order=20)
