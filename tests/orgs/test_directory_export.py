"""The directory downloads as the visitor filtered it, CSV and XLSX, capped, without contacts."""

import csv
import io

import pytest
from openpyxl import load_workbook

from orgs.models import IssueField
from tests.orgs.factories import OrganizationFactory, division

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizations():
    health, education = IssueField.objects.order_by("position")[:2]
    return {
        "chengdu": OrganizationFactory(name="成都助学会", issue_fields=[education], contact_name="王五",
                                       contact_email="wangwu@example.com", contact_phone="13900139000"),
        "chengdu_health": OrganizationFactory(name="成都健康社", issue_fields=[health]),
        "yunnan": OrganizationFactory(name="云南助学会", issue_fields=[education], province=division("530000"),
                                      city=None, county=None),
        "draft": OrganizationFactory(name="未发布的助学会", issue_fields=[education], status="draft"),
        "education": education,
    }


def _csv(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def test_csv_holds_what_the_filtered_directory_shows(client, organizations):
    field = organizations["education"].slug
    response = client.get(f"/en/orgs/export.csv?field={field}&province=510000")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    header, *rows = _csv(response)
    assert header[0] == "Organization" and "Profile" in header
    assert [row[0] for row in rows] == ["成都助学会"]
    assert rows[0][-1] == f"http://testserver/en/orgs/{organizations['chengdu'].slug}/"
    text = response.content.decode()
    assert "王五" not in text and "wangwu@example.com" not in text and "13900139000" not in text


def test_a_search_word_filters_the_download_too(client, organizations):
    rows = _csv(client.get("/en/orgs/export.csv?q=助学会"))[1:]
    assert sorted(row[0] for row in rows) == ["云南助学会", "成都助学会"]


def test_xlsx_with_the_same_filter(client, organizations):
    response = client.get("/orgs/export.xlsx?province=530000")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert values[1:] == ["云南助学会"]


def test_the_download_is_capped_and_the_page_says_so(client, organizations, settings):
    settings.DIRECTORY_EXPORT_MAX_ROWS = 2
    assert len(_csv(client.get("/en/orgs/export.csv"))) == 1 + 2
    page = client.get("/en/orgs/?province=510000").content.decode()
    assert "at most 2 organizations" in page
    assert 'href="/en/orgs/export.xlsx?province=510000"' in page


def test_an_unknown_format_is_a_404(client):
    assert client.get("/orgs/export.pdf").status_code == 404


def test_export_shows_the_trust_grade_of_evaluated_organizations_only(client, organizations):
    from decimal import Decimal

    from orgs.models import TrustSummary

    TrustSummary.objects.create(organization=organizations["chengdu"], grade="B", score=Decimal("72.5"))
    header, *rows = _csv(client.get("/en/orgs/export.csv?province=510000"))
    grades = {row[0]: row[header.index("Trust grade")] for row in rows}
    assert grades == {"成都助学会": "B", "成都健康社": ""}
