"""The funders' list filters and shows Chinese NGO identity data (credit code, charity status)."""

import pytest

from .test_funders import scored

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluated():
    return {
        "charity": scored("慈善基金会", 5, registration_status="foundation", credit_code="53100000500012345U",
                          charity_recognized=True, charity_recognized_year=2017, public_fundraising=True,
                          evaluation_grade="5A", evaluation_year=2020),
        "registered": scored("登记的社工机构", 4, registration_status="social_service",
                             credit_code="52510104MJ0001234Y", charity_recognized=True),
        "plain": scored("草根小组", 3),
    }


def names(client, query):
    return {organization.name for organization in client.get(f"/en/trust/funders/?{query}").context["page"]}


def test_funders_filter_by_credit_code_charity_and_public_fundraising(client, evaluated):
    assert names(client, "") == {"慈善基金会", "登记的社工机构", "草根小组"}
    assert names(client, "has_credit_code=on") == {"慈善基金会", "登记的社工机构"}
    assert names(client, "charity=on") == {"慈善基金会", "登记的社工机构"}
    assert names(client, "public_fundraising=on") == {"慈善基金会"}
    assert names(client, "has_credit_code=on&public_fundraising=on") == {"慈善基金会"}


def test_funders_list_shows_charity_status_and_grade(client, evaluated):
    page = client.get("/en/trust/funders/").content.decode()
    assert "53100000500012345U" in page and "Evaluated 5A" in page and "Public fundraising" in page


def test_exports_carry_the_identity_columns(client, evaluated):
    import csv
    import io

    content = client.get("/en/trust/funders/export.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    header = rows[0]
    by_name = {row[0]: dict(zip(header, row)) for row in rows[1:]}
    charity = by_name["慈善基金会"]
    assert charity["Unified social credit code"] == "53100000500012345U"
    assert charity["Charitable organization"] == "2017" and charity["Public fundraising"] == "Yes"
    assert charity["Civil-affairs evaluation"] == "5A (2020)"
    assert by_name["草根小组"]["Charitable organization"] == "No"
