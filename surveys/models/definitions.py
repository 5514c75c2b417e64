"""What a survey asks: surveys, sections, questions with stable keys, choices."""

import datetime

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common.fields import BoundedTextField
from common.validators import reject_html


def in_language(zh, en):
    """The English text on English pages when there is one; Chinese otherwise."""
    if en and (get_language() or "").startswith("en"):
        return en
    return zh


class SurveyKind(models.TextChoices):
    ANNUAL = "annual", _("Annual Internet-use survey")
    SELF_EVALUATION = "self_evaluation", _("Self-evaluation")
    WORKSHOP_FEEDBACK = "workshop_feedback", _("Workshop feedback")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


# Allowed status changes, checked in one place (surveys.services.lifecycle.survey_set_status):
# a draft opens, an open survey closes, a closed one may be opened again (a deadline extended).
SURVEY_TRANSITIONS = {
    SurveyStatus.DRAFT: {SurveyStatus.OPEN},
    SurveyStatus.OPEN: {SurveyStatus.CLOSED},
    SurveyStatus.CLOSED: {SurveyStatus.OPEN},
}


def default_reminder_offsets():
    return [14, 7, 2]


class Survey(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=SurveyKind.choices)
    slug = models.SlugField(_("web address"), max_length=80, unique=True)
    edition = models.PositiveSmallIntegerField(_("edition (year)"))
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, validators=[reject_html])
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True, validators=[reject_html])
    intro_zh = BoundedTextField(_("introduction (Chinese)"), blank=True, max_length=5000, validators=[reject_html])
    intro_en = BoundedTextField(_("introduction (English)"), blank=True, max_length=5000, validators=[reject_html])
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"), help_text=_("Answers are accepted until the end of this day."))
    status = models.CharField(
        _("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    reminder_offsets = ArrayField(
        models.PositiveSmallIntegerField(),
        verbose_name=_("reminders (days before closing)"),
        default=default_reminder_offsets,
        blank=True,
        help_text=_("For example 14, 7, 2: invited organizations that have not submitted are reminded then."),
    )
    results_public = models.BooleanField(
        _("results are public"),
        default=False,
        help_text=_("Anyone can see the aggregated results (never individual answers)."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-edition", "kind", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")), name="survey_closes_after_opening"
            ),
        ]
        indexes = [models.Index(fields=["kind", "edition"], name="survey_kind_edition")]
        permissions = [
            ("view_survey_results", _("Can see the results of any survey")),
            ("export_personal_data", _("Can export respondents' personal data")),
        ]

    def __str__(self):
        return f"{self.title} ({self.edition})"

    def get_absolute_url(self):
        return reverse("surveys:results", kwargs={"slug": self.slug})

    @property
    def title(self):
        return in_language(self.title_zh, self.title_en)

    @property
    def intro(self):
        return in_language(self.intro_zh, self.intro_en)

    @property
    def closes_at(self):
        """The first moment answers are refused: midnight after `closes_on`, China time."""
        midnight = datetime.datetime.combine(self.closes_on + datetime.timedelta(days=1), datetime.time())
        return timezone.make_aware(midnight)

    def accepts_answers(self, now=None):
        now = now or timezone.now()
        return self.status == SurveyStatus.OPEN and timezone.localdate(now) >= self.opens_on and now < self.closes_at


class Section(models.Model):
    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, validators=[reject_html])
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True, validators=[reject_html])

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["survey", "position", "id"]

    def __str__(self):
        return self.title

    @property
    def title(self):
        return in_language(self.title_zh, self.title_en)


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale")
    NUMBER = "number", _("Number")
    YES_NO = "yes_no", _("Yes / no")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")


CHOICE_TYPES = {QuestionType.SINGLE, QuestionType.MULTIPLE}


class Question(models.Model):
    survey = models.ForeignKey(Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )
    key = models.SlugField(
        _("key"),
        max_length=60,
        help_text=_("Stable name of the question: the same key in two editions is compared year over year."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    type = models.CharField(_("type"), max_length=12, choices=QuestionType.choices)
    text_zh = models.CharField(_("question (Chinese)"), max_length=500, validators=[reject_html])
    text_en = models.CharField(_("question (English)"), max_length=500, blank=True, validators=[reject_html])
    help_zh = models.CharField(_("help (Chinese)"), max_length=500, blank=True, validators=[reject_html])
    help_en = models.CharField(_("help (English)"), max_length=500, blank=True, validators=[reject_html])
    required = models.BooleanField(_("required"), default=True)
    scale_min = models.SmallIntegerField(_("scale from"), default=1)
    scale_max = models.SmallIntegerField(_("scale to"), default=5)
    scale_min_label_zh = models.CharField(_("label of the lowest point (Chinese)"), max_length=50, blank=True)
    scale_min_label_en = models.CharField(_("label of the lowest point (English)"), max_length=50, blank=True)
    scale_max_label_zh = models.CharField(_("label of the highest point (Chinese)"), max_length=50, blank=True)
    scale_max_label_en = models.CharField(_("label of the highest point (English)"), max_length=50, blank=True)
    number_min = models.DecimalField(_("smallest number"), max_digits=14, decimal_places=2, null=True, blank=True)
    number_max = models.DecimalField(_("largest number"), max_digits=14, decimal_places=2, null=True, blank=True)
    show_if_question = models.ForeignKey(
        "self",
        verbose_name=_("show only if question"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dependents",
    )
    show_if_values = ArrayField(
        models.CharField(max_length=60),
        verbose_name=_("has one of the answers"),
        default=list,
        blank=True,
        help_text=_("Choice values, or yes / no, of the question above that make this question appear."),
    )
    in_profile_summary = models.BooleanField(
        _("in the profile summary"),
        default=False,
        help_text=_("Shown in the organization's digital-capacity summary, if it agrees."),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="question_key_unique_in_survey"),
            models.CheckConstraint(condition=models.Q(scale_max__gt=models.F("scale_min")), name="question_scale_range"),
            models.CheckConstraint(
                condition=models.Q(number_min__isnull=True)
                | models.Q(number_max__isnull=True)
                | models.Q(number_max__gte=models.F("number_min")),
                name="question_number_range",
            ),
        ]

    def __str__(self):
        return f"{self.key}: {self.text}"

    @property
    def text(self):
        return in_language(self.text_zh, self.text_en)

    @property
    def help(self):
        return in_language(self.help_zh, self.help_en)

    @property
    def scale_min_label(self):
        return in_language(self.scale_min_label_zh, self.scale_min_label_en)

    @property
    def scale_max_label(self):
        return in_language(self.scale_max_label_zh, self.scale_max_label_en)

    @property
    def has_choices(self):
        return self.type in CHOICE_TYPES

    def clean(self):
        if self.show_if_question_id and self.show_if_question.survey_id != self.survey_id:
            raise ValidationError({"show_if_question": _("The condition must be a question of the same survey.")})
        if self.show_if_question_id and not self.show_if_values:
            raise ValidationError({"show_if_values": _("Give the answers that make this question appear.")})


class Choice(models.Model):
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices")
    value = models.SlugField(_("value"), max_length=60, help_text=_("Stable key of the answer, e.g. weekly."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label_zh = models.CharField(_("label (Chinese)"), max_length=200, validators=[reject_html])
    label_en = models.CharField(_("label (English)"), max_length=200, blank=True, validators=[reject_html])

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["question", "value"], name="choice_value_unique_in_question"),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return in_language(self.label_zh, self.label_en)
