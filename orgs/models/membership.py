"""Who belongs to an organization, and claims waiting for a decision."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.validators import reject_html
from .organizations import Organization


class MembershipRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    EDITOR = "editor", _("Editor")


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Declined")


class Membership(models.Model):
    """A user's tie to an organization; a claim is a pending membership."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=MembershipRole.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.PENDING
    )
    message = models.CharField(
        _("message"),
        max_length=500,
        blank=True,
        validators=[reject_html],
        help_text=_("How you are connected to the organization (your position, how to check)."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-created_at"]
        constraints = [
            # One claim or membership per person and organization: a second claim is refused.
            models.UniqueConstraint(fields=["user", "organization"], name="membership_one_per_user_org"),
        ]
        indexes = [models.Index(fields=["organization", "status"], name="membership_org_status")]

    def __str__(self):
        return f"{self.user} → {self.organization} ({self.get_role_display()})"
