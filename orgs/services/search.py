"""Keeping the directory's search columns current (see orgs/search.py for what they hold)."""

from django.db import connection, transaction

from ..models import Organization
from ..search import search_values

SEARCH_COLUMNS = ("search_text", "name_pinyin", "name_initials")


def _values(organization, issue_fields):
    places = []
    for division in (organization.province, organization.city, organization.county):
        if division is not None:
            places += [division.name, division.name_en]
    names = []
    for field in issue_fields:
        names += [field.name_zh, field.name_en]
    return search_values(
        name=organization.name,
        name_en=organization.name_en,
        service_area=organization.service_area,
        places=places,
        issue_fields=names,
    )


def organization_search_refresh(*, organization):
    """Recompute one organization's search columns; the services call it after every save that
    changes its names, place or issue fields. Writes no history row and keeps updated_at."""
    organization = Organization.objects.select_related("province", "city", "county").get(pk=organization.pk)
    values = _values(organization, organization.issue_fields.all())
    Organization.objects.filter(pk=organization.pk).update(**values)
    return values


def organizations_search_reindex(*, batch_size=1000, only_missing=False, progress=None):
    """Recompute the search columns of every organization (or of those never indexed), in
    batches by primary key; `progress(done, total)` after each batch. Returns the count."""
    queryset = Organization.objects.order_by("pk")
    if only_missing:
        queryset = queryset.filter(search_text="")
    total = queryset.count()
    done, last_pk = 0, 0
    while True:
        batch = list(
            queryset.filter(pk__gt=last_pk)
            .select_related("province", "city", "county")
            .prefetch_related("issue_fields")
            .only("pk", "name", "name_en", "service_area", "province__name", "province__name_en",
                  "city__name", "city__name_en", "county__name", "county__name_en")[:batch_size]
        )
        if not batch:
            break
        rows = [(organization.pk, _values(organization, organization.issue_fields.all())) for organization in batch]
        with transaction.atomic(), connection.cursor() as cursor:
            # One UPDATE per batch from arrays (bulk_update's CASE per row is far slower here).
            cursor.execute(
                f"UPDATE {Organization._meta.db_table} AS o"
                " SET search_text = v.t, name_pinyin = v.p, name_initials = v.i"
                " FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[]) AS v(id, t, p, i)"
                " WHERE o.id = v.id",
                [[pk for pk, _ in rows], *([values[column] for _, values in rows] for column in SEARCH_COLUMNS)],
            )
        done += len(batch)
        last_pk = batch[-1].pk
        if progress:
            progress(done, total)
    return done
