"""A page cache for anonymous visitors, invalidated by version keys that writers bump.

A page is stored under its address and language together with the versions it was rendered
under (the scopes it depends on, e.g. "org:42" and "trust"); a write that changes what the page
shows bumps its scope after the commit (`page_changed_on_commit`), and the next visitor renders it
afresh. Only requests without a session or message cookie are served from or stored into the
cache, so one person's view (their rating form, their edit links, their messages) never reaches
another. The CSRF token is rendered as a placeholder and filled per request.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

CSRF_PLACEHOLDER = "__ngo20_csrf_token_placeholder__"
PAGE_CACHE_SECONDS = 60 * 60  # an entry's life; invalidation is by version, this only frees memory


def _version_key(scope):
    return f"page:v:{scope}"


def page_changed(*scopes):
    """Mark pages depending on these scopes as changed (a fresh random version each)."""
    cache.set_many({_version_key(scope): uuid.uuid4().hex for scope in scopes}, None)


def page_changed_on_commit(*scopes):
    """Bump after the transaction commits, so no visitor caches the old data under the new version."""
    transaction.on_commit(lambda: page_changed(*scopes))


def is_public_request(request):
    """A GET from a visitor with no session and no pending messages: sees what everyone sees."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _get_with_versions(keys, version_keys):
    """The cached entries and the current versions, in one round trip. A version never set (or
    evicted) gets a fresh one, so an entry stored under the old one is not served."""
    found = cache.get_many([*keys, *version_keys])
    missing = {key: uuid.uuid4().hex for key in version_keys if key not in found}
    if missing:
        for key, value in missing.items():
            cache.add(key, value, None)  # a concurrent visitor may have set it first: theirs wins
        found.update(cache.get_many(list(missing)))
    return found


def cached_fragments(objects, *, name, scopes, stamp, render):
    """The HTML fragment of each object (e.g. a directory card), cached like the pages: per
    language, under the versions of the object's scopes and its stamp. `render(objects)` returns
    the fragments of those not found, in order. Fragments must not depend on who is asking."""
    language = get_language()
    keys = [f"fragment:{name}:{language}:{obj.pk}" for obj in objects]
    scope_lists = [[_version_key(scope) for scope in scopes(obj)] for obj in objects]
    found = _get_with_versions(keys, sorted({key for keys_ in scope_lists for key in keys_}))
    fragments, missing = [], []
    for index, (obj, key, version_keys) in enumerate(zip(objects, keys, scope_lists)):
        versions = (str(stamp(obj)), *[found.get(version_key) for version_key in version_keys])
        entry = found.get(key)
        if entry is not None and entry[0] == versions:
            fragments.append(entry[1])
        else:
            fragments.append(None)
            missing.append((index, key, versions))
    if missing:
        rendered = render([objects[index] for index, _, _ in missing])
        for (index, _, _), html in zip(missing, rendered):
            fragments[index] = html
        cache.set_many({key: (versions, html) for (_, key, versions), html in zip(missing, rendered)},
                       PAGE_CACHE_SECONDS)
    return fragments


def cached_public_page(request, *, scopes, stamp, render):
    """The page for an anonymous visitor: from the cache if its versions still hold, else
    `render(csrf_token=placeholder)` (an HttpResponse) stored for the next visitor.

    `stamp` is any cheap value that changes with the main object (e.g. its updated_at), so even
    a write that forgot to bump its scope changes the key."""
    page_key = "page:" + hashlib.sha1(f"{request.get_full_path()}|{get_language()}".encode()).hexdigest()
    version_keys = [_version_key(scope) for scope in scopes]
    found = _get_with_versions([page_key], version_keys)
    versions = (str(stamp), *[found.get(key) for key in version_keys])
    entry = found.get(page_key)
    if entry is not None and entry[0] == versions:
        body, content_type = entry[1], entry[2]
    else:
        response = render(csrf_token=CSRF_PLACEHOLDER)
        if response.status_code != 200:
            return response
        body, content_type = response.content.decode(response.charset), response["Content-Type"]
        cache.set(page_key, (versions, body, content_type), PAGE_CACHE_SECONDS)
    response = HttpResponse(body.replace(CSRF_PLACEHOLDER, get_token(request)), content_type=content_type)
    # The same content (whatever the token) has the same tag, so a browser can revalidate it.
    response["ETag"] = f'W/"{hashlib.sha1(repr(versions).encode()).hexdigest()[:20]}"'
    return response
