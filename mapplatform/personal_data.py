"""What the resource map holds about a person: posts, matches, flags and suggestions
(registered with common.personal_data)."""

from django.db.models import Q
from django.utils.translation import gettext as _

from common.personal_data import register

from .models import (
    AreaSubscription,
    Flag,
    FlagStatus,
    Match,
    MatchStatus,
    PostPhoto,
    PostStatus,
    ResourcePost,
    Suggestion,
    SuggestionStatus,
)

EXPORT_LIMIT = 5000


def _iso(value):
    return value.isoformat() if value else None


def _user_q(user, *fields):
    query = Q()
    for field in fields:
        query |= Q(**{field: user})
    return query


def export_posts(user):
    return [
        {"id": post.pk, "kind": post.kind, "resource_type": post.resource_type, "title": post.title,
         "description": post.description, "quantity": post.quantity, "unit": post.unit,
         "organization": post.organization.slug if post.organization_id else None,
         "location": {"lon": post.location.x, "lat": post.location.y}, "expires_on": _iso(post.expires_on),
         "status": post.status, "created": _iso(post.created_at)}
        for post in ResourcePost.objects.filter(author=user).select_related("organization").order_by("-pk")[
            :EXPORT_LIMIT]
    ]


def export_matches(user):
    roles = ("proposed_by", "need_confirmed_by", "offer_confirmed_by", "decided_by")
    rows = []
    for match in (Match.objects.filter(_user_q(user, *roles)).select_related("need", "offer")
                  .order_by("-pk")[:EXPORT_LIMIT]):
        rows.append({
            "id": match.pk, "need": match.need.title, "offer": match.offer.title, "status": match.status,
            "message": match.message if match.proposed_by_id == user.pk else "",
            "your_part": [role for role in roles if getattr(match, f"{role}_id") == user.pk],
            "proposed": _iso(match.created_at), "decided": _iso(match.decided_at),
        })
    return rows


def export_flags(user):
    return [
        {"post": flag.post_id, "organization": flag.organization.slug if flag.organization_id else None,
         "reason": flag.reason, "comment": flag.comment, "status": flag.status, "created": _iso(flag.created_at)}
        for flag in Flag.objects.filter(flagged_by=user).select_related("organization").order_by("-pk")[:EXPORT_LIMIT]
    ]


def export_suggestions(user):
    return [
        {"name": suggestion.name, "kind": suggestion.kind, "description": suggestion.description,
         "website": suggestion.website, "location": {"lon": suggestion.location.x, "lat": suggestion.location.y},
         "status": suggestion.status, "created": _iso(suggestion.created_at)}
        for suggestion in Suggestion.objects.filter(suggested_by=user).order_by("-pk")[:EXPORT_LIMIT]
    ]


def erase_posts(user):
    """Personal posts are deleted, unless they are one side of a matched case: that case is the
    other organization's record, so the post stays, closed and without its author. Posts made for an
    organization stay with it, without the author's name (the history too)."""
    lines = []
    personal = ResourcePost.objects.filter(author=user, organization__isnull=True)
    in_case = Q(need_matches__status=MatchStatus.ACCEPTED) | Q(offer_matches__status=MatchStatus.ACCEPTED)
    kept_ids = list(personal.filter(in_case).values_list("pk", flat=True).distinct())
    deleted = personal.exclude(pk__in=kept_ids)
    deleted_count = deleted.count()
    deleted.delete()
    if kept_ids:
        ResourcePost.objects.filter(pk__in=kept_ids, status__in=[PostStatus.OPEN, PostStatus.IN_PROGRESS]).update(
            status=PostStatus.CLOSED)
    organization_posts = ResourcePost.objects.filter(author=user).update(author=None)
    ResourcePost.history.filter(Q(author_id=user.pk) | Q(history_user=user)).update(author_id=None, history_user=None)
    if deleted_count:
        lines.append(_("Your personal needs and offers deleted: %(count)d.") % {"count": deleted_count})
    if kept_ids:
        lines.append(_("Personal posts kept without your name because they are part of a matched case: "
                       "%(count)d.") % {"count": len(kept_ids)})
    if organization_posts:
        lines.append(_("Posts you wrote for organizations kept with them, without your name: %(count)d.")
                     % {"count": organization_posts})
    return lines


def erase_matches(user):
    count = 0
    for role in ("proposed_by", "need_confirmed_by", "offer_confirmed_by", "decided_by"):
        count += Match.objects.filter(**{role: user}).update(**{role: None})
    return [_("Matches kept for the organizations, without your name: %(count)d.") % {"count": count}] if count else []


def erase_flags(user):
    """Open reports are withdrawn (deleted); resolved ones stay in the moderation record, anonymised."""
    open_flags = Flag.objects.filter(flagged_by=user, status=FlagStatus.OPEN)
    deleted = open_flags.count()
    open_flags.delete()
    kept = Flag.objects.filter(flagged_by=user).update(flagged_by=None, comment="")
    lines = []
    if deleted:
        lines.append(_("Open reports you made withdrawn: %(count)d.") % {"count": deleted})
    if kept:
        lines.append(_("Resolved reports kept for the moderation record, without your name: %(count)d.")
                     % {"count": kept})
    return lines


def erase_suggestions(user):
    pending = Suggestion.objects.filter(suggested_by=user, status=SuggestionStatus.PENDING)
    deleted = pending.count()
    pending.delete()
    kept = Suggestion.objects.filter(suggested_by=user).update(suggested_by=None)
    lines = []
    if deleted:
        lines.append(_("Pending suggestions deleted: %(count)d.") % {"count": deleted})
    if kept:
        lines.append(_("Reviewed suggestions kept without your name: %(count)d.") % {"count": kept})
    return lines


register(name="posts", export=export_posts, erase=erase_posts, order=30)
register(name="matches", export=export_matches, erase=erase_matches, order=20)
register(name="flags", export=export_flags, erase=erase_flags, order=30)
register(name="suggestions", export=export_suggestions, erase=erase_suggestions, order=30)


# --- Photos on posts (issue 15) -----------------------------------------------------------------
def export_post_photos(user):
    return [
        {"post": photo.post_id, "photo": photo.image.url, "added": _iso(photo.created_at),
         "hidden_by_a_moderator": photo.is_hidden}
        for photo in PostPhoto.objects.filter(uploaded_by=user).order_by("-pk")[:EXPORT_LIMIT]
    ]


def erase_post_photos(user):
    """Photos on the person's own posts are deleted with their files (before the posts go); photos
    they added to an organization's post stay with it, without their name (the history too)."""
    personal = list(PostPhoto.objects.filter(post__author=user, post__organization__isnull=True))
    for photo in personal:
        for field in (photo.image, photo.thumbnail):
            if field:
                field.storage.delete(field.name)
    PostPhoto.objects.filter(pk__in=[photo.pk for photo in personal]).delete()
    kept = PostPhoto.objects.filter(uploaded_by=user).update(uploaded_by=None)
    PostPhoto.history.filter(Q(uploaded_by_id=user.pk) | Q(history_user=user)).update(uploaded_by_id=None,
                                                                                      history_user=None)
    lines = []
    if personal:
        lines.append(_("Photos on your personal posts deleted: %(count)d.") % {"count": len(personal)})
    if kept:
        lines.append(_("Photos you added to organizations' posts kept with them, without your name: %(count)d.")
                     % {"count": kept})
    return lines


register(name="post_photos", export=export_post_photos, erase=erase_post_photos, order=25)


# --- Areas followed (issue 15) ------------------------------------------------------------------
def export_subscriptions(user):
    return [
        {"division": subscription.division_id, "box": list(subscription.box.extent) if subscription.box else None,
         "issue_fields": [field.slug for field in subscription.issue_fields.all()],
         "resource_types": subscription.resource_types, "needs": subscription.needs, "offers": subscription.offers,
         "organizations": subscription.organizations, "frequency": subscription.frequency,
         "created": _iso(subscription.created_at)}
        for subscription in AreaSubscription.objects.filter(user=user).prefetch_related("issue_fields").order_by("pk")
    ]


def erase_subscriptions(user):
    """The areas a person follows, and the record of what their digests carried, are theirs alone."""
    deleted = AreaSubscription.objects.filter(user=user).delete()[1].get(AreaSubscription._meta.label, 0)
    return [_("Areas you followed deleted: %(count)d.") % {"count": deleted}] if deleted else []


register(name="area_subscriptions", export=export_subscriptions, erase=erase_subscriptions, order=30)
