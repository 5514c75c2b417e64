"""Reads of disclosures (信息公开): what counts (verified, not hidden), the profile's section, the
members' list, the reviewers' queue and the compare page. Re-exported by evaluation.selectors."""

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from .disclosure_details import FINANCE_FIELDS, FINANCE_LABELS
from .models import Disclosure, DisclosureKind, DisclosureStatus

SECTION_LIMIT = 60  # items on a profile: many years of every kind, still one short page
KIND_ORDER = {kind: position for position, kind in enumerate(DisclosureKind.values)}


def counted_disclosures():
    """The only items that count anywhere (profile, index, trust score, figures): verified and
    not hidden. Served by the partial index disclosure_counted."""
    return Disclosure.objects.filter(status=DisclosureStatus.VERIFIED, is_hidden=False)


def verified_disclosures(*, organization, kinds=None):
    """The organization's counted items, newest year first within each kind."""
    queryset = counted_disclosures().filter(organization=organization)
    if kinds is not None:
        queryset = queryset.filter(kind__in=list(kinds))
    return queryset.order_by("kind", "-year", "-published_on", "-pk")


def disclosure_section(*, organization, user):
    """The Disclosures section of the profile: counted items grouped by kind in the published
    order, earlier years included, and whether the visitor may publish more."""
    items = sorted(verified_disclosures(organization=organization)[:SECTION_LIMIT],
                   key=lambda item: (KIND_ORDER[item.kind], -(item.year or 0), -item.published_on.toordinal()))
    groups = []
    for item in items:
        if not groups or groups[-1]["kind"] != item.kind:
            groups.append({"kind": item.kind, "label": item.get_kind_display(), "items": []})
        groups[-1]["items"].append(item)
    return {
        "disclosure_groups": groups,
        "can_publish_disclosures": user.has_perm("evaluation.publish_disclosure", organization),
    }


def disclosures_of_organization(*, organization):
    """Every item of the organization, as its members see them (pending, rejected, hidden too)."""
    return (Disclosure.objects.filter(organization=organization).select_related("reviewed_by")
            .order_by("-created_at", "-pk"))


def disclosure_review_queue(*, status=DisclosureStatus.PENDING):
    """Items waiting for a reviewer, oldest first (hidden ones are a moderator's business only)."""
    return (Disclosure.objects.filter(status=status, is_hidden=False)
            .select_related("organization", "created_by").order_by("created_at", "pk"))


def disclosure_with_organization(*, pk):
    return Disclosure.objects.select_related("organization").get(pk=pk)


def disclosures_compared(*, organizations):
    """Disclosures side by side, as table rows with one cell per organization (in the given
    order): for each kind, the latest verified year (or None when not disclosed; "undated" for an
    undated kind); then the figures of each one's latest verified income and expenditure summary.
    Two queries for all of them."""
    ids = [organization.pk for organization in organizations]
    if not ids:
        return None
    latest = {
        (row["organization_id"], row["kind"]): row
        for row in counted_disclosures().filter(organization_id__in=ids).values("organization_id", "kind")
        .annotate(latest_year=Max("year"), count=Count("pk")).order_by()
    }
    finance = {
        item.organization_id: item
        for item in counted_disclosures().filter(organization_id__in=ids, kind=DisclosureKind.FINANCE_SUMMARY)
        .order_by("organization_id", "-year", "-published_on", "-pk").distinct("organization_id")
    }
    kind_rows = [
        {"kind": kind, "label": label,
         "cells": [{"disclosed": (pk, kind) in latest, "year": latest.get((pk, kind), {}).get("latest_year")}
                   for pk in ids]}
        for kind, label in DisclosureKind.choices
    ]
    finance_rows = [{"label": _("Year of the summary"), "cells": [getattr(finance.get(pk), "year", None) for pk in ids]}]
    finance_rows += [
        {"label": FINANCE_LABELS[name], "cells": [finance[pk].details.get(name) if pk in finance else None for pk in ids]}
        for name in FINANCE_FIELDS
    ]
    return {"organizations": list(organizations), "kind_rows": kind_rows, "finance_rows": finance_rows}
