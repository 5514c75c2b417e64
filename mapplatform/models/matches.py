"""A need and an offer brought together: proposed by one side, accepted by the other."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.validators import reject_html

from .posts import ResourcePost


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Which moves exist; who may make them is in rules.py.
MATCH_TRANSITIONS = {
    MatchStatus.PROPOSED: {MatchStatus.ACCEPTED, MatchStatus.DECLINED, MatchStatus.WITHDRAWN},
}


class MatchQuerySet(models.QuerySet):
    def shown(self):
        """Matches whose need and offer the public may both see (ResourcePost.objects.shown())."""
        return self.filter(need__in=ResourcePost.objects.shown(), offer__in=ResourcePost.objects.shown())


class Match(models.Model):
    need = models.ForeignKey(ResourcePost, verbose_name=_("need"), on_delete=models.CASCADE, related_name="need_matches")
    offer = models.ForeignKey(ResourcePost, verbose_name=_("offer"), on_delete=models.CASCADE,
                              related_name="offer_matches")
    status = models.CharField(_("status"), max_length=10, choices=MatchStatus.choices, default=MatchStatus.PROPOSED)
    message = models.CharField(_("message"), max_length=500, blank=True, validators=[reject_html])
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.SET_NULL,
                                    null=True, related_name="+")
    # The two confirmations of a matched case: the need's side and the offer's side.
    need_confirmed_at = models.DateTimeField(_("confirmed by the need's side"), null=True, blank=True)
    need_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("need's side confirmed by"),
                                          on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    offer_confirmed_at = models.DateTimeField(_("confirmed by the offer's side"), null=True, blank=True)
    offer_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("offer's side confirmed by"),
                                           on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-created_at"]
        constraints = [
            # One live proposal or matched case per pair of posts.
            models.UniqueConstraint(
                fields=["need", "offer"],
                condition=models.Q(status__in=["proposed", "accepted"]),
                name="match_one_live_per_pair",
            ),
            models.CheckConstraint(condition=~models.Q(need=models.F("offer")), name="match_two_posts"),
            # Two different people confirm a matched case, one for each side.
            models.CheckConstraint(condition=~models.Q(need_confirmed_by=models.F("offer_confirmed_by")),
                                   name="match_two_confirmers"),
            models.CheckConstraint(
                condition=~models.Q(status="accepted")
                | models.Q(need_confirmed_at__isnull=False, offer_confirmed_at__isnull=False),
                name="match_accepted_confirmed_by_both",
            ),
        ]
        indexes = [models.Index(fields=["status", "-decided_at"], name="match_status_decided")]

    def __str__(self):
        return f"{self.need} ⇄ {self.offer}"

    @property
    def is_confirmed(self):
        return self.status == MatchStatus.ACCEPTED
