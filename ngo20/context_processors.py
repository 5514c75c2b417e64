"""Template context shared by every page."""

from django.conf import settings


def map_tiles(request):
    """Base-map layers for the page scripts (empty when tiles are switched off)."""
    return {"map_tiles": settings.MAP_BASE_LAYERS}
