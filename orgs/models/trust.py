"""The trust evaluation's result for an organization, as lower apps show it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .organizations import Organization


class TrustSummary(models.Model):
    """An organization's trust grade and overall score, written only by the evaluation app's
    recompute, so pages of lower apps (the map, the directory, exports, open data) can show them
    without knowing that app. A narrow table of its own: a recompute that changes many scores
    rewrites these small rows, where rewriting the wide organization row also rewrote its search
    indexes (over six minutes for 800,000 scores at national scale). No row: not evaluated."""

    organization = models.OneToOneField(Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
                                        primary_key=True, related_name="trust_summary")
    grade = models.CharField(_("trust grade"), max_length=1)
    score = models.DecimalField(_("trust score"), max_digits=4, decimal_places=1)

    class Meta:
        verbose_name = _("trust summary")
        verbose_name_plural = _("trust summaries")

    def __str__(self):
        return f"{self.organization_id}: {self.grade} ({self.score})"
