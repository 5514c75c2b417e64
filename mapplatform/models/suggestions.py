"""Organizations the public suggests for the map, waiting for a moderator."""

from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from common.fields import BoundedTextField, WebsiteField
from common.validators import reject_html
from orgs.models import Division, IssueField, Organization, OrganizationKind


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    DUPLICATE = "duplicate", _("Already on the map")
    REJECTED = "rejected", _("Rejected")


class Suggestion(models.Model):
    name = models.CharField(_("name"), max_length=200, validators=[reject_html])
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    issue_fields = models.ManyToManyField(IssueField, verbose_name=_("issue fields"), blank=True, related_name="+")
    description = BoundedTextField(_("what they do"), blank=True, max_length=2000, validators=[reject_html])
    website = WebsiteField(_("website"), blank=True)
    location = models.PointField(_("location"), srid=4326)
    province = models.ForeignKey(Division, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    suggested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("suggested by"),
                                     on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=SuggestionStatus.choices,
                              default=SuggestionStatus.PENDING)
    review_note = models.CharField(_("moderator's note"), max_length=500, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     help_text=_("The published organization, or the one it duplicates."))
    created_at = models.DateTimeField(_("suggested"), auto_now_add=True)

    class Meta:
        verbose_name = _("suggested organization")
        verbose_name_plural = _("suggested organizations")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="suggestion_status_created")]

    def __str__(self):
        return self.name
