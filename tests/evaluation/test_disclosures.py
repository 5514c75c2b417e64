"""Disclosures (信息公开): who may publish, correct, verify and hide; what a correction keeps;
what counts; files checked by content and served only to whom may see them; the pages."""

import datetime
from io import BytesIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from PIL import Image

from common.ratelimits import RateLimited
from evaluation import tasks
from evaluation.models import Disclosure
from evaluation.personal_data import erase_disclosures, export_disclosures
from evaluation.selectors import disclosures_compared, verified_disclosures
from evaluation.services import disclosures as disclosure_services
from evaluation.services.disclosures import (
    disclosure_create,
    disclosure_review,
    disclosure_set_hidden,
    disclosure_update,
)
from tests.evaluation.test_funders import scored
from tests.orgs.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.roles import ROLES, make_user, sign_in

from .factories import FINANCE, PDF, DisclosureFactory, pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_files")]

TODAY = datetime.date(2026, 3, 1)


@pytest.fixture
def organization():
    return OrganizationFactory(name="成都河流守护者")


@pytest.fixture
def member(organization):
    return MembershipFactory(organization=organization, role="editor").user


@pytest.fixture
def assessor():
    return UserFactory(groups=["assessors"])


@pytest.fixture
def moderator():
    return UserFactory(groups=["moderators"])


class Queued(list):
    def delay(self, *args):
        self.append(args)


@pytest.fixture
def queued(monkeypatch):
    recorder = Queued()
    monkeypatch.setattr(disclosure_services, "notify_disclosure_review", recorder)
    return recorder


def finance(organization, user, **overrides):
    arguments = {"organization": organization, "user": user, "kind": "finance_summary", "year": 2025,
                 "title": "2025年度收支摘要", "published_on": TODAY, "details": dict(FINANCE), **overrides}
    return disclosure_create(**arguments)


# --- who may do what ---------------------------------------------------------------------------

PUBLISHERS = {"member", "owner"}
REVIEWERS = {"moderator", "assessor", "lead_assessor"}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_publish_correct_review_and_hide(role, organization):
    user = make_user(role, organization)
    disclosure = DisclosureFactory(organization=organization)
    assert user.has_perm("evaluation.publish_disclosure", organization) == (role in PUBLISHERS)
    assert user.has_perm("evaluation.correct_disclosure", disclosure) == (role in PUBLISHERS)
    assert user.has_perm("evaluation.review_disclosure", disclosure) == (role in REVIEWERS)
    assert user.has_perm("evaluation.review_disclosures") == (role in REVIEWERS)
    assert user.has_perm("evaluation.hide_disclosure") == (role == "moderator")
    # A pending item (and its file) is for the members and the reviewers only.
    assert user.has_perm("evaluation.see_disclosure", disclosure) == (role in PUBLISHERS | REVIEWERS)


@pytest.mark.parametrize("role", ROLES)
def test_a_verified_item_is_seen_by_everyone(role, organization):
    user = make_user(role, organization)
    disclosure = DisclosureFactory(organization=organization, status="verified")
    assert user.has_perm("evaluation.see_disclosure", disclosure)


def test_an_assessor_who_is_a_member_does_not_verify_their_own_organization(organization, queued):
    insider = MembershipFactory(organization=organization, user=UserFactory(groups=["assessors"])).user
    disclosure = DisclosureFactory(organization=organization)
    with pytest.raises(PermissionDenied, match="your own organization"):
        disclosure_review(disclosure=disclosure, user=insider, status="verified")
    assert Disclosure.objects.get().status == "pending"


def test_non_members_cannot_publish_or_correct(organization, member):
    outsider = MembershipFactory(role="owner").user  # owner of another organization
    with pytest.raises(PermissionDenied):
        finance(organization, outsider)
    disclosure = finance(organization, member)
    with pytest.raises(PermissionDenied):
        disclosure_update(disclosure=disclosure, user=outsider, title="改", published_on=TODAY, year=2025,
                          details=FINANCE)
    with pytest.raises(PermissionDenied):
        disclosure_review(disclosure=disclosure, user=UserFactory(groups=["funders"]), status="verified")
    with pytest.raises(PermissionDenied):
        disclosure_set_hidden(disclosure=disclosure, user=UserFactory(groups=["assessors"]), hidden=True)
    assert Disclosure.objects.get().title == "2025年度收支摘要"


# --- publishing: per-kind facts, files ---------------------------------------------------------

def test_a_member_publishes_a_pending_item_that_does_not_count_yet(organization, member):
    disclosure = finance(organization, member)
    assert disclosure.status == "pending"
    assert disclosure.created_by == member
    assert disclosure.details == FINANCE
    assert list(verified_disclosures(organization=organization)) == []


def test_finance_figures_must_add_up_and_be_whole_yuan(organization, member):
    with pytest.raises(ValidationError) as error:
        finance(organization, member, details={**FINANCE, "donation_income": 1_000_000})
    assert "cannot add up to more than the total income" in str(error.value.message_dict["total_income"])
    with pytest.raises(ValidationError) as error:
        finance(organization, member, details={**FINANCE, "programme_expense": -5, "fundraising_expense": "很多"})
    assert set(error.value.message_dict) == {"programme_expense", "fundraising_expense"}
    assert not Disclosure.objects.exists()


@pytest.mark.parametrize(("kind", "details", "field"), [
    ("governance", {"members": []}, "members"),
    ("governance", {"members": [{"name": "<script>x</script>", "role": "理事"}]}, "members"),
    ("project", {"budget": 50000, "start": "2025-06-01", "end": "2025-01-01", "place": "成都",
                 "beneficiaries": "留守儿童", "outcomes": "完成"}, "end"),
    ("donors", {"donors": [{"name": "某基金会", "amount": 100000}], "consent": False}, "consent"),
])
def test_each_kind_checks_its_structured_facts(organization, member, kind, details, field):
    with pytest.raises(ValidationError) as error:
        disclosure_create(organization=organization, user=member, kind=kind, year=2025, title="标题",
                          published_on=TODAY, details=details)
    assert field in error.value.message_dict
    assert not Disclosure.objects.exists()


def test_structured_kinds_keep_only_their_facts(organization, member):
    disclosure = disclosure_create(
        organization=organization, user=member, kind="donors", year=2025, title="主要捐赠方", published_on=TODAY,
        details={"donors": [{"name": " 某基金会 ", "amount": 100000, "phone": "13800000000"}], "consent": True,
                 "extra": "丢弃"})
    assert disclosure.details == {"donors": [{"name": "某基金会", "amount": 100000}], "consent": True}


def test_documents_need_a_file_and_dated_kinds_a_year(organization, member):
    with pytest.raises(ValidationError) as error:
        disclosure_create(organization=organization, user=member, kind="annual_report", year=None,
                          title="年度工作报告", published_on=TODAY)
    assert set(error.value.message_dict) == {"file", "year"}
    charter = disclosure_create(organization=organization, user=member, kind="charter", year=None, title="章程",
                                published_on=TODAY, file=pdf("charter.pdf"))
    assert charter.year is None
    assert charter.file.name.startswith(f"disclosures/{organization.pk}/")


@pytest.mark.parametrize(("upload", "message"), [
    (SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script></html>"), "Attach a PDF, JPEG or PNG file."),
    (SimpleUploadedFile("report.pdf", PDF + b"0" * (10 * 1024 * 1024)), "The file is too large: at most 10 MB."),
])
def test_files_are_checked_by_content_and_size(organization, member, upload, message, private_files):
    with pytest.raises(ValidationError) as error:
        disclosure_create(organization=organization, user=member, kind="annual_report", year=2025,
                          title="年度工作报告", published_on=TODAY, file=upload)
    assert error.value.message_dict["file"] == [message]
    assert not Disclosure.objects.exists()
    assert not any(private_files.rglob("*.pdf"))  # nothing half-saved


def test_years_and_dates_are_checked_and_the_database_holds_the_range(organization, member):
    with pytest.raises(ValidationError) as error:
        finance(organization, member, year=1900, published_on=datetime.date.today() + datetime.timedelta(days=3))
    assert set(error.value.message_dict) == {"year", "published_on"}
    disclosure = DisclosureFactory(organization=organization)
    with pytest.raises(IntegrityError), transaction.atomic():
        Disclosure.objects.filter(pk=disclosure.pk).update(year=2101)


def test_publishing_is_rate_limited(organization, member, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "disclosure_save": "2/h"}
    finance(organization, member)
    finance(organization, member, year=2024)
    with pytest.raises(RateLimited):
        finance(organization, member, year=2023)
    assert Disclosure.objects.count() == 2


# --- verification ------------------------------------------------------------------------------

def test_an_assessor_verifies_and_the_member_is_told_once(organization, member, assessor, queued,
                                                          django_capture_on_commit_callbacks):
    disclosure = finance(organization, member)
    with django_capture_on_commit_callbacks(execute=True):
        disclosure = disclosure_review(disclosure=disclosure, user=assessor, status="verified")
    assert disclosure.reviewed_by == assessor and disclosure.reviewed_at is not None
    assert list(verified_disclosures(organization=organization)) == [disclosure]
    assert len(queued) == 1
    assert tasks.notify_disclosure_review(*queued[0]) == 1
    assert tasks.notify_disclosure_review(*queued[0]) == 0  # a redelivered task sends nothing
    assert mail.outbox[0].to == [member.email]
    assert mail.outbox[0].subject == "成都河流守护者：你提交的收支摘要已核实"  # in the site's language
    assert f"/trust/disclosures/of/{organization.slug}/" in mail.outbox[0].body


def test_rejecting_needs_a_reason_which_the_member_reads(organization, member, moderator, queued,
                                                        django_capture_on_commit_callbacks):
    disclosure = finance(organization, member)
    with pytest.raises(ValidationError) as error:
        disclosure_review(disclosure=disclosure, user=moderator, status="rejected", reason="  ")
    assert "reason" in error.value.message_dict
    assert Disclosure.objects.get().status == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        disclosure_review(disclosure=disclosure, user=moderator, status="rejected", reason="收支数字与审计报告不一致")
    tasks.notify_disclosure_review(*queued[0])
    assert "收支数字与审计报告不一致" in mail.outbox[0].body
    assert list(verified_disclosures(organization=organization)) == []


def test_the_database_refuses_a_rejection_without_a_reason(organization):
    disclosure = DisclosureFactory(organization=organization)
    with pytest.raises(IntegrityError), transaction.atomic():
        Disclosure.objects.filter(pk=disclosure.pk).update(status="rejected", rejection_reason="")


def test_a_decision_only_follows_the_declared_transitions(organization, member, assessor, queued):
    disclosure = finance(organization, member)
    with pytest.raises(ValidationError):
        disclosure_review(disclosure=disclosure, user=assessor, status="pending")
    disclosure_review(disclosure=disclosure, user=assessor, status="verified")
    with pytest.raises(ValidationError):
        disclosure_review(disclosure=disclosure, user=assessor, status="verified")  # already verified


# --- corrections keep history and go back to pending -------------------------------------------

def test_a_correction_of_a_verified_item_goes_back_to_pending_and_keeps_history(
        organization, member, assessor, queued, django_capture_on_commit_callbacks):
    disclosure = finance(organization, member)
    with django_capture_on_commit_callbacks(execute=True):
        disclosure_review(disclosure=disclosure, user=assessor, status="verified")
    corrected = disclosure_update(disclosure=disclosure, user=member, title="2025年度收支摘要（更正）",
                                  published_on=TODAY, year=2025, details={**FINANCE, "total_income": 1_300_000})
    assert corrected.status == "pending"
    assert corrected.reviewed_by is None and corrected.reviewed_at is None
    assert list(verified_disclosures(organization=organization)) == []  # the correction waits for a reviewer
    versions = list(corrected.history.order_by("history_date"))
    assert [version.status for version in versions] == ["pending", "verified", "pending"]
    assert versions[1].details["total_income"] == 1_200_000
    assert versions[2].details["total_income"] == 1_300_000
    assert versions[2].history_user == member
    # The email of the earlier decision is no longer sent: the item changed since.
    assert tasks.notify_disclosure_review(*queued[0]) == 0


def test_a_correction_does_not_change_the_kind_or_lose_the_file(organization, member, private_files):
    report = disclosure_create(organization=organization, user=member, kind="annual_report", year=2025,
                               title="年度工作报告", published_on=TODAY, file=pdf())
    name = report.file.name
    report = disclosure_update(disclosure=report, user=member, title="2025年度工作报告", published_on=TODAY,
                               year=2025)
    assert report.kind == "annual_report" and report.file.name == name


# --- hidden items count nowhere ----------------------------------------------------------------

def test_hidden_items_do_not_show_anywhere(client, organization, moderator):
    shown = DisclosureFactory(organization=organization, status="verified", title="看得见的摘要", year=2024)
    hidden = DisclosureFactory(organization=organization, status="verified", title="被隐藏的摘要", year=2025)
    disclosure_set_hidden(disclosure=hidden, user=moderator, hidden=True)
    assert Disclosure.objects.filter(pk=hidden.pk).exists()  # hidden, not deleted
    assert list(verified_disclosures(organization=organization)) == [shown]
    page = client.get(organization.get_absolute_url()).content.decode()
    assert "看得见的摘要" in page and "被隐藏的摘要" not in page
    compared = disclosures_compared(organizations=[organization])
    assert compared["finance_rows"][0]["cells"] == [2024]
    assert client.get(f"/en/trust/disclosures/item/{hidden.pk}/file/").status_code == 404


# --- the pages ---------------------------------------------------------------------------------

def test_profile_lists_verified_items_by_kind_with_earlier_years(client, organization):
    DisclosureFactory(organization=organization, status="verified", title="2024年度收支摘要", year=2024)
    DisclosureFactory(organization=organization, status="verified", title="2025年度收支摘要", year=2025)
    DisclosureFactory(organization=organization, kind="annual_report", status="verified", title="2025年度工作报告",
                      details={}, file=pdf())
    DisclosureFactory(organization=organization, title="待核实的摘要", year=2023)
    page = client.get(f"/en/orgs/{organization.slug}/").content.decode()
    section = page[page.index('id="disclosures"'):]
    assert section.index("Annual work report") < section.index("Income and expenditure summary")
    assert section.index("2025年度收支摘要") < section.index("2024年度收支摘要")
    assert "1200000" in section  # the figures
    assert "待核实的摘要" not in page
    assert "Publish or correct disclosures" not in page  # not for visitors


def test_member_publishes_through_the_form_and_sees_the_status(client, organization, member):
    sign_in(client, member)
    profile = client.get(f"/en/orgs/{organization.slug}/").content.decode()
    assert f"/en/trust/disclosures/of/{organization.slug}/" in profile
    path = f"/en/trust/disclosures/of/{organization.slug}/add/finance_summary/"
    form = client.get(path)
    assert form.status_code == 200 and "of which donations (yuan)" in form.content.decode()
    bad = client.post(path, {"title": "摘要", "year": "2025", "published_on": "2026-03-01",
                             **{**{k: str(v) for k, v in FINANCE.items()}, "donation_income": "5000000"}})
    assert bad.status_code == 200
    assert "cannot add up to more than the total income" in bad.content.decode()
    response = client.post(path, {"title": "摘要", "year": "2025", "published_on": "2026-03-01",
                                  **{k: str(v) for k, v in FINANCE.items()}})
    assert response.status_code == 302
    listing = client.get(response["Location"]).content.decode()
    assert "摘要" in listing and "Waiting for verification" in listing


def test_governance_lines_become_members(client, organization, member):
    sign_in(client, member)
    response = client.post(f"/en/trust/disclosures/of/{organization.slug}/add/governance/", {
        "title": "第三届理事会", "year": "2025", "published_on": "2026-03-01", "members": "张三, 理事长\n李四，秘书长\n\n王五"})
    assert response.status_code == 302
    assert Disclosure.objects.get().details == {"members": [
        {"name": "张三", "role": "理事长"}, {"name": "李四", "role": "秘书长"}, {"name": "王五", "role": ""}]}


def test_pages_refuse_who_may_not_use_them(client, organization):
    disclosure = DisclosureFactory(organization=organization)
    sign_in(client, UserFactory())
    assert client.get(f"/en/trust/disclosures/of/{organization.slug}/").status_code == 403
    assert client.get(f"/en/trust/disclosures/of/{organization.slug}/add/charter/").status_code == 403
    assert client.get(f"/en/trust/disclosures/item/{disclosure.pk}/edit/").status_code == 403
    assert client.get("/en/trust/disclosures/review/").status_code == 403
    assert client.post(f"/en/trust/disclosures/item/{disclosure.pk}/review/",
                       {"status": "verified"}).status_code == 403
    assert Disclosure.objects.get().status == "pending"


def test_review_queue_is_paginated_and_verifies(client, assessor, queued, django_assert_max_num_queries):
    for _ in range(25):
        DisclosureFactory()
    sign_in(client, assessor)
    with django_assert_max_num_queries(12):
        first = client.get("/en/trust/disclosures/review/")
    assert first.content.decode().count('class="card disclosure-review"') == 20
    assert client.get("/en/trust/disclosures/review/?page=2").content.decode().count(
        'class="card disclosure-review"') == 5
    item = Disclosure.objects.order_by("created_at", "pk").first()
    refused = client.post(f"/en/trust/disclosures/item/{item.pk}/review/", {"status": "rejected", "reason": ""},
                          follow=True)
    assert "Say why the item is rejected" in refused.content.decode()
    client.post(f"/en/trust/disclosures/item/{item.pk}/review/", {"status": "verified"})
    assert Disclosure.objects.get(pk=item.pk).status == "verified"


def test_files_are_private_until_verified(client, organization, member, assessor, queued):
    disclosure = disclosure_create(organization=organization, user=member, kind="annual_report", year=2025,
                                   title="年度工作报告", published_on=TODAY, file=pdf("年度报告.pdf"))
    path = f"/en/trust/disclosures/item/{disclosure.pk}/file/"
    assert client.get(path).status_code == 404  # anonymous
    sign_in(client, UserFactory())
    assert client.get(path).status_code == 404  # another user
    for viewer in (member, assessor):
        sign_in(client, viewer)
        response = client.get(path)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Cache-Control"] == "private, no-store"
    disclosure_review(disclosure=disclosure, user=assessor, status="verified")
    client.logout()
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_compare_shows_disclosures_side_by_side(client):
    first, second = OrganizationFactory(name="甲机构"), OrganizationFactory(name="乙机构")
    DisclosureFactory(organization=first, status="verified", year=2024)
    DisclosureFactory(organization=first, status="verified", year=2025,
                      details={**FINANCE, "total_income": 2_000_000})
    DisclosureFactory(organization=second, kind="charter", year=None, details={}, status="verified")
    DisclosureFactory(organization=second, kind="annual_report", year=2025, details={})  # pending
    compared = disclosures_compared(organizations=[first, second])
    rows = {row["kind"]: row["cells"] for row in compared["kind_rows"]}
    assert rows["finance_summary"] == [{"disclosed": True, "year": 2025}, {"disclosed": False, "year": None}]
    assert rows["charter"] == [{"disclosed": False, "year": None}, {"disclosed": True, "year": None}]
    assert rows["annual_report"][1]["disclosed"] is False  # pending does not count
    totals = next(row for row in compared["finance_rows"] if row["label"] == "Total income (yuan)")
    assert totals["cells"] == [2_000_000, None]


def test_compare_page_renders_the_disclosures_table(client):
    first = scored("甲机构", 4)
    DisclosureFactory(organization=first, status="verified", year=2025)
    page = client.get(f"/en/trust/compare/?org={first.slug}").content.decode()
    table = page[page.index('id="compare-disclosures"'):]
    assert "Income and expenditure summary" in table and "✓ 2025" in table and "1200000" in table


# --- personal data -----------------------------------------------------------------------------

def test_uploader_exports_and_erases_without_losing_the_record(organization, member, assessor, queued):
    disclosure = finance(organization, member)
    disclosure_review(disclosure=disclosure, user=assessor, status="verified")
    assert export_disclosures(member)[0]["title"] == "2025年度收支摘要"
    assert erase_disclosures(member)
    erase_disclosures(assessor)
    disclosure.refresh_from_db()
    assert disclosure.created_by is None and disclosure.reviewed_by is None and disclosure.status == "verified"
    assert not disclosure.history.filter(history_user__in=[member, assessor]).exists()


def test_a_scanned_certificate_is_stored_without_its_gps_metadata(organization, member):
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (30.0, 39.0, 0.0)}  # GPSInfo: where the photo was taken
    source = BytesIO()
    Image.new("RGB", (2400, 1200), "white").save(source, format="JPEG", exif=exif)
    assert Image.open(BytesIO(source.getvalue())).getexif().get_ifd(0x8825)
    certificate = disclosure_create(
        organization=organization, user=member, kind="registration_certificate", year=None, title="登记证书",
        published_on=TODAY, file=SimpleUploadedFile("证书.jpg", source.getvalue(), content_type="image/jpeg"))
    with certificate.file.open("rb") as stored, Image.open(stored) as image:
        assert not image.getexif().get_ifd(0x8825)
        assert max(image.size) == 1600


# --- the admin goes through the services -------------------------------------------------------

def test_admin_verifies_rejects_with_a_reason_and_hides(client, organization, member, queued):
    moderator = UserFactory(groups=["moderators"], is_staff=True)
    first, second = finance(organization, member), finance(organization, member, year=2024)
    sign_in(client, moderator)
    changelist = "/admin/evaluation/disclosure/"
    assert client.get(changelist).status_code == 200
    client.post(changelist, {"action": "verify", "_selected_action": [first.pk]})
    assert Disclosure.objects.get(pk=first.pk).reviewed_by == moderator
    asked = client.post(changelist, {"action": "reject", "_selected_action": [second.pk]})
    assert 'name="reason"' in asked.content.decode()  # the intermediate page asks for it
    assert Disclosure.objects.get(pk=second.pk).status == "pending"
    client.post(changelist, {"action": "reject", "_selected_action": [second.pk], "apply": "1",
                             "reason": "缺少审计意见"})
    assert Disclosure.objects.get(pk=second.pk).rejection_reason == "缺少审计意见"
    client.post(changelist, {"action": "hide", "_selected_action": [first.pk]})
    assert Disclosure.objects.get(pk=first.pk).is_hidden
    assert client.get(f"{changelist}{first.pk}/change/").status_code == 200


def test_pages_speak_chinese_first(client, organization, member, assessor):
    DisclosureFactory(organization=organization, status="verified", title="2025年度收支摘要")
    profile = client.get(f"/orgs/{organization.slug}/").content.decode()
    assert "信息公开" in profile and "收支摘要" in profile and "总收入" in profile and "已核实" in profile
    sign_in(client, member)
    form = client.get(f"/trust/disclosures/of/{organization.slug}/add/finance_summary/").content.decode()
    assert "其中：政府购买服务收入（元）" in form
    sign_in(client, assessor)
    assert "待核实的信息公开" in client.get("/trust/disclosures/review/").content.decode()
