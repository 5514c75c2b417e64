"""An organization's public profile: what it is, where it works, how to reach it."""

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db.models import F, Func
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common import credit_codes
from common.fields import BoundedTextField, ChinesePhoneField, WebsiteField
from common.validators import reject_html, validate_logo

from .reference import Division, IssueField, ProvinceBoundary


class OrganizationKind(models.TextChoices):
    NGO = "ngo", _("Grassroots NGO")
    FOUNDATION = "foundation", _("Foundation")
    CSR = "csr", _("Corporate CSR program")
    GOVERNMENT = "government", _("Government body")
    ACADEMIC = "academic", _("Academic or research institution")
    OTHER = "other", _("Media or other")


class RegistrationStatus(models.TextChoices):
    """How Chinese NGOs are registered. The first three are registered with civil affairs (民政);
    SOCIAL_ORGANIZATION is kept for profiles saved before the three were told apart."""

    SOCIAL_GROUP = "social_group", _("Social association (社会团体)")
    SOCIAL_SERVICE = "social_service", _("Private non-enterprise unit / social service organization")
    FOUNDATION = "foundation", _("Foundation (基金会)")
    SOCIAL_ORGANIZATION = "social_organization", _("Registered with civil affairs (type not given)")
    BUSINESS = "business", _("Business-registered (工商注册)")
    AFFILIATED = "affiliated", _("Affiliated with a registered body (挂靠)")
    UNREGISTERED = "unregistered", _("Unregistered")


CIVIL_AFFAIRS_REGISTRATIONS = {
    RegistrationStatus.SOCIAL_GROUP,
    RegistrationStatus.SOCIAL_SERVICE,
    RegistrationStatus.FOUNDATION,
    RegistrationStatus.SOCIAL_ORGANIZATION,
}
# The credit code's second character for a body registered with civil affairs (GB 32100-2015).
CREDIT_CODE_BODY_KIND = {
    RegistrationStatus.SOCIAL_GROUP: "1",
    RegistrationStatus.SOCIAL_SERVICE: "2",
    RegistrationStatus.FOUNDATION: "3",
}


class EvaluationGrade(models.TextChoices):
    """The civil-affairs assessment grade (社会组织评估等级)."""

    A5 = "5A", "5A"
    A4 = "4A", "4A"
    A3 = "3A", "3A"
    A2 = "2A", "2A"
    A1 = "1A", "1A"


def validate_credit_code(value):
    if value and not credit_codes.is_well_formed(value):
        if len(value) != 18:
            message = _("A unified social credit code has 18 characters; this one has %(count)s.")
        elif not credit_codes.FORMAT_RE.match(value):
            message = _("A unified social credit code uses digits and capital letters except I, O, S, V and Z, "
                        "with digits in places 3 to 8.")
        else:
            message = _("The last character of this credit code does not match the others: check it against the "
                        "registration certificate.")
        raise ValidationError(message, code="credit_code", params={"count": len(value)})


class CreditCodeField(models.CharField):
    """统一社会信用代码, stored upper case without spaces (as printed on the certificate)."""

    def to_python(self, value):
        value = super().to_python(value)
        return credit_codes.normalize(value) if value else value


class OrganizationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Pending review")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden")


# Who may move a profile from one status to another is in rules.py; which moves exist is here.
STATUS_TRANSITIONS = {
    OrganizationStatus.DRAFT: {OrganizationStatus.PENDING},
    OrganizationStatus.PENDING: {OrganizationStatus.PUBLISHED, OrganizationStatus.HIDDEN, OrganizationStatus.DRAFT},
    OrganizationStatus.PUBLISHED: {OrganizationStatus.HIDDEN},
    OrganizationStatus.HIDDEN: {OrganizationStatus.PUBLISHED},
}


class SearchGrams(Func):
    """Character unigrams and bigrams of the searchable text, computed by the database.

    Chinese has no spaces between words, so full-text search by words cannot find 公益 inside
    中国公益网络; every two-character sequence is indexed instead (see orgs/search.py).
    """

    function = "ngo20_search_grams"
    output_field = ArrayField(models.TextField())


# How far outside the simplified province outline a point may lie (degrees, about 5 km):
# the outlines are simplified for display, and seats on a coast or border sit close to them.
PROVINCE_TOLERANCE_DEGREES = 0.05


def location_is_valid(point):
    return (
        point.geom_type == "Point"
        and not point.empty
        and -180 <= point.x <= 180
        and -90 <= point.y <= 90
    )


def point_is_in_province(point, province):
    return ProvinceBoundary.objects.filter(
        province=province, geom__dwithin=(point, PROVINCE_TOLERANCE_DEGREES)
    ).exists()


class Organization(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    name = models.CharField(_("name (Chinese)"), max_length=200, validators=[reject_html])
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True, validators=[reject_html])
    slug = models.SlugField(
        _("web address"),
        max_length=100,
        unique=True,
        allow_unicode=True,
        help_text=_("The last part of the profile's address; letters, digits, hyphens."),
        error_messages={"unique": _("This web address is already taken by another organization.")},
    )
    description = BoundedTextField(_("description"), blank=True, max_length=5000, validators=[reject_html])
    issue_fields = models.ManyToManyField(
        IssueField, verbose_name=_("issue fields"), related_name="organizations", blank=True
    )
    registration_status = models.CharField(
        _("registration status"),
        max_length=30,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.UNREGISTERED,
    )
    registration_year = models.PositiveSmallIntegerField(_("year registered"), null=True, blank=True)
    credit_code = CreditCodeField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        default="",
        validators=[validate_credit_code],
        help_text=_("统一社会信用代码: the 18 characters on the registration certificate."),
    )
    charity_recognized = models.BooleanField(_("recognized as a charitable organization (慈善组织)"), default=False)
    charity_recognized_year = models.PositiveSmallIntegerField(_("year recognized as charitable"), null=True,
                                                               blank=True)
    public_fundraising = models.BooleanField(_("public fundraising status (公开募捐资格)"), default=False)
    evaluation_grade = models.CharField(_("civil-affairs evaluation grade"), max_length=2,
                                        choices=EvaluationGrade.choices, blank=True, default="")
    evaluation_year = models.PositiveSmallIntegerField(_("year of the evaluation"), null=True, blank=True)
    founded_year = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    staff_full_time = models.PositiveIntegerField(_("full-time staff"), default=0)
    staff_part_time = models.PositiveIntegerField(_("part-time staff"), default=0)
    volunteers = models.PositiveIntegerField(_("volunteers"), default=0)
    service_area = models.CharField(_("service area"), max_length=200, blank=True, validators=[reject_html])
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True, validators=[reject_html])
    contact_email = models.EmailField(_("public contact email"), blank=True)
    contact_phone = ChinesePhoneField(_("public contact phone"), blank=True)
    website = WebsiteField(_("website"), blank=True)
    weibo = models.CharField(_("Weibo"), max_length=200, blank=True, validators=[reject_html])
    wechat = models.CharField(_("WeChat official account"), max_length=100, blank=True, validators=[reject_html])
    logo = models.ImageField(
        _("logo"),
        upload_to="logos/%Y/",
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG, JPEG, GIF or WebP, at most 2 MB."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True, validators=[reject_html])
    province = models.ForeignKey(
        Division,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "province"},
    )
    city = models.ForeignKey(
        Division,
        verbose_name=_("city"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to={"level": "city"},
    )
    county = models.ForeignKey(
        Division,
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to={"level": "county"},
    )
    location = models.PointField(_("location"), srid=4326, null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=OrganizationStatus.choices,
        default=OrganizationStatus.DRAFT,
    )
    status_reason = models.CharField(_("reason for the status"), max_length=500, blank=True, validators=[reject_html])
    # Set by the merge service only: this profile was merged into another one; its address
    # redirects there and it is hidden everywhere (see orgs/services/merge.py).
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    digital_summary = models.JSONField(
        _("digital-capacity summary"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Written by the surveys app from the latest annual response the organization chose to show."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # What the directory searches, normalised by orgs.search on every save through the services
    # (SQL cannot convert traditional characters or make pinyin); see docs/architecture.md.
    search_text = models.TextField(_("normalised search text"), blank=True, default="", editable=False)
    name_pinyin = models.TextField(_("name in pinyin"), blank=True, default="", editable=False)
    name_initials = models.TextField(_("pinyin initials of the name"), blank=True, default="", editable=False)
    search_grams = models.GeneratedField(
        expression=SearchGrams(F("search_text")),
        output_field=ArrayField(models.TextField()),
        db_persist=True,
    )

    history = HistoricalRecords(
        excluded_fields=[
            "search_grams", "search_text", "name_pinyin", "name_initials",
            "updated_at", "digital_summary",
        ],
        m2m_fields=[issue_fields],
        verbose_name=_("historical organization"),
    )

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(founded_year__isnull=True)
                | models.Q(founded_year__gte=1900, founded_year__lte=2100),
                name="organization_founded_year_range",
            ),
            models.CheckConstraint(
                condition=models.Q(registration_year__isnull=True)
                | models.Q(registration_year__gte=1900, registration_year__lte=2100),
                name="organization_registration_year_range",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="hidden") | ~models.Q(status_reason=""),
                name="organization_hidden_has_reason",
            ),
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~models.Q(credit_code=""),
                name="organization_credit_code_unique",
                violation_error_message=_("Another organization already has this unified social credit code."),
            ),
            models.CheckConstraint(
                condition=models.Q(public_fundraising=False) | models.Q(charity_recognized=True),
                name="organization_fundraising_needs_charity",
            ),
            models.CheckConstraint(
                condition=models.Q(charity_recognized_year__isnull=True)
                | models.Q(charity_recognized=True, charity_recognized_year__gte=2016,
                           charity_recognized_year__lte=2100),
                name="organization_charity_year",
            ),
            models.CheckConstraint(
                condition=models.Q(evaluation_grade="", evaluation_year__isnull=True)
                | (~models.Q(evaluation_grade="") & models.Q(evaluation_year__gte=2000, evaluation_year__lte=2100)),
                name="organization_evaluation_grade_with_year",
            ),
        ]
        indexes = [
            # The directory's order, whole: with rows sharing an updated_at (an import, a bulk
            # load) an index without the id made every walk sort each such group of rows.
            models.Index(fields=["status", "-updated_at", "-id"], name="org_status_updated_id"),
            models.Index(fields=["status", "province"], name="org_status_province"),
            models.Index(fields=["status", "kind"], name="org_status_kind"),
            # Only published profiles are searched: partial indexes, half the size. fastupdate off:
            # no pending list to scan on every search (writes are rare, searches are not).
            GinIndex(fields=["search_grams"], name="org_search_grams_published", fastupdate=False,
                     condition=models.Q(status=OrganizationStatus.PUBLISHED)),
            GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="org_search_text_trgm",
                     fastupdate=False, condition=models.Q(status=OrganizationStatus.PUBLISHED)),
            GinIndex(fields=["name_pinyin"], opclasses=["gin_trgm_ops"], name="org_name_pinyin_trgm",
                     fastupdate=False),
            GinIndex(fields=["name_initials"], opclasses=["gin_trgm_ops"], name="org_name_initials_trgm",
                     fastupdate=False),
        ]
        # The table's autovacuum settings (2 % of rows dead or changed, not 20 %) are set in
        # migration 0017: Django has no option for them.

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.founded_year and self.registration_year and self.registration_year < self.founded_year:
            errors["registration_year"] = _("The year registered cannot be before the year founded.")
        if self.status == OrganizationStatus.HIDDEN and not self.status_reason.strip():
            errors["status_reason"] = _("Say why the profile is hidden.")
        errors.update(self._division_errors())
        errors.update(self._identity_errors())
        if errors:
            raise ValidationError(errors)

    def _identity_errors(self):
        """The credit code agrees with the registration type; charity and evaluation facts hold."""
        errors = {}
        code, registration = self.credit_code, self.registration_status
        if code and credit_codes.is_well_formed(code):
            if registration == RegistrationStatus.UNREGISTERED:
                errors["credit_code"] = _("An unregistered group has no credit code: choose how it is registered, "
                                          "or leave the code empty.")
            elif registration in CIVIL_AFFAIRS_REGISTRATIONS and credit_codes.authority(code) != "5":
                errors["credit_code"] = _("A body registered with civil affairs has a credit code starting with 5; "
                                          "this one starts with %(first)s. Check the code or the registration type.") % {
                    "first": credit_codes.authority(code)}
            elif registration in CREDIT_CODE_BODY_KIND and credit_codes.body_kind(code) != CREDIT_CODE_BODY_KIND[
                    registration]:
                errors["credit_code"] = _("This credit code belongs to another kind of civil-affairs registration "
                                          "(its second character is %(second)s; %(type)s have %(expected)s).") % {
                    "second": credit_codes.body_kind(code),
                    "type": RegistrationStatus(registration).label,
                    "expected": CREDIT_CODE_BODY_KIND[registration],
                }
            elif registration == RegistrationStatus.BUSINESS and credit_codes.authority(code) != "9":
                errors["credit_code"] = _("A business-registered body has a credit code starting with 9; this one "
                                          "starts with %(first)s.") % {"first": credit_codes.authority(code)}
        if self.public_fundraising and not self.charity_recognized:
            errors["public_fundraising"] = _("Only an organization recognized as charitable can hold public "
                                             "fundraising status.")
        if self.charity_recognized_year and not self.charity_recognized:
            errors["charity_recognized_year"] = _("Give a year only if the organization is recognized as charitable.")
        elif self.charity_recognized_year and not 2016 <= self.charity_recognized_year <= 2100:
            errors["charity_recognized_year"] = _("Charitable organizations are recognized since the Charity Law "
                                                  "of 2016.")
        if self.evaluation_grade and not self.evaluation_year:
            errors["evaluation_year"] = _("Give the year of the evaluation.")
        elif self.evaluation_year and not self.evaluation_grade:
            errors["evaluation_grade"] = _("Give the grade of the evaluation, or leave the year empty.")
        elif self.evaluation_year and not 2000 <= self.evaluation_year <= 2100:
            errors["evaluation_year"] = _("Give a year between 2000 and 2100.")
        return errors

    @property
    def credit_code_warning(self):
        """The credit code names a division the organization is not in: worth a look, not a refusal
        (it may have moved, or the division been renamed since)."""
        code = self.credit_code
        if not code or not credit_codes.is_well_formed(code) or not self.province_id:
            return ""
        division = credit_codes.division_code(code)
        own = {self.province_id, self.city_id, self.county_id} - {None}
        # A national registration (100000) fits everywhere.
        if division in own or division == "100000":
            return ""
        return _("The credit code was issued in division %(code)s, which is not this organization's %(place)s. "
                 "Check the code, or the organization's place.") % {
            "code": division, "place": self.most_specific_division}

    def _division_errors(self):
        """City, county and point must all lie in the chosen province."""
        errors = {}
        province = self.province if self.province_id else None
        if province is None:
            return errors
        if self.city_id and self.city.parent_id != province.code:
            errors["city"] = _("%(city)s is not in %(province)s.") % {
                "city": self.city,
                "province": province,
            }
        if self.county_id:
            county_parent = self.county.parent_id
            if self.city_id and county_parent != self.city_id:
                errors["county"] = _("%(county)s is not in %(city)s.") % {
                    "county": self.county,
                    "city": self.city,
                }
            elif self.county.province_code != province.code:
                errors["county"] = _("%(county)s is not in %(province)s.") % {
                    "county": self.county,
                    "province": province,
                }
            elif not self.city_id and county_parent != province.code:
                # Keep the chain complete: a county under a prefecture brings its city along.
                self.city_id = county_parent
        if self.location is not None and not location_is_valid(self.location):
            errors["location"] = _(
                "These coordinates are not valid: longitude must be between -180 and 180 and "
                "latitude between -90 and 90."
            )
        elif self.location is not None and "city" not in errors and "county" not in errors:
            if not point_is_in_province(self.location, province):
                errors["location"] = _(
                    "The point on the map is outside %(province)s. Move the marker into the "
                    "province, or choose the province where the organization is."
                ) % {"province": province}
        return errors

    def get_absolute_url(self):
        # The public page is composed in ngo20 with the sections of the higher apps.
        return reverse("organization-profile", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == OrganizationStatus.PUBLISHED

    @property
    def region(self):
        return self.province.region

    @property
    def digital_summary_localized(self):
        """The digital-capacity summary in the page's language: (survey title, edition, items)."""
        summary = self.digital_summary
        if not summary:
            return None
        english = (get_language() or "").startswith("en")

        def pick(item, name):
            return (item.get(f"{name}_en") if english else None) or item.get(f"{name}_zh", "")

        return {
            "survey": pick(summary, "survey"),
            "edition": summary.get("edition"),
            "items": [(pick(item, "question"), pick(item, "answer")) for item in summary.get("items", [])],
        }

    @property
    def most_specific_division(self):
        return self.county or self.city or self.province


class PendingOrganization(Organization):
    """The moderation queue in the admin: profiles waiting for review."""

    class Meta:
        proxy = True
        verbose_name = _("organization waiting for review")
        verbose_name_plural = _("moderation queue")
