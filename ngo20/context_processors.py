"""Template context shared by every page."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _


def map_tiles(request):
    """Base maps for the page scripts: the local outline map (always) and the tile layers the
    deployer turned on (settings.MAP_TILE_LAYERS)."""
    return {"map_tiles": settings.MAP_BASE_LAYERS, "map_basemap": _basemap_config}


def _basemap_config():
    """Called by the template only on pages with a map (templates call callables)."""
    approval = settings.MAP_OUTLINE_APPROVAL_NUMBER
    return {
        "name": _("Outline map"),
        "default": settings.MAP_DEFAULT_LAYER == "outline" or not settings.MAP_BASE_LAYERS,
        "provinces": static("orgs/basemap/provinces.geojson"),
        "cities": static("orgs/basemap/cities.geojson"),
        "lines": static("orgs/basemap/south_china_sea_lines.geojson"),
        "labels": reverse("orgs:basemap-labels"),
        "approval": _("Map approval number: %(number)s") % {"number": approval} if approval
        else _("Schematic map, not a standard map"),
        "approvalPrefix": _("Map approval number: %(number)s"),
        "insetLabel": _("South China Sea Islands"),
        "fallback": _("The map tiles could not be loaded; the outline map is shown instead."),
    }


def site_filing(request):
    """The footer's filing numbers and whether the signed-in user still has to agree to the policies
    (set by orgs.middleware.PolicyConsentMiddleware)."""
    public_security = settings.PUBLIC_SECURITY_FILING_NUMBER
    return {
        "icp_filing_number": settings.ICP_FILING_NUMBER,
        "public_security_filing_number": public_security,
        # The national filing site looks a record up by the digits of its number.
        "public_security_record_code": "".join(ch for ch in public_security if ch.isdigit()),
        "policy_consent_needed": getattr(request, "policy_consent_needed", False),
        # Absolute addresses in share tags (og:image, og:url) name the configured site.
        "site_url": settings.SITE_URL.rstrip("/"),
    }
