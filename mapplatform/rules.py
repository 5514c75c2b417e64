"""Who may post, match, suggest and flag on the map."""

import rules

from orgs.rules import is_moderator, is_org_member, is_verified


@rules.predicate
def is_post_author(user, post):
    return post is not None and user.is_authenticated and post.author_id == user.pk


@rules.predicate
def is_member_of_post_organization(user, post):
    if post is None or post.organization_id is None:
        return False
    return is_org_member.test(user, post.organization)


# A post belongs to its organization's members, or, for a personal offer, to its author.
@rules.predicate
def owns_post(user, post):
    if post is None:
        return False
    if post.organization_id is not None:
        return is_member_of_post_organization.test(user, post)
    return is_post_author.test(user, post)


can_post_for_organization = is_verified & is_org_member
can_edit_post = is_verified & owns_post
can_moderate = is_verified & is_moderator

rules.add_perm("mapplatform.post_for_organization", can_post_for_organization)
rules.add_perm("mapplatform.post_as_individual", is_verified)
rules.add_perm("mapplatform.edit_post", can_edit_post)
rules.add_perm("mapplatform.act_for_post", can_edit_post)  # propose, accept, decline on its behalf
rules.add_perm("mapplatform.suggest_organization", is_verified)
rules.add_perm("mapplatform.flag", is_verified)
rules.add_perm("mapplatform.moderate", can_moderate)


@rules.predicate
def owns_subscription(user, subscription):
    return subscription is not None and user.is_authenticated and subscription.user_id == user.pk


# Following an area asks for a verified address: the digest is sent to it.
rules.add_perm("mapplatform.follow_area", is_verified)
rules.add_perm("mapplatform.change_subscription", owns_subscription)
