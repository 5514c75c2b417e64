"""A person's own data: download it, delete it (China's PIPL asks for both), and the name pages
show for them.

Each app declares what it holds about a person in its `personal_data.py` (common.personal_data);
these services collect and erase through that registry, so orgs imports no app above it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.personal_data import erase_all, export_all
from common.validators import reject_html

DISPLAY_NAME_MAX = 100


def user_data_export(*, user):
    """Everything the platform holds about the person, as plain data for a JSON download."""
    return {"exported": timezone.now().isoformat(), **export_all(user)}


@transaction.atomic
def user_delete(*, user):
    """Delete the person's data and account; returns what happened, line by line.

    Never refused: personal content is deleted; what is an organization's record (its profile edits,
    accepted workshop places, approved field visits, matched cases, survey answers) stays without the
    person's name; ratings go, and their history rows lose the author; the sent-email log loses the
    address. Every eraser runs in this one transaction, so a failure leaves nothing half-deleted.
    """
    lines = erase_all(user)
    user.delete()
    return lines


def user_display_name_set(*, user, display_name):
    """The name other people see instead of the email address. Empty: a neutral "user N"."""
    value = " ".join((display_name or "").split())
    if len(value) > DISPLAY_NAME_MAX:
        raise ValidationError(
            {"display_name": _("At most %(max)d characters, please.") % {"max": DISPLAY_NAME_MAX}})
    if "@" in value:
        raise ValidationError({"display_name": _("A display name cannot contain “@”: it is shown to everyone.")})
    try:
        reject_html(value)
    except ValidationError as error:
        raise ValidationError({"display_name": error.messages}) from error
    user.display_name = value
    user.save(update_fields=["display_name"])
    return user
