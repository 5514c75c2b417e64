"""The trust score: its dimensions, the points self-evaluation answers carry, the computed scores
and their history, and funders' shortlists."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from orgs.models import Organization
from surveys.models import QuestionType, Survey

from .. import method

# The answer values a yes / no question can carry points for.
ANSWER_YES, ANSWER_NO = "yes", "no"


class Dimension(models.TextChoices):
    PUBLIC_TRUST = "public_trust", _("Public trust")
    FINANCIAL = "financial", _("Financial management")
    INFLUENCE = "influence", _("Social influence")


class AnswerPoints(models.Model):
    """Points a self-evaluation answer carries toward one dimension.

    Matches an answer when it chose `answer_value` (a choice value, or yes / no), or when a number
    answer is at least `min_number`.
    """

    survey = models.ForeignKey(Survey, verbose_name=_("self-evaluation questionnaire"), on_delete=models.CASCADE,
                               related_name="answer_points", limit_choices_to={"kind": "self_evaluation"})
    question_key = models.SlugField(_("question key"), max_length=60)
    answer_value = models.CharField(_("answer"), max_length=60, blank=True)
    min_number = models.DecimalField(_("at least"), max_digits=14, decimal_places=2, null=True, blank=True)
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    points = models.PositiveSmallIntegerField(_("points"))

    class Meta:
        verbose_name = _("points of a self-evaluation answer")
        verbose_name_plural = _("points of self-evaluation answers")
        ordering = ["survey", "question_key"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(answer_value="") | models.Q(min_number__isnull=False),
                name="answerpoints_value_or_number",
            ),
        ]

    def __str__(self):
        return f"{self.question_key}={self.answer_value or '≥' + str(self.min_number)}: {self.points}"

    def clean(self):
        """Points only for a question the questionnaire has, and for an answer it can give."""
        if not self.survey_id or not self.question_key:
            return
        question = self.survey.questions.filter(key=self.question_key).first()
        if question is None:
            raise ValidationError({"question_key": _("This questionnaire has no question with the key "
                                                     "%(key)s.") % {"key": self.question_key}})
        if self.min_number is not None and question.type not in (QuestionType.NUMBER, QuestionType.SCALE):
            raise ValidationError({"min_number": _("Only number and scale questions take a minimum.")})
        if self.answer_value:
            if question.type == QuestionType.YES_NO:
                allowed = {ANSWER_YES, ANSWER_NO}
            elif question.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
                allowed = set(question.choices.values_list("value", flat=True))
            else:
                allowed = set()
            if self.answer_value not in allowed:
                raise ValidationError({"answer_value": _("%(value)s is not an answer this question offers.")
                                       % {"value": self.answer_value}})


def _source_score(verbose_name):
    return models.DecimalField(verbose_name, max_digits=4, decimal_places=1, null=True, blank=True)


def _number(value):
    return None if value is None else float(value)


class TrustScore(models.Model):
    """An organization's current score, written only by the recompute (services/scoring.py)."""

    organization = models.OneToOneField(Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
                                        primary_key=True, related_name="trust_score_detail")
    public_trust = models.DecimalField(_("public trust"), max_digits=4, decimal_places=1, null=True)
    financial = models.DecimalField(_("financial management"), max_digits=4, decimal_places=1, null=True)
    influence = models.DecimalField(_("social influence"), max_digits=4, decimal_places=1, null=True)
    overall = models.DecimalField(_("overall"), max_digits=4, decimal_places=1)
    grade = models.CharField(_("grade"), max_length=1)
    confidence = models.CharField(_("confidence"), max_length=6)
    # How much evidence there is, in plain columns: the recompute compares these (not the evidence
    # document) to find the scores that changed.
    ratings_count = models.PositiveIntegerField(_("ratings"), default=0)
    field_count = models.PositiveIntegerField(_("field evaluations"), default=0)
    field_latest = models.DateField(_("latest field evaluation"), null=True)
    self_submitted_at = models.DateTimeField(_("self-evaluation submitted"), null=True)
    partners = models.PositiveIntegerField(_("partners in confirmed matches"), default=0)
    evidence_points = models.PositiveSmallIntegerField(_("evidence points"), default=0)
    # Each source's scores (public trust, financial management, social influence; matches count
    # toward influence only), None where the source has no evidence. Plain columns rather than a
    # document: building a JSON document per row was a fifth of a recompute that rewrote every
    # score; `evidence` assembles it when a profile is shown.
    rating_public_trust = _source_score(_("public ratings: public trust"))
    rating_financial = _source_score(_("public ratings: financial management"))
    rating_influence = _source_score(_("public ratings: social influence"))
    field_public_trust = _source_score(_("field evaluation: public trust"))
    field_financial = _source_score(_("field evaluation: financial management"))
    field_influence = _source_score(_("field evaluation: social influence"))
    self_public_trust = _source_score(_("self-evaluation: public trust"))
    self_financial = _source_score(_("self-evaluation: financial management"))
    self_influence = _source_score(_("self-evaluation: social influence"))
    matches_influence = _source_score(_("confirmed matches: social influence"))
    SOURCE_SCORE_FIELDS = ("rating_public_trust", "rating_financial", "rating_influence", "field_public_trust",
                           "field_financial", "field_influence", "self_public_trust", "self_financial",
                           "self_influence", "matches_influence")
    # The transparency index (method.TRANSPARENCY_INDICATORS), 0–100, and its parts by category
    # (each the share of that category's applicable points earned), and the indicators met.
    transparency_index = models.DecimalField(_("transparency index"), max_digits=4, decimal_places=1, default=0)
    transparency_basic = models.DecimalField(_("transparency: basic information"), max_digits=4, decimal_places=1,
                                             default=0)
    transparency_financial = models.DecimalField(_("transparency: financial information"), max_digits=4,
                                                 decimal_places=1, default=0)
    transparency_projects = models.DecimalField(_("transparency: projects"), max_digits=4, decimal_places=1,
                                                default=0)
    transparency_donors = models.DecimalField(_("transparency: donors"), max_digits=4, decimal_places=1, default=0)
    transparency_met = ArrayField(models.CharField(max_length=30), verbose_name=_("transparency indicators met"),
                                  default=list, blank=True)
    method_version = models.CharField(_("method"), max_length=10)
    computed_at = models.DateTimeField(_("computed"))
    # The organization's province, copied here (by the recompute, and by a trigger when a profile
    # moves: migration 0010) so the funders' list filtered by province walks its sort index over
    # this table alone, instead of reading every organization of the province and sorting them.
    province_code = models.CharField(_("province"), max_length=6, blank=True, default="")

    class Meta:
        verbose_name = _("trust score")
        verbose_name_plural = _("trust scores")
        indexes = [
            # The funders' list sorts by any dimension and filters by grade or confidence: one index
            # per order it offers, ending with the organization so ties (thousands share a score)
            # come in index order instead of being sorted at every request. The province last: a
            # province's list walks the index checking it in each entry, and reads only its own
            # provinces' rows (scores are wide: reading each one cost ~5 µs).
            models.Index(fields=["-overall", "organization", "province_code"], name="trustscore_overall_p"),
            models.Index(fields=["-public_trust", "organization", "province_code"], name="trustscore_public_trust_p"),
            models.Index(fields=["-financial", "organization", "province_code"], name="trustscore_financial_p"),
            models.Index(fields=["-influence", "organization", "province_code"], name="trustscore_influence_p"),
            models.Index(fields=["-transparency_index", "organization", "province_code"],
                         name="trustscore_transparency_p"),
            models.Index(fields=["grade", "-overall", "organization"], name="trustscore_grade"),
            models.Index(fields=["confidence", "-overall", "organization"], name="trustscore_confidence"),
        ]

    def __str__(self):
        return f"{self.organization}: {self.overall} ({self.grade})"

    @property
    def evidence(self):
        """What each source contributed, source by source (the shape trust_explanation reads):
        its amount of evidence, its weight (0 without evidence) and its scores."""

        def weight(present, value):
            return float(value) if present else 0

        def scores(*values):
            return [_number(value) for value in values]

        neutral = Decimal(method.NEUTRAL_SCORE)

        def counted(index):  # the transparency index as a source (method.WEIGHT_TRANSPARENCY)
            value = neutral + (100 - neutral) * Decimal(index) / 100
            return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))

        return {
            "ratings": {"count": self.ratings_count, "weight": weight(self.ratings_count > 0, method.WEIGHT_PUBLIC),
                        "scores": scores(self.rating_public_trust, self.rating_financial, self.rating_influence)},
            "field": {"count": self.field_count,
                      "latest": self.field_latest.isoformat() if self.field_latest else None,
                      "weight": weight(self.field_count > 0, method.WEIGHT_FIELD),
                      "scores": scores(self.field_public_trust, self.field_financial, self.field_influence)},
            "self": {"submitted": self.self_submitted_at.isoformat() if self.self_submitted_at else None,
                     "weight": weight(self.self_submitted_at is not None, method.WEIGHT_SELF),
                     "scores": scores(self.self_public_trust, self.self_financial, self.self_influence)},
            "matches": {"count": self.partners, "weight": weight(self.partners > 0, method.WEIGHT_MATCHES),
                        "score": _number(self.matches_influence)},
            "transparency": {
                "index": float(self.transparency_index),
                "weight": weight(self.transparency_index > 0, method.WEIGHT_TRANSPARENCY),
                "parts": {str(category): float(value) for category, value in zip(method.TRANSPARENCY_CATEGORIES, (
                    self.transparency_basic, self.transparency_financial, self.transparency_projects,
                    self.transparency_donors))},
                "met": list(self.transparency_met),
                "scores": [counted(self.transparency_index), counted(self.transparency_financial), None],
            },
            "evidence_points": self.evidence_points,
        }

    @property
    def confidence_label(self):
        return method.confidence_label(self.confidence)


class TrustScoreHistory(models.Model):
    # No index of its own: the unique (organization, day) constraint's index serves every lookup by
    # organization, and one index less is one write less per history row in the nightly recompute.
    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
                                     related_name="trust_history", db_index=False)
    day = models.DateField(_("day"))
    overall = models.DecimalField(_("overall"), max_digits=4, decimal_places=1)
    public_trust = models.DecimalField(_("public trust"), max_digits=4, decimal_places=1, null=True)
    financial = models.DecimalField(_("financial management"), max_digits=4, decimal_places=1, null=True)
    influence = models.DecimalField(_("social influence"), max_digits=4, decimal_places=1, null=True)
    grade = models.CharField(_("grade"), max_length=1)
    transparency_index = models.DecimalField(_("transparency index"), max_digits=4, decimal_places=1, null=True)
    method_version = models.CharField(_("method"), max_length=10)

    class Meta:
        verbose_name = _("trust score history")
        verbose_name_plural = _("trust score history")
        ordering = ["organization", "day"]
        constraints = [models.UniqueConstraint(fields=["organization", "day"], name="trusthistory_one_per_day")]

    def __str__(self):
        return f"{self.organization} {self.day.isoformat()}: {self.overall} ({self.grade})"


class Shortlist(models.Model):
    """A funder's list of organizations to look at more closely."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("funder"), on_delete=models.CASCADE,
                             related_name="shortlist")
    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
                                     related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("shortlisted organization")
        verbose_name_plural = _("shortlists")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="shortlist_once")]

    def __str__(self):
        return f"{self.user}: {self.organization}"
