"""Consent to the privacy policy and terms of use (PIPL): recorded per version, withdrawable."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import PolicyConsent
from ..selectors import POLICY_CACHE_KEY, policy_current_documents


def policy_consent_record(*, user, documents=None):
    """Record that `user` agrees to `documents` (default: the versions in force) now.

    Agreeing again after a withdrawal starts a fresh record time; agreeing twice is harmless."""
    documents = policy_current_documents() if documents is None else documents
    now = timezone.now()
    with transaction.atomic():
        for document in documents:
            consent, created = PolicyConsent.objects.get_or_create(user=user, document=document)
            if not created and consent.withdrawn_at is not None:
                consent.withdrawn_at = None
                consent.consented_at = now
                consent.save(update_fields=["withdrawn_at", "consented_at"])
    return documents


def policy_consent_withdraw(*, user):
    """Withdraw every consent of `user`. The records stay (when and what was agreed is evidence);
    until the user agrees again the platform refuses their writes."""
    return PolicyConsent.objects.filter(user=user, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())


def policy_cache_clear():
    """Called when a version is published or changed in the admin, so it takes effect at once."""
    cache.delete(POLICY_CACHE_KEY)


def policy_document_save(*, document):
    """Save a draft or a new version (the admin's only write). A published version is frozen, so
    what people agreed to stays as it was; a change is a new version."""
    if document.pk:
        stored = type(document).objects.get(pk=document.pk)
        if stored.published_at is not None and stored.published_at <= timezone.now():
            raise ValidationError(_("A version in force cannot be changed. Add a new version instead."))
    document.full_clean()
    document.save()
    policy_cache_clear()
    return document
