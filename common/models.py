"""A record of every email the platform sends, so a retried task never sends twice (common.emails)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SentEmail(models.Model):
    key = models.CharField(
        _("key"),
        max_length=200,
        unique=True,
        help_text=_("What the email is about, e.g. membership-claim:42; one email per key."),
    )
    to = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=300)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("sent email")
        verbose_name_plural = _("sent emails")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.key} → {self.to}"


class OutboxTask(models.Model):
    """A task that could not be queued after its action committed (the broker was down). The
    action stands; `outbox_flush` queues the task once the broker answers (beat, every minute)."""

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    kwargs = models.JSONField(_("keyword arguments"), default=dict, blank=True)
    error = models.CharField(_("last error"), max_length=500, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=1)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("task waiting to be queued")
        verbose_name_plural = _("tasks waiting to be queued")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.task}{tuple(self.args)}"
