"""Template context shared by every page."""

from django.conf import settings


def map_tiles(request):
    """Base-map layers for the page scripts (empty when tiles are switched off)."""
    return {"map_tiles": settings.MAP_BASE_LAYERS}


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
    }
