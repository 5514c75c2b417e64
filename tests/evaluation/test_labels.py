"""Confidence is shown as a translated label (高/中/低; High/Medium/Low) on every page and export,
never as the stored code; the funders' list has one name in the menu and on its page."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from evaluation.models import Rating
from evaluation.services.scoring import organization_recompute
from tests.orgs.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

CODES = re.compile(r">\s*(low|medium|high)\s*<")


@pytest.fixture
def evaluated():
    organization = OrganizationFactory(name="成都河流守护者")
    for _ in range(12):
        Rating.objects.create(user=UserFactory(), organization=organization, public_trust=4, financial=4, influence=4)
    organization_recompute(organization_id=organization.pk)
    organization.refresh_from_db()
    return organization


def test_confidence_is_a_translated_label_on_every_page(client, evaluated):
    code = evaluated.trust_score_detail.confidence
    chinese = {"high": "高", "medium": "中", "low": "低"}[code]
    english = {"high": "High", "medium": "Medium", "low": "Low"}[code]
    pages = {
        "funders": "/trust/funders/",
        "compare": f"/trust/compare/?org={evaluated.slug}",
        "profile": f"/orgs/{evaluated.slug}/",
    }
    for name, path in pages.items():
        zh = client.get(path).content.decode()
        assert not CODES.search(zh), name
        assert re.search(rf"(>|：|: ){chinese}(<|\s)", zh), name
        en = client.get("/en" + path).content.decode()
        assert not CODES.search(en), name
        assert english in en, name
    # The filter's choices too.
    assert re.search(rf'value="{code}"[^>]*>\s*{chinese}', client.get("/trust/funders/").content.decode()) or \
        f">{chinese}</label>" in client.get("/trust/funders/").content.decode()


def test_exports_carry_the_confidence_label(client, evaluated):
    code = evaluated.trust_score_detail.confidence
    chinese = {"high": "高", "medium": "中", "low": "低"}[code]
    rows = list(csv.reader(io.StringIO(client.get("/trust/funders/export.csv").content.decode("utf-8-sig"))))
    confidence_column = rows[0].index("可信度")
    assert rows[1][confidence_column] == chinese
    assert rows[1][2] == "四川省"
    sheet = load_workbook(io.BytesIO(client.get("/en/trust/funders/export.xlsx").content)).active
    header = [cell.value for cell in sheet[1]]
    assert sheet.cell(row=2, column=header.index("Confidence") + 1).value == code.capitalize()
    assert sheet.cell(row=2, column=3).value == "Sichuan"


def test_the_funders_list_has_one_name(client):
    page = client.get("/trust/funders/").content.decode()
    title = re.search(r"<h1>(.*?)</h1>", page).group(1)
    menu = re.search(r'<a href="/trust/funders/">(.*?)</a>', page).group(1)
    assert title == menu
