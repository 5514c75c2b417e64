"""Disclosures (信息公开): documents and facts an organization publishes on its profile.

Only verified items that a moderator has not hidden count anywhere (the profile, the index, the
trust score, the sector figures); a correction sends a verified item back to pending, and
simple_history keeps every earlier version.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.uploads import private_storage
from common.validators import reject_html, validate_attachment
from orgs.models import Organization

YEAR_MIN = 1949
YEAR_MAX = 2100


class DisclosureKind(models.TextChoices):
    ANNUAL_REPORT = "annual_report", _("Annual work report")
    AUDITED_ACCOUNTS = "audited_accounts", _("Audited financial statements")
    FINANCE_SUMMARY = "finance_summary", _("Income and expenditure summary")
    GOVERNANCE = "governance", _("Board and governance members")
    PROJECT = "project", _("Project")
    DONORS = "donors", _("Major donors")
    REGISTRATION_CERTIFICATE = "registration_certificate", _("Registration certificate")
    CHARTER = "charter", _("Charter")


class DisclosureStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


def disclosure_upload_to(instance, filename):
    return f"disclosures/{instance.organization_id}/{filename}"


class Disclosure(models.Model):
    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
                                     related_name="disclosures")
    kind = models.CharField(_("kind"), max_length=32, choices=DisclosureKind.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True,
        help_text=_("The year the item covers; empty for undated items such as the charter."),
    )
    title = models.CharField(_("title"), max_length=200, validators=[reject_html])
    # Private storage: the file view streams it after checking who may see it (verified: everyone).
    file = models.FileField(_("file"), upload_to=disclosure_upload_to, storage=private_storage, blank=True,
                            max_length=300,
                            validators=[validate_attachment], help_text=_("PDF, JPEG or PNG, at most 10 MB."))
    details = models.JSONField(_("details"), default=dict, blank=True,
                               help_text=_("Structured facts of this kind (figures, members, project, donors)."))
    published_on = models.DateField(_("published on"))
    status = models.CharField(_("status"), max_length=10, choices=DisclosureStatus.choices,
                              default=DisclosureStatus.PENDING)
    rejection_reason = models.CharField(_("reason for rejection"), max_length=1000, blank=True,
                                        validators=[reject_html])
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"),
                                    on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("published by"),
                                   on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="disclosures_created")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    is_hidden = models.BooleanField(_("hidden by a moderator"), default=False,
                                    help_text=_("Hidden items stay in the database but count nowhere."))

    history = HistoricalRecords(excluded_fields=["updated_at"], verbose_name=_("historical disclosure"))

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        ordering = ["kind", "-year", "-published_on"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(rejection_reason=""),
                name="disclosure_rejected_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(year__isnull=True) | models.Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX),
                name="disclosure_year_in_range",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "kind", "year"], name="disclosure_org_kind_year"),
            models.Index(fields=["organization", "kind", "year"], name="disclosure_counted",
                         condition=models.Q(status="verified", is_hidden=False)),
            models.Index(fields=["status", "created_at"], name="disclosure_queue"),  # the review queue
            models.Index(fields=["reviewed_at"], name="disclosure_reviewed"),  # the recompute sweep
        ]

    def __str__(self):
        return f"{self.organization} · {self.get_kind_display()} {self.year or ''}".strip()

    @property
    def counts(self):
        """Only verified items that are not hidden count anywhere."""
        return self.status == DisclosureStatus.VERIFIED and not self.is_hidden
