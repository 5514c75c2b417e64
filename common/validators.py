"""Validators for what people type and upload."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image

# A tag opener, a comment, or a javascript: URL. "<" followed by a space or a digit
# (年龄 < 18) is ordinary text and passes.
_HTML_RE = re.compile(r"<\s*[a-zA-Z!/?]|javascript\s*:", re.IGNORECASE)

ALLOWED_LOGO_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


def reject_html(value):
    """Profiles are plain text; markup is refused with a message instead of silently stripped."""
    if value and _HTML_RE.search(value):
        raise ValidationError(
            _("HTML tags and scripts are not allowed here. Please write plain text."),
            code="html",
        )


def validate_logo(file):
    """A logo is a PNG, JPEG, GIF or WebP image, checked by its content, within size limits."""
    if file is None:
        return
    if file.size > settings.LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is too large (%(size)s KB). The limit is %(limit)s KB."),
            code="logo_too_large",
            params={"size": file.size // 1024, "limit": settings.LOGO_MAX_BYTES // 1024},
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except Exception as exc:  # Pillow raises many types for broken files
        raise ValidationError(
            _("The logo must be a PNG, JPEG, GIF or WebP image."), code="logo_not_image"
        ) from exc
    finally:
        file.seek(position)
    if image_format not in ALLOWED_LOGO_FORMATS:
        raise ValidationError(
            _("The logo must be a PNG, JPEG, GIF or WebP image."), code="logo_format"
        )
    if width > settings.LOGO_MAX_PIXELS or height > settings.LOGO_MAX_PIXELS:
        raise ValidationError(
            _("The logo is too big: at most %(max)s × %(max)s pixels."),
            code="logo_dimensions",
            params={"max": settings.LOGO_MAX_PIXELS},
        )


# Attachments (e.g. of field evaluations) are checked by their content, not their name.
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
SIGNATURES = {b"%PDF-": "pdf", b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg"}


def validate_attachment(file):
    if file.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(_("The file is too large: at most 10 MB."), code="too_large")
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(8)
    file.seek(position)
    if not any(head.startswith(signature) for signature in SIGNATURES):
        raise ValidationError(_("Attach a PDF, JPEG or PNG file."), code="file_type")
