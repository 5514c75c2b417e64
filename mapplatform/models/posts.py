"""Needs and offers of resources, placed on the map."""

from django.conf import settings
from django.contrib.gis.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.fields import BoundedTextField
from common.validators import reject_html
from orgs.models import Division, IssueField, Organization, OrganizationStatus


class PostKind(models.TextChoices):
    NEED = "need", _("Need")
    OFFER = "offer", _("Offer")


class ResourceType(models.TextChoices):
    GOODS = "goods", _("Goods and equipment")
    VOLUNTEERS = "volunteers", _("Volunteers")
    FUNDING = "funding", _("Funding")
    VENUE = "venue", _("Venue")
    SKILLS = "skills", _("Technical skills")
    MEDIA = "media", _("Media and communication")
    COLLABORATION = "collaboration", _("Project collaboration")


# What a verified person may offer in their own name, without an organization.
INDIVIDUAL_OFFER_TYPES = (ResourceType.GOODS, ResourceType.VOLUNTEERS)


class PostStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    MATCHED = "matched", _("Matched")
    CLOSED = "closed", _("Closed")


ACTIVE_STATUSES = (PostStatus.OPEN, PostStatus.IN_PROGRESS)


class ResourcePostQuerySet(models.QuerySet):
    def shown(self):
        """Posts the public may see: not hidden by a moderator, and made in a person's own name or
        by an organization whose profile is published (hiding an organization hides its posts)."""
        return self.filter(hidden_reason="").filter(
            models.Q(organization__isnull=True) | models.Q(organization__status=OrganizationStatus.PUBLISHED)
        )


class ResourcePost(models.Model):
    kind = models.CharField(_("need or offer"), max_length=5, choices=PostKind.choices)
    resource_type = models.CharField(_("resource"), max_length=20, choices=ResourceType.choices)
    title = models.CharField(_("title"), max_length=150, validators=[reject_html])
    description = BoundedTextField(_("description"), blank=True, max_length=5000, validators=[reject_html])
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=30, blank=True, validators=[reject_html],
                            help_text=_("e.g. computers, people, yuan, hours"))
    issue_fields = models.ManyToManyField(IssueField, verbose_name=_("issue fields"), blank=True, related_name="+")
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="resource_posts",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("posted by"), on_delete=models.SET_NULL, null=True,
        related_name="resource_posts",
    )
    # The organization's kind, copied here (services keep it in sync) so the map filters posts by it
    # without a join per row; empty for a person's own offer.
    org_kind = models.CharField(_("kind of organization"), max_length=20, blank=True, default="", editable=False)
    location = models.PointField(_("location"), srid=4326)
    province = models.ForeignKey(Division, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+")
    expires_on = models.DateField(_("open until"))
    status = models.CharField(_("status"), max_length=12, choices=PostStatus.choices, default=PostStatus.OPEN)
    hidden_reason = models.CharField(_("hidden because"), max_length=500, blank=True,
                                     help_text=_("Set by a moderator; a hidden post is kept but not shown."))
    created_at = models.DateTimeField(_("posted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ResourcePostQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"], verbose_name=_("historical post"))

    class Meta:
        verbose_name = _("resource post")
        verbose_name_plural = _("resource posts")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organization__isnull=False)
                | models.Q(kind="offer", resource_type__in=["goods", "volunteers"]),
                name="post_individuals_offer_goods_or_volunteering",
            ),
            models.CheckConstraint(condition=models.Q(quantity__isnull=True) | models.Q(quantity__gt=0),
                                   name="post_quantity_positive"),
        ]
        indexes = [
            models.Index(fields=["status", "kind", "resource_type"], name="post_status_kind_type"),
            models.Index(fields=["status", "province"], name="post_status_province"),
            models.Index(fields=["status", "expires_on"], name="post_status_expiry"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("mapplatform:post", kwargs={"pk": self.pk})

    @property
    def is_hidden(self):
        """Hidden by a moderator, or its organization's profile is not published (hidden)."""
        if self.hidden_reason:
            return True
        return self.organization_id is not None and self.organization.status != OrganizationStatus.PUBLISHED

    @property
    def is_active(self):
        return self.status in ACTIVE_STATUSES and not self.is_hidden

    @property
    def owner_name(self):
        return self.organization.name if self.organization_id else str(self.author or "")
