"""Rendering emails as plain text and sending each exactly once per purpose, whatever the retries."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template import engines
from django.utils import translation
from django.db import IntegrityError, transaction
from django.utils import timezone

from common.models import SentEmail


def email_send_once(*, key, to, subject, body, headers=None, attachments=()):
    """Send `body` to `to` unless an email with this key was already sent. Returns True if sent.
    `headers` adds mail headers (List-Unsubscribe for a digest, say).

    `attachments`: (filename, content bytes, MIME type) triples, e.g. a check-in QR code.

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
        message = EmailMessage(subject, body, None, [to], headers=headers or None)
        for filename, content, mimetype in attachments:
            message.attach(filename, content, mimetype)
        message.send(fail_silently=False)
        record.sent_at = timezone.now()
        record.save(update_fields=["sent_at"])
    return True


def site_url(path=""):
    """An absolute link for an email: emails are sent by workers, where no request names the host."""
    return settings.SITE_URL.rstrip("/") + path


def render_email(template_prefix, context):
    """(subject, body) from `<template_prefix>_subject.txt` and `_body.txt`, in the site's language.

    Rendered by the "email" template engine, which does not HTML-escape: a plain-text email shows
    妇女&儿童 as written. Every email gets the site's configured name and address."""
    engine = engines["email"]
    with translation.override(settings.LANGUAGE_CODE):
        context = {"site_name": translation.gettext("NGO 2.0"), "site_url": site_url("/"), **context}
        subject = engine.get_template(f"{template_prefix}_subject.txt").render(context)
        body = engine.get_template(f"{template_prefix}_body.txt").render(context)
    return " ".join(subject.split()), body
