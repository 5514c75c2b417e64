"""Photos on needs and offers: stored only as re-encoded display and thumbnail versions (no EXIF,
no GPS; common.images), hidden by moderators rather than deleted, with their history."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .posts import ResourcePost


class PostPhotoQuerySet(models.QuerySet):
    def shown(self):
        """Photos the public may see: not hidden by a moderator."""
        return self.filter(hidden_reason="")


class PostPhoto(models.Model):
    post = models.ForeignKey(ResourcePost, verbose_name=_("post"), on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="posts/%Y/%m/")
    thumbnail = models.ImageField(_("thumbnail"), upload_to="posts/%Y/%m/")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    hidden_reason = models.CharField(_("hidden because"), max_length=500, blank=True,
                                     help_text=_("Set by a moderator; a hidden photo is kept but not shown."))
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("hidden by"), on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)

    objects = PostPhotoQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("historical post photo"))

    class Meta:
        verbose_name = _("post photo")
        verbose_name_plural = _("post photos")
        ordering = ["post", "pk"]
        indexes = [models.Index(fields=["post", "hidden_reason"], name="postphoto_post_shown")]

    def __str__(self):
        return f"{self.post} #{self.pk}"

    @property
    def is_hidden(self):
        return bool(self.hidden_reason)
