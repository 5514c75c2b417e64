"""Reference data: administrative divisions, NBS regions, province polygons, issue fields.

Loaded from data/ (copied from shared/data with its provenance) by `load_reference_data`.
"""

from django.contrib.gis.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    """National Bureau of Statistics' four regions (2011), plus Taiwan, Hong Kong and Macao."""

    EAST = "east", _("East")
    CENTRAL = "central", _("Central")
    WEST = "west", _("West")
    NORTHEAST = "northeast", _("Northeast")
    OTHER = "other", _("Hong Kong, Macao and Taiwan")


class DivisionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("Prefecture-level city")
    COUNTY = "county", _("County-level division")


class WorkshopField(models.TextChoices):
    """The six issue fields the Web 2.0 workshops select participants by."""

    ENVIRONMENT = "environment", _("Environmental protection")
    HEALTH = "health", _("Health aid")
    COMMUNITY_DEVELOPMENT = "community_development", _("Community development")
    WOMEN_CHILDREN = "women_children", _("Women's and children's rights")
    EDUCATION = "education", _("Educational assistance")
    INFORMATION_NETWORK = "information_network", _("Information network")


class Division(models.Model):
    """A province, prefecture-level city or county-level division, by its official 6-digit code.

    Counties of the four municipalities and the 省直辖县 point straight at their province.
    """

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=DivisionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    region = models.CharField(_("region"), max_length=10, choices=Region.choices)
    centroid = models.PointField(_("seat or centre"), srid=4326)

    class Meta:
        verbose_name = _("administrative division")
        verbose_name_plural = _("administrative divisions")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{6}$"), name="division_code_six_digits"
            ),
            models.CheckConstraint(
                condition=models.Q(level="province", parent__isnull=True)
                | (~models.Q(level="province") & models.Q(parent__isnull=False)),
                name="division_parent_matches_level",
            ),
        ]
        indexes = [models.Index(fields=["parent", "code"], name="division_parent_code")]

    def __str__(self):
        return self.localized_name

    @property
    def localized_name(self):
        """The name in the reader's language: English (pinyin) on English pages, else Chinese."""
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name

    display_name = localized_name  # the older name, still used by a few callers

    @property
    def province_code(self):
        return self.code[:2] + "0000"


class ProvinceBoundary(models.Model):
    """Simplified province polygon for choropleths and point-in-province checks."""

    province = models.OneToOneField(
        Division,
        verbose_name=_("province"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="boundary",
    )
    geom = models.MultiPolygonField(_("boundary"), srid=4326)

    class Meta:
        verbose_name = _("province boundary")
        verbose_name_plural = _("province boundaries")

    def __str__(self):
        return str(self.province)


class IssueField(models.Model):
    """One of the 23 issue fields of the NGO 2.0 map, each tied to a workshop field or none."""

    slug = models.SlugField(_("key"), max_length=40, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=40)
    name_en = models.CharField(_("English name"), max_length=80)
    workshop_field = models.CharField(
        _("workshop field"), max_length=30, choices=WorkshopField.choices, blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("issue field")
        verbose_name_plural = _("issue fields")
        ordering = ["position", "slug"]

    def __str__(self):
        return self.name

    @property
    def name(self):
        if (get_language() or "").startswith("en"):
            return self.name_en
        return self.name_zh
