"""Likely duplicates: same credit code, same or near-same name in the county, close by with a
similar name; found for every created organization, shown to moderators."""

import pytest
from django.contrib.gis.geos import Point

from orgs.duplicates import find_duplicates, organization_duplicates_record
from orgs.models import DuplicateCandidate
from orgs.services.merge import organizations_merge
from orgs.services.organizations import organization_create

from .factories import OrganizationFactory, UserFactory, division
from .import_helpers import credit_code

pytestmark = pytest.mark.django_db

JINJIANG, QINGYANG = "510104", "510105"


def _found(**kwargs):
    return {d.organization_id: d for d in find_duplicates(**kwargs)}


def test_same_credit_code_anywhere():
    existing = OrganizationFactory(name="完全不同的名字", credit_code=credit_code(5), registration_status="social_service",
                                   province=division("110000"), city=None, county=None)
    found = _found(name="阳光", credit_code=credit_code(5), county_id=JINJIANG)
    assert found[existing.pk].reasons == ["credit_code"]


def test_same_name_in_the_same_county_after_normalising():
    existing = OrganizationFactory(name="阳光助学服务中心")
    found = _found(name="陽光助學服務中心", county_id=JINJIANG)  # traditional characters, same name
    assert found[existing.pk].reasons[0] == "same_name"


def test_near_same_name_in_the_same_county_but_not_in_another():
    existing = OrganizationFactory(name="阳光助学服务中心")
    assert _found(name="阳光助学会", county_id=JINJIANG)[existing.pk].reasons == ["similar_name"]
    assert existing.pk not in _found(name="阳光助学会", county_id=QINGYANG)
    assert existing.pk not in _found(name="绿色环保协会", county_id=JINJIANG)


def test_the_place_and_the_generic_ending_do_not_make_a_name():
    sunshine = OrganizationFactory(name="成都市锦江区阳光社会工作服务中心")
    assert _found(name="锦江区阳光社工服务中心", county_id=JINJIANG)[sunshine.pk].reasons == ["same_name"]
    assert sunshine.pk not in _found(name="成都市锦江区彩虹社会工作服务中心", county_id=JINJIANG)


def test_close_by_with_a_similar_name_but_not_far_away_or_with_another_name():
    point = Point(104.0836, 30.6570, srid=4326)
    existing = OrganizationFactory(name="阳光助学服务中心", location=point, county=None, city=None)
    near = Point(104.0856, 30.6580, srid=4326)  # about 220 m
    far = Point(104.1000, 30.6570, srid=4326)  # about 1.6 km
    duplicate = _found(name="阳光助学会", location=near)[existing.pk]
    assert duplicate.reasons == ["nearby"] and 150 < duplicate.distance_m < 300
    assert existing.pk not in _found(name="阳光助学会", location=far)
    assert existing.pk not in _found(name="绿色环保协会", location=near)


def test_merged_organizations_are_not_candidates():
    moderator = UserFactory(groups=["moderators"], is_staff=True)
    survivor, merged = OrganizationFactory(name="某某公益"), OrganizationFactory(name="阳光助学服务中心")
    organizations_merge(survivor=survivor, merged=merged, user=moderator, reason="重复")
    assert merged.pk not in _found(name="阳光助学服务中心", county_id=JINJIANG)


def test_recording_is_idempotent_and_a_pair_is_listed_once():
    first = OrganizationFactory(name="阳光助学服务中心")
    second = OrganizationFactory(name="阳光助学服务中心")
    organization_duplicates_record(organization=second)
    organization_duplicates_record(organization=second)
    organization_duplicates_record(organization=first)  # the same pair, the other way round
    pair = DuplicateCandidate.objects.get()
    assert (pair.organization, pair.existing, pair.status) == (second, first, "open")


def test_a_newly_created_organization_is_checked_after_the_commit(django_capture_on_commit_callbacks):
    OrganizationFactory(name="阳光助学服务中心")
    user = UserFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        organization_create(user=user, data={"kind": "ngo", "name": "阳光助学服务中心", "province": division("510000"),
                                             "county": division(JINJIANG)})
    queued = [getattr(callback, "__qualname__", "") for callback in callbacks]
    assert any("on_commit_delay" in name for name in queued)


def test_moderators_see_likely_duplicates_in_the_admin(client):
    first = OrganizationFactory(name="阳光助学服务中心")
    second = OrganizationFactory(name="阳光助学服务中心 ")
    organization_duplicates_record(organization=second)
    client.force_login(UserFactory(groups=["moderators"], is_staff=True))
    body = client.get("/en/admin/orgs/duplicatecandidate/?status__exact=open").content.decode()
    assert "Same name in the same county" in body and f"id={first.pk}&amp;id={second.pk}" in body
    listed = client.get("/en/admin/orgs/organization/?duplicates=open").content.decode()
    assert listed.count("阳光助学服务中心") >= 2
