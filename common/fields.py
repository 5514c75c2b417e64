"""Model fields shared by the apps."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .phones import InvalidPhone, normalize_phone


class WebsiteField(models.URLField):
    """A URL; typed without a scheme it is taken as https:// (Django 6's default, chosen now)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


PHONE_ERRORS = {
    "mobile": _("A mainland mobile number has 11 digits and starts with 1, e.g. 138 0013 8000 or +86 138 0013 8000."),
    "landline": _("Write a landline with its area code, e.g. 010-6552 9988 or 0755-8888 8888 (extension after 转)."),
    "format": _("Write a mainland China phone number: a mobile (138 0013 8000, +86 allowed) or a landline with "
                "its area code (010-6552 9988)."),
}


class ChinesePhoneField(models.CharField):
    """A mainland phone number, normalised when the model is cleaned (+86 13800138000,
    010-65529988, 400-123-4567); anything else is refused with a message saying what to write."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        try:
            return normalize_phone(value)
        except InvalidPhone as exc:
            raise ValidationError(PHONE_ERRORS[str(exc)], code=f"phone_{exc}") from exc
