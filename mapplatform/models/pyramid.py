"""The map's cluster pyramid: for each zoom level up to PYRAMID_MAX_LEVEL, a count per grid cell and
per combination of the values the map filters by, so a map request at low zoom sums a few hundred
rows whatever the number of organizations. Filled by set-based SQL (services/pyramid.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

CLUSTER_PIXELS = 60  # one cluster per ~60 screen pixels
LEVEL0_CELL = CLUSTER_PIXELS * 360.0 / 256  # degrees per cell at zoom 0; each level halves it
PYRAMID_MAX_LEVEL = 11  # finer views read the base tables: their boxes hold few objects


def level_cell(level):
    """Degrees per cell side at a pyramid level (= map zoom)."""
    return LEVEL0_CELL / (2 ** level)


class MapLayer(models.TextChoices):
    ORGANIZATIONS = "orgs", _("Organizations")
    POSTS = "posts", _("Needs and offers")


class MapCell(models.Model):
    """One grid cell at one level, for one combination of filter values. `field_id` 0 is the row
    for "any issue field"; an object with three fields also counts once in each field's row.

    The key is the cell and its filter values, in the order the map reads them (level, field, then
    the cells of a box), and the layer last: each layer is a partition, where the layer is the same
    on every row and would only slow the sort that builds the index. That index is the only one.
    Text compares bytes (collation "C"), which is cheaper for the millions of keys a rebuild sorts."""

    pk = models.CompositePrimaryKey("level", "field_id", "cx", "cy", "province_id", "org_kind", "post_kind",
                                    "resource_type", "layer")
    layer = models.CharField(_("layer"), max_length=5, choices=MapLayer.choices, db_collation="C")
    level = models.PositiveSmallIntegerField(_("level"))
    cx = models.IntegerField(_("column"))
    cy = models.IntegerField(_("row"))
    field_id = models.IntegerField(_("issue field"), default=0)
    province_id = models.CharField(_("province"), max_length=6, db_collation="C")
    org_kind = models.CharField(_("kind of organization"), max_length=20, blank=True, db_collation="C")
    post_kind = models.CharField(_("need or offer"), max_length=5, blank=True, db_collation="C")
    resource_type = models.CharField(_("resource"), max_length=20, blank=True, db_collation="C")
    count = models.IntegerField(_("count"))
    sum_x = models.FloatField(_("sum of longitudes"))
    sum_y = models.FloatField(_("sum of latitudes"))
    one_id = models.BigIntegerField(_("one of its objects"))

    class Meta:
        verbose_name = _("map cell")
        verbose_name_plural = _("map cells")

    def __str__(self):
        return f"{self.layer} {self.level}/{self.cx}/{self.cy}"


class MapLayerState(models.Model):
    """Per layer: `changes` is bumped by database triggers on every statement that changes what the
    layer shows; `built` is the value of `changes` the pyramid was last built from."""

    layer = models.CharField(_("layer"), max_length=5, choices=MapLayer.choices, primary_key=True)
    changes = models.BigIntegerField(_("changes"), default=0)

    class Meta:
        verbose_name = _("map layer state")
        verbose_name_plural = _("map layer states")

    def __str__(self):
        return f"{self.layer}: {self.changes}"


class MapBuild(models.Model):
    """The pyramid built for a layer: from which change, on which day (posts expire by date)."""

    layer = models.CharField(_("layer"), max_length=5, choices=MapLayer.choices, primary_key=True)
    changes = models.BigIntegerField(_("built from change"))
    built_on = models.DateField(_("built on"))
    built_at = models.DateTimeField(_("built at"))
    seconds = models.FloatField(_("seconds to build"))

    class Meta:
        verbose_name = _("map pyramid build")
        verbose_name_plural = _("map pyramid builds")

    def __str__(self):
        return f"{self.layer} @ {self.changes}"


class MapDirtyCell(models.Model):
    """A finest-level cell whose objects changed since the last refresh (row triggers on
    organizations, posts and their issue fields write the old and the new cell of each changed
    object; cx = -1 asks for a full rebuild, after a TRUNCATE). The refresh recounts those cells and
    their ancestors only, and deletes the rows it used."""

    layer = models.CharField(_("layer"), max_length=5, choices=MapLayer.choices)
    cx = models.IntegerField(_("column"))
    cy = models.IntegerField(_("row"))

    class Meta:
        verbose_name = _("changed map cell")
        verbose_name_plural = _("changed map cells")
        indexes = [models.Index(fields=["layer"], name="mapdirtycell_layer")]

    def __str__(self):
        return f"{self.layer} {self.cx}/{self.cy}"
