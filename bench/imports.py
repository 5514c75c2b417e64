"""The organization import at scale: a generated spreadsheet of N rows goes through the same
steps as in the admin (upload, check, confirm, import), in this process, timed, with the peak
memory of the process. The rows look like a partner network's list: names as real registers
write them (bench/words.py), places by name or by code, issue fields, credit codes, phones,
a few rows with errors and a few likely duplicates of organizations already on the platform."""

import csv
import io
import os
import random
import resource
import time

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Q
from openpyxl import Workbook

from common.credit_codes import check_character
from orgs.imports.columns import template_headers
from orgs.imports.services import import_job_confirm, import_job_create
from orgs.imports.work import import_job_check, import_job_run
from orgs.models import DuplicateCandidate, Division, ImportJob, IssueField, Organization
from orgs.rules import MODERATORS

from .words import COMMON_WORDS, SUFFIXES

BENCH_EMAIL = "bench-importer@example.org"
ERROR_EVERY = 50  # one row in 50 names an issue field that does not exist
DUPLICATE_SHARE = 0.03


def _credit_code(serial):
    first17 = f"52{serial % 1000000:06d}MJ{serial:07d}"[:17]
    return first17 + check_character(first17)


def generate_rows(count, *, seed=1, serial_start=0):
    """Yield `count` rows as {header: value}; a fixed seed gives the same sheet every time."""
    rng = random.Random(seed)
    counties = list(Division.objects.filter(level="county").select_related("parent", "parent__parent")
                    .only("code", "name", "parent__name", "parent__level", "parent__parent__name"))
    fields = list(IssueField.objects.values_list("name_zh", flat=True))
    existing = list(Organization.objects.filter(county__isnull=False).values_list("name", "county__code")[:2000])
    suffixes = [suffix for suffix, weight in SUFFIXES for _ in range(weight)]
    for index in range(count):
        county = rng.choice(counties)
        city = county.parent if county.parent.level == "city" else None
        province = city.parent if city else county.parent
        name = f"{county.name}{rng.choice(COMMON_WORDS)}{rng.choice(COMMON_WORDS)}{rng.choice(suffixes)}"
        row = {"名称": name, "省份": province.name, "城市": city.name if city else "", "区县": county.name,
               "议题领域": "、".join(rng.sample(fields, rng.randint(1, 3))), "联系电话": f"1{rng.randint(3, 9)}"
               f"{rng.randint(0, 999999999):09d}", "成立年份": str(rng.randint(1995, 2025))}
        if index % 3 == 0:
            row.update({"省份": province.code, "城市": city.code if city else "", "区县": county.code})
        if index % 4 == 0:
            row["统一社会信用代码"] = _credit_code(serial_start + index)
        if index % ERROR_EVERY == 1:
            row["议题领域"] = "不存在的领域"
        elif rng.random() < DUPLICATE_SHARE and existing:
            row["名称"], code = rng.choice(existing)
            row.update({"省份": code[:2] + "0000", "城市": "", "区县": code})
        yield row


def sheet_bytes(rows, kind):
    headers = [header.rstrip("*") for header in template_headers()]
    if kind == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(headers)
        for row in rows:
            sheet.append([row.get(header, "") for header in headers])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(header, "") for header in headers])
    return buffer.getvalue().encode("utf-8-sig")


def _importer():
    user, created = get_user_model().objects.get_or_create(email=BENCH_EMAIL, defaults={"display_name": "bench"})
    if created:
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
        user.is_staff = True
        user.save()
        user.groups.add(Group.objects.get(name=MODERATORS))
    return user


def _rss_mb():
    """Peak resident memory of this process so far (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(*, rows=10000, kind="csv", seed=1, keep=False, log=print):
    """Import `rows` generated rows; returns the figures (seconds per step, memory, counts)."""
    user = _importer()
    serial_start = Organization.objects.count() * 7 + seed * 100000
    started = time.perf_counter()
    content = sheet_bytes(generate_rows(rows, seed=seed, serial_start=serial_start), kind)
    generated = time.perf_counter() - started
    log(f"generated {rows} rows ({len(content) / 1e6:.1f} MB {kind}) in {generated:.1f} s")
    rss_before = _rss_mb()
    organizations_before = Organization.objects.count()

    started = time.perf_counter()
    job = import_job_create(user=user, upload=SimpleUploadedFile(f"bench.{kind}", content), target_status="published")
    import_job_check(job_id=job.pk)
    check_seconds = time.perf_counter() - started
    job.refresh_from_db()
    log(f"checked: {job.total_rows} rows, {job.error_rows} with errors, {job.duplicate_rows} with likely "
        f"duplicates, in {check_seconds:.1f} s")

    started = time.perf_counter()
    import_job_confirm(job=job, user=user)
    import_job_run(job_id=job.pk)
    import_seconds = time.perf_counter() - started
    job.refresh_from_db()
    log(f"imported: {job.created_count} organizations in {import_seconds:.1f} s")
    figures = {
        "rows": rows, "format": kind, "organizations_before": organizations_before,
        "errors": job.error_rows, "likely_duplicates": job.duplicate_rows, "created": job.created_count,
        "check_seconds": round(check_seconds, 1), "import_seconds": round(import_seconds, 1),
        "rows_per_second": round(rows / (check_seconds + import_seconds)),
        "rss_before_mb": round(rss_before), "rss_peak_mb": round(_rss_mb()),
        "load_average": [round(value, 2) for value in os.getloadavg()],
    }
    if not keep:
        remove_imported(job)
    return figures


@transaction.atomic
def remove_imported(job):
    """Remove what the benchmark imported, set-wise: the ORM's delete would write a history row
    per organization. The database's foreign keys refuse it if anything else points at them."""
    ids = list(Organization.history.filter(history_change_reason=f"imported ({job.pk})")
               .values_list("id", flat=True).distinct())
    DuplicateCandidate.objects.filter(Q(organization_id__in=ids) | Q(existing_id__in=ids)).delete()
    ImportJob.objects.filter(pk=job.pk).delete()
    Organization.issue_fields.through.objects.filter(organization_id__in=ids)._raw_delete(using=DEFAULT_DB_ALIAS)
    Organization.history.filter(id__in=ids).delete()
    Organization.objects.filter(pk__in=ids)._raw_delete(using=DEFAULT_DB_ALIAS)


def markdown(figures):
    rows = [("rows", "format", "organizations before", "errors", "likely duplicates", "created", "check (s)",
             "import (s)", "rows/s", "RSS before (MB)", "RSS peak (MB)", "load average")]
    for figure in figures:
        rows.append((figure["rows"], figure["format"], figure["organizations_before"], figure["errors"],
                     figure["likely_duplicates"], figure["created"], figure["check_seconds"],
                     figure["import_seconds"], figure["rows_per_second"], figure["rss_before_mb"],
                     figure["rss_peak_mb"], " ".join(str(value) for value in figure["load_average"])))
    lines = ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    lines.insert(1, "|" + "---|" * len(rows[0]))
    return "\n".join(lines)
