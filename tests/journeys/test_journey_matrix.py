"""Every kind of user's journey, on a desktop and on a phone, in Chinese and in English.

NGO staff edit their profile and post a need, then edit the need without retyping its date; a
member of the public finds an organization on the map and rates it; a trainer accepts an
application in the admin; a funder filters, compares and shortlists; a survey respondent answers
through an invitation. Every page they pass through is checked by `Visit.check` (matrix.py): no
page wider than a phone, no English left on a Chinese page, no Chinese on an English page except
what users wrote."""

import datetime
import re

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone
from playwright.sync_api import expect

from evaluation.models import Rating, Shortlist
from mapplatform.models import ResourcePost
from orgs.models import IssueField
from surveys.models import Choice, Invitation, Response
from tests.journeys.matrix import DEVICES, LANGUAGES, Visit
from tests.journeys.test_evaluation_journeys import rated
from tests.orgs.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.surveys.factories import full_survey
from tests.trainings.factories import WorkshopFactory
from trainings.models import Application
from trainings.services import applications as application_services

pytestmark = pytest.mark.browser


@pytest.fixture(params=[(language, device) for language in LANGUAGES for device in DEVICES],
                ids=lambda param: f"{param[0]}-{param[1]}")
def visit(request, browser, live_server):
    language, device = request.param
    context = browser.new_context(locale=LANGUAGES[language]["locale"], **DEVICES[device])
    try:
        yield Visit(page=context.new_page(), live_server=live_server, language=language, device=device)
    finally:
        context.close()


def test_ngo_staff_edit_the_profile_and_post_a_need(visit):
    environment = IssueField.objects.get(slug="environment")
    organization = OrganizationFactory(name="河流守护者", slug="river-keepers", issue_fields=[environment],
                                       description="守护城市河流。")
    member = MembershipFactory(organization=organization).user
    visit.written(organization.name, organization.description, member.display_name)
    page = visit.page

    # The dashboard lists the organization; its profile has an edit link.
    visit.log_in(member, "/me/")
    expect(page.locator("h1")).to_have_text(visit.t("My organizations"))
    page.locator("main").get_by_role("link", name=organization.name).click()
    visit.wait_for_path(f"/orgs/{organization.slug}/")
    visit.check()

    # The description is changed and saved.
    visit.goto(f"/orgs/{organization.slug}/edit/")
    new_description = "守护城市河流，每月组织巡河。"
    visit.written(new_description)
    page.locator("#id_description").fill(new_description)
    page.locator("main form button[type=submit]").first.click()
    visit.wait_for_path(f"/orgs/{organization.slug}/")
    visit.expect_message("The profile was saved.")
    expect(page.locator("main")).to_contain_text(new_description)
    visit.check()
    organization.refresh_from_db()
    assert organization.description == new_description

    # A need is posted with an expiry date...
    title = "需要河道巡护志愿者 20 名"
    visit.written(title)
    expires = timezone.localdate() + datetime.timedelta(days=40)
    visit.goto("/posts/new/")
    page.locator("#id_organization").select_option(organization.slug)
    page.locator("#id_kind").select_option("need")
    page.locator("#id_resource_type").select_option("volunteers")
    page.locator("#id_title").fill(title)
    page.locator("#id_expires_on").fill(expires.isoformat())
    page.get_by_role("button", name=visit.t("Post"), exact=True).click()
    page.wait_for_url(re.compile(rf"{re.escape(visit.prefix)}/posts/\d+/$"))
    visit.expect_message("Posted. It is on the map now; suggested matches are below.")
    visit.check()
    post = ResourcePost.objects.get(title=title)
    assert (post.organization, post.kind, post.expires_on) == (organization, "need", expires)

    # ... and edited later: the date is still in the form, so saving needs no retyping.
    page.locator("main").get_by_role("link", name=visit.t("Edit"), exact=True).click()
    visit.wait_for_path(f"/posts/{post.pk}/edit/")
    visit.check()
    expect(page.locator("#id_expires_on")).to_have_value(expires.isoformat())
    page.locator("#id_title").fill(title + "（已更新）")
    visit.written(title + "（已更新）")
    page.get_by_role("button", name=visit.t("Save"), exact=True).click()
    visit.wait_for_path(f"/posts/{post.pk}/")
    visit.expect_message("The post was saved.")
    post.refresh_from_db()
    assert (post.title, post.expires_on) == (title + "（已更新）", expires)


def test_public_rater_finds_an_organization_on_the_map_and_rates_it(visit):
    organization = OrganizationFactory(name="河流守护者", slug="river-keepers",
                                       location=Point(104.078, 30.659, srid=4326))
    rater = UserFactory()
    visit.written(organization.name, rater.display_name)
    page = visit.page

    # The map works without tiles and lists the organization in view.
    visit.goto("/map/#13/30.66/104.08")
    expect(page.locator("#resource-map")).to_have_attribute("data-loaded", "true")
    expect(page.locator("#map-list")).to_contain_text(organization.name)
    visit.check()
    page.locator("#map-list").get_by_role("link", name=organization.name).first.click()
    visit.wait_for_path(f"/orgs/{organization.slug}/")
    visit.check()

    # Signed in, the rater gives three scores and is thanked.
    visit.log_in(rater, f"/orgs/{organization.slug}/")
    trust = page.locator("#trust")
    for name, value in (("public_trust", 5), ("financial", 4), ("influence", 4)):
        trust.locator(f"input[name={name}][value='{value}']").check()
    trust.get_by_role("button", name=visit.t("Save my rating")).click()
    visit.wait_for_path(f"/orgs/{organization.slug}/")
    visit.expect_message("Thank you: your rating was saved. The score is updated within a minute.")
    visit.check()
    rating = Rating.objects.get(organization=organization, user=rater)
    assert (rating.public_trust, rating.financial, rating.influence) == (5, 4, 4)


def test_trainer_accepts_an_application_in_the_admin(visit, monkeypatch):
    queued = []
    monkeypatch.setattr(application_services, "send_application_decision",
                        type("Queue", (), {"delay": staticmethod(lambda *args: queued.append(args))}))
    event = WorkshopFactory(slug="chengdu-2027", title_zh="2027 成都公益 2.0 培训", title_en="Chengdu workshop 2027")
    organization = OrganizationFactory(name="河流守护者", slug="river-keepers",
                                       issue_fields=[IssueField.objects.get(slug="environment")])
    member = MembershipFactory(organization=organization).user
    application = Application.objects.create(
        event=event, organization=organization, applicant=member, position="coo", job_title="理事长",
        motivation="希望学习新媒体。", internet_use="微信公众号。")
    trainer = UserFactory(groups=["trainers"], is_staff=True)
    visit.written(organization.name, event.title_zh, member.display_name, trainer.display_name, "理事长",
                  str(application))
    page = visit.page

    visit.log_in(trainer, "/admin/trainings/application/")
    row = page.locator("#result_list tbody tr").filter(
        has=page.locator(f"input.action-select[value='{application.pk}']"))
    status = row.locator("td.field-status")
    expect(status).to_be_visible()
    row.locator("input.action-select").check()
    page.locator("select[name=action]").select_option("mark_accepted")
    page.locator("button[name=index]").click()
    visit.wait_for_path("/admin/trainings/application/")
    expect(page.locator("ul.messagelist li.success")).to_be_visible()
    visit.check()
    application.refresh_from_db()
    assert application.status == "accepted"
    assert queued == [(application.pk, "accepted")]


def test_funder_filters_compares_and_shortlists(visit):
    environment = IssueField.objects.get(slug="environment")
    river = rated("河流守护者", 5, slug="river-keepers", issue_fields=[environment])
    lake = rated("湖泊之友", 3, slug="lake-friends", issue_fields=[environment])
    school = rated("助学社", 4, slug="school-aid", issue_fields=[IssueField.objects.get(slug="education")])
    funder = UserFactory(groups=["funders"])
    visit.written(river.name, lake.name, school.name, funder.display_name)
    page = visit.page
    rows = page.locator("#compare-form tbody tr")

    visit.log_in(funder, "/trust/funders/")
    expect(page.locator("main")).to_contain_text(school.name)
    page.locator("#id_field").select_option("environment")
    page.locator("main form").first.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"field=environment"))
    visit.check()
    expect(page.locator("main")).not_to_contain_text(school.name)

    page.locator(f"input[name=org][value={river.slug}]").check()
    page.locator(f"input[name=org][value={lake.slug}]").check()
    page.get_by_role("button", name=visit.t("Compare the ticked organizations (up to 3)")).click()
    visit.wait_for_path("/trust/compare/")
    expect(page.locator("article.card")).to_have_count(2)
    visit.check()

    page.go_back()
    page.wait_for_url(re.compile(r"field=environment"))
    rows.filter(has=page.get_by_role("link", name=lake.name)).locator("button[type=submit]").click()
    visit.expect_message("Added to your shortlist.")
    visit.check()
    assert list(Shortlist.objects.filter(user=funder).values_list("organization", flat=True)) == [lake.pk]


def test_survey_respondent_answers_by_invitation(visit):
    survey, _questions = full_survey()
    organization = OrganizationFactory(name="社区公益服务中心")
    invitation = Invitation.objects.create(survey=survey, organization=organization, email="contact@example.org")
    visit.written(organization.name, survey.title_zh, survey.title_en)
    for choice in Choice.objects.filter(question__survey=survey):  # written by the survey's authors
        visit.written(choice.label_zh, choice.label_en)
    page = visit.page

    visit.goto(f"/surveys/i/{invitation.token}/")
    expect(page.locator("h1")).to_have_text(survey.title_zh if visit.language == "zh-hans" else survey.title_en)
    with page.expect_response(lambda response: response.url.endswith("/autosave/") and response.ok):
        page.locator("input[name=q-staff]").fill("12")
    expect(page.locator("#autosave-status")).not_to_be_empty()
    visit.check()
    response = Response.objects.get(survey=survey, organization=organization)
    assert response.answers.get(question__key="staff").number == 12
