"""Aggregation on a known data set, small-group suppression, trends, and exports opened back."""

import csv
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from surveys.models import Answer, Invitation, Response
from surveys.selectors import (
    response_rate,
    survey_breakdown,
    survey_results,
    survey_trends,
)
from tests.orgs.factories import OrganizationFactory, UserFactory

from .factories import QuestionFactory, SurveyFactory, full_survey

pytestmark = pytest.mark.django_db

# (province, kind, staff, access, uses, confidence, has_site, site_updates)
DATA = [
    ("510000", "ngo", 5, "broadband", ["publicity"], 4, True, "weekly"),
    ("510000", "ngo", 10, "broadband", ["publicity", "fundraising"], 5, True, "rarely"),
    ("510000", "ngo", 15, "mobile", ["volunteers"], 3, False, None),
    ("530000", "ngo", 20, "mobile", ["publicity"], 4, True, "weekly"),
    ("530000", "foundation", 25, "broadband", ["fundraising"], 2, False, None),
    ("340000", "ngo", 30, "mobile", ["publicity", "volunteers"], 4, True, "weekly"),
    ("340000", "ngo", 100, "broadband", [], 1, False, None),
]
PROVINCE_PARTS = {"510000": ("510100", "510104"), "530000": ("530100", "530102"), "340000": ("340100", "340104")}


def respond(survey, questions, row, status="submitted"):
    province, kind, staff, access, uses, confidence, has_site, updates = row
    city, county = PROVINCE_PARTS[province]
    organization = OrganizationFactory(province_id=province, city_id=city, county_id=county, kind=kind, location=None)
    response = Response.objects.create(survey=survey, organization=organization, status=status,
                                       submitted_at=timezone.now() if status == "submitted" else None)
    rows = [
        Answer(response=response, question=questions["staff"], number=Decimal(staff)),
        Answer(response=response, question=questions["access"], choices=[access]),
        Answer(response=response, question=questions["confidence"], number=Decimal(confidence)),
        Answer(response=response, question=questions["has_site"], boolean=has_site),
    ]
    if uses:
        rows.append(Answer(response=response, question=questions["uses"], choices=uses))
    if updates:
        rows.append(Answer(response=response, question=questions["site_updates"], choices=[updates]))
    Answer.objects.bulk_create(rows)
    return response


@pytest.fixture
def answered():
    survey, questions = full_survey()
    for row in DATA:
        respond(survey, questions, row)
    # A draft never counts.
    respond(survey, questions, ("510000", "ngo", 999, "mobile", ["volunteers"], 1, False, None), status="draft")
    return survey, questions


def by_key(results):
    return {item["question"].key: item for item in results}


def test_counts_for_every_question_type(answered, django_assert_max_num_queries):
    survey, _ = answered
    with django_assert_max_num_queries(8):
        results = by_key(survey_results(survey=survey))
    assert results["access"]["bars"] == [("Option broadband", 4), ("Option mobile", 3)]
    assert results["uses"]["answered"] == 6
    assert dict(results["uses"]["bars"]) == {"Option publicity": 4, "Option fundraising": 2, "Option volunteers": 2}
    assert results["confidence"]["bars"] == [("1", 1), ("2", 1), ("3", 1), ("4", 3), ("5", 1)]
    assert (results["has_site"]["yes"], results["has_site"]["no"]) == (4, 3)
    assert results["site_updates"]["answered"] == 4
    staff = results["staff"]
    assert staff["stats"]["median"] == 20 and staff["stats"]["max"] == 100
    assert round(staff["stats"]["mean"], 2) == Decimal("29.29")
    assert sum(count for _, _, count in staff["bins"]) == 7
    # Whole numbers get whole-number bins: 5–14, 15–24 …, and 100 falls in the last one.
    assert staff["bins"][0][:2] == (Decimal(5), Decimal(14))
    assert staff["bins"][0][2] == 2 and staff["bins"][-1][2] == 1


def test_response_rate_counts_submitted_against_invited(answered):
    survey, _ = answered
    for response in Response.objects.filter(survey=survey)[:5]:
        Invitation.objects.create(survey=survey, organization=response.organization, email="x@example.org")
    for _ in range(5):
        Invitation.objects.create(survey=survey, organization=OrganizationFactory(), email="y@example.org")
    rate = response_rate(survey=survey)
    assert (rate["submitted"], rate["drafts"], rate["invited"], rate["rate"]) == (7, 1, 10, 70.0)


def test_small_groups_are_not_broken_down(answered):
    survey, questions = answered
    regions = {group["key"]: group for group in survey_breakdown(survey=survey, dimension="region")[questions["access"].pk]}
    # West: 四川 3 + 云南 2 = 5 answers, shown; Central: 安徽 2 answers, withheld.
    assert regions["west"]["suppressed"] is False and regions["west"]["size"] == 5
    assert regions["west"]["shares"] == {"broadband": Decimal("60.0"), "mobile": Decimal("40.0")}
    assert regions["central"] == {"key": "central", "label": regions["central"]["label"], "size": 2, "suppressed": True}
    kinds = {g["key"]: g for g in survey_breakdown(survey=survey, dimension="kind")[questions["has_site"].pk]}
    assert kinds["ngo"]["shares"] == {"yes": Decimal("66.7"), "no": Decimal("33.3")}
    assert kinds["foundation"]["suppressed"]


def test_trends_compare_questions_with_the_same_key_across_editions():
    last = SurveyFactory(edition=2025, status="closed", slug="s-2025")
    this = SurveyFactory(edition=2026, slug="s-2026")
    for survey, yes_count in ((last, 1), (this, 3)):
        question = QuestionFactory(survey=survey, key="has_site", type="yes_no")
        for index in range(4):
            response = Response.objects.create(survey=survey, organization=OrganizationFactory(), status="submitted",
                                               submitted_at=timezone.now())
            Answer.objects.create(response=response, question=question, boolean=index < yes_count)
    trend = survey_trends(survey=this)["has_site"]
    assert trend["years"] == [2025, 2026]
    assert dict(trend["series"]) == {"Yes": [Decimal("25.0"), Decimal("75.0")], "No": [Decimal("75.0"), Decimal("25.0")]}


def test_csv_export_opens_with_chinese_intact_and_no_personal_data(client, answered):
    survey, _ = answered
    client.force_login(UserFactory(groups=["trainers"]))
    response = client.get(f"/en/surveys/{survey.slug}/export.csv")
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 1 + len(DATA)
    header = rows[0]
    assert "Submitted by" not in header and "staff" in header
    first = dict(zip(header, rows[1]))
    assert first["Organization"].startswith("测试公益组织") and first["access"] == "Option broadband"
    assert first["uses"] == "Option publicity"


def test_xlsx_export_includes_personal_data_only_with_the_permission(client, answered):
    from django.contrib.auth.models import Permission

    survey, _ = answered
    user = UserFactory(groups=["trainers"])
    client.force_login(user)
    workbook = load_workbook(io.BytesIO(client.get(f"/en/surveys/{survey.slug}/export.xlsx").content))
    header = [cell.value for cell in next(workbook["Responses"].iter_rows(max_row=1))]
    assert "Submitted by" not in header and workbook["Responses"].max_row == 1 + len(DATA)
    user.user_permissions.add(Permission.objects.get(codename="export_personal_data"))
    client.force_login(type(user).objects.get(pk=user.pk))
    workbook = load_workbook(io.BytesIO(client.get(f"/en/surveys/{survey.slug}/export.xlsx").content))
    header = [cell.value for cell in next(workbook["Responses"].iter_rows(max_row=1))]
    assert "Submitted by" in header


def test_export_is_refused_to_the_public_and_to_members(client, answered):
    survey, _ = answered
    assert client.get(f"/en/surveys/{survey.slug}/export.csv").status_code == 302
    client.force_login(UserFactory())
    assert client.get(f"/en/surveys/{survey.slug}/export.csv").status_code == 403
