"""What staff do with an import: upload a sheet (checked in the background), confirm the
preview (imported in the background), or cancel it. The long steps are in work.py."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.transactions import on_commit_delay

from ..models import ImportJob, ImportJobStatus, OrganizationStatus
from ..tasks import check_import, run_import
from .reader import file_kind

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _require(user):
    if not user.has_perm("orgs.import_organizations"):
        raise PermissionDenied(_("You are not allowed to do this."))


@transaction.atomic
def import_job_create(*, user, upload, target_status, language="zh-hans"):
    """Keep the uploaded file (server-side, private) and queue its check. Returns the job."""
    _require(user)
    kind = file_kind(upload.name)
    if kind is None:
        raise ValidationError({"file": _("Upload a .xlsx or .csv file (the template is one).")})
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": _("The file is larger than %(size)s MB: split it.") % {
            "size": MAX_UPLOAD_BYTES // (1024 * 1024)}})
    if target_status not in (OrganizationStatus.PUBLISHED, OrganizationStatus.DRAFT):
        raise ValidationError({"target_status": _("Choose published or draft.")})
    job = ImportJob(original_name=upload.name[:255], target_status=target_status, language=language,
                    created_by=user)
    job.file.save(f"{uuid.uuid4().hex}.{kind}", upload, save=False)
    job.save()
    on_commit_delay(check_import, job.pk)
    return job


@transaction.atomic
def import_job_confirm(*, job, user):
    """The importer confirms the preview: the valid rows are written in the background."""
    _require(user)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportJobStatus.CHECKED:
        raise ValidationError(_("Only a checked import waiting for confirmation can be confirmed."))
    if job.valid_rows == 0:
        raise ValidationError(_("No row can be imported: correct the file and upload it again."))
    job.status, job.confirmed_at, job.processed_rows = ImportJobStatus.IMPORTING, timezone.now(), 0
    job.save()
    on_commit_delay(run_import, job.pk)
    return job


@transaction.atomic
def import_job_cancel(*, job, user):
    """Drop an import that was not confirmed (its file is deleted)."""
    _require(user)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status not in (ImportJobStatus.UPLOADED, ImportJobStatus.CHECKING, ImportJobStatus.CHECKED,
                          ImportJobStatus.FAILED):
        raise ValidationError(_("This import has already been confirmed."))
    job.status = ImportJobStatus.CANCELLED
    job.save()
    transaction.on_commit(lambda: job.file.delete(save=False))
    return job
