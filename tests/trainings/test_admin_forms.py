"""The trainer's forms: tick boxes for regions and fields, the address filled from the title, no
empty "---------" choice, one message when capacity refuses, small cohorts flagged."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from tests.orgs.factories import MembershipFactory, OrganizationFactory, UserFactory
from trainings.models import Application, ApplicationStatus, Event

from .factories import WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(client):
    user = UserFactory(groups=["trainers"], is_staff=True)
    client.force_login(user)
    return user


def applicant(event, name):
    membership = MembershipFactory(organization=OrganizationFactory(name=name))
    return Application.objects.create(event=event, organization=membership.organization, applicant=membership.user,
                                      position="coo", job_title="负责人", motivation="x", internet_use="y")


def test_workshop_form_has_tick_boxes_and_fills_the_address_from_the_title(client, trainer):
    html = client.get("/en/admin/trainings/event/add/").content.decode()
    assert 'type="checkbox" name="eligible_regions" value="west"' in html
    assert 'type="checkbox" name="eligible_fields" value="environment"' in html
    assert "prepopulated" in html and "title_en" in html
    today = timezone.localdate()
    response = client.post("/en/admin/trainings/event/add/", {
        "kind": "workshop", "slug": "kunming-2031", "title_zh": "昆明培训", "title_en": "Kunming workshop", "city": "昆明",
        "starts_on": (today + datetime.timedelta(days=60)).isoformat(),
        "ends_on": (today + datetime.timedelta(days=61)).isoformat(), "capacity": 30, "min_cohort": 25,
        "applications_open_on": today.isoformat(), "applications_close_on": (today + datetime.timedelta(days=30)).isoformat(),
        "eligible_regions": ["central", "west"], "eligible_fields": ["environment"], "status": "draft",
        "instructors-TOTAL_FORMS": 0, "instructors-INITIAL_FORMS": 0,
        "sessions-TOTAL_FORMS": 0, "sessions-INITIAL_FORMS": 0,
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(slug="kunming-2031")
    assert (event.eligible_regions, event.eligible_fields) == (["central", "west"], ["environment"])


def test_no_application_form_offers_an_empty_choice(client, trainer):
    event = WorkshopFactory()
    application = applicant(event, "成都河流守护者")
    assert "---------" not in client.get(f"/en/admin/trainings/application/{application.pk}/change/").content.decode()
    member = MembershipFactory(organization=OrganizationFactory()).user
    client.force_login(member)
    page = client.get(f"/en/trainings/{event.slug}/apply/").content.decode()
    assert 'name="position"' in page and "---------" not in page


def test_accepting_past_capacity_tells_the_trainer_once(client, trainer):
    event = WorkshopFactory(capacity=1)
    applications = [applicant(event, f"机构{number}") for number in range(4)]
    response = client.post("/en/admin/trainings/application/", {
        "action": "mark_accepted", "_selected_action": [a.pk for a in applications]}, follow=True)
    errors = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
    if not errors:
        errors = [m.message for m in response.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1, errors
    assert errors[0].startswith("3 applications not changed") and "full" in errors[0]
    assert Application.objects.filter(status=ApplicationStatus.ACCEPTED).count() == 1


def test_a_cohort_below_its_minimum_is_flagged(client, trainer):
    small = WorkshopFactory(capacity=30, min_cohort=25, title_zh="小班")
    applicant(small, "机构甲")
    changelist = client.get("/en/admin/trainings/event/").content.decode()
    assert "cohort large enough" in changelist.lower() or "Cohort large enough" in changelist
    assert 'alt="False"' in changelist
    change = client.get(f"/en/admin/trainings/event/{small.pk}/change/").content.decode()
    assert "below the smallest cohort of 25" in change
