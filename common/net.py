"""The client's address, decided by one setting for every limiter (allauth, django-ratelimit,
DRF throttles and the services' own limits).

settings.TRUSTED_PROXY_COUNT says how many proxies of our own stand in front of the site (the shipped
nginx is one). Each proxy appends the address it saw to X-Forwarded-For, so the client is the
N-th address from the right; with no trusted proxy the header is the client's own words and is
ignored.
"""

import ipaddress

from django.conf import settings


def _clean(address):
    address = (address or "").strip()
    if address.startswith("[") and "]" in address:  # [::1]:port
        address = address[1:address.index("]")]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return ""


def client_ip(request):
    """The client's address as the outermost trusted proxy saw it (REMOTE_ADDR with no proxy)."""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    remote = _clean(request.META.get("REMOTE_ADDR"))
    if count <= 0:
        return remote or "0.0.0.0"
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if not forwarded:
        return remote or "0.0.0.0"
    # Fewer entries than proxies: the leftmost was still written by a proxy of ours.
    return _clean(forwarded[-min(count, len(forwarded))]) or remote or "0.0.0.0"
