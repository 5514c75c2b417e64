"""The workshop roster download: nothing a participant typed comes out as a live formula."""

import pytest

from tests.common.checks import FORMULAS, assert_no_formula, assert_text_cell, csv_rows, xlsx_cells
from tests.orgs.factories import UserFactory
from trainings.models import Application

from .factories import WorkshopFactory
from .test_cohort import participant

pytestmark = pytest.mark.django_db


def export(client, event, action):
    return client.post("/en/admin/trainings/event/", {"action": action, "_selected_action": [event.pk]})


@pytest.fixture
def roster(client):
    client.force_login(UserFactory(groups=["trainers"], is_staff=True))
    event = WorkshopFactory(slug="roster-formulas")
    for text in FORMULAS[:4]:
        application = participant(event, name=text)
        Application.objects.filter(pk=application.pk).update(job_title=text)
    return event


def test_roster_xlsx_carries_no_formula(client, roster):
    response = export(client, roster, "export_roster_xlsx")

    assert response["Content-Disposition"] == 'attachment; filename="roster-formulas-roster.xlsx"'
    assert_no_formula(response.content)
    texts = [cell for cell in xlsx_cells(response.content) if cell.row > 1 and cell.column in (1, 8)]
    assert sorted(cell.value for cell in texts) == sorted(FORMULAS[:4] * 2)
    for cell in texts:
        assert_text_cell(cell, cell.value)


def test_roster_csv_neutralises_formulas(client, roster):
    rows = csv_rows(export(client, roster, "export_roster_csv").content)

    assert sorted(row[0] for row in rows[1:]) == sorted("'" + text for text in FORMULAS[:4])
    assert sorted(row[7] for row in rows[1:]) == sorted("'" + text for text in FORMULAS[:4])
