import pytest
from django.contrib.auth.models import Group
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Concat, Substr

from orgs.models import Division, IssueField, ProvinceBoundary
from orgs.rules import ROLE_GROUPS
from orgs.services.reference import reference_data_load

pytestmark = pytest.mark.django_db


def test_divisions_are_loaded_by_level_with_their_regions():
    assert Division.objects.filter(level="province").count() == 34
    assert Division.objects.filter(level="city").count() == 333
    assert Division.objects.filter(level="county").count() == 2845
    assert Division.objects.get(code="510000").region == "west"
    assert Division.objects.get(code="340000").region == "central"
    assert Division.objects.get(code="210000").region == "northeast"
    assert Division.objects.get(code="810000").region == "other"
    assert Division.objects.get(code="540000").name_en == "Xizang (Tibet)"


def test_cities_and_counties_inherit_the_region_of_their_province():
    province_region = Division.objects.filter(
        code=Concat(Substr(OuterRef("code"), 1, 2), Value("0000"))
    ).values("region")[:1]
    below = Division.objects.exclude(level="province").annotate(province_region=Subquery(province_region))
    assert below.count() == 3212 - 34
    assert below.exclude(region=F("province_region")).count() == 0


def test_municipality_districts_and_direct_counties_hang_from_the_province():
    chaoyang = Division.objects.get(code="110105")
    assert chaoyang.parent_id == "110000"
    assert Division.objects.get(code="429004").parent_id == "420000"  # 仙桃市, 省直辖县
    assert not Division.objects.filter(code="110100").exists()


def test_every_division_has_a_point_inside_china():
    outside = Division.objects.exclude(
        centroid__intersects="SRID=4326;POLYGON((73 3, 136 3, 136 54, 73 54, 73 3))"
    )
    assert outside.count() == 0


def test_province_outlines_are_valid_and_contain_their_seats():
    assert ProvinceBoundary.objects.count() == 34
    for boundary in ProvinceBoundary.objects.select_related("province"):
        assert boundary.geom.valid, boundary.province.name
        assert boundary.geom.srid == 4326
        assert boundary.geom.buffer(0.05).contains(boundary.province.centroid), boundary.province.name


def test_issue_fields_keep_the_map_order_and_workshop_mapping():
    fields = list(IssueField.objects.order_by("position"))
    assert len(fields) == 23
    assert fields[0].slug == "health_medical" and fields[0].name_zh == "医疗卫生健康"
    assert IssueField.objects.get(slug="disability").workshop_field == "health"
    assert IssueField.objects.get(slug="lgbt").workshop_field == ""
    assert set(IssueField.objects.values_list("workshop_field", flat=True)) - {""} == {
        "environment",
        "health",
        "community_development",
        "women_children",
        "education",
        "information_network",
    }


def test_loading_twice_changes_nothing():
    before = (Division.objects.count(), IssueField.objects.count(), ProvinceBoundary.objects.count())
    counts = reference_data_load()
    after = (Division.objects.count(), IssueField.objects.count(), ProvinceBoundary.objects.count())
    assert before == after == (3212, 23, 34)
    assert counts["divisions"] == 3212


def test_staff_role_groups_exist_with_admin_permissions():
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLE_GROUPS)
    moderators = Group.objects.get(name="moderators")
    codenames = set(moderators.permissions.values_list("codename", flat=True))
    assert {"change_organization", "change_membership", "view_historicalorganization"} <= codenames
