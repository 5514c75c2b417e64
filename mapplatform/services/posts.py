"""Posting, editing and closing needs and offers."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.ratelimits import rate_limit
from orgs.models import Division, OrganizationStatus
from orgs.models.organizations import location_is_valid, point_is_in_province
from orgs.services.pagecache import organization_page_changed

from ..models import PostKind, PostStatus, ResourcePost
from ..models.posts import ACTIVE_STATUSES, INDIVIDUAL_OFFER_TYPES

MAX_DURATION_DAYS = 366
EDITABLE_FIELDS = ("kind", "resource_type", "title", "description", "quantity", "unit", "location", "expires_on")


def _validate_place(post):
    if post.location is None or not location_is_valid(post.location):
        raise ValidationError(
            {"location": _("These coordinates are not valid: longitude must be between -180 and 180 and latitude between -90 and 90.")}
        )
    if post.province_id:
        if not point_is_in_province(post.location, post.province):
            raise ValidationError({"location": _("The point is outside %(province)s.") % {"province": post.province}})
        return
    province = Division.objects.filter(level="province", boundary__geom__dwithin=(post.location, 0.05)).first()
    if province is None:
        raise ValidationError({"location": _("The point must be in China.")})
    post.province = province


def _validate_dates(post, today):
    if post.expires_on is None:
        raise ValidationError({"expires_on": _("Give the date until which the post is open.")})
    if post.expires_on < today:
        raise ValidationError({"expires_on": _("The date cannot be in the past.")})
    if post.expires_on > today + datetime.timedelta(days=MAX_DURATION_DAYS):
        raise ValidationError({"expires_on": _("A post can stay open for at most a year; post it again later.")})


def _check_author(user, organization, kind, resource_type):
    if organization is not None:
        if not user.has_perm("mapplatform.post_for_organization", organization):
            raise PermissionDenied(_("Only verified members of the organization can post for it."))
        if organization.status != OrganizationStatus.PUBLISHED:
            raise ValidationError(_("The organization's profile must be published before it posts on the map."))
        return
    if not user.has_perm("mapplatform.post_as_individual"):
        raise PermissionDenied(_("Verify your email address before posting."))
    _check_individual_kind(kind, resource_type)


def _check_individual_kind(kind, resource_type):
    if kind != PostKind.OFFER or resource_type not in INDIVIDUAL_OFFER_TYPES:
        raise ValidationError(
            _("In your own name you can offer goods or volunteering; other posts are made for an organization.")
        )


@transaction.atomic
def post_create(*, user, organization, data, issue_fields=()):
    """A member posts a need or offer for their organization, or a verified person offers goods
    or volunteering in their own name. The point defaults to the organization's."""
    _check_author(user, organization, data.get("kind"), data.get("resource_type"))
    rate_limit(group="post_create", key=user.pk)
    fields = {key: value for key, value in data.items() if key in EDITABLE_FIELDS}
    post = ResourcePost(organization=organization, author=user, **fields)
    post.org_kind = organization.kind if organization is not None else ""
    if post.location is None and organization is not None:
        post.location = organization.location
        post.province_id = organization.province_id
    _validate_place(post)
    _validate_dates(post, timezone.localdate())
    post.full_clean()
    post._history_user = user
    post.save()
    post.issue_fields.set(issue_fields or (organization.issue_fields.all() if organization else ()))
    organization_page_changed(post.organization_id)
    return post


@transaction.atomic
def post_update(*, post, user, data, issue_fields=None):
    post = ResourcePost.objects.select_for_update().get(pk=post.pk)
    if not user.has_perm("mapplatform.edit_post", post):
        raise PermissionDenied(_("Only the post's organization can change it."))
    if post.status not in ACTIVE_STATUSES:
        raise ValidationError(_("A matched or closed post cannot be changed."))
    old_location = post.location
    for key, value in data.items():
        if key in EDITABLE_FIELDS:
            setattr(post, key, value)
    if post.location is not None and (old_location is None or not post.location.equals(old_location)):
        post.province = None
        post.province_id = None
    if post.organization_id is None:
        _check_individual_kind(post.kind, post.resource_type)
    _validate_place(post)
    _validate_dates(post, timezone.localdate())
    post.full_clean()
    post._history_user = user
    post.save()
    if issue_fields is not None:
        post.issue_fields.set(issue_fields)
    organization_page_changed(post.organization_id)
    return post


@transaction.atomic
def post_close(*, post, user):
    post = ResourcePost.objects.select_for_update().get(pk=post.pk)
    if not user.has_perm("mapplatform.edit_post", post):
        raise PermissionDenied(_("Only the post's organization can close it."))
    if post.status == PostStatus.CLOSED:
        return post
    post.status = PostStatus.CLOSED
    post._history_user = user
    post.save(update_fields=["status", "updated_at"])
    organization_page_changed(post.organization_id)
    return post


def posts_close_expired(*, today=None):
    """Close open posts whose date has passed; returns their ids (owners are told by email)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        ids = list(
            ResourcePost.objects.select_for_update(skip_locked=True)
            .filter(status__in=ACTIVE_STATUSES, expires_on__lt=today)
            .values_list("pk", flat=True)[:5000]
        )
        ResourcePost.objects.filter(pk__in=ids).update(status=PostStatus.CLOSED, updated_at=timezone.now())
        organization_page_changed(*ResourcePost.objects.filter(pk__in=ids).values_list("organization_id", flat=True))
    return ids
