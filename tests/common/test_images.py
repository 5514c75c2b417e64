"""Uploaded photos keep their pixels and lose their metadata (GPS above all)."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from common.images import photo_versions, validate_photo

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_with_gps(size=(3000, 2000), orientation=None):
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (31.0, 50.0, 0.0)  # latitude of a village
    gps[3] = "E"
    gps[4] = (117.0, 17.0, 0.0)
    if orientation:
        exif[ORIENTATION] = orientation
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif, quality=80)
    return SimpleUploadedFile("village.jpg", out.getvalue(), content_type="image/jpeg")


def test_the_original_really_carries_gps():
    with Image.open(jpeg_with_gps()) as original:
        assert original.getexif().get_ifd(GPS_IFD)


def test_stored_versions_have_no_exif_at_all_and_are_resized(settings):
    display, thumbnail = photo_versions(jpeg_with_gps())
    for version, long_side in ((display, settings.PHOTO_DISPLAY_PX), (thumbnail, settings.PHOTO_THUMB_PX)):
        with Image.open(BytesIO(version.read())) as stored:
            assert stored.format == "JPEG"
            assert max(stored.size) == long_side
            assert not stored.getexif()
            assert "exif" not in stored.info
    assert thumbnail.name.endswith("-thumb.jpg")


def test_the_cameras_orientation_is_applied_before_the_metadata_goes():
    # Orientation 6: the sensor image is landscape, the photo is meant to be seen portrait.
    display, _thumbnail = photo_versions(jpeg_with_gps(size=(1200, 800), orientation=6))
    with Image.open(BytesIO(display.read())) as stored:
        assert stored.size == (800, 1200)


def test_transparency_survives_as_png():
    out = BytesIO()
    Image.new("RGBA", (50, 40), (0, 0, 0, 0)).save(out, format="PNG")
    display, _thumbnail = photo_versions(SimpleUploadedFile("logo.png", out.getvalue()))
    assert display.name.endswith(".png")
    with Image.open(BytesIO(display.read())) as stored:
        assert stored.mode == "RGBA" and stored.size == (50, 40)


def test_a_file_named_like_a_photo_that_is_not_one_is_refused():
    with pytest.raises(ValidationError) as refused:
        validate_photo(SimpleUploadedFile("photo.jpg", b"%PDF-1.4 not a photo"))
    assert refused.value.code == "photo_not_image"


def test_too_large_is_refused_before_decoding(settings):
    settings.PHOTO_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as refused:
        validate_photo(jpeg_with_gps())
    assert refused.value.code == "photo_too_large"


def test_a_decompression_bomb_is_refused_by_its_header(settings):
    settings.PHOTO_MAX_PIXELS = 1000 * 1000
    with pytest.raises(ValidationError) as refused:
        validate_photo(jpeg_with_gps(size=(2000, 1000)))
    assert refused.value.code == "photo_dimensions"


def test_other_image_formats_are_refused():
    out = BytesIO()
    Image.new("RGB", (10, 10)).save(out, format="BMP")
    with pytest.raises(ValidationError) as refused:
        validate_photo(SimpleUploadedFile("photo.bmp", out.getvalue()))
    assert refused.value.code == "photo_format"
