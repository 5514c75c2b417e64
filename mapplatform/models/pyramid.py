"""The map's cluster pyramid: for each zoom level up to PYRAMID_MAX_LEVEL, a count per grid cell and
per combination of the values the map filters by, stored a tile at a time, so a map request at low
zoom reads a few rows whatever the number of organizations. Built with numpy (services/pyramid.py)."""

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


class MapTile(models.Model):
    """One tile (16 × 16 cells) of one level and issue field: each cell's count, mean position and
    one object per combination of filter values, packed as numpy elements (tiles.py). `field_id` 0
    is "any issue field"; an object with three fields also counts once in each field's tile.

    A view reads the few tiles it covers and sums the elements that match its filters; a rebuild
    writes a few hundred thousand rows instead of one per cell and combination (14 million at
    1,000,000 organizations). Each layer is a partition, so the layer comes last in the key."""

    pk = models.CompositePrimaryKey("level", "field_id", "tx", "ty", "layer")
    layer = models.CharField(_("layer"), max_length=5, choices=MapLayer.choices, db_collation="C")
    level = models.SmallIntegerField(_("level"))
    field_id = models.IntegerField(_("issue field"), default=0)
    tx = models.IntegerField(_("tile column"))
    ty = models.IntegerField(_("tile row"))
    count = models.IntegerField(_("count"))
    cells = models.BinaryField(_("cells"))

    class Meta:
        verbose_name = _("map tile")
        verbose_name_plural = _("map tiles")

    def __str__(self):
        return f"{self.layer} {self.level}/{self.tx}/{self.ty} ({self.field_id})"


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
    # The filter values' codes the tiles were built with (services/pyramid.py map_codes).
    codes = models.JSONField(_("codes"), default=dict)

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
