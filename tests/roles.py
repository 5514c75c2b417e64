"""The roles of the role × action matrices, made the same way for every app.

Each role is a person's relation to one `organization` (the one the action is about):
- anonymous; unverified: an approved member whose email is not verified;
- registered: verified, no membership; other_member: owner of another published organization;
- member (editor) and owner of the organization;
- staff roles without membership: moderator, trainer, assessor, lead_assessor, funder.
"""

from django.contrib.auth.models import AnonymousUser

from tests.orgs.factories import MembershipFactory, UserFactory

ROLES = ("anonymous", "unverified", "registered", "other_member", "member", "owner", "moderator", "trainer",
         "assessor", "lead_assessor", "funder")
VERIFIED = frozenset(ROLES) - {"anonymous", "unverified"}
STAFF_GROUPS = {"moderator": ["moderators"], "trainer": ["trainers"], "assessor": ["assessors"],
                "lead_assessor": ["assessors", "lead_assessors"], "funder": ["funders"]}
# What an anonymous API client gets for a write: 401 or 403, depending on the authentication schemes.
ANONYMOUS_API = {401, 403}


def make_user(role, organization):
    if role == "anonymous":
        return AnonymousUser()
    if role in STAFF_GROUPS:
        return UserFactory(groups=STAFF_GROUPS[role], is_staff=True)
    if role == "registered":
        return UserFactory()
    if role == "other_member":
        return MembershipFactory(role="owner").user
    user = UserFactory(verified=role != "unverified")
    MembershipFactory(user=user, organization=organization, role="owner" if role == "owner" else "editor")
    return user


def sign_in(client, user):
    if user.is_authenticated:
        client.force_login(user)
    return client
