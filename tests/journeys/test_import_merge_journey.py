"""Bringing organizations in, in a real browser and in Chinese: a staff member uploads a
spreadsheet with errors, reads them in Chinese, fixes the file, uploads it again, confirms the
import (a real Celery worker checks and imports), then merges the duplicate it created."""

import pytest
from playwright.sync_api import expect

from orgs.models import MergeRecord, Organization
from tests.journeys.helpers import log_in
from tests.orgs.factories import OrganizationFactory, UserFactory
from tests.orgs.import_helpers import csv_bytes

WORKER = 30_000  # ms: the worker checks or imports while the page refreshes itself

BROKEN = [
    {"名称": "阳光助学服务中心", "省份": "四川省", "城市": "成都市", "区县": "锦江区", "议题领域": "教育助学"},
    {"名称": "山地守护者", "省份": "火星", "联系电话": "12345"},
]
FIXED = [BROKEN[0], {"名称": "山地守护者", "省份": "云南省", "联系电话": "0871-65123456"}]


def _upload(page, live_server, name, rows):
    page.goto(f"{live_server.url}/admin/orgs/importjob/add/")
    page.set_input_files("#id_file", files=[{"name": name, "mimeType": "text/csv", "buffer": csv_bytes(rows)}])
    page.get_by_label("直接发布，等待机构工作人员认领").check()
    page.get_by_role("button", name="上传并检查").click()
    expect(page.locator("#import-job")).to_have_attribute("data-status", "checked", timeout=WORKER)


@pytest.mark.browser
def test_staff_import_with_errors_fix_confirm_and_merge_the_duplicate(live_server, browser, celery_worker, settings,
                                                                     tmp_path):
    settings.IMPORT_FILES_ROOT = tmp_path / "imports"
    existing = OrganizationFactory(name="阳光助学服务中心", slug="sunshine")
    staff = UserFactory(groups=["moderators"], is_staff=True)
    context = browser.new_context()
    try:
        page = context.new_page()
        log_in(page, live_server, staff, "/admin/orgs/organization/")
        page.get_by_role("link", name="从电子表格导入").click()
        expect(page.get_by_role("link", name="下载模板（Excel）")).to_be_visible()

        # First try: one row in a province that does not exist, with a wrong phone number.
        _upload(page, live_server, "机构名单.csv", BROKEN)
        issues = page.locator("#import-issues")
        expect(issues).to_contain_text("没有叫“火星”的省份")
        expect(issues).to_contain_text("联系电话")
        expect(issues).to_contain_text("大陆手机号是以 1 开头的 11 位数字")
        expect(issues).to_contain_text("可能与 阳光助学服务中心 是同一家机构")
        expect(page.locator("#import-error-rows")).to_have_text("1")
        assert Organization.objects.count() == 1  # nothing written by the preview

        # Second try, corrected: no errors left; the importer confirms.
        _upload(page, live_server, "机构名单-改.csv", FIXED)
        expect(page.locator("#import-error-rows")).to_have_text("0")
        page.get_by_role("button", name="导入 2 家机构").click()
        expect(page.locator("#import-job")).to_have_attribute("data-status", "done", timeout=WORKER)
        expect(page.locator("#import-created")).to_have_text("2")
        imported = Organization.objects.exclude(pk=existing.pk).get(name="阳光助学服务中心")
        assert imported.status == "published"
        assert Organization.objects.get(name="山地守护者").province_id == "530000"

        # The import listed the duplicate for moderators; the staff member merges it.
        page.goto(f"{live_server.url}/admin/orgs/organization/")
        page.locator("#content-main").get_by_role("link", name="疑似重复", exact=True).click()
        page.get_by_role("link", name="合并…").first.click()
        expect(page.get_by_label("阳光助学服务中心 (已发布, sunshine)")).to_be_checked()
        page.get_by_label("为什么它们是同一家机构？").fill("导入时重复登记，同一家机构")
        page.locator("#merge-form").get_by_role("button", name="合并").click()
        expect(page.locator("#content")).to_contain_text("导入时重复登记，同一家机构")
        record = MergeRecord.objects.get()
        assert (record.survivor, record.merged) == (existing, imported)

        # The merged profile's old address leads to the one that was kept.
        page.goto(f"{live_server.url}/orgs/{imported.slug}/")
        assert page.url == f"{live_server.url}/orgs/sunshine/"
    finally:
        context.close()
