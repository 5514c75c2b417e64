"""How organizations answer: invitations with tokens, one response each, one row per answer."""

import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.fields import BoundedTextField
from orgs.models import Organization

from .definitions import Question, Survey


def new_token():
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """A personal link for one organization to answer one survey, sent to its contact."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="invitations")
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="survey_invitations"
    )
    email = models.EmailField(_("sent to"))
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invited by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "organization"], name="invitation_one_per_org"),
        ]

    def __str__(self):
        return f"{self.survey} → {self.organization}"


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Response(models.Model):
    """An organization's answers to a survey: saved as a draft as it goes, then submitted."""

    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses")
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="survey_responses"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    invitation = models.ForeignKey(
        Invitation, verbose_name=_("invitation"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    show_on_profile = models.BooleanField(
        _("show the digital-capacity summary on our profile"), default=False
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            # An organization answers once per survey, whoever starts it and however.
            models.UniqueConstraint(fields=["survey", "organization"], name="response_one_per_org"),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(submitted_at__isnull=False),
                name="response_submitted_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["survey", "status"], name="response_survey_status"),
            models.Index(fields=["updated_at"], name="response_updated"),  # the trust-score sweep
        ]

    def __str__(self):
        return f"{self.organization} – {self.survey}"

    @property
    def is_submitted(self):
        return self.status == ResponseStatus.SUBMITTED


class Answer(models.Model):
    """One answer, typed so SQL can count and average it."""

    response = models.ForeignKey(Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers")
    choices = ArrayField(models.CharField(max_length=60), verbose_name=_("chosen values"), default=list, blank=True)
    number = models.DecimalField(_("number"), max_digits=14, decimal_places=2, null=True, blank=True)
    boolean = models.BooleanField(_("yes or no"), null=True, blank=True)
    text = BoundedTextField(_("text"), blank=True, max_length=5000)
    updated_at = models.DateTimeField(_("saved"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_one_per_question"),
        ]
        indexes = [models.Index(fields=["question", "response"], name="answer_question_response")]

    def __str__(self):
        return f"{self.question.key}"
