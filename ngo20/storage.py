"""Where uploaded files (logos, evaluation attachments) live, chosen by the environment.

MEDIA_STORAGE=filesystem (default): MEDIA_ROOT on the local disk, served by nginx from a volume.
MEDIA_STORAGE=s3: an S3-compatible bucket through django-storages — Aliyun OSS, Tencent COS,
MinIO or AWS — so several web hosts share nothing on disk. Settings (all from the environment):
  S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY   required
  S3_ENDPOINT_URL      e.g. https://oss-cn-hangzhou.aliyuncs.com, https://cos.ap-guangzhou.myqcloud.com,
                       http://minio:9000 (empty: AWS)
  S3_REGION            e.g. oss-cn-hangzhou, ap-guangzhou, us-east-1
  S3_ADDRESSING_STYLE  virtual (OSS, COS, AWS; default) or path (MinIO)
  S3_CUSTOM_DOMAIN     a CDN or bucket domain to build public URLs with (no signature)
  S3_QUERYSTRING_AUTH  true for a private bucket: URLs are signed and expire (default false)
  S3_LOCATION          a folder inside the bucket (default media)
"""

FILESYSTEM = {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def media_storage(env):
    """The STORAGES["default"] entry for this environment (a django-environ Env)."""
    kind = env("MEDIA_STORAGE", default="filesystem")
    if kind == "filesystem":
        return FILESYSTEM
    if kind != "s3":
        raise ValueError(f"MEDIA_STORAGE must be filesystem or s3, not {kind!r}")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "access_key": env("S3_ACCESS_KEY_ID"),
            "secret_key": env("S3_SECRET_ACCESS_KEY"),
            "endpoint_url": env("S3_ENDPOINT_URL", default="") or None,
            "region_name": env("S3_REGION", default="") or None,
            "addressing_style": env("S3_ADDRESSING_STYLE", default="virtual"),
            "signature_version": "s3v4",
            "custom_domain": env("S3_CUSTOM_DOMAIN", default="") or None,
            "querystring_auth": env.bool("S3_QUERYSTRING_AUTH", default=False),
            "location": env("S3_LOCATION", default="media"),
            "file_overwrite": False,  # two uploads with one name keep both (a suffix is added)
            "default_acl": None,  # the bucket's policy decides; OSS and COS refuse some ACLs
        },
    }


def private_storage(env, media_root):
    """The STORAGES["private"] entry: uploads that must not be public until someone checks them
    (pending disclosures). Never served by nginx; the app streams them after its own access check.
    On disk, PRIVATE_MEDIA_ROOT (default beside MEDIA_ROOT, not inside it); on S3, the same bucket
    under PRIVATE_S3_LOCATION with signed URLs, which the app never hands out."""
    if env("MEDIA_STORAGE", default="filesystem") != "s3":
        location = env("PRIVATE_MEDIA_ROOT", default=str(media_root.parent / "private"))
        return {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": location, "base_url": None}}
    entry = media_storage(env)
    entry["OPTIONS"] = {**entry["OPTIONS"], "location": env("PRIVATE_S3_LOCATION", default="private"),
                        "querystring_auth": True, "custom_domain": None}
    return entry
