"""Directory search finds two-character Chinese words inside longer names and texts."""

import io
import random
import time

import pytest
from django.db import connection

from orgs.models import Organization
from orgs.search import query_grams, query_words, text_condition, text_grams
from orgs.selectors import organization_list

from .factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizations():
    return {
        "green": OrganizationFactory(name="绿色环保协会", name_en="Green Hands"),
        "welfare": OrganizationFactory(name="中国公益网络", description="支持草根组织"),
        "school": OrganizationFactory(name="乡村教育助学会", service_area="环境教育与保护，公益图书角"),
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
    assert names("乡村 助学") == {"乡村教育助学会"}
    assert names("中国，网络") == {"中国公益网络"}


def test_the_description_is_not_searched(organizations):
    # Names, service areas, places and issue fields are; a description would drown them.
    assert names("草根") == set()


def test_the_service_area_place_and_issue_field_names_are_searchable():
    from orgs.models import Division, IssueField

    field = IssueField.objects.order_by("position").first()
    xian = OrganizationFactory(
        name="秦岭守护者", service_area="秦岭北麓山村",
        province=Division.objects.get(code="610000"), city=Division.objects.get(code="610100"),
        county=None, location=None, issue_fields=[field],
    )
    assert "秦岭守护者" in names("北麓")
    assert "秦岭守护者" in names("西安")  # its city
    assert "秦岭守护者" in names("陕西")  # its province
    assert "秦岭守护者" in names(f"陕西 {field.name_zh}")
    assert xian.search_text and "西安" in xian.search_text


def test_traditional_characters_find_simplified_names_and_back():
    OrganizationFactory(name="阳光教育协会")
    OrganizationFactory(name="陽光環境學會", name_en="Sunshine")
    assert names("陽光教育") == {"阳光教育协会"}
    assert names("阳光环境") == {"陽光環境學會"}
    assert names("協會") == {"阳光教育协会"}


def test_full_width_letters_and_digits_are_found():
    OrganizationFactory(name="ＮＧＯ２０发展中心", name_en="Friends of Nature")
    assert names("ngo20") == {"ＮＧＯ２０发展中心"}
    assert names("ＦＲＩＥＮＤＳ") == {"ＮＧＯ２０发展中心"}
    assert names("ＮＧＯ２０") == {"ＮＧＯ２０发展中心"}


def test_pinyin_and_initials_find_chinese_names():
    OrganizationFactory(name="阳光教育服务中心")
    OrganizationFactory(name="西安市助残志愿者协会")
    OrganizationFactory(name="绿色江河")
    assert names("yangguang") == {"阳光教育服务中心"}
    assert names("yang guang") == {"阳光教育服务中心"}
    assert names("YangGuang") == {"阳光教育服务中心"}
    assert names("ygjy") == {"阳光教育服务中心"}
    assert names("xian") == {"西安市助残志愿者协会"}
    assert names("xaszc") == {"西安市助残志愿者协会"}  # 西安市助残
    assert names("jianghe") == {"绿色江河"}
    assert names("zzz") == set()


def test_chinese_name_matches_rank_before_other_latin_matches():
    english = OrganizationFactory(name="国际交流会", name_en="Xian Friends")
    chinese = OrganizationFactory(name="西安爱心社")
    # The English-named one was updated last, so by date alone it would come first.
    english.save()
    found = list(organization_list(filters={"q": "xian"}).values_list("name", flat=True))
    assert found == [chinese.name, english.name]


def test_editing_a_profile_through_the_service_updates_what_search_finds():
    from orgs.services.organizations import organization_update

    from .factories import MembershipFactory

    membership = MembershipFactory(organization__name="旧名字协会")
    organization = membership.organization
    organization_update(organization=organization, user=membership.user, data={"name": "彩虹桥社工服务社"})
    assert names("彩虹桥") == {"彩虹桥社工服务社"}
    assert names("chq") == {"彩虹桥社工服务社"}
    assert names("旧名字") == set()


def test_reindex_command_fills_rows_written_in_bulk():
    from django.core.management import call_command

    from orgs.models import Division

    Organization.objects.bulk_create([Organization(
        kind="ngo", name="批量写入的组织", slug="bulk-one", status="published",
        province=Division.objects.get(code="510000"),
    )])
    assert names("批量") == set()
    call_command("search_reindex", "--missing", stdout=io.StringIO())
    assert names("批量") == {"批量写入的组织"}
    assert names("plxr") == {"批量写入的组织"}


def test_pinyin_lookup_can_use_the_trigram_indexes():
    from orgs.search import pinyin_condition

    queryset = Organization.objects.filter(pinyin_condition("yangguang"))
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = queryset.explain()
        cursor.execute("SET enable_seqscan = on")
    assert "org_name_pinyin_trgm" in plan and "org_name_initials_trgm" in plan


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


def test_gram_and_latin_lookups_can_use_the_published_gin_indexes(organizations):
    published = Organization.objects.filter(status="published")
    plans = {}
    with connection.cursor() as cursor:
        # A few rows: the planner would take any index on status. Those are dropped here (DDL is
        # rolled back with the test's transaction) to see which search index serves the condition.
        for index in ("org_status_kind", "org_status_updated_id", "org_status_province"):
            cursor.execute(f"DROP INDEX {index}")
        cursor.execute("SET enable_seqscan = off")
        cursor.execute("SET enable_indexscan = off")
        for name, query in [("grams", "公益"), ("latin", "chengdu")]:
            plans[name] = published.filter(text_condition(query_words(query))).order_by().explain()
        cursor.execute("RESET enable_seqscan")
        cursor.execute("RESET enable_indexscan")
    assert "org_search_grams_published" in plans["grams"]
    # A Latin word of three letters or more goes to the trigram index, with no bigram condition.
    assert "org_search_text_trgm" in plans["latin"] and "search_grams" not in plans["latin"]


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


def test_directory_pages_rank_pinyin_matches_first_and_page_through_both_parts(client, monkeypatch):
    from orgs.search import SearchPaginator

    monkeypatch.setattr("orgs.views.pages.DIRECTORY_PAGE_SIZE", 2)
    monkeypatch.setattr(SearchPaginator, "cap", 3)
    english = [OrganizationFactory(name=f"国际交流会{i}", name_en=f"Xian Friends {i}") for i in range(2)]
    chinese = [OrganizationFactory(name=f"西安爱心社{i}") for i in range(2)]
    first = client.get("/en/orgs/?q=xian").context["page"]
    second = client.get("/en/orgs/?q=xian&page=2").context["page"]
    assert [o.name for o in first] == [chinese[1].name, chinese[0].name]
    assert [o.name for o in second] == [english[1].name, english[0].name]
    assert first.paginator.count == 4  # cap + 1: "more than 3"


@pytest.mark.parametrize(("analysed", "fetch_most", "walk_most", "hows"), [
    (True, -1, 5000, ["walk", "walk"]),  # the gram statistics say the word may be common
    (True, 10**6, 5000, ["fetch", "fetch"]),  # they say it is rare
    # Nothing bounds the matches (pinyin, Latin, a table not analysed yet): the newest rows are
    # walked; the second page is not among the newest four rows, and is fetched.
    (False, 10**6, 100, ["walk", "walk"]),
    (False, 10**6, 3, ["walk", "walk", "fetch"]),
])
def test_directory_pages_of_a_common_word_are_the_newest_whichever_way_they_are_read(
        client, monkeypatch, analysed, fetch_most, walk_most, hows):
    from orgs import search
    from orgs.search import SearchPaginator

    monkeypatch.setattr("orgs.views.pages.DIRECTORY_PAGE_SIZE", 2)
    monkeypatch.setattr(SearchPaginator, "cap", 3)
    monkeypatch.setattr(SearchPaginator, "fetch_most", fetch_most)
    monkeypatch.setattr(SearchPaginator, "walk_most", walk_most)
    monkeypatch.setattr(search, "_gram_stats_cache", {})
    chosen = []
    monkeypatch.setattr(SearchPaginator, "_ordered_keys", staticmethod(
        lambda part, low, high, *, how, keys=SearchPaginator._ordered_keys:
        chosen.append(how) or keys(part, low, high, how=how)))
    made = [OrganizationFactory(name=f"公益服务中心{i}") for i in range(6)]
    OrganizationFactory(name="公益服务站")  # the newest: shares the bigrams 公益 and 服务, not the word
    newest = [o.name for o in reversed(made)]
    if analysed:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE orgs_organization")
        assert search.match_bounds("服务中心", using="default")[0] >= 6  # at most every row holding 服务
    else:
        monkeypatch.setattr(search, "_gram_stats", lambda using: None)
    first = client.get("/en/orgs/?q=服务中心").context["page"]
    second = client.get("/en/orgs/?q=服务中心&page=2").context["page"]
    assert first.paginator.count == 4 and first.paginator.is_capped  # "more than 3"
    assert [o.name for o in first] == newest[:2]
    assert [o.name for o in second] == newest[2:4]  # up to the capped count
    assert chosen == hows


@pytest.mark.parametrize(("fetch_most", "narrowed", "statements"), [
    (-1, False, 1),  # a common word, walked along the ordering index: the count and every page at once
    (10**6, False, 1),  # a rare word: all its matches fetched and sorted, once
    (10**6, True, 1),  # a rare word in a province: fetched as well
    # A common word in a province: counted through the filters' indexes, each page walked (walking
    # to the cap would pass ten times the rows walking to one page passes).
    (-1, True, 4),
])
def test_a_bounded_word_is_counted_and_paged_by_one_statement_unless_filters_narrow_it(
        monkeypatch, fetch_most, narrowed, statements):
    from django.test.utils import CaptureQueriesContext

    from orgs import search
    from orgs.search import SearchPaginator
    from orgs.selectors import organization_search

    monkeypatch.setattr(SearchPaginator, "cap", 4)
    monkeypatch.setattr(SearchPaginator, "fetch_most", fetch_most)
    monkeypatch.setattr(search, "_gram_stats_cache", {})
    made = [OrganizationFactory(name=f"公益服务中心{i}", province_id="510000") for i in range(7)]
    OrganizationFactory(name="公益服务中心", province_id="110000")  # the newest, elsewhere
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE orgs_organization")
    newest = [o.pk for o in reversed(made)]
    filters = {"q": "服务中心", "province": "510000"}
    with CaptureQueriesContext(connection) as queries:
        paginator = SearchPaginator(organization_search(filters=filters), 2, query="服务中心", narrowed=narrowed,
                                    stubs=True)
        pages = [[o.pk for o in paginator.page(number)] for number in (1, 2, 3)]
    assert paginator.count == 5 and paginator.is_capped
    assert pages == [newest[:2], newest[2:4], newest[4:5]]
    reads = [q["sql"] for q in queries.captured_queries if '"orgs_organization"' in q["sql"]]
    assert len(reads) == statements, reads
    stub = paginator.page(1)[0]
    assert stub.get_deferred_fields() and stub.updated_at == made[-1].updated_at


def test_an_organization_added_in_the_admin_is_found_by_its_issue_field(client):
    from orgs.models import IssueField

    from .factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    field = IssueField.objects.order_by("position").first()
    response = client.post("/en/admin/orgs/organization/add/", {
        "kind": "ngo", "name": "后台添加的机构", "slug": "admin-added", "registration_status": "unregistered",
        "staff_full_time": 0, "staff_part_time": 0, "volunteers": 0, "province": "510000",
        "issue_fields": [field.pk], "charity_recognized_year": "", "evaluation_grade": "",
        "memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0,
        "memberships-MIN_NUM_FORMS": 0, "memberships-MAX_NUM_FORMS": 1000,
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    Organization.objects.filter(slug="admin-added").update(status="published")
    assert names(f"后台 {field.name_zh}") == {"后台添加的机构"}


def test_benchmark_organizations_are_searchable():
    from django.core.management import call_command

    call_command("bench_generate", size="tiny", organizations=30, posts=1, ratings=1, responses=1, users=5,
                 stdout=io.StringIO())
    bench = Organization.objects.filter(slug__startswith="bench-")
    assert bench.count() == 30 and not bench.filter(search_text="").exists()
    assert bench.exclude(name_pinyin="").count() == 30


def test_latin_words_mixed_with_chinese_and_filters_find_exactly_their_matches(client):
    from orgs.models import Division

    sichuan, shaanxi = Division.objects.get(code="510000"), Division.objects.get(code="610000")
    made = {
        "sichuan_ngo": OrganizationFactory(name="成都阳光助残服务中心", name_en="Chengdu Sunshine Disabilities Centre",
                                           province=sichuan, kind="ngo"),
        "sichuan_fund": OrganizationFactory(name="成都阳光基金会", name_en="Chengdu Sunshine Foundation",
                                            province=sichuan, kind="foundation"),
        "shaanxi_ngo": OrganizationFactory(name="西安阳光助残协会", name_en="Xian Sunshine Disabilities",
                                           province=shaanxi, kind="ngo"),
    }

    def found(**params):
        response = client.get("/orgs/", params)
        assert response.status_code == 200
        return {o.name for o in response.context["page"]}

    by_key = {key: o.name for key, o in made.items()}
    assert found(q="disabilities") == {by_key["sichuan_ngo"], by_key["shaanxi_ngo"]}
    assert found(q="ＤＩＳＡＢＩＬＩＴＩＥＳ 阳光") == {by_key["sichuan_ngo"], by_key["shaanxi_ngo"]}  # full-width
    assert found(q="sunshine", province="510000") == {by_key["sichuan_ngo"], by_key["sichuan_fund"]}
    assert found(q="sunshine 陽光", kind="foundation") == {by_key["sichuan_fund"]}  # traditional 陽光
    assert found(q="disabil", region="west", kind="ngo") == {by_key["sichuan_ngo"], by_key["shaanxi_ngo"]}
    assert found(q="abilitiesx") == set()


def test_no_search_index_keeps_a_pending_list_and_the_table_is_vacuumed_at_two_percent():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.reloptions FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " JOIN pg_am a ON a.oid = c.relam"
            " WHERE i.indrelid = 'orgs_organization'::regclass AND a.amname = 'gin'")
        gin = dict(cursor.fetchall())
        cursor.execute("SELECT reloptions FROM pg_class WHERE oid = 'orgs_organization'::regclass")
        table = cursor.fetchone()[0]
    assert set(gin) == {"org_search_grams_published", "org_search_text_trgm", "org_name_pinyin_trgm",
                        "org_name_initials_trgm"}
    assert all(options == ["fastupdate=off"] for options in gin.values()), gin
    assert sorted(table) == ["autovacuum_analyze_scale_factor=0.02", "autovacuum_vacuum_scale_factor=0.02"]
