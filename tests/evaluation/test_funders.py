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
    with django_assert_max_num_queries(6):  # one query per kind of event (disclosures too), whatever the table sizes
        changed = organizations_changed_since_scored()
    assert set(changed) == {organization.pk, partner.pk, self_assessed.pk}


def test_confidence_shows_translated_labels_everywhere(client, evaluated):
    assert TrustScore.objects.get(organization=evaluated["good"]).confidence == "low"
    english = client.get("/en/trust/funders/").content.decode()
    assert "<td>Low</td>" in english and "<td>low</td>" not in english
    chinese = client.get("/trust/funders/").content.decode()
    assert "<td>低</td>" in chinese
    assert "Confidence: Low" in client.get(f"/en/orgs/{evaluated['good'].slug}/").content.decode()
    compare = client.get(f"/en/trust/compare/?org={evaluated['good'].slug}").content.decode()
    assert "Confidence: Low" in compare
    rows = list(csv.reader(io.StringIO(client.get("/en/trust/funders/export.csv").content.decode("utf-8-sig"))))
    assert rows[1][6] == "Low"
    form_labels = client.get("/trust/funders/").context["form"].fields["confidence"].choices
    assert [str(label) for _value, label in form_labels] == ["高", "中", "低"]


def test_kinds_without_a_score_are_not_offered_as_a_filter(client, evaluated):
    kinds = [value for value, _label in client.get("/en/trust/funders/").context["form"].fields["kind"].choices]
    assert kinds == ["", "ngo", "foundation", "csr"]


def test_the_list_never_loads_the_evidence_and_caps_its_count(client, evaluated, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/en/trust/funders/?sort=influence")
    listing = [q["sql"] for q in queries.captured_queries if "evaluation_trustscore" in q["sql"]]
    assert listing and not any('"evidence"' in sql for sql in listing)
    monkeypatch.setattr("evaluation.views.FundersPaginator.cap", 2)
    body = client.get("/en/trust/funders/").content.decode()
    assert "More than 2 organizations" in body


def test_each_method_version_stays_readable(client, evaluated):
    from evaluation import method

    score = TrustScore.objects.get(organization=evaluated["good"])
    assert score.method_version == method.METHOD_VERSION == "v3"
    profile = client.get(f"/en/orgs/{evaluated['good'].slug}/").content.decode()
    assert "/en/trust/method/v3/" in profile and "How it is computed (method v3)" in profile
    current = client.get("/en/trust/method/").content.decode()
    assert all(f"/en/trust/method/{code}/" in current for code in ("v1", "v2", "v3"))
    assert "Weight of the transparency index" in client.get("/en/trust/method/v3/").content.decode()
    earlier = client.get("/en/trust/method/v1/")
    assert earlier.status_code == 200
    body = earlier.content.decode()
    assert "Trust score method v1" in body and "Points per confirmed match" in body and "50 × 0.20" in body
    assert client.get("/en/trust/method/v0/").status_code == 404
    assert client.get("/trust/method/v1/").status_code == 200


def test_methodology_states_who_is_scored_and_the_decay(client):
    from evaluation import method

    body = client.get("/en/trust/method/").content.decode()
    assert "Government bodies, academic institutions and media cannot be rated, so they get no score" in body
    assert f"a rating's weight halves every {method.RATING_HALF_LIFE_YEARS} years" in body
    assert "counts once, however many matches the pair confirmed" in body
    assert "High</strong>: 4 evidence points or more" in body


def test_the_province_filter_follows_a_profile_that_moves_without_waiting_for_a_recompute(client, evaluated):
    from orgs.models import Organization

    weak = evaluated["weak"]
    assert TrustScore.objects.get(organization=weak).province_code == "530000"  # written by the recompute
    # Whatever writes the row (the editor, an import, the admin), the score's copy follows at once.
    Organization.objects.filter(pk=weak.pk).update(province_id="620000", city_id="620100", county_id="620102")
    assert [o.name for o in client.get("/en/trust/funders/?province=620000").context["page"]] == ["弱机构"]
    assert client.get("/en/trust/funders/?province=530000").context["page"].paginator.count == 0
    assert scores_recompute_all()["scored"] == 0  # the copy already agrees: nothing to rewrite


def test_the_recompute_repairs_a_province_copy_that_drifted(evaluated):
    good = evaluated["good"]
    TrustScore.objects.filter(organization=good).update(province_code="")
    scores_recompute_all()
    assert TrustScore.objects.get(organization=good).province_code == good.province_id
