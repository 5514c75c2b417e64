"""Creating, editing, moderating and reverting organization profiles."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from common.ratelimits import rate_limit
from common.transactions import on_commit_delay

from ..models import (
    Membership,
    MembershipRole,
    MembershipStatus,
    Organization,
    OrganizationStatus,
)
from ..models.organizations import STATUS_TRANSITIONS
from ..tasks import detect_duplicates, notify_organization_status
from .pagecache import organization_page_changed
from .search import organization_search_refresh

# Fields a member edits; status and its reason belong to moderation, the rest is bookkeeping.
PROFILE_FIELDS = (
    "kind",
    "name",
    "name_en",
    "slug",
    "description",
    "registration_status",
    "registration_year",
    "credit_code",
    "charity_recognized",
    "charity_recognized_year",
    "public_fundraising",
    "evaluation_grade",
    "evaluation_year",
    "founded_year",
    "staff_full_time",
    "staff_part_time",
    "volunteers",
    "service_area",
    "contact_name",
    "contact_email",
    "contact_phone",
    "website",
    "weibo",
    "wechat",
    "logo",
    "address",
    "province",
    "city",
    "county",
    "location",
)


def _require(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def organization_unique_slug(*, name, name_en=""):
    """A readable, unused slug: from the English name if there is one, else the Chinese name."""
    base = slugify(name_en or name, allow_unicode=True)[:80].strip("-") or "org"
    taken = set(
        Organization.objects.filter(slug__startswith=base).values_list("slug", flat=True)[:1000]
    )
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"


def _fill_default_location(organization):
    """An organization not yet placed on the map sits at its county, city or province seat."""
    if organization.location is None and organization.province_id:
        organization.location = organization.most_specific_division.centroid


def _save_checked(organization, *, user, reason):
    organization_page_changed(organization.pk)
    organization.full_clean()
    organization._history_user = user
    organization._change_reason = reason
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError as exc:
        # Two people chose the same address (or credit code) at once; the database constraint decided.
        if "slug" in str(exc):
            raise ValidationError(
                {"slug": _("This web address is already taken by another organization.")}
            ) from exc
        if "organization_credit_code_unique" in str(exc):
            raise ValidationError(
                {"credit_code": _("Another organization already has this unified social credit code.")}
            ) from exc
        raise


@transaction.atomic
def organization_create(*, user, data, issue_fields=(), as_owner=True):
    """A verified user creates a draft profile and becomes its owner. A moderator adding an
    organization in the admin (as_owner=False) does not become its owner: its people claim it."""
    _require(user, "orgs.create_organization")
    rate_limit(group="organization_create", key=user.pk)
    fields = {key: value for key, value in data.items() if key in PROFILE_FIELDS}
    organization = Organization(**fields, created_by=user, status=OrganizationStatus.DRAFT)
    if not organization.slug:
        organization.slug = organization_unique_slug(
            name=organization.name, name_en=organization.name_en
        )
    _fill_default_location(organization)
    _save_checked(organization, user=user, reason="created")
    organization.issue_fields.set(issue_fields)
    organization_search_refresh(organization=organization)
    # Likely duplicates are looked for after the commit, for the moderators' list.
    on_commit_delay(detect_duplicates, organization.pk)
    if not as_owner:
        return organization
    Membership.objects.create(
        user=user,
        organization=organization,
        role=MembershipRole.OWNER,
        status=MembershipStatus.APPROVED,
        decided_by=user,
    )
    return organization


@transaction.atomic
def organization_update(*, organization, user, data, issue_fields=None):
    """A member (or a moderator) edits the profile; every save is kept in the history."""
    _require(user, "orgs.edit_organization", organization)
    rate_limit(group="organization_update", key=user.pk)
    for key, value in data.items():
        if key == "slug" and not value:
            continue  # an emptied web address keeps the current one: links to the profile stay valid
        if key in PROFILE_FIELDS:
            setattr(organization, key, value)
    _fill_default_location(organization)
    _save_checked(organization, user=user, reason="edited")
    if issue_fields is not None:
        organization.issue_fields.set(issue_fields)
    organization_search_refresh(organization=organization)
    return organization


@transaction.atomic
def organization_set_status(*, organization, user, status, reason=""):
    """Submit a draft for review (members) or publish, hide and restore (moderators)."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.merged_into_id:
        raise ValidationError(_("This profile was merged into another one; it stays hidden."))
    if status == OrganizationStatus.PENDING and organization.status == OrganizationStatus.DRAFT:
        _require(user, "orgs.submit_organization", organization)
    else:
        _require(user, "orgs.moderate_organization", organization)
    if status not in STATUS_TRANSITIONS.get(organization.status, set()):
        raise ValidationError(
            _("A profile that is %(current)s cannot become %(new)s.")
            % {
                "current": organization.get_status_display(),
                "new": OrganizationStatus(status).label,
            }
        )
    reason = (reason or "").strip()
    if status == OrganizationStatus.HIDDEN and not reason:
        raise ValidationError({"reason": _("Say why the profile is hidden.")})
    organization.status = status
    organization.status_reason = reason
    _save_checked(organization, user=user, reason=f"status: {status}")
    if status in (OrganizationStatus.PUBLISHED, OrganizationStatus.HIDDEN):
        # The members hear of it once the change is committed (a rolled-back change sends nothing).
        history_id = organization.history.order_by("-history_id").values_list("history_id", flat=True).first()
        on_commit_delay(notify_organization_status, organization.pk, history_id)
    return organization


# What a revert restores: the profile text, fields and place, not its moderation status.
REVERTABLE_FIELDS = tuple(field for field in PROFILE_FIELDS if field != "slug")


@transaction.atomic
def organization_revert(*, organization, user, history_id):
    """A moderator restores the profile as it was in one of its history records."""
    _require(user, "orgs.revert_organization_history", organization)
    try:
        record = organization.history.get(history_id=history_id)
    except organization.history.model.DoesNotExist as exc:
        raise ValidationError(_("This version does not exist.")) from exc
    old = record.instance
    for field in REVERTABLE_FIELDS:
        setattr(organization, field, getattr(old, field))
    _save_checked(organization, user=user, reason=f"reverted to version {history_id}")
    organization.issue_fields.set([row.issuefield_id for row in record.issue_fields.all()])
    organization_search_refresh(organization=organization)
    return organization
