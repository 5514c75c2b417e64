"""Sending email exactly once per purpose, whatever the retries."""

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from common.models import SentEmail


def email_send_once(*, key, to, subject, body):
    """Send `body` to `to` unless an email with this key was already sent. Returns True if sent.

    The row is claimed with a row lock so two workers running the same task cannot both send;
    a failure to send leaves `sent_at` empty and the task's retry sends it.
    """
    try:
        with transaction.atomic():
            SentEmail.objects.get_or_create(key=key, defaults={"to": to, "subject": subject[:300]})
    except IntegrityError:
        pass  # another worker created it between our read and write: the lock below sorts it out
    with transaction.atomic():
        record = SentEmail.objects.select_for_update().get(key=key)
        if record.sent_at is not None:
            return False
        send_mail(subject, body, None, [to], fail_silently=False)
        record.sent_at = timezone.now()
        record.save(update_fields=["sent_at"])
    return True
