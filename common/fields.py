"""Model fields shared by the apps."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .phones import InvalidPhone, normalize_phone


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
