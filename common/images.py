"""Photos people upload: checked by their content, turned upright, stripped of metadata, resized.

A phone photo carries EXIF with the GPS position where it was taken (a village, a home); the
platform never stores the original bytes. `photo_versions` re-encodes the pixels only, so EXIF,
XMP, comments and colour-profile blobs are all dropped, and stores a display version and a
thumbnail. Use `attach_photo` in services; use `validate_photo` in forms for an early message.
"""

import uuid
from dataclasses import dataclass
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

PHOTO_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


@dataclass(frozen=True)
class CheckedPhoto:
    format: str
    width: int
    height: int


def validate_photo(file):
    """A photo is a JPEG, PNG, WebP or GIF image, checked by its content, within size limits."""
    if file is None:
        return None
    if file.size > settings.PHOTO_MAX_BYTES:
        raise ValidationError(
            _("The photo is too large (%(size)s MB). The limit is %(limit)s MB."),
            code="photo_too_large",
            params={
                "size": round(file.size / 1024 / 1024, 1),
                "limit": settings.PHOTO_MAX_BYTES // 1024 // 1024,
            },
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        # Image.open reads the header only: the size is known before any pixel is decoded.
        with Image.open(file) as image:
            checked = CheckedPhoto(image.format, *image.size)
            if checked.width * checked.height > settings.PHOTO_MAX_PIXELS:
                raise ValidationError(
                    _("The photo has too many pixels. Please send a smaller photo."),
                    code="photo_dimensions",
                )
            image.verify()
    except ValidationError:
        raise
    except Exception as exc:  # Pillow raises many types for broken or foreign files
        raise ValidationError(
            _("The photo must be a JPEG, PNG, WebP or GIF image."), code="photo_not_image"
        ) from exc
    finally:
        file.seek(position)
    if checked.format not in PHOTO_FORMATS:
        raise ValidationError(
            _("The photo must be a JPEG, PNG, WebP or GIF image."), code="photo_format"
        )
    return checked


def _encode(image, long_side):
    """Upright, at most long_side pixels on its longer side, re-encoded without any metadata."""
    image = ImageOps.exif_transpose(image)  # honour the camera's orientation before dropping EXIF
    image.thumbnail((long_side, long_side), Image.Resampling.LANCZOS)
    has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    out = BytesIO()
    if has_alpha:
        image.convert("RGBA").save(out, format="PNG", optimize=True)
        extension = "png"
    else:
        image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True, progressive=True)
        extension = "jpg"
    return out.getvalue(), extension


def photo_versions(file):
    """The display version and the thumbnail of an uploaded photo, as (display, thumbnail) files."""
    validate_photo(file)
    file.seek(0)
    stem = uuid.uuid4().hex
    with Image.open(file) as image:
        image.load()  # GIF: the first frame
        display, extension = _encode(image, settings.PHOTO_DISPLAY_PX)
        thumbnail, _extension = _encode(image, settings.PHOTO_THUMB_PX)
    return (
        ContentFile(display, name=f"{stem}.{extension}"),
        ContentFile(thumbnail, name=f"{stem}-thumb.{extension}"),
    )


def attach_photo(instance, upload, *, image_field="image", thumbnail_field="thumbnail"):
    """Store an upload on a model instance as its display version (and thumbnail). Not saved yet.

    Raises ValidationError with a translated message for anything that is not a photo.
    """
    display, thumbnail = photo_versions(upload)
    getattr(instance, image_field).save(display.name, display, save=False)
    if thumbnail_field:
        getattr(instance, thumbnail_field).save(thumbnail.name, thumbnail, save=False)
    return instance
