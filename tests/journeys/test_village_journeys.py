"""Future Village in a real browser on a 390 px phone: a villager proposes a village and its
problem, a moderator publishes it, a student, an engineer and an NGO worker join, the project
moves through its stages, its NGO posts a need on the map that another organization offers to meet
(match accepted), the team shows the outcome with a photo (GPS stripped); anyone finds the village
on the map's Future Village layer and on its county's page."""

import datetime
import re

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from mapplatform.models import Match, MatchStatus, ResourcePost
from mapplatform.services.posts import post_create
from tests.common.test_images import jpeg_with_gps
from tests.journeys.helpers import log_in
from tests.orgs.factories import MembershipFactory, OrganizationFactory, UserFactory, division
from trainings.models import CoDesignProject, ProjectOutcome, Village

PHONE = {"width": 390, "height": 844}


def join(browser, live_server, user, project_path, role_label, skills, keep_open=False):
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        log_in(page, live_server, user, project_path)
        page.locator("#join-form select[name=role]").select_option(label=role_label)
        page.locator("#join-form input[name=skills]").fill(skills)
        page.get_by_role("button", name="Join the project").click()
        expect(page.locator("#joined")).to_have_text("You take part in this project.")
    finally:
        if not keep_open:
            context.close()
    return context, page


def move(page, to_stage, reason, label):
    page.locator("#stage-form select[name=to_stage]").select_option(to_stage)
    page.locator("#stage-form textarea[name=reason]").fill(reason)
    page.get_by_role("button", name="Move the project").click()
    expect(page.locator("#stages [aria-current=step]")).to_have_text(label)


@pytest.mark.browser
def test_villager_proposes_a_village_and_a_problem_students_and_engineers_join(live_server, browser, settings,
                                                                                tmp_path):
    settings.MEDIA_ROOT = tmp_path
    villager = UserFactory(display_name="王大姐")
    moderator = UserFactory(groups=["moderators"], is_staff=True)
    student = UserFactory(display_name="小李")
    engineer = UserFactory(display_name="陈工")
    ngo = OrganizationFactory(name="成都乡村发展中心", slug="chengdu-rural")
    ngo_worker = MembershipFactory(organization=ngo, user=UserFactory(display_name="赵社工")).user
    csr = OrganizationFactory(kind="csr", name="蓉城建材公益计划", slug="rongcheng-materials", county=division("510105"))
    csr_user = MembershipFactory(organization=csr).user
    offer_title = "捐赠防滑石板 200 块"
    offer = post_create(user=csr_user, organization=csr, data={
        "kind": "offer", "resource_type": "goods", "title": offer_title, "quantity": 200, "unit": "块",
        "expires_on": timezone.localdate() + datetime.timedelta(days=30)})
    need_title = "需要防滑石板铺路"
    contexts = []
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
        for role in ("Villager", "University student", "Engineer", "NGO worker"):
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

        # An NGO worker joins, involves their organization and posts the project's need on the map.
        ngo_context, ngo_page = join(browser, live_server, ngo_worker, project_path, "NGO worker", "物资协调",
                                     keep_open=True)
        contexts.append(ngo_context)
        ngo_page.locator("#involve-form select[name=organization]").select_option(label="成都乡村发展中心")
        ngo_page.get_by_role("button", name="Involve my organization").click()
        expect(ngo_page.locator(".message-success")).to_have_text("Your organization takes part in the project.")
        ngo_page.locator("#need-form select[name=resource_type]").select_option("goods")
        ngo_page.locator("#need-form input[name=title]").fill(need_title)
        ngo_page.locator("#need-form textarea[name=description]").fill("山路 300 米，需要石板。")
        ngo_page.get_by_role("button", name="Post the need").click()
        expect(ngo_page.locator(".message-success")).to_have_text("The need is on the map.")
        need = ResourcePost.objects.get(title=need_title)
        assert need.organization == ngo and need.location.equals(village.location)

        # The project goes on: a prototype, then built in the village.
        page.goto(f"{live_server.url}{project_path}")
        move(page, "prototype", "做了一段样板路", "Prototype")
        move(page, "built", "样板路下雨不滑，全段铺好了", "Built in the village")

        # Another organization finds the need from the project's page and offers to meet it ...
        csr_context = browser.new_context(viewport=PHONE)
        contexts.append(csr_context)
        csr_page = csr_context.new_page()
        log_in(csr_page, live_server, csr_user, project_path)
        csr_page.locator("#needs").get_by_role("link", name=need_title).click()
        csr_page.wait_for_url(re.compile(rf"/en/posts/{need.pk}/$"))
        propose = csr_page.locator("section.card").filter(has=csr_page.get_by_role("heading", name="Propose a match"))
        propose.locator("#id_mine").select_option(label=offer_title)
        propose.locator("#id_message").fill("下周运到村口。")
        propose.get_by_role("button", name="Propose a match").click()
        expect(csr_page.locator(".message-success")).to_have_text(
            "Proposal sent. The other side will accept or decline it.")
        match = Match.objects.get(need=need, offer=offer)

        # ... and the project's NGO accepts.
        ngo_page.goto(f"{live_server.url}/en/matches/")
        ngo_page.locator(f"#match-{match.pk}").get_by_role("button", name="Accept", exact=True).click()
        expect(ngo_page.locator(".message-success")).to_have_text(
            "Match accepted: it is now a matched case on the map.")
        match.refresh_from_db()
        assert match.status == MatchStatus.ACCEPTED

        # The villager shows the outcome with a photo taken on a phone (with GPS in it).
        page.goto(f"{live_server.url}{project_path}")
        expect(page.locator("#needs")).to_contain_text("Matched")
        photo = jpeg_with_gps()
        page.locator("#outcome-form textarea[name=text]").fill("新路铺好了，孩子们下雨天也能安全上学。")
        page.locator("#outcome-form input[name=photo]").set_input_files(
            {"name": "road.jpg", "mimeType": "image/jpeg", "buffer": photo.read()})
        page.get_by_role("button", name="Add the outcome").click()
        expect(page.locator(".message-success")).to_have_text("The outcome is on the project's page.")
        expect(page.locator("#outcomes")).to_contain_text("新路铺好了")
        expect(page.locator("#outcomes img")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        with Image.open(ProjectOutcome.objects.get().image.path) as stored:
            assert not stored.getexif() and max(stored.size) == settings.PHOTO_DISPLAY_PX

        # Anyone finds the village on the map's Future Village layer, and on its county's page.
        visitor_context = browser.new_context(viewport=PHONE)
        contexts.append(visitor_context)
        visitor = visitor_context.new_page()
        visitor.goto(f"{live_server.url}/en/map/#13/{village.location.y:.4f}/{village.location.x:.4f}")
        expect(visitor.locator("#resource-map")).to_have_attribute("data-loaded", "true")
        visitor.locator(".leaflet-control-layers").get_by_label("Future Village").check()
        expect(visitor.locator("#village-layer-filters")).to_be_visible()
        expect(visitor.locator("[data-map-layer=villages]")).to_have_attribute("data-loaded", "true")
        assert "villages=1" in visitor.url
        visitor.locator("path.village-point").first.click()
        popup = visitor.locator(".leaflet-popup-content")
        expect(popup.get_by_role("link", name="明月村")).to_be_visible()
        # Built: the call may stay open; the popup lists the project with its stage.
        expect(popup).to_contain_text("Built in the village")
        popup.get_by_role("link", name="雨季山路").click()
        visitor.wait_for_url(f"**{project_path}")
        expect(visitor.locator("#outcomes")).to_contain_text("新路铺好了")
        visitor.goto(f"{live_server.url}/en/orgs/in/{village.county.code}/")
        expect(visitor.locator("#place-villages")).to_contain_text("明月村")
        expect(visitor.locator("#place-projects")).to_contain_text("雨季山路")
        assert visitor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        # The project's page in Chinese.
        visitor.goto(f"{live_server.url}/trainings/projects/{project.pk}/")
        expect(visitor.locator("#stages [aria-current=step]")).to_have_text("在村里建成")
        # A shared Chinese map link opens with the layer on and its filter kept.
        visitor.goto(f"{live_server.url}/map/?villages=1&village_stage=built"
                     f"#13/{village.location.y:.4f}/{village.location.x:.4f}")
        expect(visitor.locator(".leaflet-control-layers").get_by_label("未来村庄")).to_be_checked()
        expect(visitor.locator("#village-layer-stage")).to_have_value("built")
        expect(visitor.locator("[data-map-layer=villages]")).to_have_attribute("data-loaded", "true")
        expect(visitor.locator("#village-layer-note")).to_have_text("1 个村庄在视野内")
        assert visitor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()
        for other in contexts:
            other.close()
