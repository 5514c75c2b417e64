"""Bringing the sector in: spreadsheet imports, likely duplicates, and merges of two profiles."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.fields import BoundedTextField

from .organizations import Organization, OrganizationStatus


class ImportFileStorage(FileSystemStorage):
    """Uploaded spreadsheets wait here between preview and confirmation: a private directory
    (settings.IMPORT_FILES_ROOT, read on each use), never under MEDIA_ROOT where files are served."""

    @property
    def base_location(self):
        return str(settings.IMPORT_FILES_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)


import_storage = ImportFileStorage()


def _import_storage():
    return import_storage


class ImportJobStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded")
    CHECKING = "checking", _("Checking the rows")
    CHECKED = "checked", _("Checked: waiting for confirmation")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class ImportJob(models.Model):
    """One uploaded spreadsheet of organizations: checked first (the preview), written only once
    the importer confirms the preview."""

    file = models.FileField(_("file"), storage=_import_storage, upload_to="%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    target_status = models.CharField(
        _("imported organizations start as"), max_length=10,
        choices=[(OrganizationStatus.PUBLISHED, _("Published, waiting to be claimed")),
                 (OrganizationStatus.DRAFT, _("Draft (not public)"))],
        default=OrganizationStatus.DRAFT,
    )
    language = models.CharField(_("language of the messages"), max_length=10, default="zh-hans")
    status = models.CharField(_("status"), max_length=10, choices=ImportJobStatus.choices,
                              default=ImportJobStatus.UPLOADED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    error_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    duplicate_rows = models.PositiveIntegerField(_("rows with likely duplicates"), default=0)
    created_count = models.PositiveIntegerField(_("organizations created"), default=0)
    failure = BoundedTextField(_("why it failed"), max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("imported by"),
                                   on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("organization import")
        verbose_name_plural = _("organization imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.original_name

    @property
    def valid_rows(self):
        return self.total_rows - self.error_rows

    @property
    def percent(self):
        """How far the current step (check or import) is, for the progress page."""
        if self.status in (ImportJobStatus.CHECKED, ImportJobStatus.DONE):
            return 100
        return min(100, round(100 * self.processed_rows / (self.total_rows or 1))) if self.total_rows else 0


class ImportIssueLevel(models.TextChoices):
    ERROR = "error", _("Error")
    DUPLICATE = "duplicate", _("Likely duplicate")


class ImportRowIssue(models.Model):
    """What the preview found on one row: an error (the row will not be imported) or a likely
    duplicate of an existing organization (imported, and shown to moderators)."""

    job = models.ForeignKey(ImportJob, verbose_name=_("import"), on_delete=models.CASCADE, related_name="issues")
    row = models.PositiveIntegerField(_("row"))
    level = models.CharField(_("kind"), max_length=10, choices=ImportIssueLevel.choices)
    column = models.CharField(_("column"), max_length=50, blank=True)
    message = models.CharField(_("message"), max_length=500)
    existing = models.ForeignKey(Organization, verbose_name=_("existing organization"), on_delete=models.CASCADE,
                                 null=True, blank=True, related_name="+")
    # A likely duplicate's evidence, kept so the import lists the pair for moderators without
    # searching again: the signs, the name similarity, or the earlier row of the same file.
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    similarity = models.DecimalField(_("name similarity"), max_digits=4, decimal_places=3, default=0)
    other_row = models.PositiveIntegerField(_("same as row"), null=True, blank=True)

    class Meta:
        verbose_name = _("import row issue")
        verbose_name_plural = _("import row issues")
        ordering = ["row", "id"]
        indexes = [models.Index(fields=["job", "level", "row"], name="importissue_job_level_row")]

    def __str__(self):
        return f"{self.row}: {self.message}"


class DuplicateReason(models.TextChoices):
    CREDIT_CODE = "credit_code", _("Same unified social credit code")
    SAME_NAME = "same_name", _("Same name in the same county")
    SIMILAR_NAME = "similar_name", _("Similar name in the same county")
    NEARBY = "nearby", _("Close by, with a similar name")


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("To review")
    DISMISSED = "dismissed", _("Not a duplicate")
    MERGED = "merged", _("Merged")


class DuplicateCandidate(models.Model):
    """A likely duplicate found when an organization was created or imported, for moderators."""

    organization = models.ForeignKey(Organization, verbose_name=_("new organization"), on_delete=models.CASCADE,
                                     related_name="duplicate_candidates")
    existing = models.ForeignKey(Organization, verbose_name=_("existing organization"), on_delete=models.CASCADE,
                                 related_name="+")
    reasons = models.JSONField(_("reasons"), default=list)
    similarity = models.DecimalField(_("name similarity"), max_digits=4, decimal_places=3, default=0)
    distance_m = models.PositiveIntegerField(_("distance (m)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DuplicateStatus.choices,
                              default=DuplicateStatus.OPEN)
    found_at = models.DateTimeField(_("found"), auto_now_add=True)

    class Meta:
        verbose_name = _("likely duplicate")
        verbose_name_plural = _("likely duplicates")
        ordering = ["-found_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "existing"], name="duplicate_once_per_pair"),
            models.CheckConstraint(condition=~models.Q(organization=models.F("existing")),
                                   name="duplicate_not_itself"),
        ]
        indexes = [models.Index(fields=["status", "-found_at"], name="duplicate_status_found")]

    def __str__(self):
        return f"{self.organization} ≈ {self.existing}"

    @property
    def reason_labels(self):
        return [str(DuplicateReason(reason).label) for reason in self.reasons if reason in DuplicateReason.values]


class MergeRecord(models.Model):
    """Two organizations made one: who, when, why, and what moved (can be explained later)."""

    survivor = models.ForeignKey(Organization, verbose_name=_("kept organization"), on_delete=models.PROTECT,
                                 related_name="merges_absorbed")
    merged = models.OneToOneField(Organization, verbose_name=_("merged organization"), on_delete=models.PROTECT,
                                  related_name="merge_record")
    merged_name = models.CharField(_("name of the merged organization"), max_length=200)
    merged_slug = models.CharField(_("address of the merged organization"), max_length=100)
    reason = BoundedTextField(_("reason"), max_length=2000)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("merged by"), on_delete=models.SET_NULL,
                                  null=True, related_name="+")
    merged_at = models.DateTimeField(_("merged"), auto_now_add=True)
    moved = models.JSONField(_("rows moved to the kept organization"), default=dict)
    moved_rows = models.JSONField(_("ids of the rows moved, per table"), default=dict)
    kept = models.JSONField(
        _("rows left with the merged organization"), default=list,
        help_text=_("Rows a uniqueness rule did not let move (e.g. one person's rating of each): they stay, "
                    "hidden with the merged organization, and are listed here."))

    class Meta:
        verbose_name = _("merge record")
        verbose_name_plural = _("merge records")
        ordering = ["-merged_at"]

    def __str__(self):
        return f"{self.merged_name} → {self.survivor}"
