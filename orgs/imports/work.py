"""The two long steps of an import, run by Celery (orgs.tasks): check every row (the preview),
then, once confirmed, write the valid rows in batches. Both stream the file: memory stays bounded
whatever the number of rows."""

from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from ..duplicates import find_duplicates
from ..models import (
    DuplicateCandidate,
    DuplicateReason,
    ImportIssueLevel,
    ImportJob,
    ImportJobStatus,
    ImportRowIssue,
    Organization,
)
from ..search import normalize
from ..services.pagecache import organization_pages_all_changed
from ..services.search import organizations_search_reindex
from .reader import SheetError, file_kind, read_sheet
from .rows import RowChecker

BATCH = 500


def _checked_rows(job, *, with_duplicates):
    """(row number, organization not saved, issue field ids, errors, duplicates) for every row."""
    checker = RowChecker()
    codes, names = {}, {}
    with job.file.open("rb") as binary:
        for number, values in read_sheet(binary, file_kind(job.file.name)):
            organization, issue_ids, errors = checker.check(values)
            duplicates = []
            code = organization.credit_code
            if code and not any(column == "credit_code" for column, _message in errors):
                if code in codes:
                    errors.append(("credit_code", _("Row %(row)s has the same credit code.") % {"row": codes[code]}))
                else:
                    codes[code] = number
                    existing = Organization.objects.filter(credit_code=code).only("pk", "name").first()
                    if existing is not None:
                        errors.append(("credit_code", _("%(name)s already has this credit code: it is already on "
                                                        "the platform.") % {"name": existing.name},
                                       existing.pk))
            place = organization.county_id or organization.city_id
            key = (normalize(organization.name).strip(), place)
            if with_duplicates and not errors:
                if key in names:
                    duplicates.append(ImportRowIssue(
                        row=number, level=ImportIssueLevel.DUPLICATE, column="name", other_row=names[key],
                        reasons=[DuplicateReason.SAME_NAME.value], similarity=1,
                        message=_("Row %(row)s has the same name in the same place.") % {"row": names[key]}))
                for duplicate in find_duplicates(
                        name=organization.name, credit_code="", county_id=organization.county_id,
                        city_id=organization.city_id,
                        location=None if organization.location_is_seat else organization.location):
                    labels = "、".join(str(reason.label) for reason in duplicate.reasons)
                    duplicates.append(ImportRowIssue(
                        row=number, level=ImportIssueLevel.DUPLICATE, column="name",
                        existing_id=duplicate.organization_id, reasons=[str(r) for r in duplicate.reasons],
                        similarity=round(duplicate.similarity, 3),
                        message=_("Likely the same as %(name)s (%(reasons)s).") % {
                            "name": duplicate.name, "reasons": labels}))
            names.setdefault(key, number)
            yield number, organization, issue_ids, errors, duplicates


def _issue(job, number, level, column, message, existing=None):
    return ImportRowIssue(job=job, row=number, level=level, column=column, message=str(message)[:500],
                          existing_id=existing)


def import_job_check(*, job_id):
    """The preview: every row checked and its errors and likely duplicates stored; nothing else is
    written. Safe to run again (it starts over)."""
    job = ImportJob.objects.get(pk=job_id)
    if job.status not in (ImportJobStatus.UPLOADED, ImportJobStatus.CHECKING):
        return job.status
    job.issues.all().delete()
    job.status, job.total_rows, job.processed_rows, job.error_rows, job.duplicate_rows = (
        ImportJobStatus.CHECKING, 0, 0, 0, 0)
    job.save()
    issues = []
    with translation.override(job.language):
        try:
            for number, _organization, _ids, errors, duplicates in _checked_rows(job, with_duplicates=True):
                job.processed_rows += 1
                job.error_rows += bool(errors)
                job.duplicate_rows += bool(duplicates)
                for column, message, *existing in errors:
                    issues.append(_issue(job, number, ImportIssueLevel.ERROR, column, message, *existing))
                for issue in duplicates:
                    issue.job, issue.message = job, str(issue.message)[:500]
                    issues.append(issue)
                if job.processed_rows % BATCH == 0:
                    ImportRowIssue.objects.bulk_create(issues)
                    issues = []
                    job.save(update_fields=["processed_rows", "error_rows", "duplicate_rows"])
        except SheetError as error:
            job.issues.all().delete()
            job.status, job.failure = ImportJobStatus.FAILED, str(error)
            job.save()
            return job.status
    ImportRowIssue.objects.bulk_create(issues)
    job.total_rows = job.processed_rows
    job.status, job.checked_at = ImportJobStatus.CHECKED, timezone.now()
    job.save()
    return job.status


def _slugs(organizations, used):
    """A free web address for each new organization (checked against the table and this job):
    one query for the batch, and one more only for a name whose address is taken."""
    bases = [slugify(org.name_en or org.name, allow_unicode=True)[:80].strip("-") or "org" for org in organizations]
    taken_bases = set(Organization.objects.filter(slug__in=set(bases)).values_list("slug", flat=True))
    for organization, base in zip(organizations, bases, strict=True):
        taken = set(used)
        if base in taken_bases or base in used:
            taken |= set(Organization.objects.filter(slug__startswith=base).values_list("slug", flat=True)[:1000])
        slug, suffix = base, 2
        while slug in taken:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        organization.slug = slug
        used.add(slug)


def _record_duplicates(job, created_rows, numbers):
    """The likely duplicates the preview found for these rows, listed for moderators: no new
    search (organizations created after the preview are checked when they are created)."""
    pairs = []
    for issue in ImportRowIssue.objects.filter(job=job, level=ImportIssueLevel.DUPLICATE, row__in=numbers):
        existing = issue.existing_id or created_rows.get(issue.other_row)
        organization = created_rows.get(issue.row)
        if existing and organization and existing != organization:
            pairs.append(DuplicateCandidate(organization_id=organization, existing_id=existing, reasons=issue.reasons,
                                            similarity=issue.similarity))
    DuplicateCandidate.objects.bulk_create(pairs, ignore_conflicts=True)


def _write(job, batch, used_slugs, rows_done, created_rows):
    """One batch in one transaction, with the job's progress (so a retry never writes it twice)."""
    organizations = [organization for _number, organization, _ids in batch]
    with transaction.atomic():
        _slugs(organizations, used_slugs)
        for organization in organizations:
            organization.status = job.target_status
            organization.created_by_id = job.created_by_id
        created = bulk_create_with_history(organizations, Organization, default_user=job.created_by,
                                           default_change_reason=f"imported ({job.pk})")
        through = Organization.issue_fields.through
        through.objects.bulk_create([through(organization_id=organization.pk, issuefield_id=pk)
                                     for organization, (_n, _o, ids) in zip(created, batch, strict=True) for pk in ids])
        organizations_search_reindex(only_missing=True, batch_size=BATCH)
        created_rows.update({number: organization.pk for organization, (number, _o, _i) in zip(created, batch,
                                                                                                 strict=True)})
        _record_duplicates(job, created_rows, [number for number, _o, _i in batch])
        job.created_count += len(created)
        job.processed_rows = rows_done
        job.save(update_fields=["created_count", "processed_rows"])


def import_job_run(*, job_id):
    """Write the valid rows of a confirmed import, BATCH at a time (each batch its own transaction,
    so the progress shows and a retry goes on where it stopped). Rows with errors are skipped."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status != ImportJobStatus.IMPORTING:
        return job.status
    already = job.processed_rows  # a retried task goes on after the rows already written
    batch, used_slugs, number_done, created_rows = [], set(), 0, {}
    with translation.override(job.language):
        for number, organization, issue_ids, errors, _dups in _checked_rows(job, with_duplicates=False):
            number_done += 1
            if number_done <= already:
                continue
            if not errors:
                batch.append((number, organization, issue_ids))
            if len(batch) >= BATCH:
                _write(job, batch, used_slugs, number_done, created_rows)
                batch = []
        if batch:
            _write(job, batch, used_slugs, number_done, created_rows)
    job.processed_rows = number_done
    job.status, job.finished_at = ImportJobStatus.DONE, timezone.now()
    job.save()
    organization_pages_all_changed()
    job.file.delete(save=False)
    return job.status
