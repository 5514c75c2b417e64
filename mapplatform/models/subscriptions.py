"""Following an area: a user's subscription to a division or a box, and what the digests sent.

A subscription names one place (a province, city or county, or a box drawn on the map) and may be
narrowed by issue fields, resource types and needs/offers/organizations. The digest records each
item it put in an email as a DigestEntry, unique per (subscription, item), so no retry or overlap
of runs sends an item twice to the same subscription.
"""

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgs.models import Division, IssueField, Organization

from .posts import ResourcePost, ResourceType

MAX_SUBSCRIPTIONS_PER_USER = 30


class DigestFrequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class AreaSubscription(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                             related_name="area_subscriptions")
    division = models.ForeignKey(Division, verbose_name=_("province, city or county"), on_delete=models.PROTECT,
                                 null=True, blank=True, related_name="+")
    box = models.PolygonField(_("area on the map"), srid=4326, null=True, blank=True)
    issue_fields = models.ManyToManyField(IssueField, verbose_name=_("issue fields"), blank=True, related_name="+",
                                          help_text=_("None chosen: every field."))
    resource_types = ArrayField(
        models.CharField(max_length=20, choices=ResourceType.choices), verbose_name=_("resources"),
        size=len(ResourceType.choices), default=list, blank=True, help_text=_("None chosen: every kind of resource."),
    )
    needs = models.BooleanField(_("needs"), default=True)
    offers = models.BooleanField(_("offers"), default=True)
    organizations = models.BooleanField(_("new organizations"), default=True)
    frequency = models.CharField(_("how often"), max_length=6, choices=DigestFrequency.choices,
                                 default=DigestFrequency.WEEKLY)
    # Items up to this moment have been looked at; the next digest looks after it. Starts at the
    # moment of following, so a new subscription is not flooded with the past.
    checked_until = models.DateTimeField(_("looked at until"), default=timezone.now, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("area subscription")
        verbose_name_plural = _("area subscriptions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(division__isnull=False) & models.Q(box__isnull=True))
                | (models.Q(division__isnull=True) & models.Q(box__isnull=False)),
                name="subscription_division_or_box",
            ),
            models.CheckConstraint(
                condition=models.Q(needs=True) | models.Q(offers=True) | models.Q(organizations=True),
                name="subscription_follows_something",
            ),
        ]
        indexes = [models.Index(fields=["frequency", "checked_until", "id"], name="subscription_due")]

    def __str__(self):
        return str(self.place_name)

    @property
    def place_name(self):
        if self.division_id:
            return self.division.localized_name
        west, south, east, north = self.box.extent
        return _("Area %(west).2f–%(east).2f°E, %(south).2f–%(north).2f°N") % {
            "west": west, "east": east, "south": south, "north": north}

    @property
    def resource_type_labels(self):
        labels = dict(ResourceType.choices)
        return [labels.get(value, value) for value in self.resource_types]


class Digest(models.Model):
    """One email to one subscription: the entries it carries. Its key makes the email send once."""

    subscription = models.ForeignKey(AreaSubscription, verbose_name=_("subscription"), on_delete=models.CASCADE,
                                     related_name="digests")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_at"], name="digest_created")]  # the requeue's window

    def __str__(self):
        return f"digest {self.pk} → {self.subscription_id}"

    @property
    def email_key(self):
        return f"area-digest:{self.pk}"


class DigestEntry(models.Model):
    """An item (a post or an organization) found for a subscription; at most once per pair."""

    subscription = models.ForeignKey(AreaSubscription, verbose_name=_("subscription"), on_delete=models.CASCADE,
                                     related_name="entries")
    post = models.ForeignKey(ResourcePost, verbose_name=_("post"), on_delete=models.CASCADE, null=True,
                             blank=True, related_name="+")
    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
                                     null=True, blank=True, related_name="+")
    digest = models.ForeignKey(Digest, verbose_name=_("digest"), on_delete=models.CASCADE, null=True, blank=True,
                               related_name="entries")
    created_at = models.DateTimeField(_("found"), auto_now_add=True)

    class Meta:
        verbose_name = _("digest entry")
        verbose_name_plural = _("digest entries")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(post__isnull=False) & models.Q(organization__isnull=True))
                | (models.Q(post__isnull=True) & models.Q(organization__isnull=False)),
                name="digest_entry_post_or_organization",
            ),
            models.UniqueConstraint(fields=["subscription", "post"], condition=models.Q(post__isnull=False),
                                    name="digest_entry_post_once"),
            models.UniqueConstraint(fields=["subscription", "organization"],
                                    condition=models.Q(organization__isnull=False),
                                    name="digest_entry_organization_once"),
        ]
        indexes = [models.Index(fields=["subscription"], condition=models.Q(digest__isnull=True),
                                name="digest_entry_unassigned")]

    def __str__(self):
        return f"{self.subscription_id}: {self.post_id or self.organization_id}"
