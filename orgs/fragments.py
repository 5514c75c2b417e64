"""Per-organization pieces of list pages (directory cards, funders' list rows), cached like the
organization's page: per language, until its page changes (common/pagecache.py)."""

from django.template.loader import get_template
from django.utils.safestring import mark_safe

from common.pagecache import cached_fragments

from .services.pagecache import organization_page_scopes


def organization_fragments(organizations, *, name, template_name, stamp, read_whole=None):
    """The rendered `template_name` of each organization (as `organization`), safe HTML, in order.
    `stamp(organization)` changes with what the piece shows; `read_whole(ids)` (optional) returns
    whole rows by id when the list's rows are stubs, read only for the pieces not cached (one
    query); an organization gone meanwhile renders as nothing."""
    template = get_template(template_name)

    def render(missing):
        if read_whole is not None:
            whole = read_whole([organization.pk for organization in missing])
            missing = [whole.get(organization.pk) for organization in missing]
        return [template.render({"organization": organization}) if organization else "" for organization in missing]

    fragments = cached_fragments(
        organizations, name=name, scopes=lambda organization: organization_page_scopes(organization.pk),
        stamp=stamp, render=render)
    return [mark_safe(fragment) for fragment in fragments]
