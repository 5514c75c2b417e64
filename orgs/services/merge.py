"""Merging two profiles of one organization into one, without losing anything.

Every app knows which of its rows belong to an organization, and orgs must not import the apps
above it; so each app registers a mover here from its AppConfig.ready() (in `<app>/merging.py`).
A mover moves its rows from the merged organization to the survivor and reports what it moved,
and which rows a uniqueness rule kept back (one rating per person and organization: a person who
rated both keeps the survivor's rating; the other stays with the merged, hidden profile and is
listed in the MergeRecord). After the movers, every table that points at an organization is
checked: a row left behind that no mover accounted for stops the merge (nothing half-done).
The merged profile stays, hidden, as a redirect to the survivor.
"""

from dataclasses import dataclass, field
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from ..models import (
    DuplicateCandidate,
    DuplicateStatus,
    ImportRowIssue,
    MergeRecord,
    Organization,
    OrganizationStatus,
)
from .pagecache import organization_page_changed
from .search import organization_search_refresh


@dataclass
class MoveResult:
    """What one mover did: rows moved per table, and rows kept back with the reason."""

    moved: dict = field(default_factory=dict)
    kept: list = field(default_factory=list)
    moved_ids: dict = field(default_factory=dict)

    def add(self, other):
        for label, count in other.moved.items():
            self.moved[label] = self.moved.get(label, 0) + count
        for label, ids in other.moved_ids.items():
            self.moved_ids.setdefault(label, []).extend(ids)
        self.kept.extend(other.kept)


@dataclass(frozen=True)
class Mover:
    name: str
    move: Callable  # move(*, survivor, merged) -> MoveResult
    order: int


_movers: dict[str, Mover] = {}


def register_mover(*, name, move, order=0):
    """Declare how one app moves its rows in a merge (called from AppConfig.ready())."""
    _movers[name] = Mover(name=name, move=move, order=order)


def movers():
    return sorted(_movers.values(), key=lambda mover: (mover.order, mover.name))


def move_rows(queryset, *, survivor, merged, field_name="organization", unique_with=(), unique_when=None,
              why="", extra=None):
    """Point the merged organization's rows of `queryset`'s model at the survivor.

    `unique_with`: the other fields of a unique constraint with the organization; a row whose
    twin the survivor already has is kept back (left with the merged profile) and reported.
    `unique_when`: the constraint's condition (a Q), if it is conditional. `extra`: more fields to
    set on the moved rows. Returns a MoveResult."""
    model = queryset.model
    label = model._meta.label
    rows = queryset.filter(**{field_name: merged})
    result = MoveResult()
    if unique_with:
        twin = model._default_manager.filter(**{field_name: survivor}, **{name: OuterRef(name) for name in unique_with})
        conflicting = rows.filter(Exists(twin))
        if unique_when is not None:
            conflicting = conflicting.filter(unique_when).filter(Exists(twin.filter(unique_when)))
        kept_ids = list(conflicting.order_by("pk").values_list("pk", flat=True))
        if kept_ids:
            result.kept.append({"table": label, "ids": kept_ids, "why": why})
        rows = rows.exclude(pk__in=kept_ids)
    ids = list(rows.order_by("pk").values_list("pk", flat=True))
    result.moved[label] = model._default_manager.filter(pk__in=ids).update(**{field_name: survivor, **(extra or {})})
    if ids:
        result.moved_ids[label] = ids
    return result


def keep_rows(queryset, *, merged, field_name="organization", why=""):
    """Leave the merged organization's rows of this table where they are, listed in the record
    (its own trust score and score history, say: the survivor's are recomputed, not mixed)."""
    ids = list(queryset.filter(**{field_name: merged}).order_by("pk").values_list("pk", flat=True))
    result = MoveResult()
    if ids:
        result.kept.append({"table": queryset.model._meta.label, "ids": ids, "why": why})
    return result


class MergeIncomplete(Exception):
    """A table still points at the merged organization and no mover accounted for it."""


# Tables of orgs itself that point at an organization without being part of it to move.
_NOT_MOVED = {"orgs.MergeRecord", "orgs.DuplicateCandidate", "orgs.ImportRowIssue", "orgs.Organization"}


def _left_behind(merged, kept):
    """Rows still pointing at `merged` that are not listed as kept back: {table: count}."""
    kept_ids = {}
    for entry in kept:
        kept_ids.setdefault(entry["table"], set()).update(entry["ids"])
    left = {}
    for relation in Organization._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and relation.is_relation):
            continue
        if relation.many_to_many:
            continue  # the through table's own foreign key is checked as a relation of its own
        model = relation.related_model
        label = model._meta.label
        if label in _NOT_MOVED or model.__name__.startswith("Historical") or label == "orgs.Organization_issue_fields":
            continue  # snapshots of the past keep what was true then; issue fields are merged below
        queryset = model._default_manager.filter(**{relation.field.name: merged})
        if kept_ids.get(label):
            queryset = queryset.exclude(pk__in=kept_ids[label])
        count = queryset.count()
        if count:
            left[label] = count
    return left


# Profile fields the survivor takes from the merged profile when its own are empty.
FILLED_FROM_MERGED = (
    "name_en", "description", "registration_year", "credit_code", "founded_year", "service_area", "contact_name",
    "contact_email", "contact_phone", "website", "weibo", "wechat", "logo", "address", "city", "county",
    "digital_summary",
)


def _fill_blanks(survivor, merged):
    """The survivor takes what the merged profile knows and it does not; returns the field names."""
    filled = []
    for name in FILLED_FROM_MERGED:
        if name in ("city", "county"):
            continue
        if name == "credit_code" and survivor.registration_status != merged.registration_status:
            continue  # a code only fits the registration it was issued for
        attname = survivor._meta.get_field(name).attname
        if not getattr(survivor, attname) and getattr(merged, attname):
            setattr(survivor, attname, getattr(merged, attname))
            filled.append(name)
    # A more precise place, if it lies where the survivor already is.
    if (not survivor.county_id and merged.county_id and merged.province_id == survivor.province_id
            and survivor.city_id in (None, merged.city_id)):
        survivor.city_id, survivor.county_id = merged.city_id, merged.county_id
        filled += ["city", "county"]
    return filled


def organizations_merge_check(*, survivor, merged, user):
    """Why these two cannot be merged (raises ValidationError / PermissionDenied), or nothing."""
    if not user.has_perm("orgs.merge_organizations"):
        raise PermissionDenied(_("You are not allowed to do this."))
    if survivor.pk == merged.pk:
        raise ValidationError(_("Choose two different organizations to merge."))
    for organization in (survivor, merged):
        if organization.merged_into_id:
            raise ValidationError(_("%(name)s has already been merged into another organization.")
                                  % {"name": organization.name})


@transaction.atomic
def organizations_merge(*, survivor, merged, user, reason):
    """A moderator makes `merged` part of `survivor`: everything that belonged to `merged` moves
    (each app's mover), its empty profile fields fill the survivor's, its issue fields are added,
    and it becomes a hidden redirect. Returns the MergeRecord."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why these two organizations are one.")})
    locked = {org.pk: org for org in Organization.objects.select_for_update().filter(
        pk__in=[survivor.pk, merged.pk]).order_by("pk")}
    survivor, merged = locked.get(survivor.pk, survivor), locked.get(merged.pk, merged)
    organizations_merge_check(survivor=survivor, merged=merged, user=user)

    result = MoveResult()
    for mover in movers():
        result.add(mover.move(survivor=survivor, merged=merged))
    left = _left_behind(merged, result.kept)
    if left:
        raise MergeIncomplete(
            _("Nothing was merged: these tables still point at the organization and no app moves them: %(tables)s.")
            % {"tables": ", ".join(f"{label} ({count})" for label, count in sorted(left.items()))})

    # The merged profile gives up its credit code first (it is unique), then is hidden for good.
    filled = _fill_blanks(survivor, merged)
    merged_status = merged.status
    merged.merged_into = survivor
    merged.status = OrganizationStatus.HIDDEN
    merged.status_reason = (_("Merged into %(name)s.") % {"name": survivor.name})[:500]
    if "credit_code" in filled:
        merged.credit_code = ""
    merged._history_user = user
    merged._change_reason = f"merged into {survivor.pk}"
    merged.save()

    survivor_fields = set(survivor.issue_fields.values_list("pk", flat=True))
    added_fields = [pk for pk in merged.issue_fields.values_list("pk", flat=True) if pk not in survivor_fields]
    survivor._history_user = user
    survivor._change_reason = f"absorbed {merged.pk}"
    survivor.save()
    if added_fields:
        survivor.issue_fields.add(*added_fields)
    organization_search_refresh(organization=survivor)

    DuplicateCandidate.objects.filter(
        models.Q(organization=merged, existing=survivor) | models.Q(organization=survivor, existing=merged)
    ).update(status=DuplicateStatus.MERGED)
    DuplicateCandidate.objects.filter(existing=merged, status=DuplicateStatus.OPEN).exclude(
        organization=survivor).update(status=DuplicateStatus.MERGED)
    ImportRowIssue.objects.filter(existing=merged).update(existing=survivor)
    moved = {label: count for label, count in result.moved.items() if count}
    if filled:
        moved["profile fields"] = filled
    if added_fields:
        moved["issue fields"] = len(added_fields)
    moved["merged status before"] = merged_status
    record = MergeRecord.objects.create(
        survivor=survivor, merged=merged, merged_name=merged.name, merged_slug=merged.slug,
        reason=reason, merged_by=user, moved=moved, kept=result.kept, moved_rows=result.moved_ids,
    )
    organization_page_changed(survivor.pk, merged.pk)
    return record
