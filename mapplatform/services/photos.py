"""Photos on needs and offers: the post's owners add a few (POST_PHOTOS_MAX), moderators hide one.

Every photo goes through common.images, which checks the content (not the name), refuses what is
too large, turns it upright and stores only re-encoded versions: no EXIF, so no GPS position.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _, ngettext

from common.images import attach_photo

from ..models import PostPhoto, ResourcePost
from ..models.posts import ACTIVE_STATUSES


def _delete_files(photos):
    for photo in photos:
        for field in (photo.image, photo.thumbnail):
            if field:
                field.storage.delete(field.name)


@transaction.atomic
def post_photos_add(*, post, user, uploads):
    """Add photos to a post; all of them or, if one is refused, none (with the reason)."""
    post = ResourcePost.objects.select_for_update().get(pk=post.pk)  # two uploads at once still count right
    if not user.has_perm("mapplatform.edit_post", post):
        raise PermissionDenied(_("Only the post's organization can add photos to it."))
    if post.status not in ACTIVE_STATUSES:
        raise ValidationError(_("A matched or closed post cannot be changed."))
    uploads = list(uploads)
    if not uploads:
        raise ValidationError({"photos": _("Choose at least one photo.")})
    room = settings.POST_PHOTOS_MAX - PostPhoto.objects.filter(post=post).count()
    if len(uploads) > room:
        raise ValidationError({"photos": ngettext(
            "A post has at most %(max)d photo; there is room for %(room)d more.",
            "A post has at most %(max)d photos; there is room for %(room)d more.",
            settings.POST_PHOTOS_MAX) % {"max": settings.POST_PHOTOS_MAX, "room": max(room, 0)}})
    photos = []
    try:
        for upload in uploads:
            photo = PostPhoto(post=post, uploaded_by=user)
            try:
                attach_photo(photo, upload)
            except ValidationError as error:
                raise ValidationError({"photos": [f"{upload.name}: {message}" for message in error.messages]}) from error
            photos.append(photo)
        for photo in photos:
            photo._history_user = user
            photo.save()
    except Exception:
        _delete_files(photos)  # nothing half-saved: the files of a refused batch go too
        raise
    return photos


@transaction.atomic
def post_photo_remove(*, photo, user):
    """The post's owners take a photo off their post (its history row stays)."""
    photo = PostPhoto.objects.select_for_update().select_related("post").get(pk=photo.pk)
    if not user.has_perm("mapplatform.edit_post", photo.post):
        raise PermissionDenied(_("Only the post's organization can remove its photos."))
    if photo.is_hidden:
        raise ValidationError(_("A photo hidden by a moderator stays in the moderation record."))
    photo._history_user = user
    files = [PostPhoto(image=photo.image.name, thumbnail=photo.thumbnail.name)]
    photo.delete()
    transaction.on_commit(lambda: _delete_files(files))


@transaction.atomic
def post_photo_set_hidden(*, photo, user, hidden, reason=""):
    """Moderators hide a photo (kept, with the reason and who hid it) or show it again."""
    if not user.has_perm("mapplatform.moderate"):
        raise PermissionDenied(_("Only moderators can do this."))
    photo = PostPhoto.objects.select_for_update().get(pk=photo.pk)
    reason = (reason or "").strip()
    if hidden and not reason:
        raise ValidationError({"reason": _("Say why the photo is hidden.")})
    photo.hidden_reason = reason if hidden else ""
    photo.hidden_by = user if hidden else None
    photo.hidden_at = timezone.now() if hidden else None
    photo._history_user = user
    photo._change_reason = f"hidden: {reason}" if hidden else "restored"
    photo.save(update_fields=["hidden_reason", "hidden_by", "hidden_at"])
    return photo
