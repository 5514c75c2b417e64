"""The public datasets: published organizations and open needs and offers, as CSV and GeoJSON.

No personal data: no person's name, email, phone or account, no address, and no post made in a
person's own name (its place may be their home); an organization's public identity only (see
ORGANIZATION_COLUMNS and POST_COLUMNS, which the data dictionary page shows). `open_data_publish`
writes every file again (nightly, Celery beat): to a temporary file first, then to the default
storage under a new name, then one row switches the stable URL to it. A file whose content did
not change is not written again, so running it twice changes nothing.
"""

import datetime
import hashlib
import json
import tempfile
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from common.exports import Column, Export, Sheet
from orgs.models import Organization, OrganizationStatus

from ..models import OpenDataFile, ResourcePost
from ..models.posts import ACTIVE_STATUSES

CHUNK = 2000  # rows read from the database at a time: memory stays flat at 100,000 rows


@dataclass(frozen=True)
class Field:
    """One column of a dataset: its stable key (the CSV header, the GeoJSON property), what it
    means (the data dictionary) and its type."""

    key: str
    description: str
    type: str = "text"


ORGANIZATION_COLUMNS = [
    Field("id", _("The organization's web address on this site (stable)."), "text"),
    Field("name", _("Name in Chinese."), "text"),
    Field("name_en", _("Name in English, if given."), "text"),
    Field("kind", _("Kind of organization (code: grassroots, foundation, social_enterprise, ...)."), "code"),
    Field("issue_fields", _("Issue fields, as keys separated by semicolons."), "codes"),
    Field("registration_status", _("Registration status (code)."), "code"),
    Field("registration_year", _("Year registered."), "integer"),
    Field("credit_code", _("Unified social credit code (统一社会信用代码), if given."), "text"),
    Field("charity_recognized", _("Recognized as a charitable organization (慈善组织)."), "boolean"),
    Field("public_fundraising", _("Holds public fundraising status (公开募捐资格)."), "boolean"),
    Field("evaluation_grade", _("Civil-affairs evaluation grade (1A to 5A), if any."), "code"),
    Field("founded_year", _("Year founded."), "integer"),
    Field("website", _("The organization's website."), "url"),
    Field("province_code", _("6-digit code of the province."), "code"),
    Field("province", _("Province."), "text"),
    Field("city_code", _("6-digit code of the prefecture-level city, if known."), "code"),
    Field("county_code", _("6-digit code of the county-level division, if known."), "code"),
    Field("longitude", _("Longitude, WGS-84 degrees (empty if not placed on the map)."), "decimal"),
    Field("latitude", _("Latitude, WGS-84 degrees (empty if not placed on the map)."), "decimal"),
    Field("trust_grade", _("This platform's trust grade (A to E), if evaluated."), "code"),
    Field("url", _("The organization's page on this site."), "url"),
    Field("updated_at", _("Last change of the profile (UTC, ISO 8601)."), "datetime"),
]

POST_COLUMNS = [
    Field("id", _("Number of the post on this site (stable)."), "integer"),
    Field("kind", _("need or offer."), "code"),
    Field("resource_type", _("Resource (code: goods, volunteers, funding, venue, skills, media, collaboration)."),
          "code"),
    Field("title", _("Title."), "text"),
    Field("description", _("Description."), "text"),
    Field("quantity", _("Quantity, if given."), "integer"),
    Field("unit", _("Unit of the quantity."), "text"),
    Field("issue_fields", _("Issue fields, as keys separated by semicolons."), "codes"),
    Field("organization", _("Web address (id) of the organization that posted it."), "text"),
    Field("organization_name", _("Name of the organization that posted it."), "text"),
    Field("province_code", _("6-digit code of the province."), "code"),
    Field("province", _("Province."), "text"),
    Field("longitude", _("Longitude, WGS-84 degrees."), "decimal"),
    Field("latitude", _("Latitude, WGS-84 degrees."), "decimal"),
    Field("status", _("open or in_progress."), "code"),
    Field("expires_on", _("Open until (date)."), "date"),
    Field("created_at", _("Posted (UTC, ISO 8601)."), "datetime"),
    Field("url", _("The post's page on this site."), "url"),
]

# Fields of the models that must never appear in a dataset (a test holds the columns to it).
PERSONAL_FIELDS = ("contact_name", "contact_email", "contact_phone", "address", "created_by", "author",
                   "display_name", "email", "phone", "user")


@dataclass(frozen=True)
class Dataset:
    key: str
    title: str
    description: str
    columns: list


DATASETS = [
    Dataset("organizations", _("Organizations"),
            _("Every published organization: its public identity, issue fields and place."), ORGANIZATION_COLUMNS),
    Dataset("posts", _("Open needs and offers"),
            _("Needs and offers of published organizations that are open today."), POST_COLUMNS),
]
FORMATS = {"csv": "text/csv; charset=utf-8", "geojson": "application/geo+json"}
FILE_NAMES = [f"{dataset.key}.{extension}" for dataset in DATASETS for extension in FORMATS]


def _iso(value):
    return value.astimezone(datetime.UTC).isoformat(timespec="seconds") if value else ""


def _coordinate(value):
    return round(value, 6) if value is not None else None


def _site(path):
    return settings.SITE_URL.rstrip("/") + path


def organization_rows():
    """Published organizations as plain dicts in column order, by id (stable files)."""
    queryset = (
        Organization.objects.filter(status=OrganizationStatus.PUBLISHED)
        .annotate(fields=ArrayAgg("issue_fields__slug", filter=Q(issue_fields__isnull=False), distinct=True,
                                  default=[]),
                  province_name=F("province__name"), trust_grade=F("trust_summary__grade"))
        .values("slug", "name", "name_en", "kind", "fields", "registration_status", "registration_year",
                "credit_code", "charity_recognized", "public_fundraising", "evaluation_grade", "founded_year",
                "website", "province_id", "province_name", "city_id", "county_id", "location", "trust_grade",
                "updated_at")
        .order_by("pk")
    )
    with translation.override(settings.LANGUAGE_CODE):  # addresses of the Chinese pages
        for row in queryset.iterator(chunk_size=CHUNK):
            location = row["location"]
            yield {
                "id": row["slug"], "name": row["name"], "name_en": row["name_en"], "kind": row["kind"],
                "issue_fields": ";".join(sorted(row["fields"])),
                "registration_status": row["registration_status"], "registration_year": row["registration_year"],
                "credit_code": row["credit_code"], "charity_recognized": row["charity_recognized"],
                "public_fundraising": row["public_fundraising"], "evaluation_grade": row["evaluation_grade"],
                "founded_year": row["founded_year"], "website": row["website"],
                "province_code": row["province_id"], "province": row["province_name"],
                "city_code": row["city_id"] or "", "county_code": row["county_id"] or "",
                "longitude": _coordinate(location.x if location else None),
                "latitude": _coordinate(location.y if location else None),
                "trust_grade": row["trust_grade"] or "",
                "url": _site(reverse("organization-profile", kwargs={"slug": row["slug"]})),
                "updated_at": _iso(row["updated_at"]),
            }


def post_rows():
    """Open needs and offers of published organizations (never a person's own post), by id."""
    queryset = (
        ResourcePost.objects.shown()
        .filter(organization__isnull=False, status__in=ACTIVE_STATUSES, expires_on__gte=timezone.localdate())
        .annotate(fields=ArrayAgg("issue_fields__slug", filter=Q(issue_fields__isnull=False), distinct=True,
                                  default=[]),
                  province_name=F("province__name"), organization_slug=F("organization__slug"),
                  organization_name=F("organization__name"))
        .values("pk", "kind", "resource_type", "title", "description", "quantity", "unit", "fields",
                "organization_slug", "organization_name", "province_id", "province_name", "location", "status",
                "expires_on", "created_at")
        .order_by("pk")
    )
    with translation.override(settings.LANGUAGE_CODE):
        for row in queryset.iterator(chunk_size=CHUNK):
            yield {
                "id": row["pk"], "kind": row["kind"], "resource_type": row["resource_type"], "title": row["title"],
                "description": row["description"], "quantity": row["quantity"], "unit": row["unit"],
                "issue_fields": ";".join(sorted(row["fields"])),
                "organization": row["organization_slug"], "organization_name": row["organization_name"],
                "province_code": row["province_id"], "province": row["province_name"],
                "longitude": _coordinate(row["location"].x), "latitude": _coordinate(row["location"].y),
                "status": row["status"], "expires_on": row["expires_on"].isoformat(),
                "created_at": _iso(row["created_at"]),
                "url": _site(reverse("mapplatform:post", kwargs={"pk": row["pk"]})),
            }


ROWS = {"organizations": organization_rows, "posts": post_rows}


class _DatasetExport(Export):
    """The CSV through the one exporter (UTF-8 with BOM, formula-like text neutralised); the
    header is the columns' stable keys."""

    def __init__(self, dataset, counter):
        super().__init__()
        self.dataset = dataset
        self.counter = counter

    def sheets(self):
        keys = [field.key for field in self.dataset.columns]

        def rows():
            for row in ROWS[self.dataset.key]():
                self.counter[0] += 1
                yield [row[key] for key in keys]

        yield Sheet(title=self.dataset.key, columns=[Column(key) for key in keys], rows=rows())


def _write_csv(dataset, handle):
    counter = [0]
    for piece in _DatasetExport(dataset, counter).csv_lines():
        handle.write(piece.encode("utf-8"))
    return counter[0]


def _write_geojson(dataset, handle):
    """A FeatureCollection, one feature per line; rows without a place are left out."""
    head = {"type": "FeatureCollection", "name": dataset.key, "license": settings.OPEN_DATA_LICENCE_NAME,
            "license_url": settings.OPEN_DATA_LICENCE_URL}
    handle.write(json.dumps(head, ensure_ascii=False)[:-1].encode("utf-8") + b', "features": [\n')
    count = 0
    for row in ROWS[dataset.key]():
        if row["longitude"] is None:
            continue
        properties = {key: value for key, value in row.items() if key not in ("longitude", "latitude")}
        feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
                   "properties": properties}
        handle.write((b",\n" if count else b"") + json.dumps(feature, ensure_ascii=False).encode("utf-8"))
        count += 1
    handle.write(b"\n]}\n")
    return count


WRITERS = {"csv": _write_csv, "geojson": _write_geojson}


def _sha256(handle):
    handle.seek(0)
    digest = hashlib.sha256()
    for block in iter(lambda: handle.read(1 << 16), b""):
        digest.update(block)
    handle.seek(0)
    return digest.hexdigest()


def current_files():
    """{file name: its current OpenDataFile} for the files published so far."""
    latest = {}
    for item in OpenDataFile.objects.filter(name__in=FILE_NAMES).order_by("name", "-created_at", "-id").distinct(
            "name"):
        latest[item.name] = item
    return latest


def open_data_file(*, name):
    """The current version of one file, or None before the first run."""
    return OpenDataFile.objects.filter(name=name).order_by("-created_at", "-id").first()


def _publish_one(dataset, extension, now):
    name = f"{dataset.key}.{extension}"
    with tempfile.TemporaryFile() as handle:
        rows = WRITERS[extension](dataset, handle)
        size = handle.tell()
        digest = _sha256(handle)
        current = open_data_file(name=name)
        if current is not None and current.sha256 == digest and default_storage.exists(current.path):
            OpenDataFile.objects.filter(pk=current.pk).update(checked_at=now)
            return False
        stamp = now.strftime("%Y%m%dT%H%M%S")
        path = default_storage.save(f"{settings.OPEN_DATA_STORAGE_PREFIX}/{stamp}-{digest[:12]}/{name}", File(handle))
    with transaction.atomic():
        OpenDataFile.objects.create(name=name, path=path, sha256=digest, rows=rows, size=size, checked_at=now)
    _prune(name)
    return True


def _prune(name):
    """Keep the current file and OPEN_DATA_KEEP_VERSIONS older ones; remove the rest from storage."""
    old = list(OpenDataFile.objects.filter(name=name).order_by("-created_at", "-id")[1 + settings.OPEN_DATA_KEEP_VERSIONS:])
    for item in old:
        default_storage.delete(item.path)
        item.delete()


def open_data_publish():
    """Write every dataset file again; returns the names of the files that changed."""
    now = timezone.now()
    changed = []
    for dataset in DATASETS:
        for extension in FORMATS:
            if _publish_one(dataset, extension, now):
                changed.append(f"{dataset.key}.{extension}")
    return changed
