"""Reports of inappropriate posts or organizations, for moderators."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orgs.models import Organization
from common.validators import reject_html

from .posts import ResourcePost


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    FALSE = "false", _("False or misleading")
    OFFENSIVE = "offensive", _("Offensive")
    FRAUD = "fraud", _("Possible fraud")
    OTHER = "other", _("Something else")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("Open")
    HIDDEN = "hidden", _("Item hidden")
    DISMISSED = "dismissed", _("Dismissed")


class Flag(models.Model):
    post = models.ForeignKey(ResourcePost, verbose_name=_("post"), on_delete=models.CASCADE, null=True, blank=True,
                             related_name="flags")
    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
                                     null=True, blank=True, related_name="flags")
    reason = models.CharField(_("reason"), max_length=10, choices=FlagReason.choices)
    comment = models.CharField(_("comment"), max_length=500, blank=True, validators=[reject_html])
    flagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("flagged by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN)
    resolution_note = models.CharField(_("moderator's note"), max_length=500, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("resolved by"), on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    created_at = models.DateTimeField(_("flagged"), auto_now_add=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(post__isnull=False, organization__isnull=True)
                | models.Q(post__isnull=True, organization__isnull=False),
                name="flag_one_target",
            ),
            # One open flag per person and item: flagging twice does not add weight.
            models.UniqueConstraint(fields=["flagged_by", "post"], condition=models.Q(status="open"),
                                    name="flag_once_per_post"),
            models.UniqueConstraint(fields=["flagged_by", "organization"], condition=models.Q(status="open"),
                                    name="flag_once_per_organization"),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="flag_status_created")]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.post or self.organization}"

    @property
    def target(self):
        return self.post or self.organization
