"""Disclosures (信息公开): members publish and correct them, moderators and assessors verify them.

Every write goes through here, from the members' pages and the admin alike: the permission rule,
the per-kind facts (evaluation.disclosure_details), the rate limit, the history, and after the
commit the member's email and the recompute of the organization's score and page.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.images import photo_versions
from common.ratelimits import rate_limit
from common.transactions import on_commit_delay
from common.validators import validate_attachment
from orgs.services.pagecache import organization_page_changed

from ..disclosure_details import DOCUMENT_KINDS, UNDATED_KINDS, details_clean
from ..models import Disclosure, DisclosureKind, DisclosureStatus
from ..models.disclosures import YEAR_MAX, YEAR_MIN
from ..tasks import notify_disclosure_review
from .recompute import schedule_recompute

# Who decides what: a correction by a member always goes back to pending (disclosure_update);
# a reviewer may also change their mind about a decided item.
REVIEW_TRANSITIONS = {
    DisclosureStatus.PENDING: {DisclosureStatus.VERIFIED, DisclosureStatus.REJECTED},
    DisclosureStatus.VERIFIED: {DisclosureStatus.REJECTED},
    DisclosureStatus.REJECTED: {DisclosureStatus.VERIFIED},
}


def _check(disclosure, *, details, file_changed):
    """Validate the item as a member submits it; raise every error at once, keyed by field."""
    errors = {}
    if disclosure.kind not in DisclosureKind.values:
        raise ValidationError({"kind": [_("Choose a kind of disclosure.")]})
    try:
        disclosure.details = details_clean(disclosure.kind, details)
    except ValidationError as error:
        errors.update(error.message_dict if hasattr(error, "error_dict") else {"details": error.messages})
    today = timezone.localdate()
    if disclosure.year is None:
        if disclosure.kind not in UNDATED_KINDS:
            errors["year"] = [_("Give the year this item covers.")]
    elif not YEAR_MIN <= disclosure.year <= min(YEAR_MAX, today.year + 1):
        errors["year"] = [_("Give a year from %(first)d to %(last)d.") % {"first": YEAR_MIN, "last": today.year + 1}]
    if disclosure.published_on and disclosure.published_on > today:
        errors["published_on"] = [_("The publication date cannot be in the future.")]
    if disclosure.kind in DOCUMENT_KINDS and not disclosure.file:
        errors["file"] = [_("Attach the document: a PDF, JPEG or PNG file.")]
    exclude = ["organization", "details", "status", "created_by", "reviewed_by"]
    if not file_changed:
        exclude.append("file")  # an unchanged file was checked when it came
    try:
        disclosure.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


def _stored_file(upload):
    """What is stored of an upload: a PDF as it came; a scan or photo (JPEG, PNG) re-encoded
    upright without its metadata (a phone photo's EXIF carries where it was taken), by
    common.images. Checked by content and size first, with the attachments' messages."""
    try:
        validate_attachment(upload)
        upload.seek(0)
        if upload.read(5) == b"%PDF-":
            upload.seek(0)
            return upload
        display, _thumbnail = photo_versions(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    return display


def _counted_change(disclosure):
    """The item counted, or counts now: the index, the score and the profile page change."""
    schedule_recompute(disclosure.organization_id)
    organization_page_changed(disclosure.organization_id)


@transaction.atomic
def disclosure_create(*, organization, user, kind, title, published_on, year=None, details=None, file=None):
    """A member publishes a new item on their organization's profile; it waits for verification."""
    if not user.has_perm("evaluation.publish_disclosure", organization):
        raise PermissionDenied(_("Only members of the organization publish its disclosures."))
    disclosure = Disclosure(organization=organization, kind=kind, year=year, title=(title or "").strip(),
                            published_on=published_on, created_by=user, status=DisclosureStatus.PENDING)
    if file is not None:
        disclosure.file = _stored_file(file)
    _check(disclosure, details=details, file_changed=file is not None)
    rate_limit(group="disclosure_save", key=user.pk)
    disclosure._history_user = user
    disclosure.save()
    return disclosure


@transaction.atomic
def disclosure_update(*, disclosure, user, title, published_on, year=None, details=None, file=None):
    """A member corrects an item. It goes back to pending, even if verified: a reviewer checks the
    correction; the history keeps every earlier version. The kind does not change."""
    disclosure = Disclosure.objects.select_for_update().select_related("organization").get(pk=disclosure.pk)
    if not user.has_perm("evaluation.correct_disclosure", disclosure):
        raise PermissionDenied(_("Only members of the organization correct its disclosures."))
    counted = disclosure.counts
    disclosure.title = (title or "").strip()
    disclosure.published_on = published_on
    disclosure.year = year
    if file is not None:
        disclosure.file = _stored_file(file)
    _check(disclosure, details=details, file_changed=file is not None)
    rate_limit(group="disclosure_save", key=user.pk)
    disclosure.status = DisclosureStatus.PENDING
    disclosure.rejection_reason = ""
    disclosure.reviewed_by = None
    disclosure.reviewed_at = None
    disclosure._history_user = user
    disclosure._change_reason = "correction"
    disclosure.save()
    if counted:
        _counted_change(disclosure)
    return disclosure


@transaction.atomic
def disclosure_review(*, disclosure, user, status, reason=""):
    """A moderator or assessor (never of their own organization) verifies an item, or rejects it
    with a reason. The member who published it is told by email, once per decision."""
    disclosure = Disclosure.objects.select_for_update().select_related("organization").get(pk=disclosure.pk)
    if not user.has_perm("evaluation.review_disclosure", disclosure):
        if user.has_perm("evaluation.review_disclosures"):
            raise PermissionDenied(_("You cannot verify your own organization's disclosures."))
        raise PermissionDenied(_("Only moderators and assessors verify disclosures."))
    reason = (reason or "").strip()
    if status not in REVIEW_TRANSITIONS.get(disclosure.status, ()):
        raise ValidationError({"status": [_("This item cannot go from “%(old)s” to “%(new)s”.") % {
            "old": disclosure.get_status_display(), "new": DisclosureStatus(status).label
            if status in DisclosureStatus.values else status}]})
    if status == DisclosureStatus.REJECTED and not reason:
        raise ValidationError({"reason": [_("Say why the item is rejected, so the organization can correct it.")]})
    if len(reason) > 1000:
        raise ValidationError({"reason": [_("Write at most %(limit)d characters.") % {"limit": 1000}]})
    counted = disclosure.counts
    disclosure.status = status
    disclosure.rejection_reason = reason if status == DisclosureStatus.REJECTED else ""
    disclosure.reviewed_by = user
    disclosure.reviewed_at = timezone.now()
    disclosure._history_user = user
    disclosure.save()
    on_commit_delay(notify_disclosure_review, disclosure.pk, disclosure.reviewed_at.isoformat())
    if counted or disclosure.counts:
        _counted_change(disclosure)
    return disclosure


@transaction.atomic
def disclosure_set_hidden(*, disclosure, user, hidden):
    """A moderator hides an item (it stays, and counts nowhere) or shows it again."""
    disclosure = Disclosure.objects.select_for_update().select_related("organization").get(pk=disclosure.pk)
    if not user.has_perm("evaluation.hide_disclosure"):
        raise PermissionDenied(_("Only moderators can do this."))
    if disclosure.is_hidden == hidden:
        return disclosure
    counted = disclosure.counts
    disclosure.is_hidden = hidden
    disclosure._history_user = user
    disclosure.save()
    if counted or disclosure.counts:
        _counted_change(disclosure)
    return disclosure
