"""Model fields shared by the apps."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.functional import cached_property


class WebsiteField(models.URLField):
    """A URL; typed without a scheme it is taken as https:// (Django 6's default, chosen now)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class BoundedTextField(models.TextField):
    """A TextField whose max_length is enforced by full_clean too, so services and the API refuse
    an oversized text with a translated message (Django's TextField only sizes the form widget).
    Migrations see a plain TextField."""

    def __init__(self, *args, max_length, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)

    @cached_property
    def validators(self):
        return [*super().validators, MaxLengthValidator(self.max_length)]

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.TextField", args, kwargs
