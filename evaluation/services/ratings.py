"""Public ratings: one per person and organization, never one's own, bursts held for review."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from orgs.services.pagecache import organization_page_changed
from common.integrity import save_or_refuse
from common.ratelimits import rate_limit
from mapplatform.models import Match, MatchStatus, ResourcePost
from mapplatform.selectors import posts_of_user
from orgs.selectors import organizations_of_member

from .. import method
from ..models import Rating, RatingFlag, RatingStatus
from .recompute import schedule_recompute
from .summaries import rating_summaries_refresh

SCORES = ("public_trust", "financial", "influence")


def _took_part_in_match(user, organization):
    """The rater's organization (or the rater, for a personal offer) and this one share a confirmed match."""
    accepted = Match.objects.filter(status=MatchStatus.ACCEPTED)
    my_posts = posts_of_user(user=user).values("pk")
    their_posts = ResourcePost.objects.filter(organization=organization).values("pk")
    return accepted.filter(
        Q(need__in=my_posts, offer__in=their_posts) | Q(need__in=their_posts, offer__in=my_posts)
    ).exists()


def _check_scores(values):
    errors = {}
    for name in SCORES:
        value = values.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            errors[name] = [_("Give a whole number from 1 to 5.")]
    if errors:
        raise ValidationError(errors)


def _is_burst(organization, now):
    """Ratings in the last hour far above the organization's usual hourly rate."""
    window_start = now - datetime.timedelta(minutes=method.BURST_WINDOW_MINUTES)
    recent = Rating.objects.filter(organization=organization, created_at__gte=window_start).count()
    baseline_start = now - datetime.timedelta(days=method.BURST_BASELINE_DAYS)
    before = Rating.objects.filter(organization=organization, created_at__gte=baseline_start,
                                   created_at__lt=window_start).count()
    hours = method.BURST_BASELINE_DAYS * 24
    usual_per_window = before / hours * (method.BURST_WINDOW_MINUTES / 60)
    return recent >= max(method.BURST_MIN_RATINGS, method.BURST_FACTOR * usual_per_window)


@transaction.atomic
def rating_save(*, user, organization, scores, comment=""):
    """Create or update the user's rating of the organization."""
    if not user.has_perm("evaluation.rate_organization", organization):
        if organizations_of_member(user=user).filter(pk=organization.pk).exists():
            raise PermissionDenied(_("You cannot rate your own organization."))
        raise PermissionDenied(_("Only verified users rate published NGOs, foundations and CSR programs."))
    _check_scores(scores)
    rate_limit(group="rating_save", key=user.pk)
    rating = Rating.objects.select_for_update().filter(user=user, organization=organization).first()
    if rating is None:
        rating = Rating(user=user, organization=organization)
    for name in SCORES:
        setattr(rating, name, scores[name])
    rating.comment = (comment or "").strip()
    rating.from_match = _took_part_in_match(user, organization)
    rating.full_clean(exclude=["user", "organization"], validate_constraints=False)
    rating._history_user = user
    save_or_refuse(rating, _("You have already rated this organization; change your rating instead."))
    now = timezone.now()
    if rating.status == RatingStatus.VISIBLE and _is_burst(organization, now):
        # Hold the burst, not the history: the ratings made within the window wait for a
        # moderator; older ones, and ones a moderator already let through, keep counting.
        window_start = now - datetime.timedelta(minutes=method.BURST_WINDOW_MINUTES)
        Rating.objects.filter(organization=organization, status=RatingStatus.VISIBLE, reviewed_at__isnull=True,
                              created_at__gte=window_start).update(
            status=RatingStatus.HELD, status_reason=_("Unusual burst of ratings"))
        rating.refresh_from_db()
    rating_summaries_refresh(organization_ids=[organization.pk])
    schedule_recompute(organization.pk)
    organization_page_changed(organization.pk)
    return rating


@transaction.atomic
def rating_moderate(*, rating, user, status, reason=""):
    """Moderators hide a rating (with a reason), or let a held or hidden one count again."""
    if not user.has_perm("evaluation.moderate_ratings"):
        raise PermissionDenied(_("Only moderators can do this."))
    if status == RatingStatus.HIDDEN and not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the rating is hidden.")})
    rating = Rating.objects.select_for_update().get(pk=rating.pk)
    rating.status = status
    rating.status_reason = (reason or "").strip()
    rating.reviewed_at = timezone.now()
    rating._history_user = user
    rating.save(update_fields=["status", "status_reason", "reviewed_at", "updated_at"])
    RatingFlag.objects.filter(rating=rating, resolved=False).update(resolved=True)
    rating_summaries_refresh(organization_ids=[rating.organization_id])
    schedule_recompute(rating.organization_id)
    organization_page_changed(rating.organization_id)
    return rating


@transaction.atomic
def ratings_release_burst(*, organization, user):
    """A moderator lets a genuine wave (after a workshop, say) count in one action: every rating
    of the organization held as a burst counts again and is not held by the same wave later.
    Returns how many were released."""
    if not user.has_perm("evaluation.moderate_ratings"):
        raise PermissionDenied(_("Only moderators can do this."))
    held = list(Rating.objects.select_for_update().filter(organization=organization, status=RatingStatus.HELD))
    now = timezone.now()
    for rating in held:
        rating.status, rating.status_reason, rating.reviewed_at = RatingStatus.VISIBLE, "", now
        rating._history_user = user
        rating.save(update_fields=["status", "status_reason", "reviewed_at", "updated_at"])
    if held:
        schedule_recompute(organization.pk)
    return len(held)


def rating_flag(*, rating, user, reason):
    if not user.has_perm("evaluation.flag_rating"):
        raise PermissionDenied(_("Verify your email address before flagging."))
    flag = RatingFlag(rating=rating, flagged_by=user, reason=(reason or "").strip())
    flag.full_clean(validate_constraints=False)
    save_or_refuse(flag, _("You have already flagged this rating."))
    return flag
