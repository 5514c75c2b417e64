"""Moderators' admin for photos on posts: look, hide one (kept, with a reason), show it again."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .admin import _with_note
from .models import PostPhoto
from .services.photos import post_photo_set_hidden


@admin.register(PostPhoto)
class PostPhotoAdmin(SimpleHistoryAdmin):
    list_display = ["preview", "post", "uploaded_by", "created_at", "is_hidden", "hidden_reason"]
    list_filter = [("hidden_reason", admin.EmptyFieldListFilter), "created_at"]
    list_select_related = ["post", "uploaded_by"]
    search_fields = ["post__title", "post__organization__name"]
    # Photos change on their post's page; moderators only hide or restore them (actions).
    readonly_fields = ["preview", "post", "image", "thumbnail", "uploaded_by", "created_at", "hidden_reason",
                       "hidden_by", "hidden_at"]
    actions = ["hide_photos", "restore_photos"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("photo"))
    def preview(self, photo):
        return format_html('<img src="{}" alt="" width="80">', photo.thumbnail.url) if photo.thumbnail else ""

    @admin.display(boolean=True, description=_("hidden"))
    def is_hidden(self, photo):
        return photo.is_hidden

    @admin.action(description=_("Hide the selected photos (with a reason)"), permissions=["change"])
    def hide_photos(self, request, queryset):
        return _with_note(self, request, queryset, _("Hide photos"),
                          lambda photo, note: post_photo_set_hidden(photo=photo, user=request.user, hidden=True,
                                                                    reason=note))

    @admin.action(description=_("Show the selected photos again"), permissions=["change"])
    def restore_photos(self, request, queryset):
        done = 0
        for photo in queryset:
            try:
                post_photo_set_hidden(photo=photo, user=request.user, hidden=False)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{photo}: {error}", messages.ERROR)
        self.message_user(request, _("Restored: %(count)d.") % {"count": done}, messages.SUCCESS)
