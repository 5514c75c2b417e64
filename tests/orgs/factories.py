import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from orgs.models import Division, Membership, Organization
from orgs.services.policies import policy_consent_record
from orgs.services.search import organization_search_refresh

PASSWORD = "a-Long-test-passw0rd"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        """Verified by default; UserFactory(verified=False) for an unconfirmed address."""
        if create:
            EmailAddress.objects.create(
                user=user, email=user.email, primary=True, verified=extracted is not False
            )
            user.save()

    @factory.post_generation
    def consented(user, create, extracted, **kwargs):
        """Agreed to the policies in force by default; UserFactory(consented=False) for one who has not."""
        if create and extracted is not False:
            policy_consent_record(user=user)

    @factory.post_generation
    def groups(user, create, extracted, **kwargs):
        for name in extracted or ():
            user.groups.add(Group.objects.get(name=name))


def division(code):
    return Division.objects.get(code=code)


class OrganizationFactory(factory.django.DjangoModelFactory):
    """A published NGO in 成都市锦江区 unless told otherwise."""

    class Meta:
        model = Organization
        skip_postgeneration_save = True

    kind = "ngo"
    name = factory.Sequence(lambda n: f"测试公益组织{n}")
    slug = factory.Sequence(lambda n: f"test-org-{n}")
    province = factory.LazyFunction(lambda: division("510000"))
    city = factory.LazyFunction(lambda: division("510100"))
    county = factory.LazyFunction(lambda: division("510104"))
    location = factory.LazyAttribute(lambda o: o.county.centroid if o.county else o.province.centroid)
    status = "published"

    @factory.post_generation
    def issue_fields(organization, create, extracted, **kwargs):
        if create and extracted:
            organization.issue_fields.set(extracted)

    @factory.post_generation
    def search_index(organization, create, extracted, **kwargs):
        """As the services do after every save: fill the search columns."""
        if create:
            organization.__dict__.update(organization_search_refresh(organization=organization))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = "owner"
    status = "approved"
