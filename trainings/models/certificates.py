"""Certificates of completion (结业证书) that anyone can check by their code, and check-in codes."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.validators import reject_html

from .applications import Application
from .codes import new_certificate_code

class Certificate(models.Model):
    application = models.ForeignKey(Application, verbose_name=_("participant"), on_delete=models.CASCADE,
                                    related_name="certificates")
    code = models.CharField(_("verification code"), max_length=16, unique=True, default=new_certificate_code,
                            editable=False)
    holder_name = models.CharField(_("name on the certificate"), max_length=100, validators=[reject_html])
    days_attended = models.PositiveSmallIntegerField(_("days attended"))
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.SET_NULL,
                                  null=True, related_name="+")
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("revoked by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    revoke_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True, validators=[reject_html])

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        constraints = [
            # One valid certificate per participant; a revoked one stays on record and may be replaced.
            models.UniqueConstraint(fields=["application"], condition=models.Q(revoked_at__isnull=True),
                                    name="certificate_one_valid_per_participant"),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | ~models.Q(revoke_reason=""),
                name="certificate_revoked_with_reason",
            ),
        ]

    def __str__(self):
        return f"{self.holder_name} · {self.application.event} ({self.code})"

    def get_absolute_url(self):
        return reverse("trainings:certificate-verify", kwargs={"code": self.code})

    @property
    def is_revoked(self):
        return self.revoked_at is not None
