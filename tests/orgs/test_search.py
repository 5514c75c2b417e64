"""Directory search finds two-character Chinese words inside longer names and texts."""

import random
import time

import pytest
from django.db import connection

from orgs.models import Organization
from orgs.search import query_grams, query_words, text_grams
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


def _long_chinese_text(length, seed=7):
    rng = random.Random(seed)
    return "".join(chr(0x4E00 + rng.randrange(3000)) for _ in range(length))


def _database_grams(*parts):
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute("SELECT ngo20_search_grams(VARIADIC %s)", [list(parts)])
        grams = cursor.fetchone()[0]
        return set(grams), time.perf_counter() - started


def test_database_grams_equal_the_python_mirror_on_mixed_text():
    text = "绿色环保 Green，好!「公益」 ab-cd"
    stored, _seconds = _database_grams(text, "", "Hands")
    assert stored == text_grams(text, "", "Hands")
    assert "环保" in stored and "保好" not in stored and "bc" not in stored


def test_gram_generation_grows_linearly_with_the_length_of_the_text():
    # Quadratic generation (the former substr-by-position) makes 4x the text cost 16x the time;
    # linear costs about 4x. The best of three runs keeps a busy machine from deciding.
    short, long = _long_chinese_text(10_000), _long_chinese_text(40_000)
    short_grams, _ = _database_grams(short)
    long_grams, _ = _database_grams(long)
    assert short_grams == text_grams(short) and long_grams == text_grams(long)
    short_time = min(_database_grams(short)[1] for _ in range(3))
    long_time = min(_database_grams(long)[1] for _ in range(3))
    assert long_time / short_time < 9


def test_a_profile_with_a_50000_character_description_saves(organizations):
    organization = organizations["welfare"]
    organization.description = _long_chinese_text(50_000)
    organization.save()
    organization.refresh_from_db()
    assert len(organization.description) == 50_000
