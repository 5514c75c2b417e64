"""Attachments of field evaluations: checked by their content, not their name."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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
