"""Staff roles: the access policy lives with the rules, and every permission it names exists."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from evaluation.rules import LEAD_ASSESSORS
from orgs.roles import ROLE_PERMISSIONS
from orgs.roles import LEAD_ASSESSORS as ROLES_LEAD_ASSESSORS
from orgs.rules import ROLE_GROUPS

pytestmark = pytest.mark.django_db


def test_role_permissions_are_policy_not_settings():
    assert not hasattr(settings, "ROLE_PERMISSIONS")
    assert set(ROLE_PERMISSIONS) == {*ROLE_GROUPS, LEAD_ASSESSORS}
    assert ROLES_LEAD_ASSESSORS == LEAD_ASSESSORS


def test_every_role_group_holds_exactly_the_permissions_it_names():
    # The test database is loaded with load_reference_data's reference_data_load (tests/conftest.py).
    for group_name, names in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=group_name)
        held = {f"{app_label}.{codename}" for app_label, codename in
                group.permissions.values_list("content_type__app_label", "codename")}
        assert held == set(names), group_name
