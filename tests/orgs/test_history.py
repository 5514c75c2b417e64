"""Profile history: every edit kept, visible to members and moderators, revertible by moderators."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from orgs.models import Organization
from orgs.services.organizations import (
    organization_revert,
    organization_set_status,
    organization_update,
)

from .factories import MembershipFactory, OrganizationFactory, UserFactory, division

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited():
    organization = OrganizationFactory(description="第一版")
    owner = UserFactory()
    MembershipFactory(user=owner, organization=organization)
    organization_update(organization=organization, user=owner, data={"description": "第二版"})
    organization_update(organization=organization, user=owner, data={"description": "被破坏的版本"})
    return organization, owner


def test_each_edit_is_recorded_with_its_author(edited):
    organization, owner = edited
    records = list(organization.history.order_by("history_date"))
    assert [r.description for r in records] == ["第一版", "第二版", "被破坏的版本"]
    assert records[-1].history_user == owner


def test_moderator_reverts_to_an_earlier_version(edited):
    organization, _ = edited
    moderator = UserFactory(groups=["moderators"])
    first = organization.history.order_by("history_date").first()
    organization_revert(organization=organization, user=moderator, history_id=first.history_id)
    organization.refresh_from_db()
    assert organization.description == "第一版"
    assert organization.history.count() == 4  # the revert is itself recorded


def test_owner_cannot_revert(edited):
    organization, owner = edited
    first = organization.history.order_by("history_date").first()
    with pytest.raises(PermissionDenied):
        organization_revert(organization=organization, user=owner, history_id=first.history_id)


def test_history_page_for_members_not_for_the_public(client, edited):
    organization, owner = edited
    assert client.get(f"/en/orgs/{organization.slug}/history/").status_code == 302  # to sign in
    client.force_login(UserFactory())
    assert client.get(f"/en/orgs/{organization.slug}/history/").status_code == 403
    client.force_login(owner)
    body = client.get(f"/en/orgs/{organization.slug}/history/").content.decode()
    assert "被破坏的版本" in body and "第二版" in body
    assert "Restore this version" not in body


def test_moderator_reverts_from_the_history_page(client, edited):
    organization, _ = edited
    client.force_login(UserFactory(groups=["moderators"]))
    first = organization.history.order_by("history_date").first()
    response = client.post(f"/en/orgs/{organization.slug}/history/{first.history_id}/revert/")
    assert response.status_code == 302
    assert Organization.objects.get(pk=organization.pk).description == "第一版"


def test_hiding_needs_a_reason_and_keeps_the_profile(edited):
    organization, _ = edited
    moderator = UserFactory(groups=["moderators"])
    with pytest.raises(ValidationError):
        organization_set_status(organization=organization, user=moderator, status="hidden")
    organization_set_status(organization=organization, user=moderator, status="hidden", reason="广告")
    organization.refresh_from_db()
    assert (organization.status, organization.status_reason) == ("hidden", "广告")
    organization_set_status(organization=organization, user=moderator, status="published")
    assert Organization.objects.get(pk=organization.pk).status == "published"


def test_members_cannot_publish_or_hide(edited):
    organization, owner = edited
    with pytest.raises(PermissionDenied):
        organization_set_status(organization=organization, user=owner, status="hidden", reason="x")


def test_transitions_not_in_the_map_are_refused():
    moderator = UserFactory(groups=["moderators"])
    draft = OrganizationFactory(status="draft")
    with pytest.raises(ValidationError, match="cannot become"):
        organization_set_status(organization=draft, user=moderator, status="published")


def test_database_refuses_hidden_without_reason():
    from django.db import IntegrityError

    organization = OrganizationFactory()
    with pytest.raises(IntegrityError):
        Organization.objects.filter(pk=organization.pk).update(status="hidden", status_reason="")


def test_history_page_shows_translated_labels_not_stored_codes(client):
    """The history speaks the reader's language: no `edited`, `status: published`, `draft` or
    division codes on a Chinese page."""
    organization = OrganizationFactory(status="draft", description="第一版")
    owner = UserFactory()
    MembershipFactory(user=owner, organization=organization)
    moderator = UserFactory(groups=["moderators"])
    organization_update(organization=organization, user=owner,
                        data={"description": "第二版", "province": division("530000"), "city": division("530100"),
                              "county": division("530102"), "location": None})
    organization_set_status(organization=organization, user=owner, status="pending")
    organization_set_status(organization=organization, user=moderator, status="published")
    client.force_login(owner)

    chinese = client.get(f"/orgs/{organization.slug}/history/").content.decode()
    for code in ("edited", "status: published", "status: pending", ">draft<", ">pending<", ">510000<", ">530000<"):
        assert code not in chinese, code
    assert "状态改为" in chinese  # "Status changed to ..."
    assert "云南省" in chinese and "四川省" in chinese  # the province's name, not its code

    english = client.get(f"/en/orgs/{organization.slug}/history/").content.decode()
    assert "Status changed to Published" in english and "Profile edited" in english
    assert "Status changed to Pending review" in english
    assert ">Draft<" in english and ">Pending review<" in english
    assert "Yunnan" in english and "Sichuan" in english
