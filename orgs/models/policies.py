"""The privacy policy and terms of use, in versions, and each user's consent to a version (PIPL)."""

from django.conf import settings
from django.db import models

from common.fields import BoundedTextField
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class PolicyKind(models.TextChoices):
    PRIVACY = "privacy", _("Privacy policy")
    TERMS = "terms", _("Terms of use")


class PolicyDocument(models.Model):
    """One version of a policy. A published version is never edited: a change is a new version,
    so what each person agreed to stays readable."""

    kind = models.CharField(_("document"), max_length=10, choices=PolicyKind.choices)
    version = models.PositiveIntegerField(_("version"))
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    body_zh = BoundedTextField(_("text (Chinese)"), max_length=50_000)
    body_en = BoundedTextField(_("text (English)"), max_length=50_000)
    summary_zh = models.CharField(_("what changed (Chinese)"), max_length=500, blank=True)
    summary_en = models.CharField(_("what changed (English)"), max_length=500, blank=True)
    published_at = models.DateTimeField(
        _("in force from"), null=True, blank=True,
        help_text=_("Empty while it is a draft. From this time on, signed-in users are asked to agree again."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="policy_version_unique"),
            models.CheckConstraint(condition=models.Q(version__gte=1), name="policy_version_positive"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}"

    def get_absolute_url(self):
        return reverse("orgs:policy-version", args=[self.kind, self.version])

    @property
    def title(self):
        return self.title_en if get_language() == "en" and self.title_en else self.title_zh

    @property
    def body(self):
        return self.body_en if get_language() == "en" and self.body_en else self.body_zh

    @property
    def summary(self):
        return self.summary_en if get_language() == "en" and self.summary_en else self.summary_zh


class PolicyConsent(models.Model):
    """A user's agreement to one version, with its time; withdrawing keeps the record."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_consents",
                             verbose_name=_("user"))
    document = models.ForeignKey(PolicyDocument, on_delete=models.PROTECT, related_name="consents",
                                 verbose_name=_("policy version"))
    consented_at = models.DateTimeField(_("agreed at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(fields=["user", "document"], name="policy_consent_once"),
        ]

    def __str__(self):
        return f"{self.user_id} → {self.document}"
