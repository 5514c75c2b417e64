"""Which cached pages an organization's changes invalidate (common/pagecache.py does the caching).

Every service that changes something shown on an organization's public page calls
`organization_page_changed(...)` inside its transaction; the bump happens after the commit.
A change that touches every organization at once (the nightly trust recompute) calls
`organization_pages_all_changed()`.
"""

from common.pagecache import page_changed_on_commit

ALL_ORGANIZATIONS = "orgs:all"


def organization_page_scopes(organization_id):
    return (f"org:{organization_id}", ALL_ORGANIZATIONS)


def organization_page_changed(*organization_ids):
    ids = {pk for pk in organization_ids if pk}
    if ids:
        page_changed_on_commit(*[f"org:{pk}" for pk in sorted(ids)])


def organization_pages_all_changed():
    page_changed_on_commit(ALL_ORGANIZATIONS)
