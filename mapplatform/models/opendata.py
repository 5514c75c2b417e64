"""The public datasets' files: each published version of organizations.csv, posts.geojson, ...

A file is written to the default storage (local disk or S3) under a new name first; only then is
its row added, so the stable URL /open-data/<name> switches from the old file to the complete new
one in one step and never serves a half-written file."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OpenDataFile(models.Model):
    name = models.CharField(_("file name"), max_length=40, help_text=_("e.g. organizations.csv"))
    path = models.CharField(_("path in storage"), max_length=255, unique=True)
    sha256 = models.CharField(_("SHA-256 of the content"), max_length=64)
    rows = models.PositiveIntegerField(_("rows"))
    size = models.PositiveBigIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    # The nightly run that found the data unchanged touches this instead of writing a copy.
    checked_at = models.DateTimeField(_("last checked"))

    class Meta:
        verbose_name = _("open data file")
        verbose_name_plural = _("open data files")
        ordering = ["name", "-created_at", "-id"]
        indexes = [models.Index(fields=["name", "-created_at"], name="opendata_name_created")]

    def __str__(self):
        return f"{self.name} ({self.created_at:%Y-%m-%d %H:%M})"
