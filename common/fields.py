"""Model fields shared by the apps."""

from django.db import models


class WebsiteField(models.URLField):
    """A URL; typed without a scheme it is taken as https:// (Django 6's default, chosen now)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})
