"""Evaluation journeys in a real browser.

1. A verified user rates an organization and sees its score change after the recompute: a real
   Celery worker, on the Redis broker, runs the recompute queued by the rating.
2. A funder filters the list of evaluated organizations, compares two of them, exports the list
   as CSV and adds one to their shortlist.

English URLs (/en/...) throughout, so the page text is the English source strings."""

import csv
import datetime
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone
from playwright.sync_api import expect

from evaluation.models import Rating, Shortlist, TrustScore
from evaluation.services.scoring import organization_recompute
from ngo20.celery import app
from orgs.models import IssueField
from tests.journeys.helpers import log_in
from tests.orgs.factories import OrganizationFactory, UserFactory, division

FUNDERS_PATH = "/en/trust/funders/"
SHORTLIST_PATH = "/en/trust/shortlist/"
RATING_SAVED = "Thank you: your rating was saved. The score is updated within a minute."


def rated(name, level, *, days_ago=10, **fields):
    """An organization with twelve ratings at `level`, given some days ago, and its score computed.

    Dated in the past, they are the organization's usual rate: one more rating now is not a burst."""
    organization = OrganizationFactory(name=name, **fields)
    for _ in range(12):
        Rating.objects.create(user=UserFactory(), organization=organization, public_trust=level, financial=level,
                              influence=level)
    then = timezone.now() - datetime.timedelta(days=days_ago)
    Rating.objects.filter(organization=organization).update(created_at=then, updated_at=then)
    organization_recompute(organization_id=organization.pk)
    return organization


def overall(organization):
    return str(TrustScore.objects.get(organization=organization).overall)


def reload_until_changed(page, locator, old, attempts=15):
    """Reload until the locator's text is no longer `old`: a bounded poll on what the user sees."""
    for _ in range(attempts):
        page.reload()
        try:
            expect(locator).not_to_have_text(old, timeout=1000)
        except AssertionError:
            continue
        return
    expect(locator).not_to_have_text(old, timeout=1)  # fails, with Playwright's message


@pytest.mark.browser
def test_verified_user_rates_an_organization_and_sees_the_score_change(live_server, page, settings, monkeypatch):
    settings.TRUST_RECOMPUTE_DELAY = 1  # the worker thread reads the same settings
    monkeypatch.setitem(app.conf, "task_always_eager", False)  # queued for the worker, not run here
    organization = rated("成都河流守护者", 4, slug="chengdu-river-keepers",
                         issue_fields=[IssueField.objects.get(slug="environment")])
    before = overall(organization)
    rater = UserFactory()
    profile_path = f"/en/orgs/{organization.slug}/"

    trust = page.locator("#trust")
    score = trust.locator("p.rate strong")
    ratings_row = trust.locator("table tbody tr").filter(has_text="Public ratings")

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        # The rater sees the score, where it comes from, and the rating form.
        log_in(page, live_server, rater, profile_path)
        page.goto(f"{live_server.url}{profile_path}#trust")
        expect(page.locator("h1")).to_have_text("成都河流守护者")
        expect(score).to_have_text(before)
        expect(trust.locator("p.rate .grade")).to_have_text(TrustScore.objects.get(organization=organization).grade)
        expect(trust.get_by_role("heading", name="Where the score comes from")).to_be_visible()
        expect(ratings_row.locator("td").nth(2)).to_have_text("12")
        expect(trust.get_by_role("heading", name="Rate this organization")).to_be_visible()

        # ... rates it 1/1/1: well below its twelve ratings of 4, so the score goes down.
        for name in ("public_trust", "financial", "influence"):
            trust.locator(f"input[name={name}][value='1']").check()
        trust.get_by_role("button", name="Save my rating").click()
        page.wait_for_url(lambda url: urlsplit(url).path == profile_path and urlsplit(url).fragment == "trust")
        expect(page.locator(".message-success")).to_have_text(RATING_SAVED)
        expect(trust.get_by_role("heading", name="Change your rating")).to_be_visible()
        for name in ("public_trust", "financial", "influence"):
            expect(trust.locator(f"input[name={name}][value='1']")).to_be_checked()

        # The worker recomputes about a second later; reloading shows the new score.
        reload_until_changed(page, score, before)
        after = overall(organization)
        expect(score).to_have_text(after)
        expect(ratings_row.locator("td").nth(2)).to_have_text("13")

    assert float(after) < float(before)
    rating = Rating.objects.get(organization=organization, user=rater)
    assert (rating.public_trust, rating.financial, rating.influence, rating.status) == (1, 1, 1, "visible")
    assert TrustScore.objects.get(organization=organization).evidence["ratings"]["count"] == 13


@pytest.mark.browser
def test_funder_filters_compares_exports_and_shortlists(live_server, page):
    environment = IssueField.objects.get(slug="environment")
    education = IssueField.objects.get(slug="education")
    river = rated("成都河流守护者", 5, slug="chengdu-river-keepers", issue_fields=[environment])
    green = rated("蓉城绿色家园", 3, slug="rongcheng-green-home", issue_fields=[environment])
    lake = rated("昆明湖泊之友", 2, slug="kunming-lake-friends", issue_fields=[environment],
                 province=division("530000"), city=division("530100"), county=division("530102"))
    school = rated("蓉城助学社", 4, slug="rongcheng-school-aid", issue_fields=[education])
    funder = UserFactory(groups=["funders"])
    rows = page.locator("#compare-form tbody tr")
    names = rows.locator("td:nth-child(2) a")

    # Unfiltered: every evaluated organization, the best score first.
    log_in(page, live_server, funder, FUNDERS_PATH)
    expect(page.locator("h1")).to_have_text("Evaluated organizations")
    expect(names).to_have_text(["成都河流守护者", "蓉城助学社", "蓉城绿色家园", "昆明湖泊之友"])

    # Filtered by issue field: the three environmental organizations, wherever they are.
    page.locator("#id_field").select_option("environment")
    page.get_by_role("button", name="Filter", exact=True).click()
    page.wait_for_url(re.compile(r"/en/trust/funders/\?(.*&)?field=environment(&|$)"))
    expect(page.locator("#id_field")).to_have_value("environment")
    expect(page.get_by_text("3 organizations")).to_be_visible()
    expect(names).to_have_text(["成都河流守护者", "蓉城绿色家园", "昆明湖泊之友"])
    expect(rows.locator("td:nth-child(3) strong")).to_have_text([overall(river), overall(green), overall(lake)])
    filtered_url = page.url

    # Two of them compared side by side, each with its score.
    page.get_by_role("checkbox", name="Compare 成都河流守护者").check()
    page.get_by_role("checkbox", name="Compare 昆明湖泊之友").check()
    page.get_by_role("button", name="Compare the ticked organizations (up to 3)").click()
    page.wait_for_url(re.compile(r"/en/trust/compare/\?"))
    assert sorted(parse_qs(urlsplit(page.url).query)["org"]) == sorted([river.slug, lake.slug])
    expect(page.locator("h1")).to_have_text("Compare organizations")
    cards = page.locator("article.card")
    expect(cards).to_have_count(2)
    for organization in (river, lake):
        card = cards.filter(has=page.get_by_role("heading", name=organization.name))
        expect(card.locator(".grade")).to_have_text(TrustScore.objects.get(organization=organization).grade)
        expect(card.locator("strong").first).to_have_text(overall(organization))
    expect(page.locator("main")).not_to_contain_text("蓉城绿色家园")

    # Back to the filtered list, exported as CSV: UTF-8 with a BOM, the filtered organizations only.
    page.go_back()
    page.wait_for_url(filtered_url)
    expect(names).to_have_count(3)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export CSV").click()
    download = download_info.value
    assert re.fullmatch(r"ngo20-evaluated-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    with open(download.path(), "rb") as exported:
        content = exported.read()
    assert content.startswith(b"\xef\xbb\xbf")
    exported_rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert exported_rows[0][:5] == ["Organization", "Kind", "Province", "Region", "Overall"]
    assert [(row[0], row[4], row[-1]) for row in exported_rows[1:]] == [
        (organization.name, overall(organization), f"{live_server.url}/en/orgs/{organization.slug}/")
        for organization in (river, green, lake)
    ]
    assert school.name not in content.decode("utf-8-sig")

    # One of them on the funder's shortlist, from the list; the filters are kept.
    green_row = rows.filter(has=page.get_by_role("link", name="蓉城绿色家园"))
    green_row.get_by_role("button", name="Shortlist").click()
    expect(page.locator(".message-success")).to_have_text("Added to your shortlist.")
    assert page.url == filtered_url
    expect(green_row.get_by_role("button", name="Remove")).to_be_visible()
    expect(names).to_have_count(3)
    page.get_by_role("link", name="My shortlist").click()
    page.wait_for_url(f"**{SHORTLIST_PATH}")
    expect(page.locator("h1")).to_have_text("My shortlist")
    entries = page.locator("main ul.list > li")
    expect(entries).to_have_count(1)
    expect(entries.get_by_role("link", name="蓉城绿色家园")).to_have_attribute(
        "href", f"/en/orgs/{green.slug}/#trust")
    expect(entries.locator("strong")).to_have_text(overall(green))

    assert list(Shortlist.objects.filter(user=funder).values_list("organization__name", flat=True)) == ["蓉城绿色家园"]
