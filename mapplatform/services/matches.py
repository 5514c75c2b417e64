"""Proposing, accepting and declining matches between a need and an offer."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.integrity import save_or_refuse
from common.ratelimits import rate_limit
from common.transactions import on_commit_delay
from orgs.services.pagecache import organization_page_changed

from ..models import Match, MatchStatus, PostKind, PostStatus, ResourcePost
from ..tasks import notify_match_decided, notify_match_proposed


def _side_of(user, match):
    """Which posts of the match the user acts for: {'need'}, {'offer'}, both or none."""
    sides = set()
    if user.has_perm("mapplatform.act_for_post", match.need):
        sides.add("need")
    if user.has_perm("mapplatform.act_for_post", match.offer):
        sides.add("offer")
    return sides


def _refuse_both_sides(sides):
    """A matched case counts toward both organizations' trust, so it needs two independent sides:
    no one proposes or accepts a match between posts they act for on both ends (their
    organization's post and their own personal offer, or posts of two organizations they belong to)."""
    if sides == {"need", "offer"}:
        raise ValidationError(
            _("You act for both the need and the offer, so you cannot match them: a match needs two independent sides.")
        )


@transaction.atomic
def match_propose(*, need, offer, user, message=""):
    """Either side proposes: the proposer's side counts as its confirmation."""
    posts = {post.pk: post for post in ResourcePost.objects.select_for_update().filter(pk__in=[need.pk, offer.pk])}
    need, offer = posts.get(need.pk), posts.get(offer.pk)
    if need is None or offer is None:
        raise ValidationError(_("These posts do not exist."))
    if need.kind != PostKind.NEED or offer.kind != PostKind.OFFER:
        raise ValidationError(_("A match brings together one need and one offer."))
    for post in (need, offer):
        if not post.is_active or post.expires_on < timezone.localdate():
            raise ValidationError(_("“%(title)s” is no longer open.") % {"title": post.title})
    if need.organization_id and need.organization_id == offer.organization_id:
        raise ValidationError(_("An organization cannot match its own need and offer."))
    match = Match(need=need, offer=offer, proposed_by=user, message=(message or "").strip())
    sides = _side_of(user, match)
    if not sides:
        raise PermissionDenied(_("Only the organizations behind the need or the offer can propose this match."))
    _refuse_both_sides(sides)
    rate_limit(group="match_propose", key=user.pk)
    now = timezone.now()
    if "need" in sides:
        match.need_confirmed_at, match.need_confirmed_by = now, user
    else:
        match.offer_confirmed_at, match.offer_confirmed_by = now, user
    match.full_clean(exclude=["need", "offer"], validate_constraints=False)
    save_or_refuse(match, _("This need and this offer already have a proposal or a matched case."))
    for post in (need, offer):
        if post.status == PostStatus.OPEN:
            post.status = PostStatus.IN_PROGRESS
            post.save(update_fields=["status", "updated_at"])
    on_commit_delay(notify_match_proposed, match.pk)
    return match


@transaction.atomic
def match_decide(*, match, user, accept):
    """The side that did not propose accepts (the case is then matched and confirmed by both)
    or declines."""
    match = Match.objects.select_for_update().select_related("need", "offer").get(pk=match.pk)
    if match.status != MatchStatus.PROPOSED:
        raise ValidationError(_("This proposal has already been %(status)s.") % {"status": match.get_status_display().lower()})
    waiting = "offer" if match.need_confirmed_at else "need"
    sides = _side_of(user, match)
    if waiting not in sides:
        raise PermissionDenied(_("Only the other side of the proposal can accept or decline it."))
    if accept:
        _refuse_both_sides(sides)
        if user.pk in (match.need_confirmed_by_id, match.offer_confirmed_by_id, match.proposed_by_id):
            raise ValidationError(_("A match is confirmed by two different people, one on each side."))
    now = timezone.now()
    match.decided_by, match.decided_at = user, now
    if accept:
        match.status = MatchStatus.ACCEPTED
        if waiting == "need":
            match.need_confirmed_at, match.need_confirmed_by = now, user
        else:
            match.offer_confirmed_at, match.offer_confirmed_by = now, user
        ResourcePost.objects.filter(pk__in=[match.need_id, match.offer_id]).update(
            status=PostStatus.MATCHED, updated_at=now
        )
    else:
        match.status = MatchStatus.DECLINED
        _reopen_if_idle([match.need_id, match.offer_id], exclude=match.pk)
    match.save()
    organization_page_changed(match.need.organization_id, match.offer.organization_id)
    on_commit_delay(notify_match_decided, match.pk)
    return match


@transaction.atomic
def match_withdraw(*, match, user):
    match = Match.objects.select_for_update().get(pk=match.pk)
    if match.status != MatchStatus.PROPOSED:
        raise ValidationError(_("Only a pending proposal can be withdrawn."))
    if match.proposed_by_id != user.pk:
        raise PermissionDenied(_("Only the person who proposed can withdraw the proposal."))
    match.status = MatchStatus.WITHDRAWN
    match.decided_by, match.decided_at = user, timezone.now()
    match.save()
    _reopen_if_idle([match.need_id, match.offer_id], exclude=match.pk)
    return match


def _reopen_if_idle(post_ids, exclude):
    """A post in progress with no other live proposal is open again."""
    for post in ResourcePost.objects.filter(pk__in=post_ids, status=PostStatus.IN_PROGRESS):
        live = Match.objects.filter(status=MatchStatus.PROPOSED).exclude(pk=exclude)
        if not live.filter(need=post).exists() and not live.filter(offer=post).exists():
            post.status = PostStatus.OPEN
            post.save(update_fields=["status", "updated_at"])
