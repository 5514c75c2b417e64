"""Letting a database constraint decide "only one", and saying so in the user's words."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction


def save_or_refuse(obj, message):
    """Save `obj` in a savepoint; if a constraint refuses it (say two clicks raced past the
    service's own check), raise ValidationError(message) and leave the transaction usable."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        raise ValidationError(message) from exc
    return obj
