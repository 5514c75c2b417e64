"""Loading the reference data shipped in orgs/data (see its README for provenance)."""

import csv
import json
from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.contrib.gis.geos import GEOSGeometry, MultiPolygon, Point
from django.db import transaction
from django.utils import timezone

from ..models import Division, IssueField, PolicyDocument, ProvinceBoundary
from ..place_names import english_name
from ..policy_texts import FIRST_VERSIONS
from ..roles import ROLE_PERMISSIONS
from .policies import policy_cache_clear

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

def _rows(name):
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def issue_fields_load():
    rows = _rows("issue_fields.csv")
    for position, row in enumerate(rows):
        IssueField.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name_zh": row["name_zh"],
                # Provinces have hand-written English names in the CSV; the rest get pinyin here.
            "name_en": row["name_en"] or english_name(row["name"], row["level"]),
                "workshop_field": row["workshop_field"],
                "position": position,
            },
        )
    return len(rows)


@transaction.atomic
def divisions_load(progress=None):
    """Insert or update all divisions, parents before children (the CSV lists them so)."""
    rows = _rows("divisions.csv")
    order = {"province": 0, "city": 1, "county": 2}
    rows.sort(key=lambda row: (order[row["level"]], row["code"]))
    existing = {division.code: division for division in Division.objects.all()}
    to_create, to_update = [], []
    for row in rows:
        values = {
            "name": row["name"],
            # Provinces have hand-written English names in the CSV; the rest get pinyin here.
            "name_en": row["name_en"] or english_name(row["name"], row["level"]),
            "level": row["level"],
            "parent_id": row["parent_code"] or None,
            "region": row["region"],
            "centroid": Point(float(row["lon"]), float(row["lat"]), srid=4326),
        }
        division = existing.get(row["code"])
        if division is None:
            to_create.append(Division(code=row["code"], **values))
        else:
            for key, value in values.items():
                setattr(division, key, value)
            to_update.append(division)
    for level in ("province", "city", "county"):
        Division.objects.bulk_create([d for d in to_create if d.level == level], batch_size=1000)
        if progress:
            progress(level)
    Division.objects.bulk_update(
        to_update, ["name", "name_en", "level", "parent", "region", "centroid"], batch_size=1000
    )
    return len(rows)


@transaction.atomic
def province_boundaries_load():
    with open(DATA_DIR / "provinces.geojson", encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    for feature in features:
        geometry = GEOSGeometry(json.dumps(feature["geometry"]), srid=4326)
        if geometry.geom_type == "Polygon":
            geometry = MultiPolygon(geometry, srid=4326)
        ProvinceBoundary.objects.update_or_create(
            province_id=feature["properties"]["code"], defaults={"geom": geometry}
        )
    return len(features)


@transaction.atomic
def role_groups_ensure():
    """Create the staff role groups with the admin permissions they need (idempotent).

    Which permissions each role has is access policy: orgs.roles.ROLE_PERMISSIONS.
    """
    for group_name, permission_names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        permissions = []
        for name in permission_names:
            app_label, codename = name.split(".")
            permissions.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.add(*permissions)
    return len(ROLE_PERMISSIONS)


def reference_data_load(progress=None):
    """Everything the platform needs before its first user: fields, divisions, outlines, roles."""
    counts = {}
    with transaction.atomic():
        counts["issue_fields"] = issue_fields_load()
        counts["divisions"] = divisions_load(progress=progress)
        counts["province_boundaries"] = province_boundaries_load()
        counts["role_groups"] = role_groups_ensure()
        counts["policies"] = policies_ensure()
    return counts


def policies_ensure():
    """A first version of the privacy policy and the terms, where a deployment has none yet."""
    created = 0
    for kind, texts in FIRST_VERSIONS.items():
        if not PolicyDocument.objects.filter(kind=kind).exists():
            PolicyDocument.objects.create(kind=kind, version=1, published_at=timezone.now(), **texts)
            created += 1
    if created:
        policy_cache_clear()
    return PolicyDocument.objects.count()
