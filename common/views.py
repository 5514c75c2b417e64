"""Serving uploaded files safely, whatever their name: as downloads, with a type that cannot run."""

import mimetypes
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404
from django.utils._os import safe_join

# Types a browser shows without running anything; every other upload is plain bytes.
SAFE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"}


def safe_content_type(name):
    guessed, _encoding = mimetypes.guess_type(name)
    return guessed if guessed in SAFE_TYPES else "application/octet-stream"


def serve_upload(request, path):
    """An uploaded file (a logo, a field-visit attachment) as a download: Content-Disposition
    attachment, a safe content type, nosniff and a sandboxing CSP, so an upload named page.html or
    holding HTML can never be rendered as a page of this site. Off unless DEBUG or SERVE_MEDIA."""
    if not (settings.DEBUG or settings.SERVE_MEDIA):
        raise Http404
    try:
        full_path = Path(safe_join(settings.MEDIA_ROOT, path))
    except SuspiciousFileOperation as exc:  # a path that leaves MEDIA_ROOT
        raise Http404 from exc
    if not full_path.is_file():
        raise Http404
    response = FileResponse(full_path.open("rb"), as_attachment=True, filename=full_path.name,
                            content_type=safe_content_type(full_path.name))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
