"""Importing organizations from a spreadsheet: template, preview errors in Chinese, nothing written
before confirmation, confirmed import, claims afterwards."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook

from orgs.imports import reader
from orgs.imports.columns import template_csv, template_xlsx
from orgs.imports.services import import_job_cancel, import_job_confirm, import_job_create
from orgs.imports.work import import_job_check, import_job_run
from orgs.models import DuplicateCandidate, ImportJob, Membership, Organization
from orgs.services.membership import membership_claim

from .factories import OrganizationFactory, UserFactory, division
from .import_helpers import credit_code, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

GOOD = {"名称": "阳光助学服务中心", "省份": "四川省", "城市": "成都市", "区县": "锦江区", "议题领域": "教育助学、儿童青少年",
        "统一社会信用代码": credit_code(1), "联系电话": "028-86123456"}


@pytest.fixture(autouse=True)
def _private_import_dir(settings, tmp_path):
    settings.IMPORT_FILES_ROOT = tmp_path / "imports"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def moderator():
    return UserFactory(groups=["moderators"], is_staff=True)


def _job(user, rows, *, name="orgs.csv", target="draft", content=None):
    content = content if content is not None else (xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows))
    job = import_job_create(user=user, upload=SimpleUploadedFile(name, content), target_status=target,
                            language="zh-hans")
    import_job_check(job_id=job.pk)
    job.refresh_from_db()
    return job


def _errors(job):
    return {(issue.row, issue.column): issue.message for issue in job.issues.filter(level="error")}


def test_the_template_has_chinese_headers_in_xlsx_and_csv():
    sheet = load_workbook(io.BytesIO(template_xlsx())).active
    headers = [cell.value for cell in sheet[1]]
    assert headers[:4] == ["名称*", "英文名称", "机构类型", "省份*"]
    assert "统一社会信用代码" in headers and "议题领域" in headers
    text = template_csv().decode("utf-8")
    assert text.startswith("\ufeff名称*,英文名称")


def test_the_template_itself_checks_without_errors(moderator):
    job = _job(moderator, [], content=template_xlsx(), name="template.xlsx")
    assert (job.status, job.total_rows, job.error_rows) == ("checked", 1, 0)


def test_the_preview_lists_row_errors_in_chinese_and_writes_nothing(moderator):
    existing = OrganizationFactory(name="已有机构", credit_code=credit_code(9), registration_status="social_service")
    count = Organization.objects.count()
    rows = [
        GOOD,
        {"名称": "", "省份": "火星"},
        {"名称": "错误代码", "省份": "四川", "统一社会信用代码": credit_code(2)[:-1] + "0", "联系电话": "12345"},
        {"名称": "未知领域", "省份": "510000", "城市": "510100", "区县": "510104", "议题领域": "太空探索"},
        {"名称": "同名区县", "省份": "江苏省", "区县": "鼓楼区"},
        {"名称": "坐标在外省", "省份": "四川省", "经度": "116.40", "纬度": "39.90"},
        {"名称": "重复代码", "省份": "四川省", "统一社会信用代码": credit_code(9)},
        {"名称": "文件内重复代码", "省份": "四川省", "统一社会信用代码": credit_code(1)},
        {"名称": "坏年份", "省份": "四川省", "成立年份": "去年"},
    ]
    job = _job(moderator, rows)
    errors = _errors(job)
    assert job.status == "checked" and job.total_rows == 9 and job.error_rows == 8
    assert Organization.objects.count() == count  # nothing written by the preview
    assert "名称" in errors[(3, "name")] and "火星" in errors[(3, "province")]
    assert "校验" in errors[(4, "credit_code")] or "最后一位" in errors[(4, "credit_code")]
    assert "电话" in errors[(4, "contact_phone")] or "手机" in errors[(4, "contact_phone")]
    assert "太空探索" in errors[(5, "issue_fields")]
    assert "鼓楼区" in errors[(6, "county")]  # two 鼓楼区 in 江苏: give the city or the code
    assert "四川" in errors[(7, "longitude")]
    assert "已有机构" in errors[(8, "credit_code")]
    assert job.issues.get(row=8, column="credit_code").existing == existing
    assert "第 2 行" in errors[(9, "credit_code")]
    assert "年份" in errors[(10, "founded_year")]
    assert (2, "name") not in errors and not job.issues.filter(row=2, level="error").exists()


def test_places_by_name_short_name_or_code_and_the_seat_when_no_point(moderator):
    rows = [{"名称": "甲", "省份": "四川", "区县": "锦江区"},
            {"名称": "乙", "省份": "510000", "城市": "510100", "区县": "510104", "经度": "104.08", "纬度": "30.66"}]
    job = _job(moderator, rows)
    assert job.error_rows == 0
    import_job_confirm(job=job, user=moderator)
    import_job_run(job_id=job.pk)
    first, second = Organization.objects.get(name="甲"), Organization.objects.get(name="乙")
    county = division("510104")
    assert (first.province_id, first.city_id, first.county_id) == ("510000", "510100", "510104")
    assert first.location == county.centroid
    assert (round(second.location.x, 2), round(second.location.y, 2)) == (104.08, 30.66)


def test_confirm_imports_the_valid_rows_published_and_unclaimed_and_they_can_be_claimed(moderator):
    rows = [GOOD, {"名称": "", "省份": "四川省"}, {"名称": "第二家", "省份": "四川省", "城市": "成都市"}]
    job = _job(moderator, rows, name="orgs.xlsx", target="published")
    assert job.error_rows == 1
    import_job_confirm(job=job, user=moderator)
    assert import_job_run(job_id=job.pk) == "done"
    job.refresh_from_db()
    assert (job.created_count, job.status) == (2, "done")
    imported = Organization.objects.get(name="阳光助学服务中心")
    assert imported.status == "published" and imported.registration_status == "social_service"
    assert sorted(imported.issue_fields.values_list("name_zh", flat=True)) == ["儿童青少年", "教育助学"]
    assert imported.history.count() == 1 and imported.created_by == moderator
    assert imported.search_text  # found by the directory's search
    assert not Membership.objects.filter(organization=imported).exists()
    claim = membership_claim(organization=imported, user=UserFactory(), message="我是负责人")
    assert claim.status == "pending"
    assert not job.file.storage.exists(job.file.name)  # the upload is gone once imported


def test_draft_imports_stay_out_of_the_directory(moderator, client):
    job = _job(moderator, [GOOD], target="draft")
    import_job_confirm(job=job, user=moderator)
    import_job_run(job_id=job.pk)
    assert Organization.objects.get(name=GOOD["名称"]).status == "draft"
    assert GOOD["名称"] not in client.get("/orgs/").content.decode()


def test_a_run_twice_does_not_import_twice(moderator):
    job = _job(moderator, [GOOD])
    import_job_confirm(job=job, user=moderator)
    import_job_run(job_id=job.pk)
    import_job_run(job_id=job.pk)
    assert Organization.objects.filter(name=GOOD["名称"]).count() == 1


def test_the_preview_shows_likely_duplicates_and_the_import_lists_them_for_moderators(moderator):
    existing = OrganizationFactory(name="阳光助学服务中心")
    job = _job(moderator, [GOOD])
    duplicate = job.issues.get(level="duplicate")
    assert duplicate.existing == existing and "阳光助学服务中心" in duplicate.message
    assert job.duplicate_rows == 1 and job.error_rows == 0
    import_job_confirm(job=job, user=moderator)
    import_job_run(job_id=job.pk)
    imported = Organization.objects.exclude(pk=existing.pk).get(name=GOOD["名称"])
    assert DuplicateCandidate.objects.get(organization=imported).existing == existing


def test_the_upload_is_kept_privately_until_confirmed_and_cancel_deletes_it(moderator, settings):
    job = _job(moderator, [GOOD])
    path = job.file.path
    assert path.startswith(str(settings.IMPORT_FILES_ROOT)) and not path.startswith(str(settings.MEDIA_ROOT))
    import_job_cancel(job=job, user=moderator)
    job.refresh_from_db()
    assert job.status == "cancelled"
    with pytest.raises(ValidationError):
        import_job_confirm(job=job, user=moderator)


def test_only_moderators_import_and_only_sheets_are_accepted(moderator):
    with pytest.raises(PermissionDenied):
        _job(UserFactory(), [GOOD])
    with pytest.raises(ValidationError):
        import_job_create(user=moderator, upload=SimpleUploadedFile("orgs.pdf", b"%PDF"), target_status="draft")
    with pytest.raises(ValidationError):
        import_job_create(user=moderator, upload=SimpleUploadedFile("orgs.csv", b"x"), target_status="hidden")


def test_a_file_that_is_not_a_sheet_or_too_long_fails_with_a_message(moderator, monkeypatch):
    job = _job(moderator, [], name="bad.xlsx", content=b"not a zip")
    assert job.status == "failed" and "Excel" in job.failure
    job = _job(moderator, [], content="名字,地方\n甲,乙\n".encode())
    assert job.status == "failed" and "名称" in job.failure
    monkeypatch.setattr(reader, "MAX_ROWS", 2)
    job = _job(moderator, [GOOD, GOOD, GOOD])
    assert job.status == "failed" and "2" in job.failure
    assert not job.issues.exists()


def test_gb18030_csv_from_chinese_excel_is_read(moderator):
    job = _job(moderator, [GOOD], content=csv_bytes([GOOD], encoding="gb18030"))
    assert (job.total_rows, job.error_rows) == (1, 0)


def test_admin_upload_preview_and_confirm(client, moderator):
    client.force_login(moderator)
    page = client.get("/admin/orgs/importjob/add/")
    assert page.status_code == 200 and "模板" in page.content.decode()
    template = client.get("/admin/orgs/importjob/template.xlsx")
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxmlformats")
    response = client.post("/admin/orgs/importjob/add/", {
        "file": SimpleUploadedFile("orgs.csv", csv_bytes([GOOD, {"名称": "", "省份": "火星"}])),
        "target_status": "published"})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/admin/orgs/importjob/{job.pk}/change/")
    assert job.language == "zh-hans" and Organization.objects.filter(name=GOOD["名称"]).count() == 0
    import_job_check(job_id=job.pk)  # the Celery task's work
    body = client.get(response["Location"]).content.decode()
    assert "火星" in body and "导入 1 家机构" in body
    client.post(f"/admin/orgs/importjob/{job.pk}/confirm/")
    job.refresh_from_db()
    assert job.status == "importing"
    with translation.override("zh-hans"):
        import_job_run(job_id=job.pk)
    assert Organization.objects.filter(name=GOOD["名称"], status="published").count() == 1
