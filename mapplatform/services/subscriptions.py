"""Following an area: create, change and delete subscriptions; the signed unsubscribe token."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.ratelimits import rate_limit
from orgs.models import DivisionLevel

from ..models import AreaSubscription, ResourceType
from ..models.subscriptions import MAX_SUBSCRIPTIONS_PER_USER

EDITABLE_FIELDS = ("division", "box", "resource_types", "needs", "offers", "organizations", "frequency")
UNSUBSCRIBE_SALT = "mapplatform.area-unsubscribe"
# The largest box one may follow, in square degrees (all of China is about 60° × 35°).
MAX_BOX_AREA = 80 * 50


def _validate(subscription):
    if (subscription.division_id is None) == (subscription.box is None):
        raise ValidationError(_("Choose a province, city or county, or an area on the map."))
    if subscription.division_id and subscription.division.level not in DivisionLevel.values:
        raise ValidationError({"division": _("Choose a province, city or county.")})
    if subscription.box is not None:
        west, south, east, north = subscription.box.extent
        if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
            raise ValidationError({"box": _("The area on the map is not valid.")})
        if (east - west) * (north - south) > MAX_BOX_AREA:
            raise ValidationError({"box": _("The area on the map is too large; zoom in and follow a smaller one.")})
    if subscription.resource_types and not set(subscription.resource_types) <= set(ResourceType.values):
        raise ValidationError({"resource_types": _("Choose resources from the list.")})
    if not (subscription.needs or subscription.offers or subscription.organizations):
        raise ValidationError(_("Follow at least one of needs, offers or new organizations."))


@transaction.atomic
def subscription_create(*, user, data, issue_fields=()):
    """A verified user follows a division or a box, optionally narrowed. At most
    MAX_SUBSCRIPTIONS_PER_USER each (the user's row is locked while counting)."""
    if not user.has_perm("mapplatform.follow_area"):
        raise PermissionDenied(_("Verify your email address before following an area."))
    rate_limit(group="subscription_create", key=user.pk)
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if AreaSubscription.objects.filter(user=user).count() >= MAX_SUBSCRIPTIONS_PER_USER:
        raise ValidationError(
            _("You can follow at most %(count)d areas; delete one first.") % {"count": MAX_SUBSCRIPTIONS_PER_USER}
        )
    subscription = AreaSubscription(user=user, **{k: v for k, v in data.items() if k in EDITABLE_FIELDS})
    _validate(subscription)
    subscription.full_clean()
    subscription.save()
    subscription.issue_fields.set(issue_fields or ())
    return subscription


@transaction.atomic
def subscription_update(*, subscription, user, data, issue_fields=None):
    subscription = AreaSubscription.objects.select_for_update().get(pk=subscription.pk)
    if not user.has_perm("mapplatform.change_subscription", subscription):
        raise PermissionDenied(_("This is not your subscription."))
    for key, value in data.items():
        if key in EDITABLE_FIELDS:
            setattr(subscription, key, value)
    _validate(subscription)
    subscription.full_clean()
    subscription.save()
    if issue_fields is not None:
        subscription.issue_fields.set(issue_fields)
    return subscription


@transaction.atomic
def subscription_delete(*, subscription, user):
    if not user.has_perm("mapplatform.change_subscription", subscription):
        raise PermissionDenied(_("This is not your subscription."))
    AreaSubscription.objects.filter(pk=subscription.pk).delete()


def unsubscribe_token(subscription):
    """A signed, timestamped token naming the subscription and its owner (no login needed)."""
    return signing.dumps([subscription.pk, subscription.user_id], salt=UNSUBSCRIBE_SALT, compress=True)


class BadUnsubscribeToken(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def subscription_from_token(token):
    """The subscription the token names (None if it is already gone); BadUnsubscribeToken if the
    token was altered or is older than settings.DIGEST_UNSUBSCRIBE_MAX_AGE."""
    try:
        subscription_id, user_id = signing.loads(
            token, salt=UNSUBSCRIBE_SALT, max_age=settings.DIGEST_UNSUBSCRIBE_MAX_AGE
        )
    except signing.SignatureExpired as exc:
        raise BadUnsubscribeToken(
            _("This unsubscribe link has expired. Sign in to manage what you follow.")
        ) from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise BadUnsubscribeToken(_("This unsubscribe link is not valid.")) from exc
    return AreaSubscription.objects.filter(pk=subscription_id, user_id=user_id).select_related("division").first()


@transaction.atomic
def subscription_unsubscribe(*, token):
    """Delete the subscription the token names; returns its place name, or None if already gone."""
    subscription = subscription_from_token(token)
    if subscription is None:
        return None
    name = subscription.place_name
    AreaSubscription.objects.filter(pk=subscription.pk).delete()
    return name
