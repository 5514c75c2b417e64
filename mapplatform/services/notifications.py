"""Emails about matches and expired posts, each sent once (orgs.services.emails)."""

from django.urls import reverse

from common.emails import email_send_once, render_email, site_url
from orgs.models import MembershipStatus

from ..models import Match, ResourcePost


def _post_recipients(post):
    """Who answers for a post: its organization's members, or its author."""
    if post.organization_id:
        return list(
            post.organization.memberships.filter(status=MembershipStatus.APPROVED)
            .values_list("user__email", flat=True)[:20]
        )
    return [post.author.email] if post.author else []


def _render(template, context):
    return render_email(f"mapplatform/email/{template}", context)


def match_proposed_notify(*, match_id):
    match = Match.objects.select_related("need__organization", "offer__organization", "need__author",
                                         "offer__author").filter(pk=match_id).first()
    if match is None:
        return 0
    other = match.offer if match.need_confirmed_at else match.need
    subject, body = _render("match_proposed", {"match": match, "url": site_url(reverse("mapplatform:matches"))})
    return sum(
        email_send_once(key=f"match-proposed:{match.pk}:{email}", to=email, subject=subject, body=body)
        for email in _post_recipients(other)
    )


def match_decided_notify(*, match_id):
    match = Match.objects.select_related("proposed_by", "need", "offer").filter(pk=match_id).first()
    if match is None or match.proposed_by is None or match.status not in ("accepted", "declined"):
        return 0
    subject, body = _render("match_decided", {"match": match, "url": site_url(reverse("mapplatform:matches"))})
    return int(email_send_once(key=f"match-decided:{match.pk}", to=match.proposed_by.email, subject=subject, body=body))


def post_expired_notify(*, post_id):
    post = ResourcePost.objects.select_related("organization", "author").filter(pk=post_id).first()
    if post is None:
        return 0
    subject, body = _render("post_expired", {"post": post, "url": site_url(post.get_absolute_url())})
    return sum(
        email_send_once(key=f"post-expired:{post.pk}:{email}", to=email, subject=subject, body=body)
        for email in _post_recipients(post)
    )
