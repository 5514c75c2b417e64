"""Suggested organizations, flags, and moderators hiding or restoring what was flagged."""

import difflib

from django.contrib.gis.measure import D
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orgs.models import Division, Organization, OrganizationStatus
from orgs.services.pagecache import organization_page_changed
from common.integrity import save_or_refuse
from common.ratelimits import rate_limit
from orgs.services.search import organization_search_refresh
from orgs.services.organizations import (
    organization_set_status,
    organization_unique_slug,
)

from ..models import Flag, FlagStatus, ResourcePost, Suggestion, SuggestionStatus

DUPLICATE_RADIUS_KM = 30
DUPLICATE_SIMILARITY = 0.5


def _require_moderator(user):
    if not user.has_perm("mapplatform.moderate"):
        raise PermissionDenied(_("Only moderators can do this."))


@transaction.atomic
def suggestion_create(*, user, data, issue_fields=()):
    if not user.has_perm("mapplatform.suggest_organization"):
        raise PermissionDenied(_("Verify your email address before suggesting an organization."))
    rate_limit(group="suggestion_create", key=user.pk)
    suggestion = Suggestion(suggested_by=user, **data)
    province = Division.objects.filter(level="province", boundary__geom__dwithin=(suggestion.location, 0.05)).first()
    if province is None:
        raise ValidationError({"location": _("The point must be in China.")})
    suggestion.province = province
    suggestion.full_clean()
    suggestion.save()
    suggestion.issue_fields.set(issue_fields)
    return suggestion


def possible_duplicates(*, suggestion, limit=5):
    """Organizations with a similar name nearby, or the very same name anywhere."""
    nearby = list(
        # A cheap box through the spatial index (0.5° ≥ 30 km everywhere in China), then the real distance.
        Organization.objects.filter(location__dwithin=(suggestion.location, 0.5))
        .filter(location__distance_lte=(suggestion.location, D(km=DUPLICATE_RADIUS_KM)))
        .exclude(status=OrganizationStatus.HIDDEN)
        .only("pk", "name", "slug", "status", "location")[:200]
    )
    same_name = list(Organization.objects.filter(name=suggestion.name).only("pk", "name", "slug", "status")[:5])
    scored = {}
    for organization in nearby + same_name:
        ratio = difflib.SequenceMatcher(None, suggestion.name, organization.name).ratio()
        if ratio >= DUPLICATE_SIMILARITY or organization.name == suggestion.name:
            scored[organization.pk] = (ratio, organization)
    return [organization for _ratio, organization in sorted(scored.values(), key=lambda row: -row[0])][:limit]


@transaction.atomic
def suggestion_publish(*, suggestion, user):
    """A moderator turns the suggestion into a published organization (no members yet: it can be
    claimed by the people who run it)."""
    _require_moderator(user)
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != SuggestionStatus.PENDING:
        raise ValidationError(_("This suggestion was already reviewed."))
    organization = Organization(
        kind=suggestion.kind,
        name=suggestion.name,
        slug=organization_unique_slug(name=suggestion.name),
        description=suggestion.description,
        website=suggestion.website,
        province=suggestion.province,
        location=suggestion.location,
        status=OrganizationStatus.PUBLISHED,
        created_by=suggestion.suggested_by,
    )
    organization.full_clean()
    organization._history_user = user
    organization._change_reason = f"published from suggestion {suggestion.pk}"
    organization.save()
    organization.issue_fields.set(suggestion.issue_fields.all())
    organization_search_refresh(organization=organization)
    suggestion.status = SuggestionStatus.PUBLISHED
    suggestion.organization = organization
    suggestion.reviewed_by = user
    suggestion.save()
    return organization


@transaction.atomic
def suggestion_reject(*, suggestion, user, note="", duplicate_of=None):
    _require_moderator(user)
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != SuggestionStatus.PENDING:
        raise ValidationError(_("This suggestion was already reviewed."))
    suggestion.status = SuggestionStatus.DUPLICATE if duplicate_of else SuggestionStatus.REJECTED
    suggestion.organization = duplicate_of
    suggestion.review_note = note
    suggestion.reviewed_by = user
    suggestion.save()
    return suggestion


def flag_create(*, user, reason, comment="", post=None, organization=None):
    if not user.has_perm("mapplatform.flag"):
        raise PermissionDenied(_("Verify your email address before flagging."))
    rate_limit(group="flag_create", key=user.pk)
    flag = Flag(flagged_by=user, reason=reason, comment=(comment or "").strip(), post=post, organization=organization)
    flag.full_clean(validate_constraints=False)
    save_or_refuse(flag, _("You have already flagged this; a moderator will look at it."))
    return flag


@transaction.atomic
def post_set_hidden(*, post, user, hidden, reason=""):
    """Moderators hide a post (kept, with the reason) or show it again."""
    _require_moderator(user)
    post = ResourcePost.objects.select_for_update().get(pk=post.pk)
    reason = (reason or "").strip()
    if hidden and not reason:
        raise ValidationError({"reason": _("Say why the post is hidden.")})
    post.hidden_reason = reason if hidden else ""
    post._history_user = user
    post._change_reason = f"hidden: {reason}" if hidden else "restored"
    post.save(update_fields=["hidden_reason", "updated_at"])
    organization_page_changed(post.organization_id)
    return post


@transaction.atomic
def flag_resolve(*, flag, user, hide, note=""):
    """Decide a flag: hide the flagged item (with the note as the reason) or dismiss the flag.
    Other open flags on the same item are settled the same way."""
    _require_moderator(user)
    flag = Flag.objects.select_for_update(of=("self",)).select_related("post", "organization").get(pk=flag.pk)
    if flag.status != FlagStatus.OPEN:
        raise ValidationError(_("This flag was already resolved."))
    reason = note or flag.get_reason_display()
    if hide and flag.post_id:
        post_set_hidden(post=flag.post, user=user, hidden=True, reason=reason)
    elif hide and flag.organization.status != OrganizationStatus.HIDDEN:
        organization_set_status(organization=flag.organization, user=user, status=OrganizationStatus.HIDDEN,
                                reason=reason)
    same_item = Flag.objects.filter(status=FlagStatus.OPEN, post=flag.post, organization=flag.organization)
    same_item.update(
        status=FlagStatus.HIDDEN if hide else FlagStatus.DISMISSED,
        resolution_note=note,
        resolved_by=user,
        resolved_at=timezone.now(),
    )
    flag.refresh_from_db()
    return flag
