"""Per-user rate limits on writes, counted in Redis (settings.RATE_LIMITS)."""

from functools import wraps

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import is_ratelimited


def ratelimited(group):
    """Refuse a POST with 429 and a readable page when the user went over `group`'s rate."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST" and is_ratelimited(
                request,
                group=group,
                key="user_or_ip",
                rate=settings.RATE_LIMITS[group],
                method="POST",
                increment=True,
            ):
                return render(request, "429.html", status=429)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
