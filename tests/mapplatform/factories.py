import datetime

import factory
from django.utils import timezone

from mapplatform.models import AreaSubscription, ResourcePost
from tests.orgs.factories import OrganizationFactory, UserFactory


class PostFactory(factory.django.DjangoModelFactory):
    """An open need of a published NGO in 成都锦江区, at the organization's point."""

    class Meta:
        model = ResourcePost
        skip_postgeneration_save = True

    kind = "need"
    resource_type = "goods"
    title = factory.Sequence(lambda n: f"需要物资{n}")
    organization = factory.SubFactory(OrganizationFactory)
    author = factory.SubFactory(UserFactory)
    org_kind = factory.LazyAttribute(lambda post: post.organization.kind if post.organization else "")
    location = factory.LazyAttribute(lambda post: post.organization.location if post.organization else None)
    province_id = factory.LazyAttribute(lambda post: post.organization.province_id if post.organization else "510000")
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))

    @factory.post_generation
    def issue_fields(post, create, extracted, **kwargs):
        if create and extracted:
            post.issue_fields.set(extracted)


class SubscriptionFactory(factory.django.DjangoModelFactory):
    """A weekly follow of 锦江区 (成都), needs, offers and new organizations, looked at until now."""

    class Meta:
        model = AreaSubscription
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    division_id = "510104"
    frequency = "weekly"

    @factory.post_generation
    def issue_fields(subscription, create, extracted, **kwargs):
        if create and extracted:
            subscription.issue_fields.set(extracted)
