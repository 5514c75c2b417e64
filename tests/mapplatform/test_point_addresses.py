"""The map's single points carry their page's address, built once per answer
(selectors.point_addresses): it must equal get_absolute_url() for any slug."""

import pytest

from mapplatform.selectors import point_addresses
from orgs.models import Organization
from tests.mapplatform.factories import PostFactory
from tests.orgs.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

SLUGS = ["sunshine-ngo", "阳光公益协会", "a b&c", "100%-sure", "new-ngo", "~tilde:at@", "point-slug-marker-2"]


def test_addresses_equal_get_absolute_url_for_any_slug():
    organizations = [OrganizationFactory() for _ in SLUGS]
    for organization, slug in zip(organizations, SLUGS):
        Organization.objects.filter(pk=organization.pk).update(slug=slug)
    address = point_addresses("orgs")
    for organization in Organization.objects.filter(pk__in=[o.pk for o in organizations]):
        assert address(organization) == organization.get_absolute_url(), organization.slug
    post_address = point_addresses("posts")
    for post in [PostFactory(), PostFactory()]:
        assert post_address(post) == post.get_absolute_url()
