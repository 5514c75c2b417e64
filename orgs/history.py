"""Profile history in words people read: change reasons and changed values, translated.

Services store short machine reasons ("created", "edited", "status: published", "reverted to
version 12", "published from suggestion 3"), so the history stays readable in any language; this
module turns them, and choice codes and linked rows in the diff, into translated labels.
"""

import re

from django.utils.translation import gettext as _

from .models import Organization, OrganizationStatus

_STATUS = re.compile(r"^status: (?P<status>\w+)$")
_REVERTED = re.compile(r"^reverted to version (?P<id>\d+)$")
_FROM_SUGGESTION = re.compile(r"^published from suggestion (?P<id>\d+)$")


def change_reason_label(reason):
    """The stored reason of a history record, as the reader's language says it."""
    if not reason:
        return ""
    if reason == "created":
        return _("Profile created")
    if reason == "edited":
        return _("Profile edited")
    if match := _STATUS.match(reason):
        status = match["status"]
        label = OrganizationStatus(status).label if status in OrganizationStatus.values else status
        return _("Status changed to %(status)s") % {"status": label}
    if match := _REVERTED.match(reason):
        return _("Restored to version %(id)s") % {"id": match["id"]}
    if match := _FROM_SUGGESTION.match(reason):
        return _("Published from a visitor's suggestion (no. %(id)s)") % {"id": match["id"]}
    return reason  # written by a person (a moderator's reason): shown as written


def value_label(field_name, value, related=None):
    """A changed value as shown on the profile: a choice's label, a linked row's name."""
    if value is None or value == "":
        return ""
    field = Organization._meta.get_field(field_name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation and related is not None:
        return str(related.get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value
