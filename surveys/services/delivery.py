"""Sending one survey email: an invitation or a reminder, each exactly once (called by tasks)."""

from django.conf import settings
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone, translation

from common.emails import email_send_once, render_email, site_url
from common.models import SentEmail

from ..models import Invitation, Response, ResponseStatus, Survey, SurveyStatus


def invitation_key(invitation):
    return f"survey:{invitation.survey_id}:invitation:{invitation.pk}"


def reminder_key(invitation, offset):
    return f"survey:{invitation.survey_id}:reminder:{invitation.pk}:{offset}"


def _survey_email(invitation, template, extra=None):
    survey = invitation.survey
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "survey": survey,
            "organization": invitation.organization,
            "url": site_url(reverse("surveys:invitation", kwargs={"token": invitation.token})),
            **(extra or {}),
        }
    return render_email(f"surveys/email/{template}", context)


def _has_submitted(invitation):
    return Response.objects.filter(
        survey_id=invitation.survey_id, organization_id=invitation.organization_id, status=ResponseStatus.SUBMITTED
    ).exists()


def invitation_send(*, invitation_id):
    """Email one invitation (once, whatever the retries). Returns True if an email went out."""
    invitation = Invitation.objects.select_related("survey", "organization").filter(pk=invitation_id).first()
    if invitation is None or invitation.survey.status == SurveyStatus.CLOSED:
        return False
    if timezone.now() >= invitation.survey.closes_at:
        return False
    subject, body = _survey_email(invitation, "invitation")
    return email_send_once(key=invitation_key(invitation), to=invitation.email, subject=subject, body=body)


def _emailed_today(invitation, today):
    return SentEmail.objects.filter(
        Q(key=invitation_key(invitation)) | Q(key__startswith=f"survey:{invitation.survey_id}:reminder:{invitation.pk}:"),
        sent_at__date=today,
    ).exists()


def due_reminder_offset(survey, today):
    """The reminder due today: the nearest offset already reached (a late run catches up with
    the latest one only, never with a burst of old ones)."""
    days_left = (survey.closes_on - today).days
    reached = [offset for offset in survey.reminder_offsets if offset >= days_left >= 0]
    return min(reached) if reached else None


def reminder_send(*, invitation_id, offset, today=None):
    """Remind one organization, if it still has not submitted, the survey is open, this reminder
    was not sent before and it had no email from this survey today."""
    today = today or timezone.localdate()
    invitation = Invitation.objects.select_related("survey", "organization").filter(pk=invitation_id).first()
    if invitation is None or not invitation.survey.accepts_answers():
        return False
    if _has_submitted(invitation) or _emailed_today(invitation, today):
        return False
    subject, body = _survey_email(invitation, "reminder", {"days_left": (invitation.survey.closes_on - today).days})
    return email_send_once(key=reminder_key(invitation, offset), to=invitation.email, subject=subject, body=body)


def reminders_due(*, today=None):
    """(invitation id, offset) of every reminder due today: open surveys, invited organizations
    that have not submitted and were not yet reminded at today's offset."""
    today = today or timezone.localdate()
    for survey in Survey.objects.filter(status=SurveyStatus.OPEN, opens_on__lte=today, closes_on__gte=today):
        offset = due_reminder_offset(survey, today)
        if offset is None:
            continue
        submitted = Response.objects.filter(
            survey=survey, organization_id=OuterRef("organization_id"), status=ResponseStatus.SUBMITTED
        )
        reminded = SentEmail.objects.filter(
            key=Concat(
                Value(f"survey:{survey.pk}:reminder:"),
                Cast(OuterRef("pk"), CharField()),
                Value(f":{offset}"),
            ),
            sent_at__isnull=False,
        )
        due = (
            Invitation.objects.filter(survey=survey)
            .exclude(Exists(submitted))
            .exclude(Exists(reminded))
            .values_list("pk", flat=True)
        )
        for invitation_id in due.iterator(chunk_size=2000):
            yield invitation_id, offset


def surveys_close_expired(*, now=None):
    """Mark open surveys whose last day has passed as closed (answers are refused either way)."""
    today = timezone.localdate(now or timezone.now())
    return Survey.objects.filter(status=SurveyStatus.OPEN, closes_on__lt=today).update(status=SurveyStatus.CLOSED)
