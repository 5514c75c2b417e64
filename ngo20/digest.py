"""The moderators' daily digest: what waits in each moderation queue, with links to the admin.

It counts queues of several apps, so it lives in the project package (which may import every app).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.emails import email_send_once
from evaluation.models import FieldEvaluation, Rating
from evaluation.models.field import FieldEvaluationStatus
from evaluation.models.ratings import RatingStatus
from mapplatform.models import Flag, Suggestion
from mapplatform.models.flags import FlagStatus
from mapplatform.models.suggestions import SuggestionStatus
from orgs.models import Organization, OrganizationStatus
from orgs.rules import MODERATORS


def moderation_queues():
    """[(label, count, admin URL)] of every queue, each counted in one query."""
    admin = settings.SITE_URL.rstrip("/")
    return [
        (_("Organizations waiting for review"),
         Organization.objects.filter(status=OrganizationStatus.PENDING).count(),
         admin + reverse("admin:orgs_organization_changelist") + "?status__exact=pending"),
        (_("Open reports of inappropriate content"), Flag.objects.filter(status=FlagStatus.OPEN).count(),
         admin + reverse("admin:mapplatform_flag_changelist") + "?status__exact=open"),
        (_("Suggested organizations to check"),
         Suggestion.objects.filter(status=SuggestionStatus.PENDING).count(),
         admin + reverse("admin:mapplatform_suggestion_changelist") + "?status__exact=pending"),
        (_("Ratings held after an unusual burst"), Rating.objects.filter(status=RatingStatus.HELD).count(),
         admin + reverse("admin:evaluation_rating_changelist") + "?status__exact=held"),
        (_("Field evaluations waiting for approval"),
         FieldEvaluation.objects.filter(status=FieldEvaluationStatus.SUBMITTED).count(),
         admin + reverse("admin:evaluation_fieldevaluation_changelist") + "?status__exact=submitted"),
    ]




def moderation_digest_send(*, day=None):
    """Email each moderator today's queues once (nothing when every queue is empty)."""
    day = day or timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        queues = moderation_queues()
        if not any(count for _text, count, _url in queues):
            return 0
        context = {"queues": queues, "day": day}
        subject = render_to_string("moderation_digest_subject.txt", context).strip()
        body = render_to_string("moderation_digest_body.txt", context)
    recipients = (
        get_user_model().objects.filter(groups__name=MODERATORS, is_active=True)
        .values_list("email", flat=True).order_by("email")[:200]
    )
    return sum(
        email_send_once(key=f"moderation-digest:{day.isoformat()}:{email}", to=email, subject=subject, body=body)
        for email in recipients
    )
