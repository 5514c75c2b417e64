"""The funders' list, compare, export, shortlist, the explanation on the profile, and sweeps."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from evaluation.models import Rating, Shortlist, TrustScore
from evaluation.selectors import organizations_changed_since_scored
from evaluation.services.scoring import organization_recompute, scores_recompute_all
from orgs.models import IssueField
from tests.orgs.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def scored(name, level, **fields):
    organization = OrganizationFactory(name=name, **fields)
    for _ in range(12):
        Rating.objects.create(user=UserFactory(), organization=organization, public_trust=level, financial=level,
                              influence=level)
    organization_recompute(organization_id=organization.pk)
    return organization


@pytest.fixture
def evaluated():
    environment = IssueField.objects.get(slug="environment")
    return {
        "good": scored("好机构", 5, issue_fields=[environment]),
        "average": scored("普通机构", 3),
        "weak": scored("弱机构", 1, province_id="530000", city_id="530100", county_id="530102", location=None),
    }


def test_list_sorts_by_score_and_filters(client, evaluated, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        page = client.get("/en/trust/funders/")
    names = [organization.name for organization in page.context["page"]]
    assert names == ["好机构", "普通机构", "弱机构"]
    by_field = client.get("/en/trust/funders/?field=environment").context["page"]
    assert [o.name for o in by_field] == ["好机构"]
    assert [o.name for o in client.get("/en/trust/funders/?province=530000").context["page"]] == ["弱机构"]
    grade = TrustScore.objects.get(organization=evaluated["good"]).grade
    assert [o.name for o in client.get(f"/en/trust/funders/?grade={grade}").context["page"]] == ["好机构"]
    assert client.get("/en/trust/funders/?alumni=on").context["page"].paginator.count == 0


def test_export_opens_with_chinese(client, evaluated):
    content = client.get("/en/trust/funders/export.csv").content
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1][0] == "好机构" and len(rows) == 4
    sheet = load_workbook(io.BytesIO(client.get("/en/trust/funders/export.xlsx").content)).active
    assert sheet["A2"].value == "好机构" and isinstance(sheet["E2"].value, float)


def test_compare_up_to_three(client, evaluated):
    slugs = [o.slug for o in evaluated.values()] + [OrganizationFactory().slug]
    page = client.get("/en/trust/compare/?" + "&".join(f"org={slug}" for slug in slugs))
    assert len(page.context["explanations"]) == 3


def test_funders_keep_a_shortlist(client, evaluated):
    funder = UserFactory(groups=["funders"])
    client.force_login(funder)
    client.post(f"/en/trust/shortlist/{evaluated['good'].slug}/")
    assert list(Shortlist.objects.values_list("organization__name", flat=True)) == ["好机构"]
    assert "好机构" in client.get("/en/trust/shortlist/").content.decode()
    client.force_login(UserFactory())
    assert client.post(f"/en/trust/shortlist/{evaluated['good'].slug}/").status_code == 403


def test_profile_explains_the_score(client, evaluated):
    scores_recompute_all(asof=timezone.localdate() - datetime.timedelta(days=10))
    scores_recompute_all()
    body = client.get(f"/en/orgs/{evaluated['good'].slug}/").content.decode()
    assert "Where the score comes from" in body and "Public ratings" in body
    assert "What would raise it" in body and "field evaluation" in body
    assert 'id="trust-history-title"' in body  # the history chart


def test_methodology_page_states_the_weights(client):
    from evaluation import method

    body = client.get("/en/trust/method/").content.decode()
    assert str(method.PRIOR_VOTES) in body and str(method.WEIGHT_FIELD) in body


def test_sweep_finds_organizations_whose_evidence_changed():
    organization = scored("机构", 4)
    assert organizations_changed_since_scored() == []
    Rating.objects.create(user=UserFactory(), organization=organization, public_trust=1, financial=1, influence=1)
    assert organizations_changed_since_scored() == [organization.pk]
    organization_recompute(organization_id=organization.pk)
    assert organizations_changed_since_scored() == []


def test_trust_api_lists_and_validates(client, evaluated):
    data = client.get("/api/trust/?sort=financial").json()
    assert [row["name"] for row in data["results"]] == ["好机构", "普通机构", "弱机构"]
    assert client.get("/api/trust/?grade=Z").status_code == 400


def test_sweep_catches_events_recorded_by_lower_apps(django_assert_max_num_queries):
    from mapplatform.models import Match
    from surveys.models import Response, Survey
    from tests.mapplatform.factories import PostFactory

    organization = scored("机构", 4)
    partner = OrganizationFactory(kind="csr")
    need, offer = PostFactory(organization=organization, kind="need"), PostFactory(organization=partner, kind="offer")
    Match.objects.create(need=need, offer=offer, status="accepted", need_confirmed_at=timezone.now(),
                         offer_confirmed_at=timezone.now(), decided_at=timezone.now())
    survey = Survey.objects.create(kind="self_evaluation", slug="self", edition=2026, title_zh="自评",
                                   opens_on=timezone.localdate(), closes_on=timezone.localdate(), status="open")
    self_assessed = OrganizationFactory()
    Response.objects.create(survey=survey, organization=self_assessed, status="submitted", submitted_at=timezone.now())
    with django_assert_max_num_queries(5):  # one query per kind of event, whatever the table sizes
        changed = organizations_changed_since_scored()
    assert set(changed) == {organization.pk, partner.pk, self_assessed.pk}
