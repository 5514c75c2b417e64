"""Future Village in a real browser on a 390 px phone: a villager proposes a village and its
problem, a moderator publishes it, a student and an engineer join, the project moves a stage."""

import pytest
from playwright.sync_api import expect

from tests.journeys.helpers import log_in
from tests.orgs.factories import UserFactory
from trainings.models import CoDesignProject, Village

PHONE = {"width": 390, "height": 844}


def join(browser, live_server, user, project_path, role_label, skills):
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        log_in(page, live_server, user, project_path)
        page.locator("#join-form select[name=role]").select_option(label=role_label)
        page.locator("#join-form input[name=skills]").fill(skills)
        page.get_by_role("button", name="Join the project").click()
        expect(page.locator("#joined")).to_have_text("You take part in this project.")
    finally:
        context.close()


@pytest.mark.browser
def test_villager_proposes_a_village_and_a_problem_students_and_engineers_join(live_server, browser):
    villager = UserFactory(display_name="王大姐")
    moderator = UserFactory(groups=["moderators"], is_staff=True)
    student = UserFactory(display_name="小李")
    engineer = UserFactory(display_name="陈工")
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        log_in(page, live_server, villager, "/en/trainings/villages/new/")
        page.locator("#id_name").fill("明月村")
        page.locator("#id_county").fill("四川省锦江区")
        page.locator("#id_description").fill("茶园和竹林，孩子走山路上学。")
        page.get_by_role("button", name="Propose").click()
        expect(page.locator("h1")).to_have_text("明月村")
        expect(page.locator("#village-status")).to_have_text("Proposed, waiting for a moderator")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        village = Village.objects.get()

        page.get_by_role("link", name="Describe a problem of the village").click()
        page.locator("#id_title").fill("雨季山路")
        page.locator("#id_problem").fill("下雨天孩子上学的路太滑，摔倒好几次了。")
        page.locator("#id_raised_by").fill("村里的妈妈们")
        for role in ("Villager", "University student", "Engineer"):
            page.get_by_label(role, exact=True).check()
        page.locator("#id_skills_wanted").fill("测绘、结构设计")
        page.get_by_role("button", name="Start the project").click()
        expect(page.locator("h1")).to_have_text("雨季山路")
        project = CoDesignProject.objects.get()
        project_path = f"/en/trainings/projects/{project.pk}/"

        # A moderator publishes the village in the admin.
        admin_context = browser.new_context()
        admin = admin_context.new_page()
        log_in(admin, live_server, moderator, "/en/admin/trainings/village/")
        admin.locator(f"input.action-select[value='{village.pk}']").check()
        admin.locator("select[name=action]").select_option("publish")
        admin.locator("button[name=index]").click()
        expect(admin.locator("ul.messagelist li.success")).to_have_text("1 village published.")
        admin_context.close()

        join(browser, live_server, student, project_path, "University student", "测绘")
        join(browser, live_server, engineer, project_path, "Engineer", "结构设计")

        # The villager moves the project to co-design, with a reason.
        page.goto(f"{live_server.url}{project_path}")
        expect(page.locator("#participants")).to_contain_text("小李")
        expect(page.locator("#participants")).to_contain_text("陈工")
        page.locator("#stage-form select[name=to_stage]").select_option("codesign")
        page.locator("#stage-form textarea[name=reason]").fill("问题清楚了，大家一起画方案")
        page.get_by_role("button", name="Move the project").click()
        expect(page.locator("#stages [aria-current=step]")).to_have_text("Co-design")
        expect(page.locator("#stage-history")).to_contain_text("问题清楚了，大家一起画方案")
        assert student.email not in page.content() and engineer.email not in page.content()
    finally:
        context.close()
