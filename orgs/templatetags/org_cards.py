"""Directory cards, each cached until its organization changes (common/pagecache.py)."""

from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from common.pagecache import cached_fragments

from ..selectors import organizations_for_cards
from ..services.pagecache import organization_page_scopes

register = template.Library()


@register.simple_tag
def org_cards(organizations):
    """The cards of these organizations, rendered from orgs/_org_card.html. A page of twenty
    rendered afresh took about a third of a directory search; from the cache, one round trip."""
    organizations = list(organizations)
    card = get_template("orgs/_org_card.html")

    def render(missing):
        # The directory's rows carry only the id and updated_at (SearchPaginator(stubs=True)):
        # the cards not cached are read whole here, in one query.
        if any(organization.get_deferred_fields() for organization in missing):
            whole = organizations_for_cards(ids=[organization.pk for organization in missing])
            missing = [whole.get(organization.pk) for organization in missing]
        return [card.render({"organization": organization}) if organization else "" for organization in missing]

    fragments = cached_fragments(
        organizations,
        name="org-card",
        scopes=lambda organization: organization_page_scopes(organization.pk),
        stamp=lambda organization: organization.updated_at,
        render=render,
    )
    return mark_safe("".join(fragments))
