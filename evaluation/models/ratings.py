"""Public participatory evaluation: verified users rate organizations on the three dimensions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.validators import reject_html
from orgs.models import Organization


class RatingStatus(models.TextChoices):
    VISIBLE = "visible", _("Counted")
    HELD = "held", _("Held for review (unusual burst)")
    HIDDEN = "hidden", _("Hidden by a moderator")


def score_field(label):
    return models.PositiveSmallIntegerField(label, help_text=_("1 (poor) to 5 (excellent)"))


class Rating(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("rated by"), on_delete=models.CASCADE,
                             related_name="ratings")
    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
                                     related_name="ratings")
    public_trust = score_field(_("public trust"))
    financial = score_field(_("financial management"))
    influence = score_field(_("social influence"))
    comment = models.CharField(_("comment"), max_length=1000, blank=True, validators=[reject_html])
    from_match = models.BooleanField(
        _("from a matched case"), default=False,
        help_text=_("The rater took part in a confirmed match with this organization."),
    )
    status = models.CharField(_("status"), max_length=8, choices=RatingStatus.choices, default=RatingStatus.VISIBLE)
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    reviewed_at = models.DateTimeField(
        _("reviewed by a moderator"), null=True, blank=True,
        help_text=_("A reviewed rating is not held again by a later burst."),
    )
    created_at = models.DateTimeField(_("rated"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], verbose_name=_("historical rating"))

    class Meta:
        verbose_name = _("public rating")
        verbose_name_plural = _("public ratings")
        ordering = ["-updated_at"]
        constraints = [
            # One rating per person and organization; changing one's mind updates it.
            models.UniqueConstraint(fields=["user", "organization"], name="rating_one_per_user"),
            *[
                models.CheckConstraint(condition=models.Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                                       name=f"rating_{name}_1_to_5")
                for name in ("public_trust", "financial", "influence")
            ],
        ]
        indexes = [
            models.Index(fields=["organization", "status"], name="rating_org_status"),
            models.Index(fields=["organization", "created_at"], name="rating_org_created"),
            models.Index(fields=["updated_at"], name="rating_updated"),  # the recompute sweep
        ]

    def __str__(self):
        return f"{self.user} → {self.organization}"


class RatingFlag(models.Model):
    """A report that a rating is abusive, for moderators."""

    rating = models.ForeignKey(Rating, verbose_name=_("rating"), on_delete=models.CASCADE, related_name="flags")
    flagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("flagged by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    reason = models.CharField(_("reason"), max_length=300, validators=[reject_html])
    resolved = models.BooleanField(_("resolved"), default=False)
    created_at = models.DateTimeField(_("flagged"), auto_now_add=True)

    class Meta:
        verbose_name = _("flagged rating")
        verbose_name_plural = _("flagged ratings")
        ordering = ["resolved", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["rating", "flagged_by"], condition=models.Q(resolved=False),
                                    name="ratingflag_once_open"),
        ]

    def __str__(self):
        return f"{self.rating}: {self.reason}"


class RatingSummary(models.Model):
    """One organization's counted (visible) ratings in a row: kept current by the rating services
    (services/summaries.py) whenever ratings change, so the full recompute reads one row per
    organization instead of every rating.

    The `weighted_*` sums let ratings lose weight with age without rewriting anything: each rating
    is stored with weight 2^(days from method.DECAY_EPOCH to the rating / half-life), and the
    recompute multiplies the sums by ½^(days from the epoch to the day of computation / half-life),
    which gives every rating its weight ½^(its age / half-life) on that day.
    """

    organization = models.OneToOneField(Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
                                        primary_key=True, related_name="rating_summary")
    count = models.PositiveIntegerField(_("ratings"))
    sum_public_trust = models.PositiveIntegerField(_("sum of public trust"))
    sum_financial = models.PositiveIntegerField(_("sum of financial management"))
    sum_influence = models.PositiveIntegerField(_("sum of social influence"))
    weight = models.FloatField(_("weight relative to the epoch"))
    weighted_public_trust = models.FloatField(_("weighted public trust"))
    weighted_financial = models.FloatField(_("weighted financial management"))
    weighted_influence = models.FloatField(_("weighted social influence"))
    last_rated_at = models.DateTimeField(_("last rated"))

    class Meta:
        verbose_name = _("rating summary")
        verbose_name_plural = _("rating summaries")

    def __str__(self):
        return f"{self.organization_id}: {self.count}"
