"""Rate limits on writes, counted in Redis and checked by the services (settings.RATE_LIMITS).

The limit lives in the service, not the view, so the web pages, the API and the admin draw on one
budget per person: `rate_limit(group="post_create", key=user.pk)` before the write. Going over
raises RateLimited (a 429 page, or a 429 from the API). If Redis cannot be reached the write is
refused with ServiceUnavailable (503): a limit that cannot be counted is not silently switched off
for writes. Reads never count here, so pages that only read keep working while Redis is down.
"""

import time

from django.conf import settings
from django.core.cache import caches
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

# The counters' cache: the same Redis as the default cache, but errors are not swallowed.
LIMITS_CACHE = "limits"
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class RateLimited(Exception):
    """The person went over the group's rate; try again later."""

    def __init__(self, group, retry_after=None):
        super().__init__(group)
        self.group = group
        self.retry_after = retry_after


class ServiceUnavailable(Exception):
    """A service a write needs (Redis) is down: nothing was saved; try again later."""


def parse_rate(rate):
    """'20/h' → (20, 3600); '5/10m' → (5, 600)."""
    count, _slash, period = rate.partition("/")
    number = "".join(ch for ch in period if ch.isdigit()) or "1"
    unit = period[len(number) if period[:1].isdigit() else 0:] or "s"
    return int(count), int(number) * PERIODS[unit[0].lower()]


def rate_limit(*, group, key):
    """Count one action of `group` for `key` (a user's pk, an invitation) in the current window;
    raise RateLimited past the limit and ServiceUnavailable if Redis does not answer."""
    limit, period = parse_rate(settings.RATE_LIMITS[group])
    now = time.time()
    window = int(now // period)
    cache_key = f"rl:{group}:{key}:{window}"
    counters = caches[LIMITS_CACHE]
    try:
        counters.add(cache_key, 0, timeout=period + 5)
        try:
            count = counters.incr(cache_key)
        except ValueError:  # expired between add and incr
            counters.add(cache_key, 1, timeout=period + 5)
            count = 1
    except (ConnectionInterrupted, RedisError, OSError) as exc:
        raise ServiceUnavailable(str(exc)) from exc
    if count > limit:
        raise RateLimited(group, retry_after=int((window + 1) * period - now) + 1)


def redis_answers():
    """True if the limits' Redis answers now."""
    try:
        caches[LIMITS_CACHE].get("rl:ping")
    except (ConnectionInterrupted, RedisError, OSError):
        return False
    return True
