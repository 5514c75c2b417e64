"""The transparency index (method v3): the published checklist, its rules (verification, recency,
kinds, counts), the index on known data, its effect on the trust score (monotone, explained), the
profile checklist, the funders' list, the export, the sector figures and the recompute sweep."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from evaluation import method
from evaluation.models import Disclosure, DisclosureKind, TrustScore
from evaluation.selectors import organizations_changed_since_scored, trust_explanation
from evaluation.services.scoring import organization_recompute, scores_recompute_all
from tests.orgs.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year
N = method.NEUTRAL_SCORE


def disclose(organization, kind, year=None, *, status="verified", hidden=False):
    return Disclosure.objects.create(
        organization=organization, kind=kind, year=year, title=f"{kind} {year or ''}", published_on=TODAY,
        status=status, rejection_reason="Illegible" if status == "rejected" else "", is_hidden=hidden,
        reviewed_at=None if status == "pending" else timezone.now())


def registered_ngo(**fields):
    return OrganizationFactory(**{"kind": "ngo", "registration_status": "social_service", **fields})


def score(organization):
    organization_recompute(organization_id=organization.pk, asof=TODAY)
    return TrustScore.objects.filter(organization=organization).first()


def rounded(value):
    return round(Decimal(value), 1)


# The checklist itself


def test_checklist_is_worth_100_points_in_the_four_fti_categories():
    assert method.TRANSPARENCY_POINTS == 100
    assert set(method.TRANSPARENCY_CATEGORIES) == {"basic", "financial", "projects", "donors"}
    assert {indicator.category for indicator in method.TRANSPARENCY_INDICATORS} == set(method.TRANSPARENCY_CATEGORIES)
    # Every indicator names a kind of disclosure the model knows, and every kind is on the checklist.
    assert {indicator.disclosure_kind for indicator in method.TRANSPARENCY_INDICATORS} == set(DisclosureKind.values)
    assert len({indicator.code for indicator in method.TRANSPARENCY_INDICATORS}) == len(method.TRANSPARENCY_INDICATORS)


def test_methodology_pages_publish_the_checklist(client):
    body = client.get("/en/trust/method/").content.decode()
    assert 'id="transparency"' in body
    for indicator in method.TRANSPARENCY_INDICATORS:
        assert str(indicator.label) in body
    assert "Audited financial statements for last year or the year before" in body
    assert "registered with civil affairs" in body
    version = client.get("/en/trust/method/v3/").content.decode()
    assert "Basic information 16 / Financial information 28 / Projects 36 / Donors 20" in version
    assert client.get("/trust/method/").status_code == 200  # Chinese first


# The index on known data, and its rules


def test_index_on_known_data():
    organization = registered_ngo()
    disclose(organization, "annual_report", YEAR - 1)
    disclose(organization, "finance_summary", YEAR - 1)
    disclose(organization, "charter")
    result = score(organization)
    # 8 + 10 + 4 of the 100 points that apply to a registered NGO.
    assert result.transparency_index == Decimal("22.0")
    assert result.transparency_basic == rounded(100 * Decimal(4) / 16)
    assert result.transparency_financial == rounded(100 * Decimal(18) / 28)
    assert (result.transparency_projects, result.transparency_donors) == (0, 0)
    assert result.transparency_met == ["charter", "annual_report", "finance_summary"]  # checklist order
    assert result.evidence["transparency"]["index"] == 22.0
    # Disclosures alone are evidence: the organization gets a score with public trust and financial
    # management above the neutral 50, social influence untouched.
    assert result.public_trust > N and result.financial > N and result.influence == N


def test_only_verified_visible_items_count():
    organization = registered_ngo()
    disclose(organization, "annual_report", YEAR - 1, status="pending")
    disclose(organization, "finance_summary", YEAR - 1, status="rejected")
    disclose(organization, "audited_accounts", YEAR - 1, hidden=True)
    assert score(organization) is None  # nothing counts, so there is no evidence at all
    counted = disclose(organization, "charter")
    assert score(organization).transparency_met == ["charter"]
    Disclosure.objects.filter(pk=counted.pk).update(is_hidden=True)
    assert score(organization) is None  # hiding takes it out again


def test_recency_rule_counts_this_year_and_the_two_before():
    organization = registered_ngo()
    disclose(organization, "annual_report", YEAR - 3)  # stale
    disclose(organization, "finance_summary", YEAR + 3)  # not yet
    assert score(organization) is None
    disclose(organization, "annual_report", YEAR - 2)
    assert score(organization).transparency_met == ["annual_report"]
    # The same report read a year later is stale: the index falls back to nothing.
    organization_recompute(organization_id=organization.pk, asof=TODAY.replace(year=YEAR + 1))
    assert not TrustScore.objects.filter(organization=organization).exists()
    # Undated items (a charter) count whatever the year.
    disclose(organization, "charter")
    organization_recompute(organization_id=organization.pk, asof=TODAY.replace(year=YEAR + 6))
    assert TrustScore.objects.get(organization=organization).transparency_met == ["charter"]


def test_governance_without_a_year_is_dated_by_its_publication():
    organization = registered_ngo()
    item = disclose(organization, "governance")
    assert score(organization).transparency_met == ["governance"]
    Disclosure.objects.filter(pk=item.pk).update(published_on=TODAY - datetime.timedelta(days=366 * 4))
    assert score(organization) is None


def test_kinds_rule_scores_against_the_points_that_apply():
    csr = OrganizationFactory(kind="csr", registration_status="business")
    disclose(csr, "charter")  # a company program has no charter of its own: does not count
    disclose(csr, "donors", YEAR - 1)  # nor donors
    assert score(csr) is None
    disclose(csr, "annual_report", YEAR - 1)
    applicable = sum(i.points for i in method.transparency_indicators_for(kind="csr", registration_status="business"))
    assert applicable == 54
    assert score(csr).transparency_index == rounded(100 * Decimal(8) / applicable)
    unregistered = OrganizationFactory(kind="ngo", registration_status="unregistered")
    disclose(unregistered, "registration_certificate")
    disclose(unregistered, "audited_accounts", YEAR - 1)
    assert score(unregistered) is None
    # Unscored kinds (government, academic, media) get no index and no score.
    government = OrganizationFactory(kind="government")
    disclose(government, "annual_report", YEAR - 1)
    assert score(government) is None


def test_three_recent_projects_earn_the_second_project_indicator():
    organization = registered_ngo()
    for _ in range(2):
        disclose(organization, "project", YEAR - 1)
    disclose(organization, "project", YEAR - 4)  # stale: not counted toward the three
    assert score(organization).transparency_met == ["project"]
    disclose(organization, "project", YEAR)
    result = score(organization)
    assert result.transparency_met == ["project", "projects_3"] and result.transparency_projects == 100


def test_a_full_checklist_is_100_and_counts_as_100_in_the_dimensions():
    organization = registered_ngo()
    for kind in ("registration_certificate", "charter"):
        disclose(organization, kind)
    for kind in ("governance", "annual_report", "finance_summary", "audited_accounts", "donors"):
        disclose(organization, kind, YEAR - 1)
    for _ in range(3):
        disclose(organization, "project", YEAR - 1)
    result = score(organization)
    assert result.transparency_index == 100
    total = method.WEIGHT_PUBLIC + method.WEIGHT_FIELD + method.WEIGHT_SELF + method.WEIGHT_TRANSPARENCY
    expected = rounded(((total - method.WEIGHT_TRANSPARENCY) * N + method.WEIGHT_TRANSPARENCY * 100) / total)
    assert result.public_trust == result.financial == expected
    assert method.transparency_source(100) == 100 and method.transparency_source(0) == N


# Its effect on the trust score


def test_more_verified_disclosures_never_lower_a_dimension():
    organization = registered_ngo()
    from evaluation.models import Rating

    for level in (2, 4, 5):
        Rating.objects.create(user=UserFactory(), organization=organization, public_trust=level, financial=level,
                              influence=level)
    previous = score(organization)
    steps = [("charter", None), ("annual_report", YEAR - 1), ("project", YEAR - 1), ("finance_summary", YEAR - 2),
             ("project", YEAR), ("project", YEAR - 1), ("donors", YEAR), ("audited_accounts", YEAR - 1),
             ("governance", YEAR), ("registration_certificate", None)]
    for kind, year in steps:
        disclose(organization, kind, year)
        current = score(organization)
        for name in ("public_trust", "financial", "influence", "overall", "transparency_index"):
            assert getattr(current, name) >= getattr(previous, name), (kind, name)
        previous = current
    assert previous.transparency_index == 100


def test_unverified_disclosures_leave_the_score_unchanged():
    organization = registered_ngo()
    from evaluation.models import Rating

    Rating.objects.create(user=UserFactory(), organization=organization, public_trust=4, financial=4, influence=4)
    before = score(organization)
    disclose(organization, "annual_report", YEAR - 1, status="pending")
    disclose(organization, "audited_accounts", YEAR - 1, status="rejected")
    after = score(organization)
    assert (after.public_trust, after.financial, after.overall, after.transparency_index) == (
        before.public_trust, before.financial, before.overall, 0)


def test_explanation_names_the_index_and_what_to_publish_next():
    organization = registered_ngo()
    disclose(organization, "annual_report", YEAR - 1)
    score(organization)
    explanation = trust_explanation(organization=organization)
    transparency = next(source for source in explanation["sources"] if source["key"] == "transparency")
    assert transparency["present"] and transparency["count"] == 1 and transparency["share"] > 0
    assert sum(source["share"] for source in explanation["sources"]) in (99, 100, 101)  # rounded shares
    # The biggest missing item comes first.
    assert any("“A project of the last two years" in line for line in explanation["raise_it"])
    assert explanation["transparency"]["next"][0]["code"] == "project"


def test_full_recompute_agrees_with_the_single_one_and_rewrites_nothing_unchanged():
    organization = registered_ngo()
    disclose(organization, "annual_report", YEAR - 1)
    disclose(organization, "donors", YEAR)
    single = score(organization)
    TrustScore.objects.all().delete()
    first = scores_recompute_all(asof=TODAY)
    assert first["scored"] >= 1
    full = TrustScore.objects.get(organization=organization)
    assert (full.public_trust, full.financial, full.transparency_index, full.transparency_met) == (
        single.public_trust, single.financial, single.transparency_index, single.transparency_met)
    again = scores_recompute_all(asof=TODAY)
    assert again["scored"] == 0 and again["history"] == 0
    # A newly verified item changes the index: that score is rewritten and gets a history row.
    disclose(organization, "finance_summary", YEAR - 1)
    changed = scores_recompute_all(asof=TODAY)
    assert changed["scored"] == 1 and changed["history"] == 1
    assert organization.trust_history.get(day=TODAY).transparency_index == TrustScore.objects.get(
        organization=organization).transparency_index


def test_a_reviewed_disclosure_is_picked_up_by_the_minute_sweep():
    organization = registered_ngo()
    disclose(organization, "charter")
    score(organization)
    assert organization.pk not in organizations_changed_since_scored()
    later = disclose(organization, "annual_report", YEAR - 1)
    Disclosure.objects.filter(pk=later.pk).update(reviewed_at=timezone.now() + datetime.timedelta(seconds=5))
    assert organization.pk in organizations_changed_since_scored()


# Pages


def test_profile_shows_the_checklist_with_what_to_publish_next(client):
    organization = registered_ngo()
    disclose(organization, "annual_report", YEAR - 1)
    score(organization)
    body = client.get(f"/en/orgs/{organization.slug}/").content.decode()
    assert "Transparency index: 8.0 of 100" in body
    assert 'class="met"' in body and "Annual work report for last year or the year before" in body
    assert "Publish next:" in body and "A project of the last two years" in body
    # An organization with nothing verified yet sees the whole checklist as missing.
    empty = registered_ngo()
    body = client.get(f"/en/orgs/{empty.slug}/").content.decode()
    assert "Transparency index: 0 of 100" in body and 'class="met"' not in body
    # Kinds that are not scored get no checklist.
    government = OrganizationFactory(kind="government")
    assert "Transparency index" not in client.get(f"/en/orgs/{government.slug}/").content.decode()


def test_funders_sort_filter_and_export_by_transparency(client, django_assert_max_num_queries):
    from evaluation.models import Rating

    open_book, closed = registered_ngo(name="公开机构"), registered_ngo(name="封闭机构")
    for organization in (open_book, closed):
        for _ in range(12):
            Rating.objects.create(user=UserFactory(), organization=organization, public_trust=5, financial=5,
                                  influence=5)
    for kind in ("charter", "registration_certificate"):
        disclose(open_book, kind)
    for kind in ("annual_report", "finance_summary", "audited_accounts", "donors", "governance"):
        disclose(open_book, kind, YEAR - 1)
    score(open_book), score(closed)
    with django_assert_max_num_queries(8):
        page = client.get("/en/trust/funders/?sort=transparency")
    assert [o.name for o in page.context["page"]] == ["公开机构", "封闭机构"]
    body = page.content.decode()
    assert "Transparency index" in body and "basic 100.0 · finance 100.0 · projects 0.0 · donors 100.0" in body
    assert [o.name for o in client.get("/en/trust/funders/?transparency_min=50").context["page"]] == ["公开机构"]
    assert client.get("/en/trust/funders/?transparency_min=nonsense").status_code == 200  # ignored, no 500
    rows = list(csv.reader(io.StringIO(client.get("/en/trust/funders/export.csv?sort=transparency")
                                       .content.decode("utf-8-sig"))))
    header = rows[0]
    assert header.index("Transparency index") > 0
    assert rows[1][header.index("Transparency index")] == "64.0"
    assert rows[1][header.index("Transparency: projects")] == "0.0"
    api = client.get("/api/trust/?sort=transparency&transparency_min=50").json()
    results = api.get("results", api)
    assert [row["name"] for row in results] == ["公开机构"]
    assert results[0]["transparency_index"] == "64.0" and results[0]["transparency_donors"] == "100.0"
    assert client.get("/api/trust/?transparency_min=33").status_code == 400  # not a published choice


def test_sector_figures_page_has_bounded_queries(client, django_assert_max_num_queries):
    def add(count):
        for n in range(count):
            organization = registered_ngo(kind="foundation" if n % 2 else "ngo")
            disclose(organization, "annual_report", YEAR - (n % 3))
            score(organization)

    from django.core.cache import cache

    cache.clear()
    add(2)
    with django_assert_max_num_queries(12) as small:
        response = client.get("/en/trust/figures/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Transparency across the sector" in body and "<svg" in body and "Mean transparency index by region" in body
    cache.clear()
    add(6)
    with django_assert_max_num_queries(12) as big:
        client.get("/en/trust/figures/")
    assert len(big.captured_queries) == len(small.captured_queries)
    assert client.get("/trust/figures/").status_code == 200
    # Cached: a second visitor runs no figures query; the nightly task refreshes them.
    with django_assert_max_num_queries(2):
        client.get("/en/trust/figures/")
    from evaluation.tasks import recompute_all

    add(1)
    assert "8 evaluated organizations; 8 with verified disclosures" in client.get("/en/trust/figures/").content.decode()
    recompute_all()
    assert "9 evaluated organizations; 9 with verified disclosures" in client.get("/en/trust/figures/").content.decode()


def test_index_year_over_year_carries_each_organization_forward_from_its_history(client):
    """The trend reads the score history: an organization counts in a year with its last index of
    that year, or, in a year without a change, with the one it had before; rows without an index
    (methods before v3) and unpublished organizations are left out."""
    from django.core.cache import cache

    from evaluation.models import TrustScoreHistory
    from evaluation.selectors import sector_figures_cached, sector_figures_page

    def history(organization, day, index):
        TrustScoreHistory.objects.create(organization=organization, day=day, overall=50, grade="C",
                                         method_version="v3", transparency_index=index)

    first, second, hidden = registered_ngo(), registered_ngo(), registered_ngo(status="draft")
    two_years_ago = datetime.date(YEAR - 2, 3, 1)
    history(first, two_years_ago, None)  # an earlier method: no index yet
    history(first, datetime.date(YEAR - 2, 9, 1), Decimal("20.0"))
    history(first, datetime.date(YEAR - 2, 12, 31), Decimal("40.0"))  # the year ends at 40
    history(first, datetime.date(YEAR, 1, 2), Decimal("80.0"))  # nothing changed last year: still 40 then
    history(second, datetime.date(YEAR - 1, 6, 1), Decimal("0.0"))
    history(hidden, datetime.date(YEAR - 1, 6, 1), Decimal("100.0"))
    cache.clear()
    page = sector_figures_page()
    trend = dict(page["index_trend"])
    years = page["years"]
    means = dict(zip(years, trend["Mean transparency index"], strict=True))
    shares = dict(zip(years, trend["Organizations with an index above zero (%)"], strict=True))
    assert means[YEAR - 3] is None and shares[YEAR - 3] is None
    assert means[YEAR - 2] == Decimal("40.0") and shares[YEAR - 2] == Decimal("100.0")
    assert means[YEAR - 1] == Decimal("20.0") and shares[YEAR - 1] == Decimal("50.0")  # 40 carried, 0
    assert means[YEAR] == Decimal("40.0") and shares[YEAR] == Decimal("50.0")  # 80, 0 carried
    body = client.get("/en/trust/figures/").content.decode()
    assert "The transparency index year over year" in body and 'id="ti-trend' in body
    assert sector_figures_cached()["index_by_year"][YEAR][0] == 2


def test_province_filter_keeps_every_sort_order(client):
    """The province filter sorts its few rows itself (not through the sort index): same order."""
    from evaluation.models import Rating

    names = []
    for n, level in enumerate((2, 5, 4)):
        organization = registered_ngo(name=f"云南机构{n}", province_id="530000", city_id="530100", county_id="530102",
                                      location=None)
        Rating.objects.create(user=UserFactory(), organization=organization, public_trust=level, financial=level,
                              influence=level)
        for _ in range(level - 1):
            disclose(organization, "project", YEAR)
        score(organization)
        names.append(organization.name)
    registered_ngo(name="别省机构")  # another province: never listed
    for sort in ("overall", "influence", "transparency"):
        listed = [o.name for o in client.get(f"/en/trust/funders/?province=530000&sort={sort}").context["page"]]
        assert listed == [names[1], names[2], names[0]], sort
