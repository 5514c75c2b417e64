"""Directory search finds two-character Chinese words inside longer names and texts."""

import pytest
from django.db import connection

from orgs.models import Organization
from orgs.search import query_grams, query_words
from orgs.selectors import organization_list

from .factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizations():
    return {
        "green": OrganizationFactory(name="绿色环保协会", name_en="Green Hands"),
        "welfare": OrganizationFactory(name="中国公益网络", description="支持草根组织"),
        "school": OrganizationFactory(name="乡村教育助学会", description="环境教育与保护，公益图书角"),
        "hidden": OrganizationFactory(name="隐藏的环保组织", status="hidden", status_reason="spam"),
    }


def names(query):
    return set(organization_list(filters={"q": query}).values_list("name", flat=True))


def test_two_character_queries_match_inside_words(organizations):
    assert names("公益") == {"中国公益网络", "乡村教育助学会"}
    assert names("环保") == {"绿色环保协会"}


def test_bigrams_present_but_not_adjacent_do_not_match(organizations):
    # 环境…保护 holds 环 and 保 but not the word 环保.
    assert "乡村教育助学会" not in names("环保")


def test_single_character_and_multi_word_queries(organizations):
    assert names("绿") == {"绿色环保协会"}
    assert names("乡村 公益") == {"乡村教育助学会"}
    assert names("公益，草根") == {"中国公益网络"}


def test_english_search_is_case_insensitive(organizations):
    assert names("green") == {"绿色环保协会"}
    assert names("HANDS") == {"绿色环保协会"}


def test_hidden_profiles_are_never_found(organizations):
    assert "隐藏的环保组织" not in names("环保")


def test_query_grams_mirror_the_database_function():
    words = query_words("绿色环保 Green")
    with connection.cursor() as cursor:
        cursor.execute("SELECT ngo20_search_grams(%s)", ["绿色环保 Green"])
        stored = set(cursor.fetchone()[0])
    assert set(query_grams(words)) <= stored
    assert query_grams(["公益"]) == ["公益"]


def test_gram_lookup_can_use_the_gin_index(organizations):
    queryset = Organization.objects.filter(search_grams__contains=["公益"])
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = queryset.explain()
        cursor.execute("SET enable_seqscan = on")
    assert "org_search_grams" in plan
