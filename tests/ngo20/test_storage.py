"""Uploaded files on the local disk by default, or in S3-compatible object storage by settings."""

import environ
import pytest
from django.conf import settings
from django.utils.module_loading import import_string

from ngo20.storage import media_storage


class _Env(environ.Env):
    """An Env reading from a dict instead of os.environ."""

    def __init__(self, values):
        super().__init__()
        self.values = values

    def get_value(self, var, cast=None, default=environ.Env.NOTSET, parse_default=False):
        if var in self.values:
            return self.parse_value(self.values[var], cast) if cast else self.values[var]
        if default is environ.Env.NOTSET:
            raise environ.ImproperlyConfigured(f"Set the {var} environment variable")
        return default


def test_uploads_stay_on_the_file_system_by_default():
    assert media_storage(_Env({}))["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert settings.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


@pytest.mark.parametrize("endpoint, region, style, expected", [
    ("https://oss-cn-hangzhou.aliyuncs.com", "oss-cn-hangzhou", "virtual",
     "https://ngo20-media.oss-cn-hangzhou.aliyuncs.com/media/logos/a.png"),
    ("https://cos.ap-guangzhou.myqcloud.com", "ap-guangzhou", "virtual",
     "https://ngo20-media.cos.ap-guangzhou.myqcloud.com/media/logos/a.png"),
    ("http://minio:9000", "us-east-1", "path", "http://minio:9000/ngo20-media/media/logos/a.png"),
])
def test_s3_compatible_storage_is_chosen_by_settings(endpoint, region, style, expected):
    config = media_storage(_Env({
        "MEDIA_STORAGE": "s3", "S3_BUCKET": "ngo20-media", "S3_ACCESS_KEY_ID": "key", "S3_SECRET_ACCESS_KEY": "secret",
        "S3_ENDPOINT_URL": endpoint, "S3_REGION": region, "S3_ADDRESSING_STYLE": style,
    }))
    storage = import_string(config["BACKEND"])(**config["OPTIONS"])
    assert storage.url("logos/a.png") == expected  # public URL, no signature, built without the network
    assert storage.file_overwrite is False


def test_a_private_bucket_gets_signed_urls_and_a_cdn_domain_plain_ones():
    base = {"MEDIA_STORAGE": "s3", "S3_BUCKET": "b", "S3_ACCESS_KEY_ID": "k", "S3_SECRET_ACCESS_KEY": "s",
            "S3_ENDPOINT_URL": "http://minio:9000", "S3_REGION": "us-east-1", "S3_ADDRESSING_STYLE": "path"}
    signed = media_storage(_Env({**base, "S3_QUERYSTRING_AUTH": "true"}))
    url = import_string(signed["BACKEND"])(**signed["OPTIONS"]).url("logos/a.png")
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=" in url
    cdn = media_storage(_Env({**base, "S3_CUSTOM_DOMAIN": "media.ngo20.example.org"}))
    assert import_string(cdn["BACKEND"])(**cdn["OPTIONS"]).url("logos/a.png") == \
        "https://media.ngo20.example.org/media/logos/a.png"


def test_missing_or_unknown_settings_are_refused():
    with pytest.raises(environ.ImproperlyConfigured):
        media_storage(_Env({"MEDIA_STORAGE": "s3"}))  # no bucket
    with pytest.raises(ValueError):
        media_storage(_Env({"MEDIA_STORAGE": "ftp"}))
